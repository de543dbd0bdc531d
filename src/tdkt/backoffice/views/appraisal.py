"""The receiving office: the work dashboard (việc cần làm), the appraisal page of a proposal
(assign the specialist; per nominee the eligibility judgement, the unit head's override, the
dossier, and agree / agree with a lower form / reject / escalate; re-appraise; accept or return
a nominee sent again) and the proposal to the higher level gathering the escalated nominees.

Every object is fetched through the user's scope (out of scope → 404). Only the receiving
office acts (`rules.is_receiving_office`); others see the page read-only. Each form posts the
state the page showed (`seen`): when someone acted first, the message says who and when.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tdkt.backoffice.forms.appraisal import (
    AppraiseForm,
    AssignForm,
    ReappraiseForm,
    ReturnNomineeForm,
    SeenForm,
    UpwardForm,
)
from tdkt.nominations import appraisal, escalation, selectors, services
from tdkt.nominations import rules as perms
from tdkt.nominations.access import access_proposal
from tdkt.nominations.enums import NOMINEE_APPRAISED, NomineeState, ProposalState
from tdkt.nominations.models import Nominee, Proposal, Round

#: Proposal states in which single nominees are appraised.
APPRAISING = (ProposalState.RECEIVED, ProposalState.APPRAISING)
#: Proposal states in which the specialist may be (re)assigned.
ASSIGNABLE = (ProposalState.RECEIVED, ProposalState.APPRAISING, ProposalState.APPRAISED)


def _error(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _nominee(proposal: Proposal, pk) -> Nominee:
    try:
        return selectors.proposal_nominees(proposal).get(pk=pk)
    except (Nominee.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def _round(user, pk) -> Round:
    """A round whose issuing unit is in the user's office scope (404 otherwise)."""
    from tdkt.accounts.selectors import user_scope

    scope = user_scope(user, perms.OFFICE_ROLES)
    if scope.is_empty:
        raise Http404
    try:
        return scope.filter(Round.objects.select_related("issuing_unit"), "issuing_unit__").get(
            pk=pk
        )
    except (Round.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def _back(proposal: Proposal, nominee: Nominee | None = None):
    response = redirect("backoffice:proposals.appraise", pk=proposal.pk)
    if nominee is not None:
        response["Location"] += f"#nominee-{nominee.pk}"
    return response


def _today() -> dt.date:
    return services._today()


# --------------------------------------------------------------------------- dashboard


@login_required
def work_dashboard(request):
    work = selectors.work_dashboard(request.user, today=_today())
    return render(
        request,
        "backoffice/appraisal/dashboard.html",
        {"office": work["office"], "unit": work["unit"], "today": _today()},
    )


# --------------------------------------------------------------------------- appraisal page


def _checked_at(value) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _dossier(proposal: Proposal):
    """The dossier's completeness (`tdkt.nominations.dossier.dossier_status`), None when that
    module is not available."""
    try:
        from tdkt.nominations.dossier import dossier_status
    except ImportError:
        return None
    return dossier_status(proposal)


def _rows(request, proposal: Proposal, can_act: bool, bound: dict) -> list[dict]:
    nominees = list(
        selectors.proposal_nominees(proposal).prefetch_related("escalations", "council_cases")
    )
    lower_cache: dict[tuple[str, str], list] = {}
    rows = []
    for nominee in nominees:
        judgement = nominee.eligibility or {}
        row = {
            "nominee": nominee,
            "judgement": judgement,
            "checks": judgement.get("checks") or [],
            "missing": judgement.get("missing") or [],
            "checked_at": _checked_at(judgement.get("checked_at")),
            "gathered": [n for n in nominee.escalations.all() if n.state != "withdrawn"],
        }
        if can_act:
            if nominee.state == NomineeState.ACCEPTED and proposal.state in APPRAISING:
                key = (nominee.target_id, nominee.subject_kind)
                if key not in lower_cache:
                    lower_cache[key] = appraisal.lower_honours(nominee.target, nominee.subject_kind)
                row["form"] = bound.get(nominee.pk) or AppraiseForm(
                    nominee=nominee, lower_choices=lower_cache[key]
                )
                row["return_form"] = ReturnNomineeForm(
                    prefix=f"r{nominee.pk}", initial={"seen": nominee.state}
                )
            elif nominee.state == NomineeState.SUBMITTED and proposal.state in APPRAISING:
                row["accept"] = True
                row["return_form"] = ReturnNomineeForm(
                    prefix=f"r{nominee.pk}", initial={"seen": nominee.state}
                )
            elif nominee.state in NOMINEE_APPRAISED:
                row["reappraise_blocker"] = appraisal.reappraisal_blocker(nominee)
        rows.append(row)
    return rows


def _page(request, proposal: Proposal, *, bound: dict | None = None, status: int = 200):
    user = request.user
    can_act = perms.is_receiving_office(user, proposal)
    rows = _rows(request, proposal, can_act, bound or {})
    context = {
        "proposal": proposal,
        "round": proposal.round,
        "rows": rows,
        "can_act": can_act,
        "dossier": _dossier(proposal),
        "overrides": [r for r in rows if r["nominee"].override_by_id],
        "summary": appraisal.appraisal_summary(proposal),
        "today": _today(),
        "overdue": bool(
            proposal.due_on and proposal.state in APPRAISING and proposal.due_on < _today()
        ),
    }
    if can_act and proposal.state in ASSIGNABLE:
        context["assign_form"] = AssignForm(
            specialists=appraisal.office_specialists(proposal),
            initial={"specialist": proposal.assigned_specialist_id},
        )
    if can_act:
        context["escalated_pending"] = sum(
            1 for r in rows if r["nominee"].state == NomineeState.ESCALATED and not r["gathered"]
        )
    return render(request, "backoffice/appraisal/appraise.html", context, status=status)


@login_required
def proposal_appraise(request, pk):
    proposal = access_proposal(request.user, pk)
    return _page(request, proposal)


def _office_only(request, proposal: Proposal) -> None:
    if not perms.is_receiving_office(request.user, proposal):
        raise PermissionDenied(services._office_denied(proposal))


@login_required
@require_POST
def proposal_assign(request, pk):
    proposal = access_proposal(request.user, pk)
    _office_only(request, proposal)
    form = AssignForm(request.POST, specialists=appraisal.office_specialists(proposal))
    if not form.is_valid():
        _form_errors(request, form)
        return _back(proposal)
    specialist = form.cleaned_data["specialist"]
    try:
        services.specialist_assign(proposal=proposal, specialist=specialist, actor=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            _("Đã phân công %(user)s thẩm định %(proposal)s.")
            % {"user": specialist, "proposal": proposal},
        )
    return _back(proposal)


def _stale(nominee: Nominee, seen: str, new_state: str) -> None:
    """Refuse when the nominee is no longer in the state the page showed (who acted first)."""
    if seen and seen != nominee.state:
        raise services._stale_nominee(nominee, new_state)


@login_required
@require_POST
def nominee_appraise(request, pk, nominee_pk):
    proposal = access_proposal(request.user, pk)
    _office_only(request, proposal)
    nominee = _nominee(proposal, nominee_pk)
    lower = appraisal.lower_honours(nominee.target, nominee.subject_kind)
    form = AppraiseForm(request.POST, nominee=nominee, lower_choices=lower)
    if not form.is_valid():
        _form_errors(request, form)
        if nominee.state == NomineeState.ACCEPTED and proposal.state in APPRAISING:
            return _page(request, proposal, bound={nominee.pk: form}, status=400)
        return _back(proposal, nominee)
    data = form.cleaned_data
    from tdkt.nominations.enums import APPRAISAL_STATES

    try:
        _stale(nominee, data["seen"], APPRAISAL_STATES[data["decision"]])
        appraisal.nominee_appraise_notified(
            nominee=nominee,
            actor=request.user,
            decision=data["decision"],
            lower_target=data["lower_target"],
            note=data["note"],
        )
    except ValidationError as exc:
        _error(request, exc)
        return _back(proposal, nominee)
    messages.success(
        request,
        _("Đã ghi kết quả thẩm định %(name)s: %(result)s.")
        % {"name": nominee.subject_name, "result": nominee.get_state_display()},
    )
    proposal.refresh_from_db(fields=["state"])
    if proposal.state == ProposalState.APPRAISED:
        messages.info(request, _("Đã thẩm định xong tất cả đối tượng của tờ trình."))
    return _back(proposal, nominee)


@login_required
@require_POST
def nominee_reappraise(request, pk, nominee_pk):
    proposal = access_proposal(request.user, pk)
    _office_only(request, proposal)
    nominee = _nominee(proposal, nominee_pk)
    form = ReappraiseForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(proposal, nominee)
    try:
        _stale(nominee, form.cleaned_data["seen"], NomineeState.ACCEPTED)
        appraisal.nominee_reappraise(
            nominee=nominee, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            _("%(name)s được đưa về trạng thái «Đã tiếp nhận» để thẩm định lại.")
            % {"name": nominee.subject_name},
        )
    return _back(proposal, nominee)


@login_required
@require_POST
def nominee_accept(request, pk, nominee_pk):
    proposal = access_proposal(request.user, pk)
    _office_only(request, proposal)
    nominee = _nominee(proposal, nominee_pk)
    form = SeenForm(request.POST)
    seen = form.cleaned_data["seen"] if form.is_valid() else ""
    try:
        _stale(nominee, seen, NomineeState.ACCEPTED)
        services.nominee_accept(nominee=nominee, actor=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(
            request, _("Đã tiếp nhận hồ sơ của %(name)s.") % {"name": nominee.subject_name}
        )
    return _back(proposal, nominee)


@login_required
@require_POST
def nominee_return(request, pk, nominee_pk):
    proposal = access_proposal(request.user, pk)
    _office_only(request, proposal)
    nominee = _nominee(proposal, nominee_pk)
    form = ReturnNomineeForm(request.POST, prefix=f"r{nominee.pk}")
    if not form.is_valid():
        _form_errors(request, form)
        return _back(proposal, nominee)
    try:
        _stale(nominee, form.cleaned_data["seen"], NomineeState.RETURNED)
        services.nominee_return(
            nominee=nominee, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            _("Đã trả lại hồ sơ của %(name)s cho đơn vị.") % {"name": nominee.subject_name},
        )
    return _back(proposal, nominee)


# --------------------------------------------------------------------------- upward proposal


@login_required
@require_http_methods(["GET", "POST"])
def round_upward(request, pk):
    """ "Lập tờ trình đề nghị cấp trên": the round's escalated nominees not yet gathered, the
    open higher-level rounds, and the office's proposals already made from this round."""
    round_ = _round(request.user, pk)
    if not perms.is_round_office(request.user, round_):
        raise Http404
    pending = list(escalation.escalated_pending(round_))
    uppers = escalation.upper_rounds(round_)
    form = UpwardForm(request.POST or None, rounds=uppers, pending=pending)
    if request.method == "POST":
        if form.is_valid():
            try:
                result = escalation.upward_proposal_create(
                    round=round_,
                    actor=request.user,
                    upper_round=form.cleaned_data["upper_round"],
                    nominees=[int(v) for v in form.cleaned_data["nominees"]],
                )
            except ValidationError as exc:
                _error(request, exc)
            else:
                for proposal in result.proposals:
                    count = sum(1 for n in result.created if n.proposal_id == proposal.pk)
                    messages.success(
                        request,
                        _(
                            "Đã tổng hợp %(count)s đối tượng vào %(proposal)s của %(unit)s "
                            "(đợt xét «%(round)s»)."
                        )
                        % {
                            "count": count,
                            "proposal": proposal,
                            "unit": proposal.unit.name,
                            "round": proposal.round.name,
                        },
                    )
                for nominee, why in result.skipped:
                    messages.warning(
                        request,
                        _("Chưa tổng hợp %(name)s: %(why)s.")
                        % {"name": nominee.subject_name, "why": why},
                    )
                return redirect("backoffice:rounds.upward", pk=round_.pk)
        else:
            _form_errors(request, form)
    made = (
        Proposal.objects.filter(nominees__source__round=round_)
        .select_related("round", "unit")
        .distinct()
        .order_by("-created")
    )
    return render(
        request,
        "backoffice/appraisal/upward.html",
        {
            "round": round_,
            "pending": pending,
            "upper_rounds": uppers,
            "form": form,
            "made": list(made),
        },
        status=400 if request.method == "POST" else 200,
    )


urlpatterns = [
    path("viec-can-lam/", work_dashboard, name="work.dashboard"),
    path("to-trinh/<int:pk>/tham-dinh/", proposal_appraise, name="proposals.appraise"),
    path(
        "to-trinh/<int:pk>/tham-dinh/phan-cong/",
        proposal_assign,
        name="proposals.appraise.assign",
    ),
    path(
        "to-trinh/<int:pk>/tham-dinh/<int:nominee_pk>/",
        nominee_appraise,
        name="proposals.appraise.nominee",
    ),
    path(
        "to-trinh/<int:pk>/tham-dinh/<int:nominee_pk>/tham-dinh-lai/",
        nominee_reappraise,
        name="proposals.appraise.reopen",
    ),
    path(
        "to-trinh/<int:pk>/tham-dinh/<int:nominee_pk>/tiep-nhan/",
        nominee_accept,
        name="proposals.appraise.accept",
    ),
    path(
        "to-trinh/<int:pk>/tham-dinh/<int:nominee_pk>/tra-lai/",
        nominee_return,
        name="proposals.appraise.return",
    ),
    path("dot-xet/<int:pk>/de-nghi-cap-tren/", round_upward, name="rounds.upward"),
]
