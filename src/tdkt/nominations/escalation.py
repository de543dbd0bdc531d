"""Cases that need a higher authority: the nominees the receiving office appraised "đề nghị cấp
trên khen" are gathered into the office's own proposal (tờ trình) in an open round of a higher
level, each new nominee keeping `source` → the original nominee.

The office's proposal belongs to the round's issuing unit (the office's own body): its officer or
head then submits it like any unit's proposal (and the head alone may override a judgement). The
eligibility is judged again under the upper round; the lower unit head's override is not carried
over (it was given to another body).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tdkt.common.audit import audit_log, snapshot
from tdkt.nominations import rules as perms
from tdkt.nominations import services
from tdkt.nominations.enums import (
    NOMINEE_INACTIVE,
    PROPOSAL_EDITABLE,
    EventKind,
    NomineeState,
    ProposalState,
    RoundState,
)
from tdkt.nominations.models import DossierFile, Nominee, Proposal, ProposalEvent, Round


@dataclass
class UpwardResult:
    """What `upward_proposal_create` did: the office proposals written to (created or added
    to), the new nominees, the escalated nominees left out with the reason, and the source
    proposals marked "đã đề nghị cấp trên"."""

    proposals: list[Proposal] = field(default_factory=list)
    created: list[Nominee] = field(default_factory=list)
    skipped: list[tuple[Nominee, str]] = field(default_factory=list)
    marked: list[Proposal] = field(default_factory=list)


def _gathered():
    return Nominee.objects.filter(source=OuterRef("pk")).exclude(state=NomineeState.WITHDRAWN)


def escalated_pending(round: Round) -> QuerySet[Nominee]:
    """The round's nominees appraised "đề nghị cấp trên khen" not yet gathered upward."""
    return (
        Nominee.objects.filter(round=round, state=NomineeState.ESCALATED)
        .exclude(Exists(_gathered()))
        .select_related("proposal", "proposal__unit", "target", "person", "collective", "household")
        .order_by("proposal_id", "order", "id")
    )


def _accepts(upper: Round, unit) -> bool:
    """May `unit` submit in `upper` (prefetched `submitting_units`)?"""
    listed = list(upper.submitting_units.all())
    if listed:
        return any(u.pk == unit.pk for u in listed)
    return unit.pk != upper.issuing_unit_id and unit.path.startswith(upper.issuing_unit.path)


def upper_rounds(round: Round) -> list[Round]:
    """Open rounds of a body above the round's issuing unit that accept its proposals and are
    still within their submission window; the nearest level first, then the earliest deadline.
    Each carries `target_ids` (a set of honour codes)."""
    unit = round.issuing_unit
    today = services._today()
    candidates = (
        Round.objects.filter(
            state=RoundState.OPEN,
            issuing_unit_id__in=unit.ancestor_ids,
            submit_deadline__gte=today,
            opens_on__lte=today,
        )
        .exclude(pk=round.pk)
        .select_related("issuing_unit")
        .prefetch_related("targets", "submitting_units")
    )
    rounds = [r for r in candidates if _accepts(r, unit)]
    for r in rounds:
        r.target_ids = {h.pk for h in r.targets.all()}
    rounds.sort(key=lambda r: (-r.issuing_unit.depth, r.submit_deadline, r.pk))
    return rounds


def _office_proposal(upper: Round, unit, actor, *, note: str) -> tuple[Proposal, bool]:
    """The office's editable proposal in `upper` (the latest), or a new draft."""
    existing = (
        Proposal.objects.filter(round=upper, unit=unit, state__in=PROPOSAL_EDITABLE)
        .order_by("-created", "-id")
        .first()
    )
    if existing is not None:
        return existing, False
    # Created here rather than by `services.proposal_create`: the specialist of the office
    # prepares it; the unit's officer or head submits it.
    proposal = Proposal.objects.create(
        round=upper, unit=unit, note=note, created_by=services._user(actor)
    )
    ProposalEvent.objects.create(
        proposal=proposal,
        kind=EventKind.CREATED,
        actor=services._user(actor),
        at=timezone.now(),
        reason=note,
        version=proposal.version,
    )
    audit_log(
        proposal,
        action="nominations.proposal.create_upward",
        actor=actor,
        after=snapshot(proposal),
        reason=note,
    )
    return proposal, True


