"""Reads on council sessions. Ballots are only ever read aggregated per case (GROUP BY); no
selector returns a ballot row, and participation lists carry names, never choices."""

from __future__ import annotations

from collections import Counter
from typing import Any

from tdkt.common.text import format_date_vn, person_sort_string
from tdkt.council.enums import Choice, MemberRole, SessionState
from tdkt.council.models import Attendance, BallotParticipation, Case, CaseResult, Session
from tdkt.council.services import (
    ballot_counts,
    member_counts,
    members_on,
    participation_counts,
    written_counts,
)
from tdkt.orgs.selectors import place_name

DENOMINATOR_LABELS = {
    "members_total": "tổng số thành viên hội đồng",
    "members_present": "số thành viên có mặt",
}


def _cases(session: Session) -> list[Case]:
    return list(
        session.cases.select_related("honour", "person", "collective", "household").order_by(
            "order", "pk"
        )
    )


def _results(cases: list[Case]) -> dict[int, CaseResult]:
    return {r.case_id: r for r in CaseResult.objects.filter(case__in=[c.pk for c in cases])}


def session_results(session: Session) -> list[dict[str, Any]]:
    """Per case: ``{"case", "ballots", "participations", "counts", "result"}``.

    `ballots` and `participations` (numbers) are always given: they show progress without
    revealing anything. `counts` (``{"yes", "no", "abstain", "written", "total"}``, from GROUP BY)
    and `result` (the frozen `CaseResult`) are given only once the session is closed; before that
    they are None, so that no running tally can sway the vote.
    """
    cases = _cases(session)
    scope = {"case__session": session}
    counts = ballot_counts(scope)
    participations = participation_counts(scope)
    written = written_counts(session)
    closed = session.state == SessionState.CLOSED
    results = _results(cases) if closed else {}
    rows = []
    for case in cases:
        by = counts.get(case.pk, Counter())
        row_counts = None
        if closed:
            per_choice = by
            row_counts = {
                "yes": per_choice[Choice.YES],
                "no": per_choice[Choice.NO],
                "abstain": per_choice[Choice.ABSTAIN],
                "written": written.get(case.pk, 0),
                "total": sum(by.values()),
            }
        rows.append(
            {
                "case": case,
                "ballots": sum(by.values()),
                "participations": participations.get(case.pk, 0),
                "counts": row_counts,
                "result": results.get(case.pk),
            }
        )
    return rows


def _name_key(name: str) -> str:
    return person_sort_string(name)


def participation_status(session: Session) -> list[dict[str, Any]]:
    """Who has voted on each case — names only, never choices.

    Per case: ``{"case", "voted": [names], "waiting": [names], "paper_counted": bool}`` where
    `waiting` are the members entitled to vote on it (present voting members, and absent voting
    members with a written opinion) who have not voted yet. Names in Vietnamese order.
    """
    cases = _cases(session)
    voters = {
        m.pk: m.name
        for m in members_on(session.council_id, session.date)
        .filter(votes=True)
        .select_related("user")
    }
    entitled = set(
        Attendance.objects.filter(session=session, member_id__in=list(voters))
        .filter(present=True)
        .values_list("member_id", flat=True)
    ) | set(
        Attendance.objects.filter(
            session=session, member_id__in=list(voters), present=False, written_ballot=True
        ).values_list("member_id", flat=True)
    )
    voted_by_case: dict[int, set[int]] = {}
    for case_id, member_id in BallotParticipation.objects.filter(case__session=session).values_list(
        "case_id", "member_id"
    ):
        voted_by_case.setdefault(case_id, set()).add(member_id)
    names = dict(voters)
    # a member who left the council since still has a name
    missing = {m for ids in voted_by_case.values() for m in ids if m not in names}
    if missing:
        from tdkt.council.models import CouncilMember

        for m in CouncilMember.objects.filter(pk__in=missing).select_related("user"):
            names[m.pk] = m.name
    rows = []
    for case in cases:
        voted = voted_by_case.get(case.pk, set())
        rows.append(
            {
                "case": case,
                "voted": sorted((names[m] for m in voted), key=_name_key),
                "waiting": sorted((names[m] for m in entitled - voted), key=_name_key),
                "paper_counted": case.paper_counted,
            }
        )
    return rows


