"""The catalogue: law as data. Codes are primary keys and never change meaning (catalog.yaml)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from tdkt.catalog.enums import FactStatus, HonourCategory, HonourLevel


class ValidityQuerySet(models.QuerySet):
    def valid_on(self, on: dt.date):
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=on),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=on),
        )


class CatalogEntry(models.Model):
    code = models.CharField(_("mã"), max_length=40, primary_key=True)
    name = models.CharField(_("tên"), max_length=255)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Regime(CatalogEntry):
    """A legal regime (law + decree + circulars), chosen by the award decision date."""

    law = models.CharField(_("luật"), max_length=255)
    decree = models.CharField(_("nghị định"), max_length=100)
    circulars = models.JSONField(_("thông tư"), default=list, blank=True)
    collective_multiplier = models.DecimalField(
        _("hệ số tập thể (hình thức khen thưởng)"), max_digits=4, decimal_places=2, default=2
    )
    household_multiplier = models.DecimalField(
        _("hệ số hộ gia đình"), max_digits=4, decimal_places=2, null=True, blank=True
    )

    class Meta(CatalogEntry.Meta):
        verbose_name = _("chế độ pháp lý")
        verbose_name_plural = _("chế độ pháp lý")
        ordering = ["valid_from"]


class Rating(CatalogEntry):
    """Yearly task rating (xếp loại mức độ hoàn thành nhiệm vụ)."""

    rank = models.PositiveSmallIntegerField(_("bậc"))

    class Meta(CatalogEntry.Meta):
        verbose_name = _("mức xếp loại")
        verbose_name_plural = _("mức xếp loại")
        ordering = ["-rank"]


class AwardType(CatalogEntry):
    """Loại hình khen thưởng (Law Art. 8)."""

    counts_in_chain = models.BooleanField(
        _("tính vào chuỗi thành tích thường xuyên"),
        default=False,
        help_text=_("Khen chuyên đề, đột xuất không tính để xét khen cao hơn."),
    )

    class Meta(CatalogEntry.Meta):
        verbose_name = _("loại hình khen thưởng")
        verbose_name_plural = _("loại hình khen thưởng")


class Honour(CatalogEntry):
    """A title (danh hiệu thi đua) or a commendation form (hình thức khen thưởng)."""

    category = models.CharField(_("nhóm"), max_length=10, choices=HonourCategory.choices)
    subject_kinds = models.JSONField(
        _("đối tượng"), default=list, help_text=_("individual, collective, household")
    )
    level = models.CharField(_("cấp"), max_length=10, choices=HonourLevel.choices, blank=True)
    rank = models.PositiveSmallIntegerField(
        _("bậc cao thấp"), default=0, help_text=_("Dùng để chọn danh hiệu cao nhất.")
    )

    class Meta(CatalogEntry.Meta):
        verbose_name = _("danh hiệu, hình thức khen thưởng")
        verbose_name_plural = _("danh hiệu, hình thức khen thưởng")


class InitiativeScope(CatalogEntry):
    rank = models.PositiveSmallIntegerField(_("bậc"), default=0)

    class Meta(CatalogEntry.Meta):
        verbose_name = _("phạm vi ảnh hưởng sáng kiến")
        verbose_name_plural = _("phạm vi ảnh hưởng sáng kiến")


class DisciplineLevel(CatalogEntry):
    class Meta(CatalogEntry.Meta):
        verbose_name = _("hình thức kỷ luật")
        verbose_name_plural = _("hình thức kỷ luật")


class BaseSalary(models.Model):
    """Mức lương cơ sở, effective-dated."""

    valid_from = models.DateField(_("áp dụng từ"), unique=True)
    amount = models.PositiveIntegerField(_("mức lương cơ sở (đồng/tháng)"))
    instrument = models.CharField(_("văn bản"), max_length=100)

    class Meta:
        verbose_name = _("mức lương cơ sở")
        verbose_name_plural = _("mức lương cơ sở")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.amount:,} ({self.valid_from:%d/%m/%Y})".replace(",", ".")


class BonusCoefficient(models.Model):
    """Bonus coefficient (× base salary) of an honour under a regime."""

    regime = models.ForeignKey(Regime, on_delete=models.PROTECT, related_name="coefficients")
    honour = models.ForeignKey(Honour, on_delete=models.PROTECT, related_name="coefficients")
    subject_kind = models.CharField(_("đối tượng"), max_length=12, default="individual")
    issuer_level = models.CharField(
        _("cấp ban hành"), max_length=10, blank=True, help_text=_("Giấy khen: xa hoặc other")
    )
    coefficient = models.DecimalField(_("hệ số"), max_digits=6, decimal_places=3)
    status = models.CharField(
        _("độ tin cậy"), max_length=3, choices=FactStatus.choices, default=FactStatus.VERIFIED
    )
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("hệ số tiền thưởng")
        verbose_name_plural = _("hệ số tiền thưởng")
        constraints = [
            models.UniqueConstraint(
                fields=["regime", "honour", "subject_kind", "issuer_level"],
                name="uniq_bonus_coefficient",
            )
        ]

    def __str__(self) -> str:
        return f"{self.honour_id} × {self.coefficient} ({self.regime_id})"
