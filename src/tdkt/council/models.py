"""The emulation and commendation council (Hội đồng Thi đua – Khen thưởng) and its secret ballot.

A council belongs to a unit; its members hold a role for a period. A session (phiên họp) goes
draft → open (attendance) → voting (window open) → closed (results frozen into CaseResult), or is
cancelled. Each case (nội dung biểu quyết) proposes one honour for one subject.

Secret ballot (bỏ phiếu kín) — see `Ballot` for how the stored rows keep choices unlinkable.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tdkt.catalog.models import ValidityQuerySet
from tdkt.common.models import TimestampedModel
from tdkt.council.enums import Choice, MemberRole, SessionState
from tdkt.registry.models import ONE_SUBJECT, SubjectModel


class Council(TimestampedModel):
    name = models.CharField(_("tên hội đồng"), max_length=255)
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị (cơ quan có hội đồng)"),
        on_delete=models.PROTECT,
        related_name="councils",
    )
    valid_from = models.DateField(_("hoạt động từ"), null=True, blank=True)
    valid_to = models.DateField(_("hoạt động đến"), null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("hội đồng thi đua – khen thưởng")
        verbose_name_plural = _("hội đồng thi đua – khen thưởng")
        ordering = ["unit__path", "-valid_from", "id"]

    def __str__(self) -> str:
        return self.name


class CouncilMember(TimestampedModel):
    """A member of a council for a period. `votes` is false for a secretary who is not also a
    member of the council (thư ký không phải thành viên thì không biểu quyết)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.PROTECT,
        related_name="council_memberships",
    )
    role = models.CharField(_("chức danh"), max_length=20, choices=MemberRole.choices)
    votes = models.BooleanField(_("có quyền biểu quyết"), default=True)
    title = models.CharField(_("chức vụ công tác"), max_length=255, blank=True)
    valid_from = models.DateField(_("từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("thành viên hội đồng")
        verbose_name_plural = _("thành viên hội đồng")
        ordering = ["council", "role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="council_member_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    @property
    def name(self) -> str:
        return str(self.user)


class Session(TimestampedModel):
    """A meeting of a council (phiên họp). `rules_overlay` optionally names a province/ministry
    overlay pack of the rules engine whose vote rules apply to this session instead of the
    installation's (the per-session vote-rule override)."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="sessions")
    date = models.DateField(_("ngày họp"))
    title = models.CharField(_("tiêu đề"), max_length=255)
    location = models.CharField(_("địa điểm"), max_length=255, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=SessionState.choices, default=SessionState.DRAFT
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
    rules_overlay = models.CharField(
        _("bộ quy định biểu quyết riêng"),
        max_length=40,
        blank=True,
        help_text=_("Mã bộ quy định bổ sung (overlay) áp dụng cho phiên này; để trống: mặc định."),
    )

    class Meta:
        verbose_name = _("phiên họp hội đồng")
        verbose_name_plural = _("phiên họp hội đồng")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d/%m/%Y})"


class Case(SubjectModel):
    """One item on the agenda: a subject proposed for an honour. The subject is a person, a
    collective or a household (as in the registry) or, for a subject not in the system, a free
    `subject_label` with no foreign key. A case taken from a round (`services.cases_from_round`)
    keeps its `nominee`; closing the session moves that nominee to voted_passed/voted_failed."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="cases")
    subject_label = models.CharField(_("đối tượng (ghi tên)"), max_length=255, blank=True)
    honour = models.ForeignKey(
        "catalog.Honour",
        verbose_name=_("danh hiệu, hình thức đề nghị"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_date = models.DateField(
        _("ngày xét"), help_text=_("Dùng để chọn quy định biểu quyết có hiệu lực.")
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    paper_counted = models.BooleanField(_("kiểm phiếu giấy"), default=False)
    nominee = models.ForeignKey(
        "nominations.Nominee",
        verbose_name=_("đối tượng được đề nghị (đợt xét)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="council_cases",
    )
    on_agenda = models.BooleanField(
        _("còn trong chương trình"),
        default=True,
        help_text=_("Sai khi phiên họp bị hủy: đối tượng có thể đưa vào phiên họp khác."),
    )

    class Meta:
        verbose_name = _("nội dung biểu quyết")
        verbose_name_plural = _("nội dung biểu quyết")
        ordering = ["session", "order", "id"]
        constraints = [
            models.CheckConstraint(
                # One registry subject, or none and a free label (e.g. a collective outside
                # the registry).
                condition=ONE_SUBJECT
                | (
                    Q(person__isnull=True, collective__isnull=True, household__isnull=True)
                    & ~Q(subject_label="")
                ),
                name="council_case_one_subject",
            ),
            # A nominee is on the agenda of at most one session that is not cancelled
            # (`on_agenda` turns false when its session is cancelled).
            models.UniqueConstraint(
                fields=["nominee"],
                condition=Q(nominee__isnull=False, on_agenda=True),
                name="council_case_nominee_once",
                violation_error_message=_(
                    "Đối tượng này đã có trong chương trình một phiên họp hội đồng."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.subject_name} – {self.honour_id}"

    @property
    def subject_name(self) -> str:
        subject = self.subject
        return str(subject) if subject is not None else self.subject_label


class Attendance(TimestampedModel):
    """Whether a member attended (`present`); an absent member may send a written opinion
    (`written_ballot`, phiếu lấy ý kiến bằng văn bản) entered by the secretary."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField(_("có mặt"), default=False)
    written_ballot = models.BooleanField(_("gửi phiếu bằng văn bản"), default=False)

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="council_attendance_once"),
            models.CheckConstraint(
                condition=Q(present=False) | Q(written_ballot=False),
                name="council_attendance_written_if_absent",
            ),
        ]

    def __str__(self) -> str:
        text = gettext("%(member)s: có mặt") if self.present else gettext("%(member)s: vắng")
        return text % {"member": self.member_id}


class BallotParticipation(models.Model):
    """THAT a member voted on a case — never how. One per (case, member).

    No choice, no channel, no timestamp (the session date is the finest time stored) and a random
    UUID key (an autoincrement id would record the order of voting). Written in the same
    transaction as the member's anonymous `Ballot`.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participations")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("lượt tham gia bỏ phiếu")
        verbose_name_plural = _("lượt tham gia bỏ phiếu")
        constraints = [
            models.UniqueConstraint(fields=["case", "member"], name="council_vote_once_per_case")
        ]

    def __str__(self) -> str:
        return gettext("%(member)s đã bỏ phiếu") % {"member": self.member_id}


class Ballot(models.Model):
    """One anonymous ballot (lá phiếu) of a case: a choice, nothing else.

    Secrecy by construction — nothing stored links a ballot to a member:

    * no member or user column, no timestamp (neither here nor on `BallotParticipation`), and a
      random UUID primary key instead of an autoincrement id, whose order would replay the order
      of voting; the only column shared with `BallotParticipation` is `case_id`, so for a case the
      stored rows are the same whichever member chose what (tests/council/test_secrecy.py);
    * the ballot and the participation are inserted in one transaction (participation first,
      guarded by UNIQUE(case, member)), so ballots always equal participations per case;
    * the application reads ballots only aggregated per case with GROUP BY (selectors return
      counts; there is no list of ballots, no admin change list, no API);
    * physical insertion order and PostgreSQL system columns (ctid; xmin, the transaction ids of
      a ballot and of its participation being adjacent) could still correlate rows for someone
      with raw SQL access while voting is open. When the session closes the ballots and
      participations of every case are rewritten in one transaction in a canonical order
      (choice; member) with new UUIDs ("niêm phong"), so afterwards even those columns link
      nothing (run VACUUM to purge the dead tuples from the pages).

    A ballot does not record how it was cast (electronic, written, paper): a case with a single
    written opinion from an absent member would otherwise show that member's choice. Who gave a
    written opinion is on their `Attendance`; paper counting is a flag of the `Case`.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="ballots")
    choice = models.CharField(_("lựa chọn"), max_length=10, choices=Choice.choices)

    class Meta:
        verbose_name = _("phiếu bầu")
        verbose_name_plural = _("phiếu bầu")
        default_permissions = ()

    def __str__(self) -> str:
        return gettext("Phiếu kín")


class CaseResultQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Kết quả biểu quyết đã khóa, không được sửa.")


class CaseResult(models.Model):
    """The frozen result of a case, computed once when the session closes (rules engine `tally`:
    quorum, threshold and denominator of the vote rule in force on `case.decision_date`)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="result")
    members_total = models.PositiveIntegerField(_("tổng số thành viên"))
    members_present = models.PositiveIntegerField(_("số thành viên có mặt"))
    votes_yes = models.PositiveIntegerField(_("số phiếu đồng ý"))
    votes_no = models.PositiveIntegerField(_("số phiếu không đồng ý"))
    votes_abstain = models.PositiveIntegerField(_("số phiếu không biểu quyết"))
    votes_written = models.PositiveIntegerField(_("trong đó phiếu bằng văn bản"), default=0)
    quorum_met = models.BooleanField(_("đủ số thành viên dự họp"))
    threshold = models.DecimalField(_("tỷ lệ yêu cầu"), max_digits=6, decimal_places=4)
    denominator = models.CharField(_("cách tính tỷ lệ"), max_length=20)
    required_yes = models.PositiveIntegerField(_("số phiếu đồng ý cần đạt"))
    passed = models.BooleanField(_("đạt"))
    rule_basis = models.CharField(pgettext_lazy("field", "căn cứ"), max_length=500, blank=True)
    computed_at = models.DateTimeField(_("khóa lúc"), auto_now_add=True)

    objects = CaseResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("kết quả biểu quyết")
        verbose_name_plural = _("kết quả biểu quyết")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.case}: {'Đạt' if self.passed else 'Không đạt'}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Kết quả biểu quyết đã khóa, không được sửa.")
        super().save(*args, **kwargs)
