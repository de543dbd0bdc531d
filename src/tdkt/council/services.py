"""Writes on councils, sessions and the secret ballot. Every function takes keyword-only
arguments, validates (Vietnamese `ValidationError` naming the field), writes in one transaction
and leaves an audit entry. A vote's audit entry says only "đã bỏ phiếu", never the choice.

Concurrency: every write of a session's votes, attendance and state first locks the session row
(``select_for_update``), so a close waits for ballots in flight and a ballot after the close sees
the closed state; UNIQUE(case, member) on `BallotParticipation` is the last guard against a
double submit.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tdkt.catalog.models import Honour
from tdkt.common.audit import audit_log, snapshot
from tdkt.common.text import nfc
from tdkt.council.enums import (
    PRESIDING_ROLES,
    SINGLE_ROLES,
    TRANSITIONS,
    Choice,
    MemberRole,
    SessionState,
)
from tdkt.council.models import (
    Attendance,
    Ballot,
    BallotParticipation,
    Case,
    CaseResult,
    Council,
    CouncilMember,
    Session,
)
from tdkt.people.enums import SubjectKind
from tdkt.rules.engine import ContractError, load_packs, tally
from tdkt.rules.engine.packs import NoRegimeError, PackError
from tdkt.rules.engine.tally import vote_rule_for

VOTED_NOTE = "đã bỏ phiếu"


def _fail(field: str, message: str) -> None:
    raise ValidationError({field: message})


def _check_period(valid_from: dt.date | None, valid_to: dt.date | None) -> None:
    if valid_from and valid_to and valid_to < valid_from:
        _fail("valid_to", _("Ngày kết thúc không được trước ngày bắt đầu."))


def _overlapping(qs, valid_from: dt.date | None, valid_to: dt.date | None):
    if valid_to is not None:
        qs = qs.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=valid_to))
    if valid_from is not None:
        qs = qs.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
    return qs


def _dmy(d: dt.date | None) -> str:
    return f"{d:%d/%m/%Y}" if d else "…"


def members_on(council_id: int, on: dt.date):
    """The members of a council in office on `on`."""
    return CouncilMember.objects.valid_on(on).filter(council_id=council_id)


def _lock_session(session_id: int) -> Session:
    return (
        Session.objects.select_for_update(of=("self",))
        .select_related("council__unit", "state_changed_by")
        .get(pk=session_id)
    )


def _overlay(session: Session) -> str | None:
    if session.rules_overlay:
        return session.rules_overlay
    from tdkt.rules.services import overlay

    return overlay()


def vote_rule(case: Case, session: Session) -> dict[str, Any]:
    """The vote rule of the rules engine for a case (by target honour and decision date)."""
    packs = load_packs()
    try:
        pack = packs.resolve(case.decision_date, _overlay(session))
    except (NoRegimeError, PackError) as exc:
        raise ValidationError({"decision_date": str(exc)}) from exc
    return dict(vote_rule_for(pack, case.honour_id, packs.catalog))


def member_roles(session: Session, user) -> set[str]:
    """The roles `user` holds in the session's council on the session date."""
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    return set(
        members_on(session.council_id, session.date)
        .filter(user=user)
        .values_list("role", flat=True)
    )


def can_run(session: Session, user, roles: set[str] | None = None) -> bool:
    """Running a session: the chair, the standing vice-chair, the secretary, a TĐKT officer of
    the council's unit, or an administrator. `roles`: member_roles(), when already known."""
    from tdkt.accounts.selectors import can_write_unit

    if user is None:
        return False
    if getattr(user, "is_superuser", False):
        return True
    roles = member_roles(session, user) if roles is None else roles
    if roles & {*PRESIDING_ROLES, MemberRole.THU_KY}:
        return True
    return can_write_unit(user, session.council.unit)


def is_secretary(session: Session, user, roles: set[str] | None = None) -> bool:
    if user is not None and getattr(user, "is_superuser", False):
        return True
    roles = member_roles(session, user) if roles is None else roles
    return MemberRole.THU_KY in roles


def _require_runner(session: Session, actor) -> None:
    if not can_run(session, actor):
        _fail(
            "actor",
            _(
                "Chỉ Chủ tịch, Phó Chủ tịch thường trực, Thư ký hội đồng hoặc cán bộ thi đua – "
                "khen thưởng của đơn vị mới được điều hành phiên họp."
            ),
        )


def _require_secretary(session: Session, user) -> None:
    if not is_secretary(session, user):
        _fail("entered_by", _("Chỉ Thư ký hội đồng mới được nhập phiếu bằng văn bản, phiếu giấy."))


