"""Reads for the decision screens: scope-checked access (outside the round's office: 404) and
the lists of a round's page with a constant number of queries."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from tdkt.accounts.selectors import user_scope
from tdkt.awarding.models import DecisionDraft, DraftLine, DraftState
from tdkt.nominations.models import Nominee, Round

OFFICE_ROLES = ("specialist", "officer", "admin")


def rounds_for_office(user) -> QuerySet:
    """Rounds whose issuing unit is in the user's office scope (specialist, officer, admin)."""
    return user_scope(user, OFFICE_ROLES).filter(Round.objects.all(), "issuing_unit__")


def access_round(user, pk) -> Round:
    try:
        return rounds_for_office(user).select_related("issuing_unit", "award_type").get(pk=pk)
    except (Round.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def drafts_for(user) -> QuerySet:
    return user_scope(user, OFFICE_ROLES).filter(DecisionDraft.objects.all(), "issuing_unit__")


def access_draft(user, pk) -> DecisionDraft:
    try:
        return (
            drafts_for(user)
            .select_related(
                "round__issuing_unit",
                "round__award_type",
                "issuing_unit__parent",
                "honour",
                "registry_decision",
                "created_by",
                "state_changed_by",
            )
            .get(pk=pk)
        )
    except (DecisionDraft.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def passed_without_draft(round: Round) -> QuerySet:
    """The round's nominees passed by the council and in no live draft, ready to list."""
    from tdkt.awarding.services import passed_nominees

    return passed_nominees(round).select_related(
        "person", "collective", "household", "target", "lower_target", "proposal__unit"
    )


def round_drafts(round: Round) -> QuerySet:
    """The round's drafts with their line count and total bonus (one query)."""
    return (
        DecisionDraft.objects.filter(round=round)
        .select_related("honour", "registry_decision", "created_by")
        .annotate(line_count=Count("lines"), bonus_total=Sum("lines__bonus_amount"))
        .order_by("-created", "-id")
    )


def draft_lines(draft: DecisionDraft) -> QuerySet:
    qs = DraftLine.objects.filter(draft=draft)
    if draft.state == DraftState.DRAFT:
        qs = qs.filter(active=True)
    return qs.select_related(
        "person", "collective", "household", "honour", "unit", "award_record"
    ).order_by("order", "id")


def round_counts(round: Round) -> dict[str, int]:
    """How many nominees of the round passed, are awarded, are waiting for a decision."""
    from tdkt.nominations.enums import NomineeState

    row = Nominee.objects.filter(round=round).aggregate(
        passed=Count("pk", filter=Q(state=NomineeState.VOTED_PASSED)),
        awarded=Count("pk", filter=Q(state=NomineeState.AWARDED)),
    )
    return {"passed": row["passed"] or 0, "awarded": row["awarded"] or 0}
