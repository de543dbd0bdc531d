"""The registry (sổ theo dõi): decisions, awards, yearly ratings, initiatives, discipline.

A subject is an individual (person), a collective (a unit, or a named collective as a unit of
kind `to_nhom`) or a household; exactly one of the three foreign keys is set.
Records are revoked or superseded, never deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tdkt.common.models import TimestampedModel
from tdkt.people.enums import SubjectKind
from tdkt.registry.enums import (
    DecisionLevel,
    DisciplineState,
    InitiativeKind,
    RecordSource,
    RecordStatus,
)

#: Exactly one of person / collective / household is set, matching `subject_kind`.
ONE_SUBJECT = (
    Q(
        subject_kind="individual",
        person__isnull=False,
        collective__isnull=True,
        household__isnull=True,
    )
    | Q(
        subject_kind="collective",
        person__isnull=True,
        collective__isnull=False,
        household__isnull=True,
    )
    | Q(
        subject_kind="household",
        person__isnull=True,
        collective__isnull=True,
        household__isnull=False,
    )
)


def one_subject_constraints(prefix: str) -> list[models.BaseConstraint]:
    """The check constraint of every SubjectModel table (named `<prefix>_one_subject`)."""
    return [models.CheckConstraint(condition=ONE_SUBJECT, name=f"{prefix}_one_subject")]


class SubjectModel(TimestampedModel):
    subject_kind = models.CharField(_("đối tượng"), max_length=12, choices=SubjectKind.choices)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    collective = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("tập thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    household = models.ForeignKey(
        "people.Household",
        verbose_name=_("hộ gia đình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def subject(self):
        return self.person or self.collective or self.household


class Decision(TimestampedModel):
    """An award decision (quyết định khen thưởng)."""

    number = models.CharField(_("số quyết định"), max_length=60)
    signed_on = models.DateField(_("ngày ký"))
    issuer_name = models.CharField(_("cơ quan ban hành"), max_length=255)
    issuer_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions_issued",
    )
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150, blank=True)
    level = models.CharField(_("cấp khen"), max_length=10, choices=DecisionLevel.choices)
    award_type = models.ForeignKey(
        "catalog.AwardType", verbose_name=_("loại hình"), on_delete=models.PROTECT, related_name="+"
    )
    regime = models.ForeignKey(
        "catalog.Regime",
        verbose_name=_("chế độ pháp lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    summary = models.CharField(_("trích yếu"), max_length=500, blank=True)
    attachment = models.FileField(_("bản scan"), upload_to="decisions/%Y/", blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=RecordStatus.choices, default=RecordStatus.VALID
    )
    revoked_reason = models.TextField(_("lý do hủy"), blank=True)
    source = models.CharField(max_length=12, choices=RecordSource.choices, default="manual")

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer_name", "number", "signed_on"], name="uniq_decision_number"
            )
        ]
        indexes = [models.Index(fields=["issuer_unit", "-signed_on"])]

    def __str__(self) -> str:
        return _("Quyết định số %(number)s ngày %(date)s") % {
            "number": self.number,
            "date": self.signed_on.strftime("%d/%m/%Y"),
        }


class AwardRecord(SubjectModel):
    """A title or form held by a subject for an achievement year or period."""

    honour = models.ForeignKey(
        "catalog.Honour",
        verbose_name=_("danh hiệu, hình thức"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    award_type = models.ForeignKey(
        "catalog.AwardType", verbose_name=_("loại hình"), on_delete=models.PROTECT, related_name="+"
    )
    year_from = models.PositiveSmallIntegerField(_("từ năm"))
    year_to = models.PositiveSmallIntegerField(_("năm thành tích"))
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("quyết định"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
    )
    unit_at_time = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị khi khen"),
        on_delete=models.PROTECT,
        related_name="award_records",
    )
    issuer_level = models.CharField(_("cấp ban hành (Giấy khen)"), max_length=10, blank=True)
    bonus_amount = models.PositiveBigIntegerField(_("tiền thưởng (đồng)"), null=True, blank=True)
    achievement = models.TextField(_("thành tích"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=RecordStatus.choices, default=RecordStatus.VALID
    )
    revoked_reason = models.TextField(_("lý do thu hồi"), blank=True)
    revoked_by = models.ForeignKey(
        Decision,
        verbose_name=_("quyết định thu hồi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revoked_awards",
    )
    revoked_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    bonus_recovered = models.PositiveBigIntegerField(
        _("tiền thưởng đã thu hồi"), null=True, blank=True
    )
    source = models.CharField(max_length=12, choices=RecordSource.choices, default="manual")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["-year_to", "-id"]
        constraints = [
            *one_subject_constraints("award"),
            models.CheckConstraint(
                condition=Q(year_from__lte=models.F("year_to")), name="award_period_order"
            ),
            *[
                models.UniqueConstraint(
                    fields=[field, "honour", "year_from", "year_to"],
                    condition=Q(status="valid", **{f"{field}__isnull": False}),
                    name=f"uniq_award_{field}_period",
                )
                for field in ("person", "collective", "household")
            ],
        ]
        indexes = [
            models.Index(fields=["person", "year_to"], name="award_person_idx"),
            models.Index(fields=["collective", "year_to"], name="award_collective_idx"),
            models.Index(fields=["household", "year_to"], name="award_household_idx"),
            models.Index(fields=["unit_at_time", "year_to"], name="award_unit_idx"),
            models.Index(fields=["honour", "year_to"], name="award_honour_idx"),
        ]

    def __str__(self) -> str:
        period = (
            str(self.year_to)
            if self.year_from == self.year_to
            else (f"{self.year_from}–{self.year_to}")
        )
        return f"{self.honour_id} {period}: {self.subject}"


class YearlyRating(SubjectModel):
    """Xếp loại mức độ hoàn thành nhiệm vụ of a subject for a year."""

    year = models.PositiveSmallIntegerField(_("năm"))
    rating = models.ForeignKey(
        "catalog.Rating", verbose_name=_("xếp loại"), on_delete=models.PROTECT, related_name="+"
    )
    unit_at_time = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị khi xếp loại"),
        on_delete=models.PROTECT,
        related_name="ratings",
    )
    months_in_service = models.PositiveSmallIntegerField(
        _("số tháng công tác trong năm"), null=True, blank=True
    )
    decision_ref = models.CharField(
        _("căn cứ (số quyết định, biên bản)"), max_length=200, blank=True
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=RecordStatus.choices, default=RecordStatus.VALID
    )
    source = models.CharField(max_length=12, choices=RecordSource.choices, default="manual")

    class Meta:
        verbose_name = _("xếp loại hằng năm")
        verbose_name_plural = _("xếp loại hằng năm")
        ordering = ["-year"]
        constraints = [
            *one_subject_constraints("rating"),
            *[
                models.UniqueConstraint(
                    fields=[field, "year"],
                    condition=Q(status="valid", **{f"{field}__isnull": False}),
                    name=f"uniq_rating_{field}_year",
                )
                for field in ("person", "collective", "household")
            ],
        ]
        indexes = [
            models.Index(fields=["person", "year"], name="rating_person_idx"),
            models.Index(fields=["collective", "year"], name="rating_collective_idx"),
            models.Index(fields=["unit_at_time", "year"], name="rating_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.rating_id} – {self.subject}"


class Initiative(TimestampedModel):
    """Sáng kiến / đề tài khoa học; it serves as evidence for one award at most."""

    kind = models.CharField(
        _("loại"), max_length=10, choices=InitiativeKind.choices, default=InitiativeKind.SANG_KIEN
    )
    code = models.CharField(_("mã số"), max_length=40, unique=True)
    title = models.CharField(_("tên sáng kiến, đề tài"), max_length=500)
    year = models.PositiveSmallIntegerField(_("năm công nhận"))
    scope = models.ForeignKey(
        "catalog.InitiativeScope",
        verbose_name=_("phạm vi ảnh hưởng"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    authors = models.ManyToManyField(
        "people.Person", verbose_name=_("tác giả"), related_name="initiatives"
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="initiatives"
    )
    recognised_by = models.CharField(
        _("quyết định công nhận (số, ngày, cơ quan)"), max_length=255, blank=True
    )
    recognised_on = models.DateField(_("ngày công nhận"), null=True, blank=True)
    used_for = models.ForeignKey(
        AwardRecord,
        verbose_name=_("đã dùng để khen"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives_used",
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=RecordStatus.choices, default=RecordStatus.VALID
    )

    class Meta:
        verbose_name = _("sáng kiến, đề tài")
        verbose_name_plural = _("sáng kiến, đề tài")
        ordering = ["-year", "code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"


class DisciplineRecord(SubjectModel):
    """A disciplinary measure (or a pending one: investigation, complaint under verification)."""

    state = models.CharField(
        _("tình trạng"),
        max_length=10,
        choices=DisciplineState.choices,
        default=DisciplineState.IN_FORCE,
    )
    level = models.ForeignKey(
        "catalog.DisciplineLevel",
        verbose_name=_("hình thức kỷ luật"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"), null=True, blank=True)
    decision_ref = models.CharField(_("quyết định kỷ luật"), max_length=200, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    unit_at_time = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("kỷ luật")
        verbose_name_plural = _("kỷ luật")
        ordering = ["-start"]
        constraints = [*one_subject_constraints("discipline")]
        indexes = [models.Index(fields=["person", "start"], name="discipline_person_idx")]

    def __str__(self) -> str:
        return f"{self.get_state_display()}: {self.subject} ({self.start:%d/%m/%Y})"