def _taken(upper: Round, nominee: Nominee) -> Nominee | None:
    field_name = {"individual": "person", "collective": "collective", "household": "household"}[
        nominee.subject_kind
    ]
    return (
        Nominee.objects.filter(
            round=upper,
            target_id=nominee.target_id,
            **{f"{field_name}_id": getattr(nominee, f"{field_name}_id")},
        )
        .exclude(state__in=NOMINEE_INACTIVE)
        .first()
    )


def _copy(nominee: Nominee, proposal: Proposal, actor, order: int) -> Nominee:
    judgement = services.judge(
        nominee.subject_kind, nominee.subject, nominee.target_id, nominee.year_to
    )
    judgement["override"] = None
    judgement["escalated_from"] = {
        "nominee": nominee.pk,
        "proposal": nominee.proposal_id,
        "round": nominee.round_id,
    }
    upper = Nominee.objects.create(
        round=proposal.round,
        proposal=proposal,
        source=nominee,
        subject_kind=nominee.subject_kind,
        person_id=nominee.person_id,
        collective_id=nominee.collective_id,
        household_id=nominee.household_id,
        target_id=nominee.target_id,
        year_from=nominee.year_from,
        year_to=nominee.year_to,
        achievement_summary=nominee.achievement_summary,
        eligibility=judgement,
        eligible=judgement["eligible"],
        order=order,
    )
    _carry_dossier(nominee, upper, actor)
    audit_log(
        upper,
        action="nominations.nominee.create_upward",
        actor=actor,
        after=snapshot(upper),
        reason=_("Tổng hợp từ %(proposal)s của %(unit)s")
        % {"proposal": str(nominee.proposal), "unit": nominee.proposal.unit.name},
    )
    ProposalEvent.objects.create(
        proposal_id=nominee.proposal_id,
        nominee=nominee,
        kind=EventKind.STATE,
        actor=services._user(actor),
        reason=_("Đã tổng hợp vào tờ trình đề nghị cấp trên (đợt xét «%(round)s»).")
        % {"round": proposal.round.name},
        at=timezone.now(),
        version=nominee.proposal.version,
    )
    return upper


def _carry_dossier(nominee: Nominee, upper: Nominee, actor) -> None:
    """The nominee's own documents in force (achievement report, initiative certificates ...)
    go up with it: new rows of the upper proposal pointing to the same stored files (files are
    never deleted), uploader and time kept."""
    files = list(DossierFile.objects.active().filter(nominee=nominee).order_by("pk"))
    copies = DossierFile.objects.bulk_create(
        [
            DossierFile(
                proposal=upper.proposal,
                nominee=upper,
                document=f.document,
                original_name=f.original_name,
                file=f.file.name,
                content_type=f.content_type,
                size=f.size,
                sha256=f.sha256,
                uploaded_by=f.uploaded_by,
                uploaded_at=f.uploaded_at,
            )
            for f in files
        ]
    )
    if copies:
        audit_log(
            upper,
            action="nominations.dossier.carry_upward",
            actor=actor,
            after={"files": [f.original_name for f in files], "from_nominee": nominee.pk},
        )


def mark_proposed_upward(proposal: Proposal, *, actor) -> bool:
    """Mark an appraised proposal "đã đề nghị cấp trên" once every nominee it escalated has
    been gathered upward (True when marked)."""
    if proposal.state != ProposalState.APPRAISED:
        return False
    escalated = proposal.nominees.filter(state=NomineeState.ESCALATED)
    if not escalated.exists() or escalated.exclude(Exists(_gathered())).exists():
        return False
    services.set_proposal_state(
        proposal,
        ProposalState.PROPOSED_UPWARD,
        actor=actor,
        reason=_("Các đối tượng đề nghị cấp trên khen đã được tổng hợp vào tờ trình cấp trên."),
    )
    return True


