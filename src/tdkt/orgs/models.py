from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tdkt.common.models import TimestampedModel
from tdkt.orgs.enums import SuccessionKind, UnitKind

#: Width of one materialised-path segment (the unit's id, zero-padded): 10^8 units is plenty.
SEGMENT = 8


class UnitQuerySet(models.QuerySet):
    def current(self, on: dt.date | None = None):
        on = on or timezone.localdate()
        return self.filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=on)).filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=on)
        )

    def subtree(self, unit: Unit):
        return self.filter(**subtree_lookup(unit.path))


def subtree_lookup(path: str, prefix: str = "") -> dict[str, str]:
    """A range on the indexed path (B-tree friendly on SQLite and PostgreSQL, unlike LIKE)."""
    return {f"{prefix}path__gte": path, f"{prefix}path__lt": path + "~"}


class Unit(TimestampedModel):
    """An organisation unit (đơn vị). The tree is a materialised path of zero-padded ids."""

    code = models.CharField(_("mã đơn vị"), max_length=40, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    search_key = models.CharField(max_length=255, db_index=True, editable=False, default="")
    sort_key = models.CharField(max_length=255, editable=False, default="")

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_current(self) -> bool:
        return self.valid_to is None or self.valid_to >= timezone.localdate()

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(p) for p in self.path.split(".") if p][:-1]


class UnitSuccession(TimestampedModel):
    """`predecessor` was merged into, split into, renamed to or transferred to `successor`."""

    predecessor = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="successions_out", verbose_name=_("đơn vị cũ")
    )
    successor = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="successions_in", verbose_name=_("đơn vị mới")
    )
    kind = models.CharField(_("hình thức"), max_length=20, choices=SuccessionKind.choices)
    date = models.DateField(_("ngày hiệu lực"))
    decision_ref = models.CharField(_("căn cứ (số quyết định, nghị quyết)"), max_length=200)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("kế thừa đơn vị")
        verbose_name_plural = _("kế thừa đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="uniq_succession"),
            models.CheckConstraint(
                condition=~models.Q(predecessor=models.F("successor")), name="succession_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.date:%d/%m/%Y})"
