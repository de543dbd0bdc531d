"""The audit log in the Django admin: readable, never editable nor deletable."""

from __future__ import annotations

from django.contrib import admin

from tdkt.common.models import AuditLog


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ("timestamp", "action", "object_repr", "actor", "reason")
    list_filter = ("action", "content_type")
    list_select_related = ("actor", "content_type")
    search_fields = ("object_repr", "reason", "actor__username", "object_id")
    date_hierarchy = "timestamp"
    readonly_fields = (
        "content_type",
        "object_id",
        "object_repr",
        "action",
        "actor",
        "timestamp",
        "reason",
        "before",
        "after",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
