"""Day-off / make-up working day overrides in the Django admin. Every change is audit-logged and
drops the calendar cache (see tdkt.calendar_vn.services)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from tdkt.calendar_vn.models import HolidayOverride
from tdkt.calendar_vn.services import base_is_working_day
from tdkt.common.audit import audit_log, snapshot

WEEKDAYS = [
    _("Thứ Hai"),
    _("Thứ Ba"),
    _("Thứ Tư"),
    _("Thứ Năm"),
    _("Thứ Sáu"),
    _("Thứ Bảy"),
    _("Chủ nhật"),
]


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(admin.ModelAdmin):
    list_display = ("date", "weekday", "kind", "name", "legal_basis", "created_by")
    list_filter = ("kind",)
    list_select_related = ("created_by",)
    search_fields = ("name", "legal_basis")
    date_hierarchy = "date"
    ordering = ("-date",)
    readonly_fields = ("normally", "created_by", "created", "updated")
    fields = ("date", "kind", "name", "legal_basis", "normally", "created_by", "created", "updated")

    @admin.display(description=_("thứ"))
    def weekday(self, obj):
        return WEEKDAYS[obj.date.weekday()]

    @admin.display(description=_("nếu không điều chỉnh"))
    def normally(self, obj):
        if obj is None or obj.date is None:
            return "—"
        return _("Ngày làm việc") if base_is_working_day(obj.date) else _("Ngày nghỉ")

    def save_model(self, request, obj, form, change):
        before = None
        if change:
            old = HolidayOverride.objects.filter(pk=obj.pk).first()
            before = snapshot(old) if old is not None else None
        else:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        audit_log(
            obj,
            action=f"calendar_vn.override.{'update' if change else 'create'}",
            actor=request.user,
            before=before,
            after=snapshot(obj),
        )

    def delete_model(self, request, obj):
        before = snapshot(obj)
        audit_log(obj, action="calendar_vn.override.delete", actor=request.user, before=before)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