def _percent_text(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",") + "%"


def minutes_context(session: Session) -> dict[str, Any]:
    """A plain dict (str / int / float / bool / None / lists and dicts of those) for the minutes
    (biên bản họp và kết quả bỏ phiếu kín). Keys:

    - ``council_name``: str; ``unit_name``: str (the body whose council it is)
    - ``session_title``: str; ``session_date``: "dd/mm/yyyy"; ``location``: str
    - ``state``: session state code; ``state_label``: Vietnamese label; ``closed``: bool
    - ``chair``: name of the Chủ tịch (or "" if none); ``standing_vice_chair``: name or "";
      ``secretary``: name of the Thư ký or ""
    - ``members_total``: int (voting members in office on the session date);
      ``members_present``: int; ``members_absent``: int
    - ``present_names`` / ``absent_names``: [str] (voting members, Vietnamese order);
      ``written_names``: [str] (absent members who sent a written opinion)
    - ``members``: [{"name", "role" (label), "title", "present": bool, "written": bool,
      "votes": bool}] for every member in office (the secretary too)
    - ``cases``: [per case, in agenda order:
        ``order``: int; ``subject``: str (name); ``subject_kind``: label (Cá nhân/Tập thể/…);
        ``target_code``: honour code; ``target_name``: honour name;
        ``votes_yes`` / ``votes_no`` / ``votes_abstain`` / ``votes_written`` /
        ``votes_total``: int or None before close;
        ``denominator``: "members_total" | "members_present" | None; ``denominator_label``: str;
        ``denominator_value``: int or None;
        ``percent``: float (votes_yes / denominator × 100, 2 decimals) or None;
        ``percent_text``: "93,33%" or "";
        ``threshold``: float (0.9) or None; ``threshold_text``: "90%" or "";
        ``required_yes``: int or None; ``quorum_met``: bool or None;
        ``passed``: bool or None; ``passed_text``: "Đạt" | "Không đạt" | "";
        ``legal_basis``: str (the vote rule's basis); ``paper_counted``: bool]
    - ``passed_count``: int; ``legal_bases``: [str] (distinct bases, in order)
    """
    session = Session.objects.select_related("council__unit").get(pk=session.pk)
    members = list(members_on(session.council_id, session.date).select_related("user"))
    attendance = {a.member_id: a for a in Attendance.objects.filter(session=session)}

    def role_holder(role: str) -> str:
        return next((m.name for m in members if m.role == role), "")

    voters = [m for m in members if m.votes]
    present = [m.name for m in voters if attendance.get(m.pk) and attendance[m.pk].present]
    absent = [m.name for m in voters if not (attendance.get(m.pk) and attendance[m.pk].present)]
    written = [
        m.name
        for m in voters
        if attendance.get(m.pk) and not attendance[m.pk].present and attendance[m.pk].written_ballot
    ]
    total, n_present = member_counts(session)
    closed = session.state == SessionState.CLOSED
    rows = session_results(session)
    cases = []
    for row in rows:
        case, result = row["case"], row["result"]
        entry: dict[str, Any] = {
            "order": case.order,
            "subject": case.subject_name,
            "subject_kind": str(case.get_subject_kind_display()),
            "target_code": case.honour_id,
            "target_name": case.honour.name,
            "paper_counted": case.paper_counted,
            "votes_yes": None,
            "votes_no": None,
            "votes_abstain": None,
            "votes_written": None,
            "votes_total": None,
            "denominator": None,
            "denominator_label": "",
            "denominator_value": None,
            "percent": None,
            "percent_text": "",
            "threshold": None,
            "threshold_text": "",
            "required_yes": None,
            "quorum_met": None,
            "passed": None,
            "passed_text": "",
            "legal_basis": "",
        }
        if result is not None:
            base = (
                result.members_total
                if result.denominator == "members_total"
                else result.members_present
            )
            percent = round(result.votes_yes * 100 / base, 2) if base else 0.0
            threshold = float(result.threshold)
            entry.update(
                votes_yes=result.votes_yes,
                votes_no=result.votes_no,
                votes_abstain=result.votes_abstain,
                votes_written=result.votes_written,
                votes_total=result.votes_yes + result.votes_no + result.votes_abstain,
                denominator=result.denominator,
                denominator_label=DENOMINATOR_LABELS.get(result.denominator, result.denominator),
                denominator_value=base,
                percent=percent,
                percent_text=_percent_text(percent),
                threshold=threshold,
                threshold_text=_percent_text(threshold * 100),
                required_yes=result.required_yes,
                quorum_met=result.quorum_met,
                passed=result.passed,
                passed_text="Đạt" if result.passed else "Không đạt",
                legal_basis=result.rule_basis,
            )
        cases.append(entry)
    return {
        "council_name": session.council.name,
        "unit_name": session.council.unit.name,
        "session_title": session.title,
        "session_date": format_date_vn(session.date),
        "location": session.location,
        "state": session.state,
        "state_label": str(session.get_state_display()),
        "closed": closed,
        "chair": role_holder(MemberRole.CHU_TICH),
        "standing_vice_chair": role_holder(MemberRole.PHO_CHU_TICH_THUONG_TRUC),
        "secretary": role_holder(MemberRole.THU_KY),
        "members_total": total,
        "members_present": n_present,
        "members_absent": total - n_present,
        "present_names": sorted(present, key=_name_key),
        "absent_names": sorted(absent, key=_name_key),
        "written_names": sorted(written, key=_name_key),
        "members": [
            {
                "name": m.name,
                "role": str(m.get_role_display()),
                "title": m.title,
                "present": bool(attendance.get(m.pk) and attendance[m.pk].present),
                "written": bool(attendance.get(m.pk) and attendance[m.pk].written_ballot),
                "votes": m.votes,
            }
            for m in sorted(members, key=lambda m: (_ROLE_ORDER[m.role], _name_key(m.name)))
        ],
        "cases": cases,
        "passed_count": sum(1 for c in cases if c["passed"]),
        "legal_bases": list(dict.fromkeys(c["legal_basis"] for c in cases if c["legal_basis"])),
    }


