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
