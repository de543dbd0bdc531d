"""The council's secret ballot: the list of councils and sessions, the session page of the chair,
the secretary and the TĐKT officer (agenda, attendance, state, who has voted, results, written
opinions, paper counts) and each member's own ballot page; the office creates sessions, puts a
round's appraised nominees on the agenda (each case with its council file: the head's override,
the appraisal note, public comments) and the minutes are downloaded as DOCX after the close.

Secrecy on screen: no page ever shows how anyone voted. Participation lists carry names only
(`selectors.participation_status`), counts appear only after the close
(`selectors.session_results`), and the ballot page never renders a chosen radio — every POST
redirects (nothing re-bound), and after a vote the case only says "Đã bỏ phiếu".
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from tdkt.backoffice.forms.council import (
    AttendanceForm,
    BallotForm,
    FromRoundForm,
    PaperCountForm,
    RoundPickForm,
    SessionCreateForm,
    StateForm,
    WrittenBallotForm,
)
from tdkt.council import selectors, services
from tdkt.council.access import (
    access_ballot,
    access_council,
    access_session,
    can_manage_council,
    can_run_session,
    councils_for,
    is_secretary,
    session_roles,
    voting_member,
)
from tdkt.council.enums import Choice, MemberRole, SessionState
from tdkt.council.models import Attendance, BallotParticipation, CouncilMember, Session

ATTENDANCE_STATES = (SessionState.DRAFT, SessionState.OPEN)
WRITTEN_STATES = (SessionState.OPEN, SessionState.VOTING)
ROLE_ORDER = {role: i for i, role in enumerate(MemberRole.values)}
CANCELLABLE = (SessionState.DRAFT, SessionState.OPEN, SessionState.VOTING)
AGENDA_STATES = (SessionState.DRAFT, SessionState.OPEN)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _error(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _back(session: Session):
    return redirect("backoffice:council.session", pk=session.pk)


def _percent(value) -> str:
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"


# --------------------------------------------------------------------------- list


@login_required
def council_list(request):
    user = request.user
    councils = list(
        councils_for(user)
        .select_related("unit")
        .prefetch_related(
            Prefetch("sessions", queryset=Session.objects.order_by("-date", "-id")),
        )
    )
    member_of = set(
        CouncilMember.objects.filter(user=user, votes=True).values_list("council_id", flat=True)
    )
    for council in councils:
        council.create_form = (
            SessionCreateForm(auto_id=f"id_c{council.pk}_%s")
            if can_manage_council(user, council)
            else None
        )
    return render(
        request,
        "backoffice/council/list.html",
        {"councils": councils, "member_of": member_of},
    )


@login_required
@require_POST
def session_create(request, pk):
    """A new session of the council (its unit's TĐKT office: officer, specialist, admin)."""
    council = access_council(request.user, pk)
    if not can_manage_council(request.user, council):
        messages.error(
            request,
            _("Chỉ cán bộ thi đua – khen thưởng của %(unit)s mới được tạo phiên họp.")
            % {"unit": council.unit.name},
        )
        return redirect("backoffice:council.list")
    form = SessionCreateForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("backoffice:council.list")
    data = form.cleaned_data
    try:
        session = services.session_create(
            council=council,
            date=data["date"],
            title=data["title"],
            location=data["location"],
            actor=request.user,
        )
    except ValidationError as exc:
        _error(request, exc)
        return redirect("backoffice:council.list")
    messages.success(request, _("Đã tạo phiên họp «%(title)s».") % {"title": session.title})
    return _back(session)


# --------------------------------------------------------------------------- session page


def _participation_context(session: Session) -> dict:
    if session.state in (SessionState.VOTING, SessionState.CLOSED):
        return {"participation": selectors.participation_status(session)}
    return {"participation": None}


def _results(session: Session) -> list[dict] | None:
    if session.state != SessionState.CLOSED:
        return None
    rows = []
    for row in selectors.session_results(session):
        result = row["result"]
        rows.append(
            {
                **row,
                "threshold_text": _percent(result.threshold * 100) if result else "",
                "denominator_label": (
                    _("tổng số thành viên")
                    if result and result.denominator == "members_total"
                    else _("số thành viên có mặt")
                ),
            }
        )
    return rows


def _session_context(request, session: Session, **forms) -> dict:
    user = request.user
    roles = session_roles(user, session)
    can_run = can_run_session(user, session, roles)
    secretary = is_secretary(user, session, roles)
    members = sorted(
        services.members_on(session.council_id, session.date).select_related("user"),
        key=lambda m: (ROLE_ORDER.get(m.role, 99), m.pk),
    )
    attendance = {a.member_id: a for a in Attendance.objects.filter(session=session)}
    cases = session.cases.select_related("honour", "person", "collective", "household")
    agenda = selectors.agenda(session)
    context = {
        "session": session,
        "council": session.council,
        "cases": [row["case"] for row in agenda],
        "agenda": agenda,
        "minutes": session.state == SessionState.CLOSED and can_run,
        "members": [(m, attendance.get(m.pk)) for m in members],
        "can_run": can_run,
        "secretary": secretary,
        "my_ballot": (
            session.state == SessionState.VOTING and voting_member(user, session) is not None
        ),
        "results": _results(session),
        "cancellable": session.state in CANCELLABLE,
        **_participation_context(session),
    }
    if can_run and session.state in ATTENDANCE_STATES:
        context["attendance_form"] = forms.get("attendance_form") or AttendanceForm(
            members=members, attendance=attendance
        )
    if secretary and session.state in WRITTEN_STATES:
        writers = CouncilMember.objects.filter(
            pk__in=[
                m.pk
                for m, a in context["members"]
                if m.votes and a and not a.present and a.written_ballot
            ]
        ).select_related("user")
        if writers.exists():
            context["written_form"] = forms.get("written_form") or WrittenBallotForm(
                cases=cases, members=writers
            )
    if secretary and session.state == SessionState.VOTING:
        context["paper_form"] = forms.get("paper_form") or PaperCountForm(
            cases=cases.filter(paper_counted=False)
        )
    if can_run and session.state in AGENDA_STATES:
        context.update(_from_round_context(request, session))
    return context


def _from_round_context(request, session: Session) -> dict:
    """The "Thêm từ đợt xét" section: the rounds of the council's unit and, once one is chosen
    (?round=<pk>), its appraised nominees with a checkbox each."""
    rounds = selectors.rounds_for_council(session.council)
    dot = request.GET.get("round")
    picked = RoundPickForm({"round": dot} if dot else None, rounds=rounds)
    context = {"round_form": picked, "candidates": None, "picked_round": None}
    if picked.is_bound and picked.is_valid():
        round_ = picked.cleaned_data["round"]
        context["picked_round"] = round_
        context["candidates"] = selectors.round_candidates(session, round_)
        context["any_eligible"] = any(r["eligible"] for r in context["candidates"])
    return context


@login_required
def session_detail(request, pk):
    session = access_session(request.user, pk)
    return render(request, "backoffice/council/session.html", _session_context(request, session))


@login_required
def session_participation(request, pk):
    """The "who has voted" section alone, refreshed by HTMX while voting is open."""
    session = access_session(request.user, pk)
    return render(
        request,
        "backoffice/council/_participation.html",
        {"session": session, **_participation_context(session)},
    )


@login_required
@require_POST
def session_attendance(request, pk):
    session = access_session(request.user, pk)
    members = list(services.members_on(session.council_id, session.date).select_related("user"))
    attendance = {a.member_id: a for a in Attendance.objects.filter(session=session)}
    form = AttendanceForm(request.POST, members=members, attendance=attendance)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(session)
    if not can_run_session(request.user, session):
        messages.error(
            request,
            _(
                "Chỉ Chủ tịch, Phó Chủ tịch thường trực, Thư ký hội đồng hoặc cán bộ thi đua – "
                "khen thưởng của đơn vị mới được điểm danh."
            ),
        )
        return _back(session)
    saved = 0
    for member, present, written in form.changes():
        current = attendance.get(member.pk)
        if current and (current.present, current.written_ballot) == (present, written):
            continue
        try:
            services.attendance_record(
                session=session,
                member=member,
                present=present,
                written_ballot=written,
                actor=request.user,
            )
        except ValidationError as exc:
            _error(request, exc)
            return _back(session)
        saved += 1
    messages.success(request, _("Đã lưu điểm danh (%(n)s thay đổi).") % {"n": saved})
    return _back(session)


@login_required
@require_POST
def session_state(request, pk):
    """Open the session, open voting, close or cancel. `seen` is the state the page showed:
    if someone acted first, the service says who and when."""
    session = access_session(request.user, pk)
    form = StateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Yêu cầu chuyển trạng thái không hợp lệ."))
        return _back(session)
    data = form.cleaned_data
    session.state = data["seen"]
    try:
        if data["state"] == SessionState.CANCELLED:
            services.session_cancel(session=session, actor=request.user, reason=data["reason"])
        else:
            services.set_session_state(
                session, data["state"], actor=request.user, reason=data["reason"]
            )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            _("Phiên họp đã chuyển sang trạng thái «%(state)s».")
            % {"state": SessionState(data["state"]).label},
        )
        not_moved = getattr(session, "nominees_not_moved", None) or []
        if not_moved:
            messages.warning(
                request,
                _(
                    "Trạng thái các đối tượng sau đã thay đổi sau khi đưa vào phiên họp, không "
                    "ghi nhận kết quả biểu quyết: %(names)s."
                )
                % {"names": "; ".join(not_moved)},
            )
    return _back(session)


