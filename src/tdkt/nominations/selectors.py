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


# --------------------------------------------------------------------------- back-office screens


def _ancestor_paths(path: str) -> list[str]:
    """The strict ancestors' paths of a materialised path ("1.2.3." -> ["1.", "1.2."])."""
    parts = [p for p in path.split(".") if p]
    return [".".join(parts[:i]) + "." for i in range(1, len(parts))]


def rounds_for(user):
    """Rounds the user may see: those of an issuing unit in any of the user's scopes, and the
    opened (not draft) rounds one of the units the user submits for may send proposals to."""
    from django.db.models import Exists, OuterRef

    from tdkt.nominations.enums import RoundState
    from tdkt.nominations.models import Round
    from tdkt.nominations.rules import SUBMITTER_ROLES

    qs = Round.objects.select_related("issuing_unit", "award_type")
    scope = user_scope(user)
    if scope.is_global:
        return qs
    if scope.is_empty:
        return qs.none()
    q = scope.q("issuing_unit__")
    submit = user_scope(user, SUBMITTER_ROLES)
    if not submit.is_empty:
        listed = Round.submitting_units.through.objects.filter(round_id=OuterRef("pk")).filter(
            submit.q("unit__")
        )
        any_listed = Round.submitting_units.through.objects.filter(round_id=OuterRef("pk"))
        ancestors = sorted({a for p in submit.paths for a in _ancestor_paths(p)})
        open_to_all = ~Q(Exists(any_listed)) & (
            Q(issuing_unit__path__in=ancestors) | submit.q("issuing_unit__")
        )
        q |= ~Q(state=RoundState.DRAFT) & (Q(Exists(listed)) | open_to_all)
    return qs.filter(q)


def submit_units_for(user, round_):
    """The current units `user` may draft a proposal for in `round_` (officer, head or admin
    scope, and allowed to submit by the round)."""
    from tdkt.nominations.rules import SUBMITTER_ROLES
    from tdkt.orgs.models import Unit

    scope = user_scope(user, SUBMITTER_ROLES)
    if scope.is_empty:
        return Unit.objects.none()
    listed = round_.submitting_units.all()
    if listed.exists():
        qs = Unit.objects.filter(pk__in=listed.values("pk"))
    else:
        qs = Unit.objects.subtree(round_.issuing_unit).exclude(pk=round_.issuing_unit_id)
    return scope.filter(qs.current()).order_by("path")


