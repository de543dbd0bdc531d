"""Rounds, proposals and nominees in the Django admin: look-up only (writes go through the
services: validation, state machine, audit log)."""

from __future__ import annotations

from django.contrib import admin

from tdkt.nominations.models import DossierFile, Nominee, Proposal, ProposalEvent, Round


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = ProposalEvent
    fields = ("at", "kind", "actor", "nominee", "from_state", "to_state", "version", "reason")
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = (
        "code",
        "name",
        "year",
        "issuing_unit",
        "simplified",
        "submit_deadline",
        "state",
    )
    list_filter = ("state", "year", "simplified")
    list_select_related = ("issuing_unit",)
    search_fields = ("code", "name")


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "round", "unit", "state", "version", "submitted_at", "due_on")
    list_filter = ("state",)
    list_select_related = ("round", "unit")
    search_fields = ("number", "unit__name")
    inlines = [EventInline]


@admin.register(Nominee)
class NomineeAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "proposal", "target", "eligible", "override_by", "state")
    list_filter = ("state", "eligible", "subject_kind")
    list_select_related = ("proposal", "target", "override_by", "person", "collective", "household")


@admin.register(DossierFile)
class DossierFileAdmin(ReadOnlyAdmin):
    list_display = ("proposal", "nominee", "document", "original_name", "size", "uploaded_at")
    list_filter = ("document",)
    raw_id_fields = ("proposal", "nominee")