_ROLE_ORDER = {role: i for i, role in enumerate(MemberRole.values)}


# --------------------------------------------------------------------------- nominations


def rounds_for_council(council):
    """The rounds whose nominees this council may vote on: issued by its unit or a unit below,
    receiving or closed (not draft, decided or cancelled)."""
    from tdkt.nominations.enums import RoundState
    from tdkt.nominations.models import Round

    path = council.unit.path
    return (
        Round.objects.filter(
            issuing_unit__path__gte=path,
            issuing_unit__path__lt=path + "~",
            state__in=[RoundState.OPEN, RoundState.CLOSED],
        )
        .select_related("issuing_unit")
        .order_by("-year", "-opens_on", "-id")
    )


def round_candidates(session: Session, round) -> list[dict[str, Any]]:
    """The appraised nominees of `round` the council could vote on, in proposal (unit) order.

    Per nominee: ``{"nominee", "honour" (Honour voted on), "taken" (Case on an agenda or None),
    "blocked" (reason the public notice is not finished, or ""), "eligible" (bool)}``.
    Constant number of queries (one for the nominees, one for the cases, the portal's check).
    """
    from tdkt.council.services import (
        _nominee_queryset,
        agenda_honour_field,
        agenda_states,
        notice_blockers,
    )

    nominees = list(_nominee_queryset().filter(round=round, state__in=agenda_states()))
    taken = {
        c.nominee_id: c
        for c in Case.objects.filter(
            nominee__in=[n.pk for n in nominees], on_agenda=True
        ).select_related("session")
    }
    free = [n for n in nominees if n.pk not in taken]
    blocked = notice_blockers(free, on=session.date)
    rows = []
    for nominee in nominees:
        reason = blocked.get(nominee.pk, "") if nominee.pk not in taken else ""
        rows.append(
            {
                "nominee": nominee,
                "honour": getattr(nominee, agenda_honour_field(nominee.state)),
                "taken": taken.get(nominee.pk),
                "blocked": reason,
                "eligible": nominee.pk not in taken and not reason,
            }
        )
    return rows


