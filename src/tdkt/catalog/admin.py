"""The catalogue in the Django admin: law as data, edited by administrators after a law change.

Codes are the stable contract of the product (imports, exports, eligibility rules): they can be
chosen when an entry is created and are read-only afterwards. Every change is audit-logged.
"""

from __future__ import annotations

from django.contrib import admin

from tdkt.catalog.models import (
    AwardType,
    BaseSalary,
    BonusCoefficient,
    DisciplineLevel,
    Honour,
    InitiativeScope,
    Rating,
    Regime,
)
from tdkt.common.audit import audit_log, snapshot


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        before = None
        if change:
            old = type(obj).objects.filter(pk=obj.pk).first()
            before = snapshot(old) if old is not None else None
        super().save_model(request, obj, form, change)
        verb = "update" if change else "create"
        audit_log(
            obj,
            action=f"{obj._meta.app_label}.{obj._meta.model_name}.{verb}",
            actor=request.user,
            before=before,
            after=snapshot(obj),
            reason="Quản trị hệ thống sửa danh mục",
        )

    def has_delete_permission(self, request, obj=None):
        return False  # entries are deactivated or given an end date, never deleted


class CatalogEntryAdmin(AuditedAdmin):
    list_display = ("code", "name", "valid_from", "valid_to", "legal_basis", "is_active", "order")
    list_filter = ("is_active",)
    search_fields = ("code", "name", "legal_basis")
    ordering = ("order", "code")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "code"] if obj is not None else fields


@admin.register(Regime)
class RegimeAdmin(CatalogEntryAdmin):
    list_display = ("code", "name", "decree", "valid_from", "valid_to", "legal_basis")
    ordering = ("valid_from",)


@admin.register(Rating)
class RatingAdmin(CatalogEntryAdmin):
    list_display = ("code", "name", "rank", "valid_from", "valid_to", "legal_basis", "is_active")
    ordering = ("-rank",)


@admin.register(AwardType)
class AwardTypeAdmin(CatalogEntryAdmin):
    list_display = (
        "code",
        "name",
        "counts_in_chain",
        "valid_from",
        "valid_to",
        "legal_basis",
        "is_active",
    )


@admin.register(Honour)
class HonourAdmin(CatalogEntryAdmin):
    list_display = (
        "code",
        "name",
        "category",
        "level",
        "rank",
        "valid_from",
        "valid_to",
        "legal_basis",
        "is_active",
    )
    list_filter = ("category", "level", "is_active")


@admin.register(InitiativeScope)
class InitiativeScopeAdmin(CatalogEntryAdmin):
    list_display = ("code", "name", "rank", "valid_from", "valid_to", "legal_basis", "is_active")


@admin.register(DisciplineLevel)
class DisciplineLevelAdmin(CatalogEntryAdmin):
    pass


@admin.register(BaseSalary)
class BaseSalaryAdmin(AuditedAdmin):
    list_display = ("valid_from", "amount", "instrument")
    ordering = ("-valid_from",)


@admin.register(BonusCoefficient)
class BonusCoefficientAdmin(AuditedAdmin):
    list_display = (
        "honour",
        "regime",
        "subject_kind",
        "issuer_level",
        "coefficient",
        "status",
        "legal_basis",
    )
    list_filter = ("regime", "subject_kind", "status")
    list_select_related = ("honour", "regime")
    search_fields = ("honour__code", "honour__name", "legal_basis")