@login_required
@require_POST
def session_from_round(request, pk):
    """Put the ticked appraised nominees of a round on the agenda."""
    session = access_session(request.user, pk)
    form = FromRoundForm(request.POST, rounds=selectors.rounds_for_council(session.council))
    if not form.is_valid():
        _form_errors(request, form)
        return _back(session)
    round_ = form.cleaned_data["round"]
    try:
        added = services.cases_from_round(
            session=session,
            round=round_,
            nominees=form.cleaned_data["nominee"],
            actor=request.user,
        )
    except ValidationError as exc:
        _error(request, exc)
        return redirect(_round_url(session, round_))
    if added:
        messages.success(
            request,
            _("Đã đưa %(n)s đối tượng của đợt xét «%(round)s» vào chương trình phiên họp.")
            % {"n": len(added), "round": round_.name},
        )
    else:
        messages.info(request, _("Các đối tượng đã chọn đều đã có trong chương trình phiên họp."))
    return _back(session)


def _round_url(session: Session, round_) -> str:
    from django.urls import reverse

    return reverse("backoffice:council.session", args=[session.pk]) + f"?round={round_.pk}#dot-xet"


@login_required
def session_minutes(request, pk):
    """The minutes (biên bản họp và kết quả bỏ phiếu kín) as DOCX, once the session is closed."""
    from tdkt.documents.default_templates import MINUTES
    from tdkt.documents.services import DocumentError, render_docx

    session = access_session(request.user, pk)
    if not can_run_session(request.user, session):
        messages.error(
            request,
            _("Chỉ Thư ký, Chủ tịch hội đồng hoặc cán bộ thi đua – khen thưởng mới tải biên bản."),
        )
        return _back(session)
    if session.state != SessionState.CLOSED:
        messages.error(request, _("Phiên họp chưa kết thúc: chưa có biên bản kết quả bỏ phiếu."))
        return _back(session)
    try:
        data = render_docx(MINUTES, selectors.minutes_document_context(session), on=session.date)
    except DocumentError as exc:
        _error(request, exc)
        return _back(session)
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = (
        f'attachment; filename="bien-ban-hop-hoi-dong-{session.date:%Y%m%d}-{session.pk}.docx"'
    )
    return response


