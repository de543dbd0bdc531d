"""The council in the Django admin: look-up only. Writes go through the services (validation,
audit log, secret ballot); ballots are not shown at all (only aggregated counts exist)."""

from __future__ import annotations

from django.contrib import admin

from tdkt.council.models import Case, CaseResult, Council, CouncilMember, Session


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MemberInline(admin.TabularInline):
    model = CouncilMember
    fields = ("user", "role", "votes", "title", "valid_from", "valid_to")
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Council)
class CouncilAdmin(ReadOnlyAdmin):
    list_display = ("name", "unit", "valid_from", "valid_to")
    list_select_related = ("unit",)
    search_fields = ("name", "unit__name")
    inlines = [MemberInline]


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = ("title", "council", "date", "state")
    list_filter = ("state",)
    list_select_related = ("council",)
    date_hierarchy = "date"


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("session", "order", "subject_kind", "subject_label", "honour", "paper_counted")
    list_select_related = ("session", "honour")


@admin.register(CaseResult)
class CaseResultAdmin(ReadOnlyAdmin):
    list_display = (
        "case",
        "members_total",
        "members_present",
        "votes_yes",
        "votes_no",
        "votes_abstain",
        "required_yes",
        "passed",
    )
    list_select_related = ("case",)
