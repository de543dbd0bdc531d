"""States, transitions and the procedure's default time limits of rounds, proposals and nominees.

The time limits are data: each round stores its own `appraisal_working_days`; the defaults below
(overridable in settings: ``TDKT_APPRAISAL_WORKING_DAYS = {"standard": 20, "simplified": 10}``)
only pre-fill a new round, since the statutory limits per step are not verified (legal-rules §7.3).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

#: Working days the receiving office has to appraise a complete dossier, by procedure.
DEFAULT_APPRAISAL_WORKING_DAYS = {"standard": 20, "simplified": 10}


class RoundState(models.TextChoices):
    DRAFT = "draft", _("Đang chuẩn bị")
    OPEN = "open", _("Đang nhận hồ sơ")
    CLOSED = "closed", _("Hết hạn nhận hồ sơ")
    DECIDED = "decided", _("Đã quyết định")
    CANCELLED = "cancelled", _("Đã hủy")


ROUND_TRANSITIONS: dict[str, frozenset[str]] = {
    RoundState.DRAFT: frozenset({RoundState.OPEN, RoundState.CANCELLED}),
    RoundState.OPEN: frozenset({RoundState.CLOSED, RoundState.CANCELLED}),
    RoundState.CLOSED: frozenset({RoundState.OPEN, RoundState.DECIDED, RoundState.CANCELLED}),
    RoundState.DECIDED: frozenset(),
    RoundState.CANCELLED: frozenset(),
}


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi")
    RECEIVED = "received", _("Đã tiếp nhận")
    RETURNED = "returned", _("Bị trả lại")
    APPRAISING = "appraising", _("Đang thẩm định")
    APPRAISED = "appraised", _("Đã thẩm định")
    PROPOSED_UPWARD = "proposed_upward", _("Đã đề nghị cấp trên")
    CLOSED = "closed", _("Đã kết thúc")


PROPOSAL_TRANSITIONS: dict[str, frozenset[str]] = {
    ProposalState.DRAFT: frozenset({ProposalState.SUBMITTED}),
    ProposalState.SUBMITTED: frozenset({ProposalState.RECEIVED, ProposalState.RETURNED}),
    ProposalState.RECEIVED: frozenset({ProposalState.APPRAISING, ProposalState.RETURNED}),
    ProposalState.RETURNED: frozenset({ProposalState.DRAFT, ProposalState.SUBMITTED}),
    ProposalState.APPRAISING: frozenset({ProposalState.APPRAISED, ProposalState.RETURNED}),
    ProposalState.APPRAISED: frozenset(
        {ProposalState.APPRAISING, ProposalState.PROPOSED_UPWARD, ProposalState.CLOSED}
    ),
    ProposalState.PROPOSED_UPWARD: frozenset({ProposalState.CLOSED}),
    ProposalState.CLOSED: frozenset(),
}

#: Proposal states in which the submitting unit may edit its nominees.
PROPOSAL_EDITABLE = frozenset({ProposalState.DRAFT, ProposalState.RETURNED})


class NomineeState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi")
    RETURNED = "returned", _("Bị trả lại")
    ACCEPTED = "accepted", _("Đã tiếp nhận")
    APPRAISED_AGREE = "appraised_agree", _("Thẩm định: đồng ý")
    APPRAISED_LOWER = "appraised_lower", _("Thẩm định: khen hình thức thấp hơn")
    REJECTED = "rejected", _("Thẩm định: không đồng ý")
    ESCALATED = "escalated", _("Đề nghị cấp trên khen")
    VOTED_PASSED = "voted_passed", _("Hội đồng: đạt")
    VOTED_FAILED = "voted_failed", _("Hội đồng: không đạt")
    AWARDED = "awarded", _("Đã khen thưởng")
    WITHDRAWN = "withdrawn", _("Đã rút khỏi tờ trình")


_VOTABLE = frozenset({NomineeState.VOTED_PASSED, NomineeState.VOTED_FAILED})

NOMINEE_TRANSITIONS: dict[str, frozenset[str]] = {
    NomineeState.DRAFT: frozenset({NomineeState.SUBMITTED, NomineeState.WITHDRAWN}),
    NomineeState.SUBMITTED: frozenset({NomineeState.ACCEPTED, NomineeState.RETURNED}),
    NomineeState.RETURNED: frozenset(
        {NomineeState.DRAFT, NomineeState.SUBMITTED, NomineeState.WITHDRAWN}
    ),
    NomineeState.ACCEPTED: frozenset(
        {
            NomineeState.APPRAISED_AGREE,
            NomineeState.APPRAISED_LOWER,
            NomineeState.REJECTED,
            NomineeState.ESCALATED,
            NomineeState.RETURNED,
        }
    ),
    NomineeState.APPRAISED_AGREE: _VOTABLE | {NomineeState.ACCEPTED},
    NomineeState.APPRAISED_LOWER: _VOTABLE | {NomineeState.ACCEPTED},
    NomineeState.REJECTED: frozenset({NomineeState.ACCEPTED}),
    NomineeState.ESCALATED: _VOTABLE | {NomineeState.ACCEPTED},
    NomineeState.VOTED_PASSED: frozenset({NomineeState.AWARDED}),
    NomineeState.VOTED_FAILED: frozenset(),
    NomineeState.AWARDED: frozenset(),
    NomineeState.WITHDRAWN: frozenset(),
}

#: Nominee states that no longer hold the (round, subject, target) place.
NOMINEE_INACTIVE = frozenset(
    {NomineeState.REJECTED, NomineeState.VOTED_FAILED, NomineeState.WITHDRAWN}
)
#: Nominee states the unit edits (and that are sent again on resubmission).
NOMINEE_EDITABLE = frozenset({NomineeState.DRAFT, NomineeState.RETURNED})
#: Nominee states with an appraisal result.
NOMINEE_APPRAISED = frozenset(
    {
        NomineeState.APPRAISED_AGREE,
        NomineeState.APPRAISED_LOWER,
        NomineeState.REJECTED,
        NomineeState.ESCALATED,
    }
)


class AppraisalDecision(models.TextChoices):
    AGREE = "agree", _("Đồng ý")
    LOWER = "lower", _("Đồng ý khen hình thức thấp hơn")
    REJECT = "reject", _("Không đồng ý")
    ESCALATE = "escalate", _("Đề nghị cấp trên khen")


APPRAISAL_STATES = {
    AppraisalDecision.AGREE: NomineeState.APPRAISED_AGREE,
    AppraisalDecision.LOWER: NomineeState.APPRAISED_LOWER,
    AppraisalDecision.REJECT: NomineeState.REJECTED,
    AppraisalDecision.ESCALATE: NomineeState.ESCALATED,
}


class EventKind(models.TextChoices):
    CREATED = "created", _("Lập tờ trình")
    SUBMITTED = "submitted", _("Gửi tờ trình")
    RESUBMITTED = "resubmitted", _("Gửi lại sau khi bổ sung")
    RECEIVED = "received", _("Tiếp nhận")
    RETURNED = "returned", _("Trả lại")
    CORRECTING = "correcting", _("Mở lại để bổ sung, sửa")
    ASSIGNED = "assigned", _("Phân công chuyên viên")
    APPRAISING = "appraising", _("Bắt đầu thẩm định")
    APPRAISED = "appraised", _("Thẩm định")
    OVERRIDDEN = "overridden", _("Lãnh đạo đơn vị quyết định đề nghị")
    STATE = "state", _("Chuyển trạng thái")
