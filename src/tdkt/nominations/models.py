"""Rounds (đợt xét), proposals (tờ trình of a unit) and their nominees, with the history of every
round trip between the submitting unit and the receiving office (`ProposalEvent`).

A round belongs to the issuing unit (the body whose council and head decide). A unit sends a
proposal with its nominees; the office receives (tiếp nhận) or returns it (trả lại, whole or one
nominee), the unit corrects and resubmits (`version` + 1), a specialist appraises each nominee.
States change only through `services.set_round_state / set_proposal_state / set_nominee_state`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tdkt.common.models import TimestampedModel
from tdkt.nominations.enums import (
    NOMINEE_INACTIVE,
    EventKind,
    NomineeState,
    ProposalState,
    RoundState,
)
from tdkt.registry.models import SubjectModel, one_subject_constraints


class Round(TimestampedModel):
    code = models.CharField(_("mã đợt"), max_length=40, unique=True)
    name = models.CharField(_("tên đợt xét"), max_length=255)
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    issuing_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("cấp quyết định"),
        on_delete=models.PROTECT,
        related_name="nomination_rounds",
    )
    award_type = models.ForeignKey(
        "catalog.AwardType",
        verbose_name=_("loại hình khen thưởng"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    simplified = models.BooleanField(_("thủ tục đơn giản"), default=False)
    targets = models.ManyToManyField(
        "catalog.Honour", verbose_name=_("danh hiệu, hình thức được đề nghị"), related_name="+"
    )
    submitting_units = models.ManyToManyField(
        "orgs.Unit",
        verbose_name=_("đơn vị được đề nghị"),
        blank=True,
        related_name="+",
        help_text=_("Để trống: mọi đơn vị trực thuộc cấp quyết định."),
    )
    opens_on = models.DateField(_("ngày bắt đầu nhận hồ sơ"))
    submit_deadline = models.DateField(_("hạn gửi hồ sơ"))
    appraisal_working_days = models.PositiveSmallIntegerField(
        _("thời hạn thẩm định (ngày làm việc)")
    )
    state = models.CharField(
        _("trạng thái"), max_length=12, choices=RoundState.choices, default=RoundState.DRAFT
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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("đợt xét khen thưởng")
        verbose_name_plural = _("đợt xét khen thưởng")
        ordering = ["-year", "-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(submit_deadline__gte=models.F("opens_on")),
                name="nominations_round_deadline_after_opening",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("backoffice:rounds.detail", args=[self.pk])


class Proposal(TimestampedModel):
    """A unit's proposal (tờ trình) in a round, with its nominees."""

    round = models.ForeignKey(
        Round, verbose_name=_("đợt xét"), on_delete=models.PROTECT, related_name="proposals"
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị đề nghị"),
        on_delete=models.PROTECT,
        related_name="nomination_proposals",
    )
    number = models.CharField(_("số tờ trình"), max_length=60, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=ProposalState.choices, default=ProposalState.DRAFT
    )
    version = models.PositiveIntegerField(_("lần gửi"), default=1)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    received_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tiếp nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("hạn thẩm định"), null=True, blank=True)
    assigned_specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chuyên viên thẩm định"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    state_changed_at = models.DateTimeField(_("đổi trạng thái lúc"), null=True, blank=True)
    state_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đổi trạng thái"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # The submitting unit's own council meeting (biên bản bình xét / xét khen thưởng).
    unit_meeting_on = models.DateField(_("ngày họp bình xét của đơn vị"), null=True, blank=True)
    unit_members_total = models.PositiveSmallIntegerField(
        _("tổng số thành viên hội đồng đơn vị"), null=True, blank=True
    )
    unit_members_present = models.PositiveSmallIntegerField(
        _("số thành viên có mặt"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("tờ trình đề nghị khen thưởng")
        verbose_name_plural = _("tờ trình đề nghị khen thưởng")
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["round", "state"]),
            models.Index(fields=["state", "due_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit_members_present__isnull=True)
                | Q(unit_members_total__isnull=True)
                | Q(unit_members_present__lte=models.F("unit_members_total")),
                name="nominations_proposal_unit_present_le_total",
            )
        ]

    def __str__(self) -> str:
        label = _("Tờ trình số %(number)s") if self.number else _("Tờ trình #%(number)s")
        return str(label % {"number": self.number or self.pk})

    def get_absolute_url(self) -> str:
        return reverse("backoffice:proposals.detail", args=[self.pk])


def _active_unique(field: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=["round", field, "target"],
        condition=Q(**{f"{field}__isnull": False}) & ~Q(state__in=sorted(NOMINEE_INACTIVE)),
        name=f"nominations_one_active_{field}",
        violation_error_message=_(
            "Đối tượng này đã được đề nghị danh hiệu, hình thức này trong đợt xét."
        ),
    )


class Nominee(SubjectModel):
    """One subject proposed for one target honour. `eligibility` is the rules engine's judgement
    at the last check (on adding, on submitting): ``{"eligible", "checks", "missing", "regime",
    "target", "year", "checked_at", "override": {...} | None}``."""

    round = models.ForeignKey(
        Round, verbose_name=_("đợt xét"), on_delete=models.PROTECT, related_name="nominees"
    )
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("tờ trình"), on_delete=models.PROTECT, related_name="nominees"
    )
    target = models.ForeignKey(
        "catalog.Honour",
        verbose_name=_("danh hiệu, hình thức đề nghị"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year_from = models.PositiveSmallIntegerField(_("thành tích từ năm"))
    year_to = models.PositiveSmallIntegerField(_("thành tích đến năm"))
    achievement_summary = models.TextField(_("tóm tắt thành tích"), blank=True)
    eligibility = models.JSONField(_("kết quả kiểm tra điều kiện"), default=dict, blank=True)
    eligible = models.BooleanField(_("đủ điều kiện"), null=True, blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lãnh đạo quyết định đề nghị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    override_reason = models.TextField(_("lý do đề nghị khi chưa đủ điều kiện"), blank=True)
    override_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=NomineeState.choices, default=NomineeState.DRAFT
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    appraisal_note = models.TextField(_("ý kiến thẩm định"), blank=True)
    lower_target = models.ForeignKey(
        "catalog.Honour",
        verbose_name=_("hình thức thấp hơn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    appraised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thẩm định"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    appraised_at = models.DateTimeField(_("thẩm định lúc"), null=True, blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    unit_votes_yes = models.PositiveSmallIntegerField(
        _("số phiếu đồng ý tại cuộc họp bình xét của đơn vị"), null=True, blank=True
    )
    source = models.ForeignKey(
        "self",
        verbose_name=_("đối tượng gốc (đề nghị cấp trên khen)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalations",
    )

    class Meta:
        verbose_name = _("đối tượng được đề nghị")
        verbose_name_plural = _("đối tượng được đề nghị")
        ordering = ["proposal", "order", "id"]
        constraints = [
            *one_subject_constraints("nominations_nominee"),
            models.CheckConstraint(
                condition=Q(year_to__gte=models.F("year_from")),
                name="nominations_nominee_years",
            ),
            _active_unique("person"),
            _active_unique("collective"),
            _active_unique("household"),
        ]
        indexes = [models.Index(fields=["proposal", "state"])]

    def __str__(self) -> str:
        return f"{self.subject_name} – {self.target_id}"

    def get_absolute_url(self) -> str:
        return self.proposal.get_absolute_url() + f"#nominee-{self.pk}"

    @property
    def subject_name(self) -> str:
        subject = self.subject
        return str(subject) if subject is not None else ""


class ProposalEvent(models.Model):
    """One step of a proposal's (or one of its nominees') life: who did what, when, why."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("tờ trình"), on_delete=models.CASCADE, related_name="events"
    )
    nominee = models.ForeignKey(
        Nominee,
        verbose_name=_("đối tượng"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    kind = models.CharField(_("việc"), max_length=16, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("lý do, ý kiến"), blank=True)
    at = models.DateTimeField(_("lúc"))
    from_state = models.CharField(_("từ trạng thái"), max_length=16, blank=True)
    to_state = models.CharField(_("sang trạng thái"), max_length=16, blank=True)
    version = models.PositiveIntegerField(_("lần gửi"), default=1)

    class Meta:
        verbose_name = _("diễn biến hồ sơ")
        verbose_name_plural = _("diễn biến hồ sơ")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["proposal", "at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.at:%d/%m/%Y %H:%M})"


def dossier_upload_to(instance: DossierFile, filename: str) -> str:
    """Private storage path (never served from a public URL: downloads go through the
    scope-checked view): random name, extension of the detected content."""
    import uuid

    ext = DOSSIER_EXTENSIONS.get(instance.content_type, "bin")
    return f"private/dossiers/{instance.proposal_id}/{uuid.uuid4().hex}.{ext}"


#: Stored file extension per accepted content type.
DOSSIER_EXTENSIONS = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}


class DossierFileQuerySet(models.QuerySet):
    def active(self):
        """Files in force: neither replaced by a newer upload nor withdrawn."""
        return self.filter(superseded_by__isnull=True, revoked_at__isnull=True)


class DossierFile(models.Model):
    """One uploaded document of a proposal's dossier (hồ sơ, Law Art. 84): a signed scan or a
    Word file, for the whole proposal (tờ trình, biên bản) or for one nominee (báo cáo thành
    tích, văn bản công nhận sáng kiến). Never deleted: a replacement points the old row to the
    new one (`superseded_by`), a withdrawal sets `revoked_at` with a reason."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("tờ trình"), on_delete=models.PROTECT, related_name="dossier_files"
    )
    nominee = models.ForeignKey(
        Nominee,
        verbose_name=_("đối tượng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossier_files",
    )
    document = models.CharField(_("thành phần hồ sơ"), max_length=60)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    file = models.FileField(_("tệp"), upload_to=dossier_upload_to, max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"))
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("được thay bằng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
    )
    revoked_at = models.DateTimeField(_("rút lúc"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người rút"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoke_reason = models.TextField(_("lý do rút"), blank=True)

    objects = DossierFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("tệp hồ sơ")
        verbose_name_plural = _("tệp hồ sơ")
        ordering = ["proposal", "document", "nominee", "uploaded_at", "id"]
        indexes = [models.Index(fields=["proposal", "document"])]

    def __str__(self) -> str:
        return f"{self.document}: {self.original_name}"

    @property
    def is_active(self) -> bool:
        return self.superseded_by_id is None and self.revoked_at is None