def with_nominee_counts(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """Proposals annotated with `nominee_count` (active nominees), `eligible_count` and
    `returned_count`."""
    from django.db.models import Count

    from tdkt.nominations.enums import NOMINEE_INACTIVE

    active = ~Q(nominees__state__in=sorted(NOMINEE_INACTIVE))
    return proposals.annotate(
        nominee_count=Count("nominees", filter=active, distinct=True),
        eligible_count=Count(
            "nominees",
            filter=active & (Q(nominees__eligible=True) | Q(nominees__override_by__isnull=False)),
            distinct=True,
        ),
        returned_count=Count(
            "nominees", filter=Q(nominees__state=NomineeState.RETURNED), distinct=True
        ),
    )


def proposal_nominees(proposal: Proposal) -> QuerySet[Nominee]:
    """The nominees of a proposal in order, with what their rows show."""
    return proposal.nominees.select_related(
        "person",
        "person__unit",
        "collective",
        "household",
        "target",
        "override_by",
        "lower_target",
        "appraised_by",
    ).order_by("order", "id")


def proposal_quotas(proposal: Proposal, nominees=None) -> list[dict]:
    """The regime's quota lines for the proposal's list: the active nominees per target against
    the base (the base title's nominees in this proposal plus the valid awards of that title
    for the round's year in the unit's subtree)."""
    from django.db.models import Count

    from tdkt.nominations.enums import NOMINEE_INACTIVE
    from tdkt.orgs.models import subtree_lookup
    from tdkt.registry.enums import RecordStatus
    from tdkt.registry.models import AwardRecord
    from tdkt.rules.services import pack_for_year, quota_report, quota_rules

    year = proposal.round.year
    pack = pack_for_year(year)
    rules_ = quota_rules(pack)
    if not rules_:
        return []
    if nominees is None:
        nominees = proposal.nominees.all()
    counts: dict[str, int] = {}
    for nominee in nominees:
        if nominee.state not in NOMINEE_INACTIVE:
            counts[nominee.target_id] = counts.get(nominee.target_id, 0) + 1
    bases = {r["base"] for r in rules_ if "base" in r}
    base_counts = {b: counts.get(b, 0) for b in bases}
    if bases:
        held = (
            AwardRecord.objects.filter(
                honour_id__in=sorted(bases),
                year_to=year,
                status=RecordStatus.VALID,
                **subtree_lookup(proposal.unit.path, "unit_at_time__"),
            )
            .order_by()
            .values("honour_id")
            .annotate(n=Count("pk"))
        )
        for row in held:
            base_counts[row["honour_id"]] = base_counts.get(row["honour_id"], 0) + row["n"]
    targets = {r["target"] for r in rules_ if "target" in r}
    eligible = {t: counts[t] for t in targets if t in counts}
    return quota_report(
        pack,
        year=year,
        unit_name=proposal.unit.name,
        eligible=eligible,
        base_counts=base_counts,
    )


# --------------------------------------------------------------------------- work dashboard


def office_proposals_for(user) -> QuerySet[Proposal]:
    """Sent proposals (not drafts) of rounds whose issuing unit the user serves as receiving
    office (specialist, officer or admin scope)."""
    from tdkt.nominations.rules import OFFICE_ROLES as ACTING_OFFICE_ROLES

    scope = user_scope(user, ACTING_OFFICE_ROLES)
    qs = Proposal.objects.select_related(
        "round", "round__issuing_unit", "unit", "assigned_specialist"
    ).exclude(state=ProposalState.DRAFT)
    if scope.is_empty:
        return qs.none()
    return scope.filter(qs, "round__issuing_unit__")


def unit_proposals_for(user) -> QuerySet[Proposal]:
    """Proposals of the units the user submits for (officer, head or admin scope)."""
    from tdkt.nominations.rules import SUBMITTER_ROLES

    scope = user_scope(user, SUBMITTER_ROLES)
    qs = Proposal.objects.select_related("round", "round__issuing_unit", "unit")
    if scope.is_empty:
        return qs.none()
    return scope.filter(qs, "unit__")


def escalated_by_round(proposals: QuerySet[Proposal]) -> list[dict]:
    """Per round of `proposals`: how many nominees appraised "đề nghị cấp trên khen" are not
    yet gathered into the office's proposal upward (``{"round_id", "round__name", "n"}``)."""
    from django.db.models import Count, Exists, OuterRef

    gathered = Nominee.objects.filter(source=OuterRef("pk")).exclude(state=NomineeState.WITHDRAWN)
    return list(
        Nominee.objects.filter(proposal__in=proposals.values("pk"), state=NomineeState.ESCALATED)
        .exclude(Exists(gathered))
        .order_by()
        .values("round_id", "round__name")
        .annotate(n=Count("pk"))
        .order_by("round__name")
    )


def rounds_closing_for(user, *, today, within_working_days: int = 5) -> list:
    """Open rounds the user's units may submit to whose submission deadline falls within
    `within_working_days` working days (each as a calendar `DueItem`, deadline order)."""
    from tdkt.nominations.enums import RoundState
    from tdkt.nominations.models import Round
    from tdkt.nominations.rules import SUBMITTER_ROLES

    scope = user_scope(user, SUBMITTER_ROLES)
    if scope.is_empty:
        return []
    rounds = (
        Round.objects.filter(state=RoundState.OPEN, submit_deadline__gte=today)
        .select_related("issuing_unit")
        .prefetch_related("submitting_units")
    )

    def open_to_user(r) -> bool:
        if scope.is_global:
            return True
        listed = list(r.submitting_units.all())
        if listed:
            return any(scope.contains_path(u.path) for u in listed)
        issuing = r.issuing_unit.path
        return any(p.startswith(issuing) and p != issuing for p in scope.paths)

    pairs = [(r, r.submit_deadline) for r in rounds if open_to_user(r)]
    return due_soon(pairs, within_working_days=within_working_days, today=today).due_soon


def work_dashboard(
    user, *, today, within_working_days: int = 2, round_working_days: int = 5, limit: int = 10
) -> dict:
    """What the user has to do, as sections ``{"count", "items"}`` (at most `limit` items each,
    in a constant number of queries):

    * the receiving office (``office`` is None without an office role on a unit issuing
      rounds): proposals waiting to
      be received, overdue and due soon appraisals (deadline in working days), proposals
      assigned to the user, appraised proposals waiting for the council, and escalated
      nominees not yet gathered upward (per round);
    * the submitting units (``unit`` is None without an officer/head role): drafts, returned
      proposals and single returned nominees with their reasons, open rounds closing soon.
    """
    from tdkt.nominations.rules import OFFICE_ROLES as ACTING_OFFICE_ROLES
    from tdkt.nominations.rules import SUBMITTER_ROLES

    def section(qs) -> dict:
        return {"count": qs.count(), "items": list(qs[:limit])}

    from tdkt.nominations.models import Round

    result: dict = {"office": None, "unit": None}
    office_scope = user_scope(user, ACTING_OFFICE_ROLES)
    # The office section for users whose units issue rounds (a commune officer is the office of
    # the commune's own rounds, if it runs any).
    if not office_scope.is_empty and office_scope.filter(Round.objects, "issuing_unit__").exists():
        office = office_proposals_for(user)
        deadlines = list(
            office.filter(state__in=IN_APPRAISAL, due_on__isnull=False)
            .order_by("due_on", "pk")
            .values_list("pk", "due_on")
        )
        report = due_soon(deadlines, within_working_days=within_working_days, today=today)
        shown = [i.obj for i in report.overdue[:limit]] + [i.obj for i in report.due_soon[:limit]]
        objects = office.in_bulk(shown)

        def due_section(items) -> dict:
            return {
                "count": len(items),
                # Working days left, or (overdue) elapsed since the deadline.
                "items": [(objects[i.obj], abs(i.working_days_left)) for i in items[:limit]],
            }

        escalated = escalated_by_round(office)
        result["office"] = {
            "waiting": section(
                office.filter(state=ProposalState.SUBMITTED).order_by("submitted_at", "pk")
            ),
            "overdue": due_section(report.overdue),
            "due": due_section(report.due_soon),
            "mine": section(
                office.filter(assigned_specialist=user, state__in=IN_APPRAISAL).order_by(
                    "due_on", "pk"
                )
            ),
            "appraised": section(
                office.filter(state=ProposalState.APPRAISED).order_by("state_changed_at", "pk")
            ),
            "resubmitted": section(
                office.filter(state__in=IN_APPRAISAL, nominees__state=NomineeState.SUBMITTED)
                .distinct()
                .order_by("due_on", "pk")
            ),
            "escalated": {"count": sum(r["n"] for r in escalated), "items": escalated},
        }
    if not user_scope(user, SUBMITTER_ROLES).is_empty:
        mine = unit_proposals_for(user)
        returned_nominees = (
            Nominee.objects.filter(proposal__in=mine.values("pk"), state=NomineeState.RETURNED)
            .exclude(proposal__state=ProposalState.RETURNED)
            .select_related(
                "proposal", "proposal__unit", "target", "person", "collective", "household"
            )
            .order_by("-updated", "-pk")
        )
        closing = rounds_closing_for(user, today=today, within_working_days=round_working_days)
        result["unit"] = {
            "drafts": section(mine.filter(state=ProposalState.DRAFT).order_by("-updated", "-pk")),
            "returned": section(
                mine.filter(state=ProposalState.RETURNED).order_by("-state_changed_at", "-pk")
            ),
            "returned_nominees": section(returned_nominees),
            "rounds": {
                "count": len(closing),
                "items": [(i.obj, i.working_days_left) for i in closing[:limit]],
            },
        }
    return result
