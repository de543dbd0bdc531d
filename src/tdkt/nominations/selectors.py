"""Reads: the proposals a user may see, the dashboard counts and a proposal's history."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from tdkt.accounts.selectors import user_scope
from tdkt.calendar_vn.services import due_soon
from tdkt.nominations.enums import NomineeState, ProposalState
from tdkt.nominations.models import Nominee, Proposal, ProposalEvent

#: Roles that see the proposals of the units they cover (the submitting side).
UNIT_ROLES = ("officer", "head", "admin", "auditor")
#: Roles that see the proposals sent to the issuing units they cover (the receiving office).
OFFICE_ROLES = ("specialist", "council")
#: Proposal states in which the office has work and a deadline.
IN_APPRAISAL = (ProposalState.RECEIVED, ProposalState.APPRAISING)


def proposals_for(user) -> QuerySet[Proposal]:
    """Proposals of the units under the user's officer/head/admin/auditor scope, and proposals
    sent (not drafts) to issuing units under the user's specialist/council scope."""
    unit_scope = user_scope(user, UNIT_ROLES)
    office_scope = user_scope(user, OFFICE_ROLES)
    qs = Proposal.objects.select_related(
        "round", "round__issuing_unit", "unit", "assigned_specialist", "received_by"
    )
    if unit_scope.is_global or office_scope.is_global:
        return qs
    q = Q(pk__in=[])
    if not unit_scope.is_empty:
        q |= unit_scope.q("unit__")
    if not office_scope.is_empty:
        q |= office_scope.q("round__issuing_unit__") & ~Q(state=ProposalState.DRAFT)
    return qs.filter(q)


def dashboard_counts(user, *, within_working_days: int = 2, today=None) -> dict[str, int]:
    """What needs attention: proposals waiting to be received, due soon and overdue (appraisal
    deadline in working days), and returned proposals and nominees."""
    proposals = proposals_for(user)
    deadlines = proposals.filter(state__in=IN_APPRAISAL, due_on__isnull=False).values_list(
        "pk", "due_on"
    )
    report = due_soon(deadlines, within_working_days=within_working_days, today=today)
    returned_nominees = (
        Nominee.objects.filter(proposal__in=proposals.values("pk"), state=NomineeState.RETURNED)
        .exclude(proposal__state=ProposalState.RETURNED)
        .count()
    )
    return {
        "waiting": proposals.filter(state=ProposalState.SUBMITTED).count(),
        "due": len(report.due_soon),
        "overdue": len(report.overdue),
        "returned": proposals.filter(state=ProposalState.RETURNED).count(),
        "returned_nominees": returned_nominees,
    }


def proposal_history(proposal: Proposal) -> QuerySet[ProposalEvent]:
    """Every step of the proposal and of its nominees, oldest first."""
    return (
        ProposalEvent.objects.filter(proposal=proposal)
        .select_related(
            "actor", "nominee", "nominee__person", "nominee__collective", "nominee__household"
        )
        .order_by("at", "id")
    )