@transaction.atomic
def upward_proposal_create(
    *,
    round: Round,
    actor,
    upper_round: Round | None = None,
    nominees: list[int] | None = None,
) -> UpwardResult:
    """Gather the escalated nominees of `round` (all, or the ids in `nominees`) not gathered yet
    into the office's proposal in `upper_round` or, without it, in the nearest open higher-level
    round whose targets include each nominee's target. Idempotent: a nominee gathered once is
    not gathered again. Refused (ValidationError) when nothing could be gathered."""
    services._require(
        perms.is_round_office,
        actor,
        round,
        _(
            "Chỉ cơ quan thường trực thi đua – khen thưởng của %(unit)s mới được lập tờ trình "
            "đề nghị cấp trên."
        )
        % {"unit": round.issuing_unit.name},
    )
    # One gathering at a time per round (two clicks cannot copy a nominee twice).
    Round.objects.select_for_update().filter(pk=round.pk).first()
    unit = round.issuing_unit
    pending = list(escalated_pending(round))
    if nominees is not None:
        wanted = {int(pk) for pk in nominees}
        pending = [n for n in pending if n.pk in wanted]
    if upper_round is not None:
        candidates = [r for r in upper_rounds(round) if r.pk == upper_round.pk]
        if not candidates:
            services._fail(
                "upper_round",
                _("Đợt xét «%(round)s» không phải đợt xét cấp trên đang nhận hồ sơ của %(unit)s.")
                % {"round": upper_round.name, "unit": unit.name},
            )
    else:
        candidates = upper_rounds(round)
    result = UpwardResult()
    touched: dict[int, Proposal] = {}
    orders: dict[int, int] = {}
    note = _("Tổng hợp các trường hợp đề nghị cấp trên khen thưởng từ đợt xét «%(round)s».") % {
        "round": round.name
    }
    for nominee in pending:
        upper = next((r for r in candidates if nominee.target_id in r.target_ids), None)
        if upper is None:
            result.skipped.append(
                (
                    nominee,
                    _("không có đợt xét cấp trên đang nhận hồ sơ %(target)s")
                    % {"target": nominee.target.name},
                )
            )
            continue
        taken = _taken(upper, nominee)
        if taken is not None:
            result.skipped.append(
                (
                    nominee,
                    _("đã được đề nghị %(target)s trong đợt xét «%(round)s»")
                    % {"target": nominee.target.name, "round": upper.name},
                )
            )
            continue
        proposal = touched.get(upper.pk)
        if proposal is None:
            proposal, _created = _office_proposal(upper, unit, actor, note=note)
            touched[upper.pk] = proposal
            orders[proposal.pk] = proposal.nominees.aggregate(m=Max("order"))["m"] or 0
        orders[proposal.pk] += 1
        result.created.append(_copy(nominee, proposal, actor, orders[proposal.pk]))
    result.proposals = list(touched.values())
    sources = Proposal.objects.filter(
        round=round, state=ProposalState.APPRAISED, nominees__state=NomineeState.ESCALATED
    ).distinct()
    for source in sources:
        if mark_proposed_upward(source, actor=actor):
            result.marked.append(source)
    if not result.created and not result.marked:
        if result.skipped:
            services._fail(
                "nominees",
                [
                    _("Không tổng hợp được đối tượng nào:"),
                    *(
                        _("%(name)s: %(why)s.") % {"name": n.subject_name, "why": why}
                        for n, why in result.skipped
                    ),
                ],
            )
        services._fail(
            "nominees", _("Không có đối tượng đề nghị cấp trên khen nào chưa được tổng hợp.")
        )
    _notify(round, result, actor)
    return result


def _notify(round: Round, result: UpwardResult, actor) -> None:
    for proposal in result.proposals:
        count = sum(1 for n in result.created if n.proposal_id == proposal.pk)
        services._notify_later(
            services._unit_users(proposal),
            kind="nominations.upward",
            title=_("Tờ trình đề nghị cấp trên khen: %(count)s đối tượng (đợt xét «%(round)s»)")
            % {"count": count, "round": proposal.round.name},
            body=_("Tổng hợp từ đợt xét «%(round)s». Rà soát và gửi tờ trình lên cấp trên.")
            % {"round": round.name},
            target=proposal,
        )
    by_source: dict[int, list[Nominee]] = {}
    for nominee in result.created:
        by_source.setdefault(nominee.source.proposal_id, []).append(nominee)
    for items in by_source.values():
        source_proposal = items[0].source.proposal
        services._notify_later(
            services._unit_users(source_proposal),
            kind="nominations.upward",
            title=_("%(proposal)s: %(count)s đối tượng đã được đề nghị cấp trên khen")
            % {"proposal": str(source_proposal), "count": len(items)},
            body=", ".join(n.subject_name for n in items),
            target=source_proposal,
        )
