"""The receiving office's appraisal around `services.nominee_appraise`: who may be assigned, the
lower honours an appraiser may choose, appraisal with the unit notified of the result, and
re-appraisal (a nominee back to "accepted").

Writes go through `services.set_proposal_state / set_nominee_state` (conditional UPDATE, "who
acted first" message), so two appraisers acting at once cannot both win.
"""

from __future__ import annotations

from collections import Counter

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tdkt.catalog.models import Honour
from tdkt.nominations import rules as perms
from tdkt.nominations import services
from tdkt.nominations.enums import (
    NOMINEE_APPRAISED,
    AppraisalDecision,
    EventKind,
    NomineeState,
    ProposalState,
)
from tdkt.nominations.models import Nominee, Proposal

#: Honour levels from the lowest up (a lower form of another category must be of a lower level).
LEVEL_ORDER = {"co_so": 1, "tinh": 2, "nha_nuoc": 3}

#: Proposal states in which nominees are appraised or re-appraised.
APPRAISAL_OPEN = (ProposalState.RECEIVED, ProposalState.APPRAISING, ProposalState.APPRAISED)


def office_specialists(proposal: Proposal) -> QuerySet:
    """Active users holding the specialist role on the round's issuing unit (or above it)."""
    from tdkt.accounts.models import RoleGrant, User

    path = proposal.round.issuing_unit.path
    grants = RoleGrant.objects.filter(
        role="specialist", revoked_at__isnull=True, unit__path__in=_prefixes(path)
    )
    return (
        User.objects.filter(is_active=True, pk__in=grants.values("user_id"))
        .distinct()
        .order_by("full_name", "username")
    )


def _prefixes(path: str) -> list[str]:
    """Every ancestor path of a materialised path ("1.4.9." → "1.", "1.4.", "1.4.9.")."""
    parts = [p for p in path.split(".") if p]
    return [".".join(parts[:i]) + "." for i in range(1, len(parts) + 1)]


def lower_honours(target: Honour, subject_kind: str) -> list[Honour]:
    """Honours an appraiser may give instead of `target` ("đồng ý khen hình thức thấp hơn"): of
    the same group with a lower rank, or of the other group at a lower level; for the subject's
    kind, still in force."""
    level = LEVEL_ORDER.get(target.level or "", 0)
    out = []
    for honour in Honour.objects.filter(is_active=True).order_by("category", "-rank", "order"):
        if honour.pk == target.pk:
            continue
        if honour.subject_kinds and subject_kind not in honour.subject_kinds:
            continue
        if honour.category == target.category:
            if honour.rank and target.rank and honour.rank < target.rank:
                out.append(honour)
        elif LEVEL_ORDER.get(honour.level or "", 0) and LEVEL_ORDER[honour.level] < level:
            out.append(honour)
    return out


def appraisal_summary(proposal: Proposal) -> dict[str, int]:
    """How many nominees of the proposal got each appraisal result."""
    counts = Counter(
        proposal.nominees.filter(state__in=NOMINEE_APPRAISED).values_list("state", flat=True)
    )
    return {state: counts.get(state, 0) for state in NOMINEE_APPRAISED}


def _notify_result(proposal: Proposal) -> None:
    summary = appraisal_summary(proposal)
    body = _(
        "Đồng ý: %(agree)s; đồng ý hình thức thấp hơn: %(lower)s; không đồng ý: %(rejected)s; "
        "đề nghị cấp trên khen: %(escalated)s."
    ) % {
        "agree": summary[NomineeState.APPRAISED_AGREE],
        "lower": summary[NomineeState.APPRAISED_LOWER],
        "rejected": summary[NomineeState.REJECTED],
        "escalated": summary[NomineeState.ESCALATED],
    }
    services._notify_later(
        services._unit_users(proposal),
        kind="nominations.appraised",
        title=_("%(proposal)s đã có kết quả thẩm định") % {"proposal": str(proposal)},
        body=body,
        target=proposal,
    )


@transaction.atomic
def nominee_appraise_notified(
    *, nominee: Nominee, actor, decision: str, lower_target=None, note: str = ""
) -> Nominee:
    """`services.nominee_appraise`; when it completes the proposal's appraisal, the submitting
    unit is notified of the results (and a rejected nominee's unit learns the reason at once)."""
    proposal = nominee.proposal
    services.nominee_appraise(
        nominee=nominee, actor=actor, decision=decision, lower_target=lower_target, note=note
    )
    if decision == AppraisalDecision.REJECT:
        services._notify_later(
            services._unit_users(proposal),
            kind="nominations.rejected",
            title=_("%(name)s: thẩm định không đồng ý đề nghị %(target)s")
            % {"name": nominee.subject_name, "target": nominee.target.name},
            body=nominee.appraisal_note,
            target=proposal,
        )
    if proposal.state == ProposalState.APPRAISED:
        _notify_result(proposal)
        # Escalated nominees gathered upward before the last appraisal: mark it now.
        from tdkt.nominations.escalation import mark_proposed_upward

        mark_proposed_upward(proposal, actor=actor)
    return nominee


def reappraisal_blocker(nominee: Nominee) -> str:
    """Why the nominee cannot be appraised again ("" when it can)."""
    if nominee.state not in NOMINEE_APPRAISED:
        return _("%(name)s chưa có kết quả thẩm định.") % {"name": nominee.subject_name}
    if nominee.proposal.state not in APPRAISAL_OPEN:
        return _("%(proposal)s đang ở trạng thái «%(state)s», không thẩm định lại được.") % {
            "proposal": str(nominee.proposal),
            "state": nominee.proposal.get_state_display(),
        }
    # `.all()`: the appraisal page prefetches both relations.
    if any(case.on_agenda for case in nominee.council_cases.all()):
        return _("%(name)s đã được đưa vào phiên họp hội đồng.") % {"name": nominee.subject_name}
    if any(n.state != NomineeState.WITHDRAWN for n in nominee.escalations.all()):
        return _("%(name)s đã được tổng hợp vào tờ trình đề nghị cấp trên.") % {
            "name": nominee.subject_name
        }
    return ""


@transaction.atomic
def nominee_reappraise(*, nominee: Nominee, actor, seen: str | None = None, reason: str = ""):
    """Take an appraised nominee back to "accepted" to appraise it again (the proposal back to
    "appraising" when it was appraised). `seen` is the state the page showed: when another
    user changed the nominee first, the message says who."""
    proposal = nominee.proposal
    services._require(perms.is_receiving_office, actor, nominee, services._office_denied(proposal))
    if seen:
        nominee.state = seen
    blocker = reappraisal_blocker(nominee)
    if blocker:
        services._fail("nominee", blocker)
    if proposal.state == ProposalState.APPRAISED:
        services.set_proposal_state(proposal, ProposalState.APPRAISING, actor=actor, reason=reason)
    services.set_nominee_state(
        nominee,
        NomineeState.ACCEPTED,
        actor=actor,
        reason=reason,
        kind=EventKind.APPRAISING,
        changes={"appraisal_note": "", "lower_target": None},
    )
    return nominee
