"""Templates and layouts in the Django admin: read-only. New template versions are uploaded and
layouts saved only through the services (validated, audit-logged); versions are never deleted."""

from __future__ import annotations

from django.contrib import admin

from tdkt.documents.models import CertificateLayout, DocumentTemplate


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(ReadOnlyAdmin):
    list_display = ("code", "version", "name", "valid_from", "valid_to", "regime", "is_active")
    list_filter = ("code", "is_active")
    search_fields = ("code", "name")


@admin.register(CertificateLayout)
class CertificateLayoutAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "page_format", "orientation", "is_active", "updated")
    search_fields = ("code", "name")
