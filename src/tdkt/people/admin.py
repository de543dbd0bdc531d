"""People and households in the Django admin: look-up only (names, search and sort keys and the
work history are kept by tdkt.people.services, which also audit-log)."""

from __future__ import annotations

from django.contrib import admin

from tdkt.people.models import Assignment, Household, Person


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AssignmentInline(ReadOnlyMixin, admin.TabularInline):
    model = Assignment
    fields = ("unit", "position", "start", "end", "reason")
    extra = 0


@admin.register(Person)
class PersonAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("full_name", "birth_date", "birth_year", "sex", "unit", "position", "is_active")
    list_filter = ("is_active", "sex", "direct_worker")
    list_select_related = ("unit",)
    search_fields = ("full_name", "search_key", "citizen_id")
    inlines = (AssignmentInline,)


@admin.register(Household)
class HouseholdAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("head_name", "address", "unit")
    list_select_related = ("unit",)
    search_fields = ("head_name", "search_key", "address")
