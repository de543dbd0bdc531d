"""Admin overrides of the working-day calendar: the Government fixes the exact days off each year
(a bridging day off granted by the Prime Minister, a Saturday worked to compensate), which the
`holidays` library cannot know. An override always wins over weekends and computed holidays."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OverrideKind(models.TextChoices):
    DAY_OFF = "day_off", _("Ngày nghỉ")
    WORKING_DAY = "working_day", _("Ngày làm việc (làm bù)")


class HolidayOverride(models.Model):
    date = models.DateField(pgettext_lazy("field", "ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=12, choices=OverrideKind.choices)
    name = models.CharField(
        _("tên"),
        max_length=200,
        help_text=_("Ví dụ: Nghỉ bù Tết Nguyên Đán; Đi làm bù cho ngày 02/01."),
    )
    legal_basis = models.CharField(
        pgettext_lazy("field", "căn cứ"),
        max_length=300,
        blank=True,
        help_text=_("Ví dụ: Thông báo số .../TB-BNV của Bộ Nội vụ."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated = models.DateTimeField(_("sửa lúc"), auto_now=True)

    class Meta:
        verbose_name = _("ngày nghỉ/làm bù điều chỉnh")
        verbose_name_plural = _("ngày nghỉ/làm bù điều chỉnh")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} · {self.get_kind_display()} · {self.name}"
