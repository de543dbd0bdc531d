"""Decision drafting and signing for a round (office of the round's issuing unit only; anyone
else gets 404): the round's decisions page (passed nominees not yet in a decision, the drafts,
"Lập dự thảo quyết định"), a draft's page (lines with bonus, total, downloads, edit, sign,
cancel) and the documents: Quyết định, danh sách kèm theo, danh sách chi tiền thưởng (DOCX and
Excel)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tdkt.awarding import exporters, selectors, services
from tdkt.awarding.models import DraftState
from tdkt.backoffice.forms.awarding import (
    CancelForm,
    DraftCreateForm,
    DraftEditForm,
    ProfileForm,
    SignForm,
)


def _error(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


# --------------------------------------------------------------------------- round page


@login_required
def round_page(request, pk):
    round_ = selectors.access_round(request.user, pk)
    waiting = list(selectors.passed_without_draft(round_))
    honours = {}
    for nominee in waiting:
        granted = nominee.lower_target or nominee.target
        honours[granted.pk] = granted.name
    profile = services.profile_for(round_.issuing_unit)
    context = {
        "round": round_,
        "waiting": waiting,
        "drafts": list(selectors.round_drafts(round_)),
        "counts": selectors.round_counts(round_),
        "create_form": DraftCreateForm(honours=sorted(honours.items(), key=lambda i: i[1])),
        "profile": profile,
        "profile_form": ProfileForm(
            initial={f: getattr(profile, f) for f in ProfileForm.base_fields}
        ),
        "closed": round_.state in ("decided", "cancelled"),
    }
    return render(request, "backoffice/awarding/round.html", context)


@login_required
@require_POST
def draft_create(request, pk):
    round_ = selectors.access_round(request.user, pk)
    honours = [(h, h) for h in request.POST.getlist("honour") if h]
    form = DraftCreateForm(request.POST, honours=honours)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("backoffice:awarding.round", pk=round_.pk)
    data = form.cleaned_data
    chosen = request.POST.getlist("nominee")
    nominees = None
    if chosen:
        ids = {int(x) for x in chosen if x.isdigit()}
        nominees = [n for n in selectors.passed_without_draft(round_) if n.pk in ids]
        if len(nominees) != len(ids):
            messages.error(
                request, _("Một số đối tượng đã chọn vừa được đưa vào dự thảo khác; hãy chọn lại.")
            )
            return redirect("backoffice:awarding.round", pk=round_.pk)
    try:
        draft = services.draft_create(
            round=round_,
            actor=request.user,
            nominees=nominees,
            honour=data["honour"] or None,
            subject_kind=data["subject_kind"] or "",
            planned_on=data["planned_on"],
        )
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("backoffice:awarding.round", pk=round_.pk)
    except ValidationError as exc:
        _error(request, exc)
        return redirect("backoffice:awarding.round", pk=round_.pk)
    messages.success(
        request,
        _("Đã lập %(draft)s với %(n)s đối tượng.") % {"draft": draft, "n": draft.lines.count()},
    )
    return redirect("backoffice:awarding.draft", pk=draft.pk)


@login_required
@require_POST
def profile_save(request, pk):
    round_ = selectors.access_round(request.user, pk)
    form = ProfileForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("backoffice:awarding.round", pk=round_.pk)
    try:
        services.profile_save(unit=round_.issuing_unit, actor=request.user, **form.cleaned_data)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Đã lưu thông tin ban hành quyết định."))
    return redirect("backoffice:awarding.round", pk=round_.pk)


# --------------------------------------------------------------------------- draft page


def _draft_context(request, draft, **forms_) -> dict:
    lines = list(selectors.draft_lines(draft))
    total = services.lines_total(lines)
    groups = exporters.payment_groups(exporters.rows_of(draft, lines))
    context = {
        "draft": draft,
        "round": draft.round,
        "lines": lines,
        "total": total,
        "groups": groups,
        "editable": draft.state == DraftState.DRAFT,
        "downloads": [(kind, label) for kind, (label, _ct, _ext, _fn) in DOWNLOADS.items()],
    }
    if draft.state == DraftState.DRAFT:
        context["edit_form"] = forms_.get("edit_form") or DraftEditForm(
            initial={
                "title": draft.title,
                "basis": draft.basis,
                "planned_on": draft.planned_on,
                "signer_authority": draft.signer_authority,
                "signer_title": draft.signer_title,
                "signer_name": draft.signer_name,
            }
        )
        context["sign_form"] = forms_.get("sign_form") or SignForm(
            initial={"signed_on": draft.planned_on, "seen": draft.state}
        )
        context["cancel_form"] = CancelForm()
    return context


@login_required
def draft_page(request, pk):
    draft = selectors.access_draft(request.user, pk)
    return render(request, "backoffice/awarding/draft.html", _draft_context(request, draft))


@login_required
@require_POST
def draft_edit(request, pk):
    draft = selectors.access_draft(request.user, pk)
    form = DraftEditForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("backoffice:awarding.draft", pk=draft.pk)
    try:
        services.draft_update(draft=draft, actor=request.user, **form.cleaned_data)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Đã lưu dự thảo."))
    return redirect("backoffice:awarding.draft", pk=draft.pk)


@login_required
@require_POST
def draft_sign(request, pk):
    draft = selectors.access_draft(request.user, pk)
    form = SignForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("backoffice:awarding.draft", pk=draft.pk)
    draft.state = form.cleaned_data["seen"]
    try:
        draft = services.draft_sign(
            draft=draft, actor=request.user, signed_on=form.cleaned_data["signed_on"]
        )
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            _("Đã ký ban hành Quyết định số %(number)s; các khen thưởng đã vào sổ.")
            % {"number": draft.number},
        )
    return redirect("backoffice:awarding.draft", pk=draft.pk)


@login_required
@require_POST
def draft_cancel(request, pk):
    draft = selectors.access_draft(request.user, pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ghi lý do hủy dự thảo."))
        return redirect("backoffice:awarding.draft", pk=draft.pk)
    try:
        services.draft_cancel(draft=draft, actor=request.user, reason=form.cleaned_data["reason"])
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Đã hủy dự thảo."))
    return redirect("backoffice:awarding.draft", pk=draft.pk)


DOWNLOADS = {
    "quyet-dinh": (
        gettext_lazy("Quyết định (DOCX)"),
        exporters.DOCX_CONTENT_TYPE,
        "docx",
        exporters.decision_docx,
    ),
    "danh-sach": (
        gettext_lazy("Danh sách kèm theo (DOCX)"),
        exporters.DOCX_CONTENT_TYPE,
        "docx",
        exporters.award_list_docx,
    ),
    "chi-tien-docx": (
        gettext_lazy("Danh sách chi tiền thưởng (DOCX)"),
        exporters.DOCX_CONTENT_TYPE,
        "docx",
        exporters.payment_list_docx,
    ),
    "chi-tien-xlsx": (
        gettext_lazy("Danh sách chi tiền thưởng (Excel)"),
        exporters.XLSX_CONTENT_TYPE,
        "xlsx",
        exporters.payment_list_xlsx,
    ),
}


@login_required
def draft_download(request, pk, kind):
    draft = selectors.access_draft(request.user, pk)
    if kind not in DOWNLOADS:
        raise Http404
    _label, content_type, ext, build = DOWNLOADS[kind]
    try:
        data = build(draft)
    except ValidationError as exc:
        _error(request, exc)
        return redirect("backoffice:awarding.draft", pk=draft.pk)
    response = HttpResponse(data, content_type=content_type)
    name = exporters.filename(draft, kind, ext)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


urlpatterns = [
    path("dot-xet/<int:pk>/quyet-dinh/", round_page, name="awarding.round"),
    path("dot-xet/<int:pk>/quyet-dinh/lap/", draft_create, name="awarding.create"),
    path("dot-xet/<int:pk>/quyet-dinh/thong-tin/", profile_save, name="awarding.profile"),
    path("du-thao-quyet-dinh/<int:pk>/", draft_page, name="awarding.draft"),
    path("du-thao-quyet-dinh/<int:pk>/sua/", draft_edit, name="awarding.edit"),
    path("du-thao-quyet-dinh/<int:pk>/ky/", draft_sign, name="awarding.sign"),
    path("du-thao-quyet-dinh/<int:pk>/huy/", draft_cancel, name="awarding.cancel"),
    path(
        "du-thao-quyet-dinh/<int:pk>/tai/<slug:kind>/",
        draft_download,
        name="awarding.download",
    ),
]