def _require_member(session: Session, member: CouncilMember, *, voting: bool = True) -> None:
    if member.council_id != session.council_id:
        _fail(
            "member",
            _("%(name)s không phải thành viên của hội đồng này.") % {"name": member.name},
        )
    if not members_on(session.council_id, session.date).filter(pk=member.pk).exists():
        _fail(
            "member",
            _("%(name)s không là thành viên hội đồng vào ngày %(date)s.")
            % {"name": member.name, "date": _dmy(session.date)},
        )
    if voting and not member.votes:
        _fail("member", _("%(name)s không có quyền biểu quyết.") % {"name": member.name})


# --------------------------------------------------------------------------- council


@transaction.atomic
def council_create(
    *,
    name: str,
    unit,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    actor=None,
    reason: str = "",
) -> Council:
    council = Council(name=nfc(name).strip(), unit=unit, valid_from=valid_from, valid_to=valid_to)
    if not council.name:
        _fail("name", _("Tên hội đồng không được để trống."))
    _check_period(valid_from, valid_to)
    council.save()
    audit_log(council, action="council.create", actor=actor, after=snapshot(council), reason=reason)
    return council


@transaction.atomic
def member_add(
    *,
    council: Council,
    user,
    role: str,
    votes: bool | None = None,
    title: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    actor=None,
    reason: str = "",
) -> CouncilMember:
    """Add a member. `votes` defaults to false for the secretary (thư ký) and true otherwise."""
    if role not in MemberRole.values:
        _fail("role", _("Chức danh không hợp lệ: %(role)s.") % {"role": role})
    _check_period(valid_from, valid_to)
    if votes is None:
        votes = role != MemberRole.THU_KY
    member = CouncilMember(
        council=council,
        user=user,
        role=role,
        votes=votes,
        title=nfc(title).strip(),
        valid_from=valid_from,
        valid_to=valid_to,
    )
    same = _overlapping(CouncilMember.objects.filter(council=council), valid_from, valid_to)
    if same.filter(user=user).exists():
        _fail("user", _("%(user)s đã là thành viên hội đồng trong thời gian này.") % {"user": user})
    if role in SINGLE_ROLES:
        holder = same.filter(role=role).select_related("user").first()
        if holder is not None:
            _fail(
                "role",
                _("Hội đồng đã có %(role)s (%(name)s) trong thời gian này.")
                % {"role": member.get_role_display(), "name": holder.name},
            )
    member.save()
    audit_log(
        member, action="council.member.add", actor=actor, after=snapshot(member), reason=reason
    )
    return member


# --------------------------------------------------------------------------- sessions, agenda


@transaction.atomic
def session_create(
    *,
    council: Council,
    date: dt.date,
    title: str,
    location: str = "",
    rules_overlay: str = "",
    actor=None,
    reason: str = "",
) -> Session:
    session = Session(
        council=council,
        date=date,
        title=nfc(title).strip(),
        location=nfc(location).strip(),
        rules_overlay=(rules_overlay or "").strip(),
    )
    if not session.title:
        _fail("title", _("Tiêu đề phiên họp không được để trống."))
    if not Council.objects.valid_on(date).filter(pk=council.pk).exists():
        _fail("date", _("Hội đồng không hoạt động vào ngày %(date)s.") % {"date": _dmy(date)})
    if session.rules_overlay and session.rules_overlay not in load_packs().overlay_codes:
        _fail(
            "rules_overlay",
            _("Không có bộ quy định bổ sung mã %(code)s.") % {"code": session.rules_overlay},
        )
    session.save()
    audit_log(
        session,
        action="council.session.create",
        actor=actor,
        after=snapshot(session),
        reason=reason,
    )
    return session