def public_comments(nominee_ids: list[int]) -> dict[int, list] | None:
    """Public comments (góp ý công khai) per nominee from the portal, or None if the portal does
    not offer them (`tdkt.portal.selectors.comments_for_nominees`)."""
    try:
        from tdkt.portal.selectors import comments_for_nominees
    except ImportError:
        return None
    if not nominee_ids:
        return {}
    found = comments_for_nominees(nominee_ids) or {}
    return {pk: list(found.get(pk, [])) for pk in nominee_ids}


def agenda(session: Session) -> list[dict[str, Any]]:
    """The agenda with each case's council file (hồ sơ trình hội đồng), in constant queries.

    Per case: ``{"case", "nominee" (or None), "proposed" (the honour the unit proposed, or
    None), "override" ({"by", "reason", "at"} or None), "appraisal_note", "appraised_by",
    "comments" (list, or None when the portal does not offer comments)}``.
    """
    cases = list(
        session.cases.select_related(
            "honour",
            "person",
            "collective",
            "household",
            "nominee__proposal__unit",
            "nominee__target",
            "nominee__lower_target",
            "nominee__override_by",
            "nominee__appraised_by",
        ).order_by("order", "pk")
    )
    ids = [c.nominee_id for c in cases if c.nominee_id]
    comments = public_comments(ids) if ids else {}
    rows = []
    for case in cases:
        nominee = case.nominee
        row: dict[str, Any] = {
            "case": case,
            "nominee": nominee,
            "proposed": None,
            "override": None,
            "appraisal_note": "",
            "appraised_by": None,
            "comments": None,
        }
        if nominee is not None:
            row.update(
                proposed=nominee.target,
                override=(
                    {
                        "by": nominee.override_by,
                        "reason": nominee.override_reason,
                        "at": nominee.override_at,
                    }
                    if nominee.override_reason
                    else None
                ),
                appraisal_note=nominee.appraisal_note,
                appraised_by=nominee.appraised_by,
                comments=None if comments is None else comments.get(nominee.pk, []),
            )
        rows.append(row)
    return rows


def minutes_document_context(session: Session, *, number: str = "") -> dict[str, Any]:
    """The context of the minutes DOCX (template ``bien_ban_hop_hoi_dong`` of tdkt.documents),
    built from `minutes_context`: the template's variables (see documents.default_templates
    VARIABLES) plus every key of `minutes_context` that does not clash.

    As in the template's table, a row's ``subject`` is the honour (hình thức đề nghị) and its
    ``target_name`` the person or collective; ``members_absent`` is the list of names."""
    data = minutes_context(session)
    session = Session.objects.select_related("council__unit").get(pk=session.pk)
    rows = []
    for case in data["cases"]:
        rows.append(
            {
                **case,
                "stt": case["order"],
                "subject": case["target_name"],
                "target_name": case["subject"],
                "percent": case["percent_text"].rstrip("%"),
                "threshold_percent": case["threshold_text"].rstrip("%"),
                "result": case["passed_text"],
            }
        )
    return {
        **data,
        "number": number,
        "place": place_name(session.council.unit),
        "location": session.location or session.council.unit.address or session.council.unit.name,
        "session_date": data["session_date"],
        "chair": data["chair"] or data["standing_vice_chair"],
        "members_absent": data["absent_names"],
        "members_absent_count": data["members_absent"],
        "cases": rows,
        "basis": " ".join(data["legal_bases"]),
    }
