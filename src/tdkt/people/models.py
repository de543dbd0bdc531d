from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tdkt.common.models import TimestampedModel
from tdkt.people.enums import Sex


class Person(TimestampedModel):
    """An individual (cá nhân). `unit` is the current unit; `assignments` hold the history."""

    full_name = models.CharField(_("họ và tên"), max_length=150)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    sex = models.CharField(_("giới tính"), max_length=1, choices=Sex.choices, blank=True)
    ethnicity = models.CharField(_("dân tộc"), max_length=50, blank=True, default="Kinh")
    citizen_id = models.CharField(
        _("số định danh cá nhân (CCCD)"), max_length=12, null=True, blank=True, unique=True
    )
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="people"
    )
    employment_start = models.DateField(_("ngày bắt đầu công tác"), null=True, blank=True)
    direct_worker = models.BooleanField(_("người lao động trực tiếp"), default=False)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    is_active = models.BooleanField(_("đang công tác"), default=True)
    left_on = models.DateField(_("ngày thôi công tác"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    # Derived keys, kept by the services: diacritic-free search, Vietnamese collation.
    search_key = models.CharField(max_length=150, editable=False, default="")
    sort_key = models.CharField(max_length=400, editable=False, default="")
    family_sort_key = models.CharField(max_length=400, editable=False, default="")

    class Meta:
        verbose_name = _("cá nhân")
        verbose_name_plural = _("cá nhân")
        indexes = [
            models.Index(fields=["search_key"], name="person_search_idx"),
            models.Index(fields=["sort_key"], name="person_sort_idx"),
            models.Index(fields=["unit", "sort_key"], name="person_unit_sort_idx"),
            models.Index(fields=["birth_year"], name="person_birth_year_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name


class Assignment(TimestampedModel):
    """Where a person worked, from when to when (quá trình công tác)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    start = models.DateField(_("từ ngày"), null=True, blank=True)
    end = models.DateField(_("đến ngày"), null=True, blank=True)
    reason = models.CharField(_("lý do"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("quá trình công tác")
        verbose_name_plural = _("quá trình công tác")
        ordering = ["person", "start"]
        indexes = [models.Index(fields=["unit", "end"])]

    def __str__(self) -> str:
        return f"{self.person} – {self.unit}"


class Household(TimestampedModel):
    """A household (hộ gia đình), subject of Gia đình văn hóa and household awards."""

    head_name = models.CharField(_("chủ hộ"), max_length=150)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("thôn, tổ dân phố hoặc xã"),
        on_delete=models.PROTECT,
        related_name="households",
    )
    search_key = models.CharField(max_length=150, editable=False, default="", db_index=True)
    sort_key = models.CharField(max_length=400, editable=False, default="")

    class Meta:
        verbose_name = _("hộ gia đình")
        verbose_name_plural = _("hộ gia đình")

    def __str__(self) -> str:
        return _("Hộ ông/bà %(name)s") % {"name": self.head_name}


class PersonToken(models.Model):
    """One word of a person's diacritic-free name. Name search is a prefix range over this
    indexed column per typed word: index-only on SQLite and PostgreSQL alike, where a
    `LIKE '%word%'` over the names would read the whole table."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=40)

    class Meta:
        indexes = [models.Index(fields=["token", "person"], name="person_token_idx")]
        constraints = [
            models.UniqueConstraint(fields=["person", "token"], name="uniq_person_token")
        ]

    def __str__(self) -> str:
        return self.token


def name_tokens(search_key: str) -> set[str]:
    return {word[:40] for word in search_key.split() if word}