@transaction.atomic
def case_add(
    *,
    session: Session,
    honour_id: str,
    subject=None,
    subject_label: str = "",
    subject_kind: str = SubjectKind.INDIVIDUAL,
    decision_date: dt.date | None = None,
    order: int | None = None,
    actor=None,
    reason: str = "",
) -> Case:
    """Put a subject on the agenda: `subject` is a Person, Unit or Household, or give a free
    `subject_label` (with its `subject_kind`) for a subject not in the system."""
    from tdkt.registry.services import subject_fields

    session = _lock_session(session.pk)
    if session.state not in (SessionState.DRAFT, SessionState.OPEN):
        _fail(
            "session",
            _("Phiên họp %(state)s: không thêm nội dung.")
            % {"state": session.get_state_display().lower()},
        )
    honour = Honour.objects.filter(pk=honour_id).first()
    if honour is None:
        _fail(
            "honour",
            _("Không có danh hiệu, hình thức khen thưởng mã %(code)s.") % {"code": honour_id},
        )
    if subject is not None:
        fields = subject_fields(subject)
        label = ""
    else:
        label = nfc(subject_label).strip()
        if not label:
            _fail("subject", _("Chọn đối tượng hoặc ghi tên đối tượng được đề nghị."))
        if subject_kind not in SubjectKind.values:
            _fail(
                "subject_kind",
                _("Loại đối tượng không hợp lệ: %(kind)s.") % {"kind": subject_kind},
            )
        fields = {"subject_kind": subject_kind}
    if order is None:
        order = (session.cases.aggregate(m=Max("order"))["m"] or 0) + 1
    case = Case(
        session=session,
        honour=honour,
        subject_label=label,
        decision_date=decision_date or session.date,
        order=order,
        **fields,
    )
    # The engine must know the target and have a regime on the date: check now, not at close.
    try:
        tally(
            {
                "target": honour.code,
                "decision_date": case.decision_date.isoformat(),
                "members_total": 1,
                "members_present": 1,
                "votes_yes": 0,
            },
            overlay=_overlay(session),
        )
    except ContractError as exc:
        field = "honour" if exc.field == "target" else "decision_date"
        _fail(field, exc.message)
    case.save()
    audit_log(case, action="council.case.add", actor=actor, after=snapshot(case), reason=reason)
    return case


@transaction.atomic
def attendance_record(
    *,
    session: Session,
    member: CouncilMember,
    present: bool,
    written_ballot: bool = False,
    actor=None,
    reason: str = "",
) -> Attendance:
    """Record whether a member is present; an absent member may send a written opinion."""
    session = _lock_session(session.pk)
    if session.state not in (SessionState.DRAFT, SessionState.OPEN):
        _fail(
            "session",
            _("Phiên họp %(state)s: không được sửa điểm danh.")
            % {"state": session.get_state_display().lower()},
        )
    _require_member(session, member, voting=False)
    if present and written_ballot:
        _fail(
            "written_ballot",
            _("Thành viên có mặt bỏ phiếu tại phiên họp, không gửi phiếu văn bản."),
        )
    attendance = Attendance.objects.filter(session=session, member=member).first()
    before = snapshot(attendance, ["present", "written_ballot"]) if attendance else None
    if attendance is None:
        attendance = Attendance(session=session, member=member)
    attendance.present = bool(present)
    attendance.written_ballot = bool(written_ballot)
    attendance.save()
    audit_log(
        attendance,
        action="council.attendance",
        actor=actor,
        before=before,
        after=snapshot(attendance, ["member", "present", "written_ballot"]),
        reason=reason,
    )
    return attendance


# --------------------------------------------------------------------------- state machine


def _state_label(state: str) -> str:
    return str(SessionState(state).label)


def set_session_state(session: Session, new_state: str, *, actor, reason: str = "") -> Session:
    """Move a session to `new_state` (see `TRANSITIONS`). Race-safe: the row is locked and the
    state the caller saw must still be current, else the caller learns who changed it first.
    Closing computes and freezes the result of every case (`CaseResult`)."""
    if new_state not in SessionState.values:
        _fail("state", _("Trạng thái không hợp lệ: %(state)s.") % {"state": new_state})
    seen = session.state
    with transaction.atomic():
        locked = _lock_session(session.pk)
        if locked.state != seen:
            params = {
                "who": str(locked.state_changed_by) if locked.state_changed_by else _("người khác"),
                "state": _state_label(locked.state),
                "new_state": _state_label(new_state),
            }
            if locked.state_changed_at:
                params["time"] = f"{timezone.localtime(locked.state_changed_at):%H:%M %d/%m/%Y}"
                message = _(
                    "Phiên họp đã được %(who)s chuyển sang trạng thái «%(state)s» lúc %(time)s; "
                    "không thể chuyển sang «%(new_state)s». Tải lại trang để xem trạng thái mới."
                )
            else:
                message = _(
                    "Phiên họp đã được %(who)s chuyển sang trạng thái «%(state)s»; "
                    "không thể chuyển sang «%(new_state)s». Tải lại trang để xem trạng thái mới."
                )
            _fail("state", message % params)
        if new_state not in TRANSITIONS[locked.state]:
            _fail(
                "state",
                _("Không thể chuyển phiên họp từ «%(state)s» sang «%(new_state)s».")
                % {"state": _state_label(locked.state), "new_state": _state_label(new_state)},
            )
        _require_runner(locked, actor)
        if new_state == SessionState.VOTING:
            _check_ready_to_vote(locked)
        results: list[CaseResult] = []
        moved: list[dict[str, Any]] = []
        not_moved: list[str] = []
        if new_state == SessionState.CLOSED:
            results = _freeze_results(locked)
            moved, not_moved = _vote_nominees(locked, results, actor)
        if new_state == SessionState.CANCELLED:
            # The nominees of a cancelled session may go on another session's agenda.
            Case.objects.filter(session=locked, on_agenda=True).update(on_agenda=False)
        old = locked.state
        locked.state = new_state
        locked.state_changed_at = timezone.now()
        locked.state_changed_by = actor if getattr(actor, "is_authenticated", False) else None
        locked.save(update_fields=["state", "state_changed_at", "state_changed_by", "updated"])
        audit_log(
            locked,
            action=f"council.session.{new_state}",
            actor=actor,
            before={"state": old},
            after={
                "state": new_state,
                "results": [
                    {"case": r.case_id, "passed": r.passed, "votes_yes": r.votes_yes}
                    for r in results
                ],
                "nominees": moved,
                "nominees_not_moved": not_moved,
            }
            if results
            else {"state": new_state},
            reason=nfc(reason),
        )
    session.state = locked.state
    session.state_changed_at = locked.state_changed_at
    session.state_changed_by = locked.state_changed_by
    #: Nominees whose state had changed since they were put on the agenda (not moved).
    session.nominees_not_moved = locked.nominees_not_moved = not_moved
    return locked


