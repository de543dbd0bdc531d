"""Rounds and proposals: the receiving office's rounds (create, open, close, cancel) and the
submitting unit's proposals (draft, nominees with the rules engine's judgement, the head's
override, submit, correct and resubmit after a return), with the office's receive and return on
the same proposal page. Appraisal, dossier and nominee import have their own screens.

Every object comes through a scope-checked helper (out of scope: 404). Every POST redirects back
to the page with a message; the state the page showed travels with the POST (`seen`, `version`)
so that, when someone else acted first, the service's "who did what, when" message is shown
instead of acting twice.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tdkt.accounts.selectors import user_scope
from tdkt.backoffice.forms.fields import apply_service_error
from tdkt.backoffice.forms.nominations import (
    NomineeEditForm,
    NomineeForm,
    OverrideForm,
    ProposalCreateForm,
    ProposalEditForm,
    ProposalFilterForm,
    ReasonForm,
    RoundForm,
    RoundStateForm,
    SeenForm,
)
from tdkt.backoffice.forms.registry import name_words_q
from tdkt.common.pagination import CappedPaginator
from tdkt.nominations import rules as perms
from tdkt.nominations import selectors, services
from tdkt.nominations.access import access_proposal, access_round, get_or_404
from tdkt.nominations.enums import (
    NOMINEE_EDITABLE,
    NOMINEE_INACTIVE,
    PROPOSAL_EDITABLE,
    ROUND_TRANSITIONS,
    EventKind,
    NomineeState,
    ProposalState,
    RoundState,
)
from tdkt.nominations.models import Nominee, Proposal
from tdkt.people.enums import SubjectKind

PAGE_SIZE = 50
SEARCH_LIMIT = 20
#: Round moves offered on the round page (deciding belongs to the awarding screen).
ROUND_ACTIONS = {
    RoundState.OPEN: gettext_lazy("Mở nhận hồ sơ"),
    RoundState.CLOSED: gettext_lazy("Kết thúc nhận hồ sơ"),
    RoundState.CANCELLED: gettext_lazy("Hủy đợt xét"),
}
#: States in which the office may return the whole proposal.
RETURNABLE = (ProposalState.SUBMITTED, ProposalState.RECEIVED, ProposalState.APPRAISING)
#: Nominee states the office may return one by one.
NOMINEE_RETURNABLE = (NomineeState.SUBMITTED, NomineeState.ACCEPTED)


# --------------------------------------------------------------------------- helpers


def access_nominee(user, proposal: Proposal, nominee_pk) -> Nominee:
    qs = Nominee.objects.filter(proposal=proposal).select_related(
        "person", "collective", "household", "target", "override_by"
    )
    nominee = get_or_404(qs, nominee_pk)
    nominee.proposal = proposal
    return nominee


def _error(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _back(proposal: Proposal, anchor: str = ""):
    response = redirect("backoffice:proposals.detail", pk=proposal.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _seen(request, proposal: Proposal) -> Proposal:
    """Put the state and version the page showed on `proposal`, so that the service's
    conditional update tells who acted first when the page was stale."""
    form = SeenForm(request.POST)
    if form.is_valid():
        if form.cleaned_data.get("seen"):
            proposal.state = form.cleaned_data["seen"]
        if form.cleaned_data.get("version"):
            proposal.version = form.cleaned_data["version"]
    return proposal


def _nominee_seen(request, nominee: Nominee) -> Nominee:
    seen = request.POST.get("nominee_seen", "")
    if seen in NomineeState.values:
        nominee.state = seen
    return nominee


def _run(request, action, success: str) -> bool:
    """Call a service; show its refusal (ValidationError, PermissionDenied) as messages."""
    try:
        action()
    except ValidationError as exc:
        _error(request, exc)
        return False
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("Bạn không có quyền thực hiện việc này."))
        return False
    messages.success(request, success)
    return True


# --------------------------------------------------------------------------- rounds


def _office_units(user):
    from tdkt.orgs.models import Unit

    return user_scope(user, perms.OFFICE_ROLES).filter(Unit.objects.current()).order_by("path")


@login_required
@require_GET
def round_list(request):
    user = request.user
    qs = selectors.rounds_for(user).annotate(
        proposal_count=Count("proposals", filter=~Q(proposals__state=ProposalState.DRAFT))
    )
    page = CappedPaginator(qs.order_by("-year", "-opens_on", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "backoffice/nominations/round_list.html",
        {
            "page_obj": page,
            "can_create": not user_scope(user, perms.OFFICE_ROLES).is_empty,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request):
    user = request.user
    if user_scope(user, perms.OFFICE_ROLES).is_empty:
        raise PermissionDenied(
            _("Chỉ cơ quan thường trực thi đua – khen thưởng mới được tạo đợt xét.")
        )
    units = _office_units(user)
    form = RoundForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = services.round_create(
                code=data["code"],
                name=data["name"],
                year=data["year"],
                issuing_unit=data["issuing_unit"],
                award_type=data["award_type"],
                simplified=data["simplified"],
                targets=list(data["targets"]),
                submitting_units=list(data["submitting_units"]),
                opens_on=data["opens_on"],
                submit_deadline=data["submit_deadline"],
                appraisal_working_days=data["appraisal_working_days"],
                actor=user,
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        except PermissionDenied as exc:
            form.add_error("issuing_unit", str(exc))
        else:
            messages.success(
                request,
                _("Đã tạo đợt xét «%(round)s» (đang chuẩn bị).") % {"round": round_.name},
            )
            return redirect("backoffice:rounds.detail", pk=round_.pk)
    return render(request, "backoffice/nominations/round_form.html", {"form": form})


@login_required
@require_GET
def round_detail(request, pk):
    user = request.user
    round_ = access_round(user, pk)
    is_office = perms.is_round_office(user, round_)
    proposals = list(
        selectors.with_nominee_counts(selectors.proposals_for(user).filter(round=round_)).order_by(
            "unit__path", "pk"
        )
    )
    submit_units = selectors.submit_units_for(user, round_)
    can_propose = round_.state == RoundState.OPEN and submit_units.exists()
    actions = []
    if is_office:
        actions = [
            (state, label)
            for state, label in ROUND_ACTIONS.items()
            if state in ROUND_TRANSITIONS.get(round_.state, ())
        ]
    context = {
        "round": round_,
        "targets": list(round_.targets.order_by("category", "rank", "pk")),
        "submitting_units": list(round_.submitting_units.order_by("path")),
        "proposals": proposals,
        "is_office": is_office,
        "can_propose": can_propose,
        "actions": [(s, label) for s, label in actions if s != RoundState.CANCELLED],
        "can_cancel": any(s == RoundState.CANCELLED for s, _label in actions),
    }
    return render(request, "backoffice/nominations/round_detail.html", context)


@login_required
@require_POST
def round_state(request, pk):
    user = request.user
    round_ = access_round(user, pk)
    form = RoundStateForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("backoffice:rounds.detail", pk=round_.pk)
    data = form.cleaned_data
    round_.state = data["seen"]
    _run(
        request,
        lambda: services.set_round_state(round_, data["state"], actor=user, reason=data["reason"]),
        _("Đợt xét đã chuyển sang trạng thái «%(state)s».")
        % {"state": RoundState(data["state"]).label},
    )
    return redirect("backoffice:rounds.detail", pk=round_.pk)


# --------------------------------------------------------------------------- proposals list


@login_required
@require_GET
def proposal_list(request):
    user = request.user
    form = ProposalFilterForm(request.GET or None, rounds=selectors.rounds_for(user))
    qs = selectors.with_nominee_counts(form.filter(selectors.proposals_for(user)))
    page = CappedPaginator(qs.order_by("-created", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "backoffice/nominations/proposal_list.html",
        {"form": form, "page_obj": page},
    )


# --------------------------------------------------------------------------- proposal create


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request):
    user = request.user
    raw = request.POST.get("round") or request.GET.get("round") or ""
    round_ = access_round(user, raw if raw.isdigit() else None)
    units = selectors.submit_units_for(user, round_)
    form = ProposalCreateForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = services.proposal_create(
                round=round_,
                unit=data["unit"],
                actor=user,
                number=data["number"],
                note=data["note"],
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        except PermissionDenied as exc:
            form.add_error("unit", str(exc))
        else:
            messages.success(
                request,
                _("Đã lập tờ trình của %(unit)s; thêm đối tượng đề nghị rồi gửi.")
                % {"unit": proposal.unit.name},
            )
            return redirect("backoffice:proposals.detail", pk=proposal.pk)
    return render(
        request,
        "backoffice/nominations/proposal_form.html",
        {"form": form, "round": round_, "no_units": not units.exists()},
    )


# --------------------------------------------------------------------------- proposal page


def _nominee_rows(nominees, *, can_edit, is_head, is_office, proposal) -> list[dict]:
    rows = []
    for n in nominees:
        judgement = n.eligibility or {}
        checks = judgement.get("checks") or []
        if n.eligible is False:
            checks = [c for c in checks if not c.get("ok")] or checks
        bases = []
        for check in checks:
            basis = check.get("basis")
            if basis and basis not in bases:
                bases.append(basis)
        editable = n.state in NOMINEE_EDITABLE and (
            proposal.state in PROPOSAL_EDITABLE or n.state == NomineeState.RETURNED
        )
        rows.append(
            {
                "n": n,
                "judged": bool(judgement),
                "lacking": "" if n.eligible else services.lacking(n),
                "failed": [c for c in judgement.get("checks") or [] if not c.get("ok")],
                "bases": bases,
                "regime": judgement.get("regime_name") or judgement.get("regime", ""),
                "inactive": n.state in NOMINEE_INACTIVE,
                "editable": can_edit and editable,
                "can_override": (
                    is_head
                    and n.eligible is False
                    and not n.override_by_id
                    and n.state in NOMINEE_EDITABLE
                    and proposal.state in PROPOSAL_EDITABLE
                ),
                "can_return": is_office
                and n.state in NOMINEE_RETURNABLE
                and proposal.state != ProposalState.SUBMITTED,
                "can_accept": is_office
                and n.state == NomineeState.SUBMITTED
                and proposal.state != ProposalState.SUBMITTED,
            }
        )
    return rows


def _proposal_context(request, proposal: Proposal, **forms) -> dict:
    user = request.user
    round_ = proposal.round
    is_submitter = perms.is_unit_submitter(user, proposal)
    is_head = perms.is_unit_head(user, proposal)
    is_office = perms.is_receiving_office(user, proposal)
    editable = proposal.state in PROPOSAL_EDITABLE
    nominees = list(selectors.proposal_nominees(proposal))
    rows = _nominee_rows(
        nominees,
        can_edit=is_submitter,
        is_head=is_head,
        is_office=is_office,
        proposal=proposal,
    )
    returned_nominees = [n for n in nominees if n.state == NomineeState.RETURNED]
    sendable = [n for n in nominees if n.state in NOMINEE_EDITABLE]
    can_send = is_submitter and bool(sendable) and (editable or bool(returned_nominees))
    history = list(selectors.proposal_history(proposal))
    context = {
        "proposal": proposal,
        "round": round_,
        "rows": rows,
        "active_count": sum(1 for n in nominees if n.state not in NOMINEE_INACTIVE),
        "is_submitter": is_submitter,
        "is_head": is_head,
        "is_office": is_office,
        "editable": editable and is_submitter,
        "can_send": can_send,
        "resubmit": proposal.submitted_at is not None,
        "can_reopen": is_submitter and proposal.state == ProposalState.RETURNED,
        "can_receive": is_office and proposal.state == ProposalState.SUBMITTED,
        "can_return": is_office and proposal.state in RETURNABLE,
        "returned_nominees": returned_nominees,
        "quotas": selectors.proposal_quotas(proposal, nominees),
        "history": history,
        "overridden": EventKind.OVERRIDDEN,
    }
    if context["editable"] or (is_submitter and returned_nominees):
        context["edit_form"] = forms.get("edit_form") or ProposalEditForm(
            initial={"number": proposal.number, "note": proposal.note}
        )
    if context["editable"]:
        form = forms.get("nominee_form") or NomineeForm(proposal=proposal)
        context["nominee_form"] = form
        context["picked"] = form.picked_subject()
    return context


@login_required
@require_GET
def proposal_detail(request, pk):
    proposal = access_proposal(request.user, pk)
    return render(
        request,
        "backoffice/nominations/proposal_detail.html",
        _proposal_context(request, proposal),
    )


@login_required
@require_POST
def proposal_edit(request, pk):
    user = request.user
    proposal = _seen(request, access_proposal(user, pk))
    form = ProposalEditForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(proposal)
    data = form.cleaned_data
    _run(
        request,
        lambda: services.proposal_update(
            proposal=proposal, actor=user, number=data["number"], note=data["note"]
        ),
        _("Đã lưu số tờ trình và ghi chú."),
    )
    return _back(proposal)


# --- nominees ----------------------------------------------------------------------------------


@login_required
@require_GET
def subject_search(request, pk):
    """HTMX: people, collectives or households of the proposal unit's subtree by name."""
    from tdkt.orgs.models import Unit, subtree_lookup
    from tdkt.people.models import Household, Person
    from tdkt.people.selectors import person_search

    proposal = access_proposal(request.user, pk)
    unit = proposal.unit
    kind = request.GET.get("subject_kind", SubjectKind.INDIVIDUAL)
    text = request.GET.get("subject_q", "").strip()
    results = []
    if text:
        if kind == SubjectKind.COLLECTIVE:
            qs = Unit.objects.filter(**subtree_lookup(unit.path)).current()
            qs = qs.filter(name_words_q(text, ("search_key",)))
            results = [(u.pk, u.name, u.code) for u in qs.order_by("path")[:SEARCH_LIMIT]]
        elif kind == SubjectKind.HOUSEHOLD:
            qs = Household.objects.filter(**subtree_lookup(unit.path, "unit__")).select_related(
                "unit"
            )
            qs = qs.filter(name_words_q(text, ("search_key",)))
            results = [
                (h.pk, str(h), f"{h.address} · {h.unit}")
                for h in qs.order_by("sort_key", "pk")[:SEARCH_LIMIT]
            ]
        else:
            base = Person.objects.filter(**subtree_lookup(unit.path, "unit__")).select_related(
                "unit"
            )
            qs = person_search(base, text=text)
            results = [
                (
                    p.pk,
                    p.full_name,
                    " · ".join(str(x) for x in (p.birth_year or "", p.position, p.unit) if x),
                )
                for p in qs[:SEARCH_LIMIT]
            ]
    return render(
        request,
        "backoffice/registry/_subject_results.html",
        {"results": results, "searched": bool(text), "multiple": False, "field": "subject_id"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def nominee_check(request, pk):
    """HTMX "Kiểm tra": the rules engine's judgement of the chosen subject and target, shown as a
    warning before the nominee is added."""
    proposal = access_proposal(request.user, pk)
    data = request.POST if request.method == "POST" else request.GET
    form = NomineeForm(data, proposal=proposal)
    context = {"proposal": proposal, "checked": False}
    if form.is_valid():
        d = form.cleaned_data
        subject = d["subject"]
        judgement = services.judge(d["subject_kind"], subject, d["target"].pk, d["year_to"])
        failed = [c for c in judgement.get("checks") or [] if not c.get("ok")]
        context.update(
            checked=True,
            subject=subject,
            target=d["target"],
            year=d["year_to"],
            judgement=judgement,
            failed=failed,
            lacking="; ".join(judgement.get("missing") or [])
            or "; ".join(c.get("message", "") for c in failed),
        )
    else:
        context["errors"] = [e for errors in form.errors.values() for e in errors]
    return render(request, "backoffice/nominations/_check.html", context)


@login_required
@require_POST
def nominee_add(request, pk):
    user = request.user
    proposal = access_proposal(user, pk)
    form = NomineeForm(request.POST, proposal=proposal)
    if form.is_valid():
        d = form.cleaned_data
        try:
            nominee = services.nominee_add(
                proposal=proposal,
                subject=d["subject"],
                target=d["target"],
                actor=user,
                year_from=d["year_from"],
                year_to=d["year_to"],
                achievement_summary=d["achievement_summary"],
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            if nominee.eligible:
                messages.success(
                    request,
                    _("Đã thêm %(name)s – %(target)s: đủ điều kiện.")
                    % {"name": nominee.subject_name, "target": nominee.target.name},
                )
            else:
                messages.warning(
                    request,
                    _(
                        "Đã thêm %(name)s – %(target)s nhưng chưa đủ điều kiện: %(lacking)s. "
                        "Chỉ gửi được khi lãnh đạo đơn vị quyết định đề nghị, kèm lý do."
                    )
                    % {
                        "name": nominee.subject_name,
                        "target": nominee.target.name,
                        "lacking": services.lacking(nominee),
                    },
                )
            return _back(proposal, f"nominee-{nominee.pk}")
    _form_errors(request, form)
    context = _proposal_context(request, proposal, nominee_form=form)
    return render(request, "backoffice/nominations/proposal_detail.html", context, status=200)


@login_required
@require_POST
def nominee_withdraw(request, pk, nominee_pk):
    user = request.user
    proposal = access_proposal(user, pk)
    nominee = _nominee_seen(request, access_nominee(user, proposal, nominee_pk))
    _run(
        request,
        lambda: services.nominee_withdraw(
            nominee=nominee, actor=user, reason=request.POST.get("reason", "")
        ),
        _("Đã rút %(name)s khỏi tờ trình.") % {"name": nominee.subject_name},
    )
    return _back(proposal)


@login_required
@require_POST
def nominee_edit(request, pk, nominee_pk):
    user = request.user
    proposal = access_proposal(user, pk)
    nominee = access_nominee(user, proposal, nominee_pk)
    form = NomineeEditForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(proposal, f"nominee-{nominee.pk}")
    d = form.cleaned_data
    _run(
        request,
        lambda: services.nominee_update(
            nominee=nominee,
            actor=user,
            year_from=d["year_from"],
            year_to=d["year_to"],
            achievement_summary=d["achievement_summary"],
        ),
        _("Đã sửa hồ sơ của %(name)s và kiểm tra lại điều kiện.") % {"name": nominee.subject_name},
    )
    return _back(proposal, f"nominee-{nominee.pk}")


@login_required
@require_POST
def nominee_override(request, pk, nominee_pk):
    user = request.user
    proposal = access_proposal(user, pk)
    nominee = access_nominee(user, proposal, nominee_pk)
    form = OverrideForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(proposal, f"nominee-{nominee.pk}")
    _run(
        request,
        lambda: services.nominee_override(
            nominee=nominee, head=user, reason=form.cleaned_data["reason"]
        ),
        _("Lãnh đạo đơn vị đã quyết định đề nghị %(name)s.") % {"name": nominee.subject_name},
    )
    return _back(proposal, f"nominee-{nominee.pk}")


# --- the unit sends ----------------------------------------------------------------------------


@login_required
@require_POST
def proposal_submit(request, pk):
    user = request.user
    proposal = _seen(request, access_proposal(user, pk))
    resubmit = proposal.submitted_at is not None
    _run(
        request,
        lambda: services.proposal_submit(proposal=proposal, actor=user),
        (_("Đã gửi lại %(proposal)s.") if resubmit else _("Đã gửi %(proposal)s."))
        % {"proposal": str(proposal)},
    )
    return _back(proposal)


@login_required
@require_POST
def proposal_reopen(request, pk):
    user = request.user
    proposal = _seen(request, access_proposal(user, pk))
    _run(
        request,
        lambda: services.proposal_reopen(proposal=proposal, actor=user),
        _("Đã mở lại %(proposal)s để bổ sung, sửa.") % {"proposal": str(proposal)},
    )
    return _back(proposal)


# --- the office --------------------------------------------------------------------------------


@login_required
@require_POST
def proposal_receive(request, pk):
    user = request.user
    proposal = _seen(request, access_proposal(user, pk))
    _run(
        request,
        lambda: services.proposal_receive(proposal=proposal, actor=user),
        _("Đã tiếp nhận %(proposal)s.") % {"proposal": str(proposal)},
    )
    return _back(proposal)


@login_required
@require_POST
def proposal_return(request, pk):
    user = request.user
    proposal = _seen(request, access_proposal(user, pk))
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ghi lý do trả lại tờ trình."))
        return _back(proposal)
    _run(
        request,
        lambda: services.proposal_return(
            proposal=proposal, actor=user, reason=form.cleaned_data["reason"]
        ),
        _("Đã trả lại %(proposal)s cho %(unit)s.")
        % {"proposal": str(proposal), "unit": proposal.unit.name},
    )
    return _back(proposal)


@login_required
@require_POST
def nominee_return(request, pk, nominee_pk):
    user = request.user
    proposal = access_proposal(user, pk)
    nominee = _nominee_seen(request, access_nominee(user, proposal, nominee_pk))
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Ghi lý do trả lại hồ sơ của %(name)s.") % {"name": nominee.subject_name}
        )
        return _back(proposal, f"nominee-{nominee.pk}")
    _run(
        request,
        lambda: services.nominee_return(
            nominee=nominee, actor=user, reason=form.cleaned_data["reason"]
        ),
        _("Đã trả lại hồ sơ của %(name)s.") % {"name": nominee.subject_name},
    )
    return _back(proposal, f"nominee-{nominee.pk}")


@login_required
@require_POST
def nominee_accept(request, pk, nominee_pk):
    user = request.user
    proposal = access_proposal(user, pk)
    nominee = _nominee_seen(request, access_nominee(user, proposal, nominee_pk))
    _run(
        request,
        lambda: services.nominee_accept(nominee=nominee, actor=user),
        _("Đã tiếp nhận lại hồ sơ của %(name)s.") % {"name": nominee.subject_name},
    )
    return _back(proposal, f"nominee-{nominee.pk}")


urlpatterns = [
    path("dot-xet/", round_list, name="rounds.list"),
    path("dot-xet/moi/", round_create, name="rounds.create"),
    path("dot-xet/<int:pk>/", round_detail, name="rounds.detail"),
    path("dot-xet/<int:pk>/trang-thai/", round_state, name="rounds.state"),
    path("to-trinh/", proposal_list, name="proposals.list"),
    path("to-trinh/moi/", proposal_create, name="proposals.create"),
    path("to-trinh/<int:pk>/", proposal_detail, name="proposals.detail"),
    path("to-trinh/<int:pk>/sua/", proposal_edit, name="proposals.edit"),
    path("to-trinh/<int:pk>/tim-doi-tuong/", subject_search, name="proposals.subjects"),
    path("to-trinh/<int:pk>/kiem-tra/", nominee_check, name="proposals.check"),
    path("to-trinh/<int:pk>/them-doi-tuong/", nominee_add, name="proposals.nominee_add"),
    path("to-trinh/<int:pk>/gui/", proposal_submit, name="proposals.submit"),
    path("to-trinh/<int:pk>/mo-lai/", proposal_reopen, name="proposals.reopen"),
    path("to-trinh/<int:pk>/tiep-nhan/", proposal_receive, name="proposals.receive"),
    path("to-trinh/<int:pk>/tra-lai/", proposal_return, name="proposals.return"),
    path(
        "to-trinh/<int:pk>/doi-tuong/<int:nominee_pk>/rut/",
        nominee_withdraw,
        name="proposals.nominee_withdraw",
    ),
    path(
        "to-trinh/<int:pk>/doi-tuong/<int:nominee_pk>/sua/",
        nominee_edit,
        name="proposals.nominee_edit",
    ),
    path(
        "to-trinh/<int:pk>/doi-tuong/<int:nominee_pk>/lanh-dao-quyet-dinh/",
        nominee_override,
        name="proposals.nominee_override",
    ),
    path(
        "to-trinh/<int:pk>/doi-tuong/<int:nominee_pk>/tra-lai/",
        nominee_return,
        name="proposals.nominee_return",
    ),
    path(
        "to-trinh/<int:pk>/doi-tuong/<int:nominee_pk>/tiep-nhan/",
        nominee_accept,
        name="proposals.nominee_accept",
    ),
]
