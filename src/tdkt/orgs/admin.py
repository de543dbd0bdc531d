"""Units in the Django admin: look-up only. The tree (materialised path), merges and splits are
kept by tdkt.orgs.services and the back-office screens, which validate and audit-log."""

from __future__ import annotations

from django.contrib import admin

from tdkt.orgs.models import Unit, UnitSuccession


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "kind", "parent", "valid_from", "valid_to")
    list_filter = ("kind",)
    list_select_related = ("parent",)
    search_fields = ("code", "name", "search_key")
    ordering = ("path",)


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(ReadOnlyAdmin):
    list_display = ("predecessor", "successor", "kind", "date", "decision_ref")
    list_filter = ("kind",)
    list_select_related = ("predecessor", "successor")
    search_fields = ("predecessor__name", "successor__name", "decision_ref")