@login_required
@require_POST
def session_written(request, pk):
    session = access_session(request.user, pk)
    form = WrittenBallotForm(
        request.POST,
        cases=session.cases.all(),
        members=CouncilMember.objects.filter(council=session.council).select_related("user"),
    )
    if not form.is_valid():
        _form_errors(request, form)
        return _back(session)
    data = form.cleaned_data
    try:
        services.written_ballot_enter(
            case=data["case"],
            member=data["member"],
            choice=data["choice"],
            entered_by=request.user,
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            _("Đã ghi nhận phiếu bằng văn bản của %(member)s cho nội dung %(order)s.")
            % {"member": data["member"].name, "order": data["case"].order},
        )
    return _back(session)


@login_required
@require_POST
def session_paper(request, pk):
    session = access_session(request.user, pk)
    form = PaperCountForm(request.POST, cases=session.cases.all())
    if not form.is_valid():
        _form_errors(request, form)
        return _back(session)
    data = form.cleaned_data
    try:
        services.paper_count_enter(
            case=data["case"],
            yes=data["yes"],
            no=data["no"],
            abstain=data["abstain"],
            entered_by=request.user,
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            _("Đã nhập kết quả kiểm phiếu giấy cho nội dung %(order)s.")
            % {"order": data["case"].order},
        )
    return _back(session)