def _check_ready_to_vote(session: Session) -> None:
    if not session.cases.exists():
        _fail("session", _("Phiên họp chưa có nội dung biểu quyết."))
    voters = members_on(session.council_id, session.date).filter(votes=True)
    if not voters.exists():
        _fail("session", _("Hội đồng không có thành viên có quyền biểu quyết vào ngày họp."))
    missing = voters.exclude(
        pk__in=Attendance.objects.filter(session=session).values("member_id")
    ).select_related("user")
    names = [m.name for m in missing]
    if names:
        _fail("session", _("Chưa điểm danh: %(names)s.") % {"names": ", ".join(sorted(names))})


def session_open(*, session: Session, actor, reason: str = "") -> Session:
    return set_session_state(session, SessionState.OPEN, actor=actor, reason=reason)


def voting_open(*, session: Session, actor, reason: str = "") -> Session:
    """Open the voting window (every voting member's attendance must be recorded)."""
    return set_session_state(session, SessionState.VOTING, actor=actor, reason=reason)


def session_close(*, session: Session, actor, reason: str = "") -> Session:
    """Close the voting window and freeze the result of every case."""
    return set_session_state(session, SessionState.CLOSED, actor=actor, reason=reason)


def session_cancel(*, session: Session, actor, reason: str = "") -> Session:
    if not nfc(reason).strip():
        _fail("reason", _("Ghi lý do hủy phiên họp."))
    return set_session_state(session, SessionState.CANCELLED, actor=actor, reason=reason)


# --------------------------------------------------------------------------- ballots


def _already_voted(case: Case, member: CouncilMember) -> bool:
    return BallotParticipation.objects.filter(case=case, member=member).exists()


def _double_vote(member: CouncilMember) -> ValidationError:
    return ValidationError(
        {
            "member": _(
                "%(name)s đã bỏ phiếu cho nội dung này; mỗi thành viên chỉ được bỏ phiếu một lần."
            )
            % {"name": member.name}
        }
    )


def _record_vote(case: Case, member: CouncilMember, choice: str) -> None:
    """The participation (unique per case and member) then the anonymous ballot, in the
    caller's transaction."""
    if choice not in Choice.values:
        _fail(
            "choice",
            _("Lựa chọn không hợp lệ: chọn Đồng ý, Không đồng ý hoặc Không biểu quyết."),
        )
    if _already_voted(case, member):
        raise _double_vote(member)
    try:
        with transaction.atomic():
            BallotParticipation.objects.create(case=case, member=member)
    except IntegrityError as exc:  # a concurrent submit won
        raise _double_vote(member) from exc
    Ballot.objects.create(case=case, choice=choice)


def _locked_case(case: Case) -> tuple[Session, Case]:
    session = _lock_session(case.session_id)
    return session, Case.objects.select_related("honour").get(pk=case.pk)


def _attendance(session: Session, member: CouncilMember) -> Attendance | None:
    return Attendance.objects.filter(session=session, member=member).first()


def _require_voting(session: Session) -> None:
    if session.state != SessionState.VOTING:
        _fail(
            "session",
            _("Ngoài thời gian bỏ phiếu: phiên họp đang ở trạng thái «%(state)s».")
            % {"state": session.get_state_display()},
        )


