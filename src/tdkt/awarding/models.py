"""Decision drafts (dự thảo quyết định khen thưởng), their lines, the per-body yearly number
sequences and each issuing body's document settings.

A draft gathers nominees the council passed (`VOTED_PASSED`) in one round; each line carries the
honour actually granted (the lower form when the appraisal lowered it), the bonus computed by the
rules engine and the initiatives the eligibility judgement used. Signing (`services.draft_sign`)
takes the next number of the body's sequence, writes the registry decision and one award per
line, consumes the initiatives and marks the nominees awarded, all in one transaction.
States change only through `services.set_draft_state`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tdkt.common.models import TimestampedModel
from tdkt.registry.models import SubjectModel, one_subject_constraints


class DraftState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SIGNED = "signed", _("Đã ký ban hành")
    CANCELLED = "cancelled", _("Đã hủy")


DRAFT_TRANSITIONS: dict[str, frozenset[str]] = {
    DraftState.DRAFT: frozenset({DraftState.SIGNED, DraftState.CANCELLED}),
    DraftState.SIGNED: frozenset(),
    DraftState.CANCELLED: frozenset(),
}


class IssuerProfile(TimestampedModel):
    """How a body writes its decisions: name in the header, symbol of the number
    ("QĐ-UBND"), place in the date line, the deciding authority and the usual signer."""

    unit = models.OneToOneField(
        "orgs.Unit",
        verbose_name=_("cơ quan ban hành"),
        on_delete=models.PROTECT,
        related_name="issuer_profile",
    )
    issuer_name = models.CharField(_("tên cơ quan ban hành"), max_length=255, blank=True)
    issuer_parent = models.CharField(_("cơ quan chủ quản"), max_length=255, blank=True)
    symbol = models.CharField(_("ký hiệu quyết định"), max_length=40, blank=True)
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    decider = models.CharField(_("thẩm quyền ban hành"), max_length=255, blank=True)
    signer_authority = models.CharField(_("quyền hạn ký"), max_length=60, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("thông tin ban hành quyết định")
        verbose_name_plural = _("thông tin ban hành quyết định")

    def __str__(self) -> str:
        return self.issuer_name or str(self.unit)


class NumberSequence(models.Model):
    """The last number a body gave to a kind of document in a year (numbers restart on 1
    January; a number once issued is never given again, even when its decision is revoked)."""

    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("cơ quan ban hành"),
        on_delete=models.PROTECT,
        related_name="number_sequences",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("loại văn bản"), max_length=20, default="QĐ")
    last = models.PositiveIntegerField(_("số đã cấp gần nhất"), default=0)

    class Meta:
        verbose_name = _("sổ đăng ký số văn bản")
        verbose_name_plural = _("sổ đăng ký số văn bản")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "kind"], name="awarding_one_sequence")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.kind} {self.year}: {self.last}"


class DecisionDraft(TimestampedModel):
    round = models.ForeignKey(
        "nominations.Round",
        verbose_name=_("đợt xét"),
        on_delete=models.PROTECT,
        related_name="decision_drafts",
    )
    issuing_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("cơ quan ban hành"),
        on_delete=models.PROTECT,
        related_name="decision_drafts",
    )
    honour = models.ForeignKey(
        "catalog.Honour",
        verbose_name=_("danh hiệu, hình thức"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Để trống: mọi danh hiệu, hình thức."),
    )
    subject_kind = models.CharField(_("đối tượng"), max_length=12, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    basis = models.TextField(_("căn cứ ban hành"), blank=True)
    signer_authority = models.CharField(_("quyền hạn ký"), max_length=60, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    planned_on = models.DateField(_("ngày dự kiến ký"))
    number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=DraftState.choices, default=DraftState.DRAFT
    )
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)
    registry_decision = models.OneToOneField(
        "registry.Decision",
        verbose_name=_("quyết định trong sổ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="draft",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state_changed_at = models.DateTimeField(_("đổi trạng thái lúc"), null=True, blank=True)
    state_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đổi trạng thái"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("dự thảo quyết định khen thưởng")
        verbose_name_plural = _("dự thảo quyết định khen thưởng")
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["round", "state"])]

    def __str__(self) -> str:
        if self.number:
            return str(_("Quyết định số %(number)s") % {"number": self.number})
        return str(_("Dự thảo quyết định #%(pk)s") % {"pk": self.pk})

    def get_absolute_url(self) -> str:
        return reverse("backoffice:awarding.draft", args=[self.pk])


class DraftLine(SubjectModel):
    """One awardee of a draft: the honour granted, the bonus and the initiatives it uses."""

    draft = models.ForeignKey(
        DecisionDraft, verbose_name=_("dự thảo"), on_delete=models.PROTECT, related_name="lines"
    )
    nominee = models.ForeignKey(
        "nominations.Nominee",
        verbose_name=_("đối tượng được đề nghị"),
        on_delete=models.PROTECT,
        related_name="draft_lines",
    )
    #: False once the draft is cancelled: the nominee may then go into another draft.
    active = models.BooleanField(default=True)
    honour = models.ForeignKey(
        "catalog.Honour",
        verbose_name=_("danh hiệu, hình thức"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year_from = models.PositiveSmallIntegerField(_("thành tích từ năm"))
    year_to = models.PositiveSmallIntegerField(_("thành tích đến năm"))
    bonus_amount = models.PositiveBigIntegerField(_("tiền thưởng (đồng)"), null=True, blank=True)
    bonus_basis = models.TextField(_("cách tính tiền thưởng"), blank=True)
    initiative_codes = models.JSONField(_("sáng kiến sử dụng"), default=list, blank=True)
    award_record = models.OneToOneField(
        "registry.AwardRecord",
        verbose_name=_("khen thưởng trong sổ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="draft_line",
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("dòng dự thảo quyết định")
        verbose_name_plural = _("dòng dự thảo quyết định")
        ordering = ["draft", "order", "id"]
        constraints = [
            *one_subject_constraints("awarding_line"),
            models.UniqueConstraint(
                fields=["nominee"],
                condition=Q(active=True),
                name="awarding_nominee_in_one_draft",
                violation_error_message=_("Đối tượng này đã có trong một dự thảo quyết định khác."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} – {self.honour_id}"