# --------------------------------------------------------------------------- member's ballot


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def ballot(request, pk):
    """The member's own ballot (their device). Shows each case's subject and target; a case
    already voted on says "Đã bỏ phiếu" and nothing of the choice."""
    session, member = access_ballot(request.user, pk)
    cases = list(
        session.cases.select_related("honour", "person", "collective", "household").order_by(
            "order", "pk"
        )
    )
    if request.method == "POST":
        return _cast(request, session, member, cases)
    voted = set(
        BallotParticipation.objects.filter(case__session=session, member=member).values_list(
            "case_id", flat=True
        )
    )
    attendance = Attendance.objects.filter(session=session, member=member).first()
    present = bool(attendance and attendance.present)
    voting = session.state == SessionState.VOTING
    rows = [
        {
            "case": case,
            "voted": case.pk in voted,
            "open": voting and present and case.pk not in voted and not case.paper_counted,
        }
        for case in cases
    ]
    context = {
        "session": session,
        "member": member,
        "rows": rows,
        "voting": voting,
        "present": present,
        "any_open": any(r["open"] for r in rows),
        "choices": Choice.choices,
    }
    return render(request, "backoffice/council/ballot.html", context)


def _cast(request, session: Session, member: CouncilMember, cases):
    form = BallotForm(request.POST, cases=cases)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("backoffice:council.ballot", pk=session.pk)
    only = request.POST.get("only", "")
    chosen = form.chosen(int(only) if only.isdigit() else None)
    if not chosen:
        messages.error(request, _("Chưa chọn ý kiến cho nội dung nào."))
        return redirect("backoffice:council.ballot", pk=session.pk)
    done = 0
    for case, choice in chosen:
        try:
            services.ballot_cast(case=case, member=member, choice=choice)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(
                    request,
                    _("Nội dung %(order)s: %(message)s")
                    % {"order": case.order, "message": message},
                )
        else:
            done += 1
    if done:
        messages.success(request, _("Đã ghi nhận phiếu bầu kín cho %(n)s nội dung.") % {"n": done})
    return redirect("backoffice:council.ballot", pk=session.pk)


urlpatterns = [
    path("hoi-dong/", council_list, name="council.list"),
    path("hoi-dong/<int:pk>/phien-moi/", session_create, name="council.session_create"),
    path(
        "hoi-dong/phien/<int:pk>/them-tu-dot-xet/",
        session_from_round,
        name="council.from_round",
    ),
    path("hoi-dong/phien/<int:pk>/bien-ban.docx", session_minutes, name="council.minutes"),
    path("hoi-dong/phien/<int:pk>/", session_detail, name="council.session"),
    path(
        "hoi-dong/phien/<int:pk>/tham-gia/",
        session_participation,
        name="council.participation",
    ),
    path("hoi-dong/phien/<int:pk>/diem-danh/", session_attendance, name="council.attendance"),
    path("hoi-dong/phien/<int:pk>/trang-thai/", session_state, name="council.state"),
    path("hoi-dong/phien/<int:pk>/phieu-van-ban/", session_written, name="council.written"),
    path("hoi-dong/phien/<int:pk>/kiem-phieu-giay/", session_paper, name="council.paper"),
    path("hoi-dong/phien/<int:pk>/bo-phieu/", ballot, name="council.ballot"),
]