@transaction.atomic
def ballot_cast(*, case: Case, member: CouncilMember, choice: str) -> None:
    """A present voting member votes electronically while the voting window is open."""
    session, case = _locked_case(case)
    _require_voting(session)
    _require_member(session, member)
    attendance = _attendance(session, member)
    if attendance is None or not attendance.present:
        _fail(
            "member",
            _("%(name)s không có mặt tại phiên họp: không bỏ phiếu điện tử.")
            % {"name": member.name},
        )
    if case.paper_counted:
        _fail("case", _("Nội dung này đã kiểm phiếu giấy: không bỏ phiếu điện tử."))
    _record_vote(case, member, choice)
    audit_log(
        case,
        action="council.ballot.cast",
        actor=member.user,
        after={"member": member.pk, "note": VOTED_NOTE},
    )


@transaction.atomic
def written_ballot_enter(*, case: Case, member: CouncilMember, choice: str, entered_by) -> None:
    """The secretary enters the written opinion (phiếu lấy ý kiến) of an absent member."""
    session, case = _locked_case(case)
    if session.state not in (SessionState.OPEN, SessionState.VOTING):
        _fail(
            "session",
            _("Phiên họp %(state)s: không nhập phiếu bằng văn bản.")
            % {"state": session.get_state_display().lower()},
        )
    _require_secretary(session, entered_by)
    _require_member(session, member)
    attendance = _attendance(session, member)
    if attendance is None or attendance.present or not attendance.written_ballot:
        _fail(
            "member",
            _(
                "%(name)s không phải thành viên vắng mặt có gửi phiếu bằng văn bản "
                "(kiểm tra điểm danh)."
            )
            % {"name": member.name},
        )
    if not vote_rule(case, session).get("absent_members_vote_in_writing", True):
        _fail(
            "case", _("Quy định biểu quyết của nội dung này không nhận phiếu của thành viên vắng.")
        )
    _record_vote(case, member, choice)
    audit_log(
        case,
        action="council.ballot.written",
        actor=entered_by,
        after={"member": member.pk, "note": VOTED_NOTE},
    )


