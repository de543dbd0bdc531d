"""The registry in the Django admin: read-mostly. Records are written, revoked and superseded
only through the services (which validate and audit-log); here they can be looked up."""

from __future__ import annotations

from django.contrib import admin

from tdkt.registry.models import (
    AwardRecord,
    Decision,
    DisciplineRecord,
    Initiative,
    YearlyRating,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("number", "signed_on", "issuer_name", "level", "award_type", "regime", "status")
    list_filter = ("level", "award_type", "regime", "status", "source")
    list_select_related = ("award_type", "regime")
    search_fields = ("number", "issuer_name", "summary")
    date_hierarchy = "signed_on"
    exclude = ("attachment",)  # the scan is served only through the scoped back-office view


@admin.register(AwardRecord)
class AwardRecordAdmin(ReadOnlyAdmin):
    list_display = (
        "honour",
        "year_from",
        "year_to",
        "subject_kind",
        "person",
        "collective",
        "household",
        "unit_at_time",
        "decision",
        "bonus_amount",
        "status",
    )
    list_filter = ("status", "subject_kind", "honour", "award_type", "source")
    list_select_related = (
        "honour",
        "person",
        "collective",
        "household",
        "unit_at_time",
        "decision",
    )
    search_fields = (
        "person__full_name",
        "collective__name",
        "household__head_name",
        "decision__number",
    )


@admin.register(YearlyRating)
class YearlyRatingAdmin(ReadOnlyAdmin):
    list_display = (
        "year",
        "rating",
        "subject_kind",
        "person",
        "collective",
        "household",
        "unit_at_time",
        "status",
    )
    list_filter = ("year", "rating", "status", "source")
    list_select_related = ("rating", "person", "collective", "household", "unit_at_time")
    search_fields = ("person__full_name", "collective__name", "household__head_name")


@admin.register(Initiative)
class InitiativeAdmin(ReadOnlyAdmin):
    list_display = ("code", "title", "year", "scope", "unit", "used_for", "status")
    list_filter = ("year", "scope", "kind", "status")
    list_select_related = ("scope", "unit", "used_for")
    search_fields = ("code", "title")


@admin.register(DisciplineRecord)
class DisciplineRecordAdmin(ReadOnlyAdmin):
    list_display = ("state", "level", "person", "collective", "start", "end", "unit_at_time")
    list_filter = ("state", "level")
    list_select_related = ("level", "person", "collective", "household", "unit_at_time")
    search_fields = ("person__full_name", "decision_ref")