def _as_count(value: Any, field: str, label: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if number < 0 or str(number) != str(value).strip():
        _fail(field, _("Số phiếu %(label)s phải là số nguyên không âm.") % {"label": label})
    return number


@transaction.atomic
def paper_count_enter(*, case: Case, yes: int, no: int, abstain: int, entered_by) -> None:
    """The secretary enters the paper ballot count of a case instead of electronic voting.

    Every present voting member receives a paper ballot: the three counts must add up to their
    number (an unreturned or spoilt ballot counts as "không biểu quyết"). Anonymous `Ballot`
    rows are created for the counts and a participation for each present voting member; the
    case is then paper-counted and takes no electronic ballot (and vice versa).
    """
    yes = _as_count(yes, "yes", pgettext("ballots", "đồng ý"))
    no = _as_count(no, "no", pgettext("ballots", "không đồng ý"))
    abstain = _as_count(abstain, "abstain", pgettext("ballots", "không biểu quyết"))
    session, case = _locked_case(case)
    _require_voting(session)
    _require_secretary(session, entered_by)
    if case.paper_counted:
        _fail("case", _("Nội dung này đã nhập kết quả kiểm phiếu giấy."))
    present = list(
        members_on(session.council_id, session.date)
        .filter(
            votes=True,
            pk__in=Attendance.objects.filter(session=session, present=True).values("member_id"),
        )
        .order_by("pk")
    )
    if BallotParticipation.objects.filter(case=case, member__in=present).exists():
        _fail("case", _("Nội dung này đã có phiếu điện tử: không nhập kiểm phiếu giấy."))
    total = yes + no + abstain
    if total != len(present):
        _fail(
            "yes",
            _(
                "Tổng số phiếu (%(total)s) phải bằng số thành viên có mặt có quyền biểu quyết "
                "(%(present)s); phiếu không nộp hoặc không hợp lệ tính là không biểu quyết."
            )
            % {"total": total, "present": len(present)},
        )
    BallotParticipation.objects.bulk_create(
        [BallotParticipation(case=case, member=m) for m in present]
    )
    choices = [Choice.YES] * yes + [Choice.NO] * no + [Choice.ABSTAIN] * abstain
    Ballot.objects.bulk_create([Ballot(case=case, choice=c) for c in choices])
    case.paper_counted = True
    case.save(update_fields=["paper_counted", "updated"])
    audit_log(
        case,
        action="council.ballot.paper",
        actor=entered_by,
        after={"ballots": total, "note": "đã nhập kết quả kiểm phiếu giấy"},
    )


# --------------------------------------------------------------------------- results


def ballot_counts(cases_filter: dict[str, Any]) -> dict[int, Counter]:
    """Ballots counted per case with GROUP BY: {case_id: Counter({choice: n})}."""
    counts: dict[int, Counter] = {}
    rows = (
        Ballot.objects.filter(**cases_filter)
        .order_by()
        .values("case_id", "choice")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts.setdefault(row["case_id"], Counter())[row["choice"]] = row["n"]
    return counts


def participation_counts(cases_filter: dict[str, Any]) -> dict[int, int]:
    rows = (
        BallotParticipation.objects.filter(**cases_filter)
        .order_by()
        .values("case_id")
        .annotate(n=Count("pk"))
    )
    return {row["case_id"]: row["n"] for row in rows}


def written_counts(session: Session) -> dict[int, int]:
    """Written opinions per case: participations of members absent from the session."""
    absent = Attendance.objects.filter(session=session, present=False).values("member_id")
    return participation_counts({"case__session": session, "member__in": absent})


def member_counts(session: Session) -> tuple[int, int]:
    """(voting members in office on the session date, of whom present)."""
    voters = members_on(session.council_id, session.date).filter(votes=True)
    present = voters.filter(
        pk__in=Attendance.objects.filter(session=session, present=True).values("member_id")
    )
    return voters.count(), present.count()


def _freeze_results(session: Session) -> list[CaseResult]:
    """Tally every case with the rules engine, check ballots = participations, store the frozen
    results, then seal the ballots (see `Ballot`)."""
    cases = list(session.cases.select_related("honour").order_by("order", "pk"))
    scope = {"case__session": session}
    counts = ballot_counts(scope)
    participations = participation_counts(scope)
    total, present = member_counts(session)
    written_by_case = written_counts(session)
    results = []
    for case in cases:
        by = counts.get(case.pk, Counter())
        ballots = sum(by.values())
        voted = participations.get(case.pk, 0)
        if ballots != voted:
            _fail(
                "session",
                _(
                    "Nội dung %(order)s (%(subject)s): số phiếu (%(ballots)s) khác số thành viên "
                    "đã bỏ phiếu (%(voted)s); dữ liệu không toàn vẹn, không thể kết thúc."
                )
                % {
                    "order": case.order,
                    "subject": case.subject_name,
                    "ballots": ballots,
                    "voted": voted,
                },
            )
        per_choice = by
        written = written_by_case.get(case.pk, 0)
        try:
            outcome = tally(
                {
                    "target": case.honour_id,
                    "decision_date": case.decision_date.isoformat(),
                    "members_total": total,
                    "members_present": present,
                    "votes_yes": per_choice[Choice.YES],
                },
                overlay=_overlay(session),
            )
        except ContractError as exc:
            _fail(
                "session",
                _("Nội dung %(order)s (%(subject)s): %(error)s.")
                % {"order": case.order, "subject": case.subject_name, "error": exc.message},
            )
        rule = vote_rule(case, session)
        results.append(
            CaseResult.objects.create(
                case=case,
                members_total=total,
                members_present=present,
                votes_yes=per_choice[Choice.YES],
                votes_no=per_choice[Choice.NO],
                votes_abstain=per_choice[Choice.ABSTAIN],
                votes_written=written,
                quorum_met=outcome["quorum_met"],
                threshold=Decimal(str(outcome["threshold"])),
                denominator=outcome["denominator"],
                required_yes=outcome["required_yes"],
                passed=outcome["passed"],
                rule_basis=str(rule.get("basis", ""))[:500],
            )
        )
    _seal(session, counts)
    return results


def _seal(session: Session, counts: dict[int, Counter]) -> None:
    """Rewrite the ballots and participations of the session in a canonical order with new
    UUIDs, in the closing transaction: physical order and system columns no longer follow the
    order of voting. Reads only the aggregated counts."""
    members = list(
        BallotParticipation.objects.filter(case__session=session)
        .order_by("case_id", "member_id")
        .values_list("case_id", "member_id")
    )
    BallotParticipation.objects.filter(case__session=session).delete()
    Ballot.objects.filter(case__session=session).delete()
    BallotParticipation.objects.bulk_create(
        [BallotParticipation(case_id=c, member_id=m) for c, m in members]
    )
    ballots = []
    for case_id in sorted(counts):
        for choice, n in sorted(counts[case_id].items()):
            ballots.extend(Ballot(case_id=case_id, choice=choice) for _i in range(n))
    Ballot.objects.bulk_create(ballots)


# --------------------------------------------------------------------------- nominations


def agenda_honour_field(state: str) -> str | None:
    """Which honour of a nominee the council votes on, by the nominee's state: the target when
    the appraisal agreed or escalated (the council votes to propose upward), the lower form when
    the appraisal agreed with a lower one; None for a state the council does not vote on."""
    from tdkt.nominations.enums import NomineeState

    return {
        NomineeState.APPRAISED_AGREE: "target",
        NomineeState.APPRAISED_LOWER: "lower_target",
        NomineeState.ESCALATED: "target",
    }.get(state)


def agenda_states() -> tuple[str, ...]:
    from tdkt.nominations.enums import NomineeState

    return (NomineeState.APPRAISED_AGREE, NomineeState.APPRAISED_LOWER, NomineeState.ESCALATED)


def nominee_label(nominee) -> str:
    """ "Name (unit)" of a nominee, for messages (needs proposal__unit and the subject loaded)."""
    return _("%(name)s (%(unit)s)") % {
        "name": nominee.subject_name,
        "unit": nominee.proposal.unit.name,
    }


def notice_blockers(nominees, *, on: dt.date) -> dict[int, str]:
    """{nominee id: reason} of the nominees whose public notice (công khai) is required but not
    finished on `on` — from the portal (`tdkt.portal.selectors.notice_blockers`)."""
    nominees = list(nominees)
    if not nominees:
        return {}
    try:
        from tdkt.portal.selectors import notice_blockers as portal_blockers
    except ImportError:
        # Fail closed: without the portal nobody can tell whether the notice was done.
        return {
            n.pk: _("chưa kiểm tra được việc công khai (chức năng công khai chưa sẵn sàng)")
            for n in nominees
        }
    return dict(portal_blockers(nominees, on=on) or {})


def council_covers_round(council: Council, round) -> bool:
    """A session may take the nominees of a round issued by its council's unit or a unit below."""
    return round.issuing_unit.path.startswith(council.unit.path)


def _nominee_queryset():
    from tdkt.nominations.models import Nominee

    return Nominee.objects.select_related(
        "proposal__unit", "target", "lower_target", "person", "collective", "household"
    ).order_by("proposal__unit__path", "proposal_id", "order", "pk")


@transaction.atomic
def cases_from_round(*, session: Session, round, nominees=None, actor) -> list[Case]:
    """Put the appraised nominees of `round` on the session's agenda, in proposal (unit) order.

    Appraised "agree" and "escalate" go to the vote for their target, "agree with a lower form"
    for the lower form; subject fields are copied and `Case.nominee` kept. `nominees` (Nominee
    objects or ids) restricts to those; a nominee already on an agenda (of a session not
    cancelled) is skipped. All or nothing: a nominee not in the round or not appraised, or whose
    public notice is required but not finished on the session date, refuses the whole call with
    a Vietnamese message naming each one. Returns the new cases.
    """
    session = _lock_session(session.pk)
    if session.state not in (SessionState.DRAFT, SessionState.OPEN):
        _fail(
            "session",
            _("Phiên họp %(state)s: không thêm nội dung.")
            % {"state": session.get_state_display().lower()},
        )
    _require_runner(session, actor)
    if not council_covers_round(session.council, round):
        _fail(
            "round",
            _("Đợt xét «%(round)s» do %(unit)s quyết định, không thuộc thẩm quyền của %(council)s.")
            % {
                "round": round.name,
                "unit": round.issuing_unit.name,
                "council": session.council.name,
            },
        )
    qs = _nominee_queryset().filter(round=round)
    if nominees is not None:
        wanted = {getattr(n, "pk", n) for n in nominees}
        try:
            wanted = {int(pk) for pk in wanted}
        except (TypeError, ValueError):
            _fail("nominees", _("Danh sách đối tượng không hợp lệ."))
        if not wanted:
            _fail("nominees", _("Chọn ít nhất một đối tượng."))
        qs = qs.filter(pk__in=wanted)
    # Lock the nominees: a concurrent call waits, then sees the cases this one adds.
    found = list(qs.select_for_update(of=("self",)))
    if nominees is not None:
        missing = wanted - {n.pk for n in found}
        if missing:
            _fail(
                "nominees",
                _("Không có đối tượng mã %(ids)s trong đợt xét «%(round)s».")
                % {"ids": ", ".join(str(i) for i in sorted(missing)), "round": round.name},
            )
        wrong = [n for n in found if agenda_honour_field(n.state) is None]
        if wrong:
            _fail(
                "nominees",
                _("Chưa thẩm định xong, không đưa vào phiên họp: %(names)s.")
                % {
                    "names": "; ".join(
                        f"{nominee_label(n)} – {n.get_state_display()}" for n in wrong
                    )
                },
            )
    else:
        found = [n for n in found if agenda_honour_field(n.state) is not None]
    taken = set(
        Case.objects.filter(nominee__in=[n.pk for n in found], on_agenda=True).values_list(
            "nominee_id", flat=True
        )
    )
    todo = [n for n in found if n.pk not in taken]
    if not todo:
        return []
    blocked = notice_blockers(todo, on=session.date)
    blocked_rows = [(n, blocked[n.pk]) for n in todo if blocked.get(n.pk)]
    if blocked_rows:
        _fail(
            "nominees",
            _("Chưa hoàn thành công khai, chưa đưa vào phiên họp: %(items)s.")
            % {"items": "; ".join(f"{nominee_label(n)}: {reason}" for n, reason in blocked_rows)},
        )
    order = session.cases.aggregate(m=Max("order"))["m"] or 0
    checked: set[str] = set()
    cases = []
    for nominee in todo:
        honour = getattr(nominee, agenda_honour_field(nominee.state))
        if honour is None:  # appraised lower without a lower form: cannot happen via services
            _fail(
                "nominees",
                _("%(name)s: thiếu hình thức khen thấp hơn.") % {"name": nominee_label(nominee)},
            )
        if honour.pk not in checked:
            try:
                tally(
                    {
                        "target": honour.code,
                        "decision_date": session.date.isoformat(),
                        "members_total": 1,
                        "members_present": 1,
                        "votes_yes": 0,
                    },
                    overlay=_overlay(session),
                )
            except ContractError as exc:
                _fail("nominees", f"{nominee_label(nominee)}: {exc.message}")
            checked.add(honour.pk)
        order += 1
        case = Case(
            session=session,
            nominee=nominee,
            honour=honour,
            subject_kind=nominee.subject_kind,
            person_id=nominee.person_id,
            collective_id=nominee.collective_id,
            household_id=nominee.household_id,
            decision_date=session.date,
            order=order,
        )
        try:
            with transaction.atomic():
                case.save()
        except IntegrityError as exc:  # another session took it in the meantime
            raise ValidationError(
                {
                    "nominees": _("%(name)s đã có trong chương trình một phiên họp hội đồng.")
                    % {"name": nominee_label(nominee)}
                }
            ) from exc
        audit_log(
            case,
            action="council.case.add",
            actor=actor,
            after=snapshot(case),
            reason=_("Từ đợt xét %(round)s") % {"round": round.code},
        )
        cases.append(case)
    return cases


def tally_text(session: Session, result: CaseResult) -> str:
    """The result of a case in one sentence (the reason recorded on the nominee)."""
    base = (
        _("tổng số thành viên")
        if result.denominator == "members_total"
        else _("số thành viên có mặt")
    )
    threshold = f"{float(result.threshold) * 100:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    text = _(
        "Hội đồng bỏ phiếu kín ngày %(date)s (%(title)s): %(yes)s đồng ý, %(no)s không đồng ý, "
        "%(abstain)s không biểu quyết; cần ít nhất %(required)s phiếu đồng ý (%(threshold)s%% "
        "%(base)s): %(outcome)s."
    ) % {
        "date": _dmy(session.date),
        "title": session.title,
        "yes": result.votes_yes,
        "no": result.votes_no,
        "abstain": result.votes_abstain,
        "required": result.required_yes,
        "threshold": threshold,
        "base": base,
        "outcome": _("Đạt") if result.passed else _("Không đạt"),
    }
    if not result.quorum_met:
        text += " " + _("Không đủ số thành viên dự họp.")
    return text


def _vote_nominees(
    session: Session, results: list[CaseResult], actor
) -> tuple[list[dict[str, Any]], list[str]]:
    """In the closing transaction: move each case's nominee to voted_passed / voted_failed.
    A nominee whose state changed since it went on the agenda (e.g. reopened for appraisal) is
    left as it is and reported (it cannot reach a decision without a new vote)."""
    from tdkt.nominations.enums import NomineeState
    from tdkt.nominations.services import set_nominee_state

    by_nominee = {r.case.nominee_id: r for r in results if r.case.nominee_id}
    if not by_nominee:
        return [], []
    locked = list(_nominee_queryset().select_for_update(of=("self",)).filter(pk__in=by_nominee))
    moved, not_moved = [], []
    for nominee in locked:
        result = by_nominee[nominee.pk]
        if agenda_honour_field(nominee.state) is None:
            not_moved.append(
                _("%(name)s (đang ở trạng thái «%(state)s»)")
                % {"name": nominee_label(nominee), "state": nominee.get_state_display()}
            )
            continue
        new_state = NomineeState.VOTED_PASSED if result.passed else NomineeState.VOTED_FAILED
        set_nominee_state(nominee, new_state, actor=actor, reason=tally_text(session, result))
        moved.append({"nominee": nominee.pk, "state": str(new_state)})
    return moved, not_moved
