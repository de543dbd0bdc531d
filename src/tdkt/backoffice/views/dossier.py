"""A proposal's dossier (hồ sơ, Law Art. 84): the checklist with its files, uploads per document,
the unit's vote (biên bản bình xét) and the generated DOCX (achievement reports, minutes).

The submitting unit edits while the proposal is a draft or returned; the receiving office (and
anyone else who may see the proposal) reads. Every object is fetched through the user's
proposals (`selectors.proposals_for`): anything else answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tdkt.backoffice.forms.dossier import UnitVoteForm
from tdkt.common.text import nfc
from tdkt.nominations import dossier
from tdkt.nominations import rules as perms
from tdkt.nominations.access import access_proposal
from tdkt.nominations.enums import PROPOSAL_EDITABLE
from tdkt.nominations.models import DossierFile, Proposal

DOCX = dossier.DOCX_TYPE


def _can_edit(user, proposal: Proposal) -> bool:
    return proposal.state in PROPOSAL_EDITABLE and perms.is_unit_submitter(user, proposal)


def _error(request, exc: ValidationError | PermissionDenied) -> None:
    if isinstance(exc, PermissionDenied):
        messages.error(request, str(exc) or _("Bạn không có quyền sửa hồ sơ này."))
        return
    for message in exc.messages:
        messages.error(request, message)


def _back(proposal: Proposal, anchor: str = ""):
    response = redirect("backoffice:proposals.dossier", pk=proposal.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _vote_form(proposal: Proposal, nominees, data=None) -> UnitVoteForm:
    initial = {
        "meeting_on": proposal.unit_meeting_on,
        "members_total": proposal.unit_members_total,
        "members_present": proposal.unit_members_present,
    }
    return UnitVoteForm(data, initial=initial, nominees=nominees)


# --------------------------------------------------------------------------- page


@login_required
def dossier_page(request, pk):
    proposal = access_proposal(request.user, pk)
    nominees = dossier.active_nominees(proposal)
    checklist = dossier.dossier_checklist(proposal, nominees=nominees)
    editable = _can_edit(request.user, proposal)
    context = {
        "proposal": proposal,
        "round": proposal.round,
        "checklist": checklist,
        "editable": editable,
        "max_mb": f"{dossier.max_bytes() / 1048576:g}".replace(".", ","),
        "max_files": dossier.max_files_per_document(),
        "accept": ".pdf,.jpg,.jpeg,.png,.docx",
        "vote_rows": [
            {
                "nominee": n,
                "percent_present": dossier.percent(n.unit_votes_yes, proposal.unit_members_present),
                "percent_total": dossier.percent(n.unit_votes_yes, proposal.unit_members_total),
            }
            for n in nominees
        ],
        "vote_recorded": proposal.unit_members_total is not None,
    }
    if editable:
        form = context["vote_form"] = _vote_form(proposal, nominees)
        for row in context["vote_rows"]:
            row["field"] = form[f"yes_{row['nominee'].pk}"]
    return render(request, "backoffice/nominations_dossier/dossier.html", context)


@login_required
@require_POST
def dossier_upload(request, pk):
    proposal = access_proposal(request.user, pk)
    document = nfc(request.POST.get("document", ""))
    nominee = None
    nominee_id = request.POST.get("nominee") or ""
    if nominee_id:
        nominee = proposal.nominees.filter(pk=nominee_id).first() if nominee_id.isdigit() else None
        if nominee is None:
            raise Http404
    replace = None
    replace_id = request.POST.get("replace") or ""
    if replace_id:
        if not replace_id.isdigit():
            raise Http404
        replace = DossierFile.objects.filter(proposal=proposal, pk=replace_id).first()
        if replace is None:
            raise Http404
    files = request.FILES.getlist("files")
    try:
        created = dossier.dossier_upload(
            proposal=proposal,
            document=document,
            files=files,
            actor=request.user,
            nominee=nominee,
            replace=replace,
        )
    except (ValidationError, PermissionDenied) as exc:
        _error(request, exc)
    else:
        if replace is not None:
            messages.success(
                request,
                _("Đã thay tệp “%(old)s” bằng “%(new)s”.")
                % {"old": replace.original_name, "new": created[0].original_name},
            )
        else:
            messages.success(
                request,
                _("Đã tải lên %(n)s tệp: %(names)s.")
                % {"n": len(created), "names": ", ".join(f.original_name for f in created)},
            )
    return _back(proposal, f"doc-{document}-{nominee.pk if nominee else ''}")


@login_required
@require_POST
def dossier_revoke(request, pk, file_pk):
    proposal = access_proposal(request.user, pk)
    file = DossierFile.objects.filter(proposal=proposal, pk=file_pk).first()
    if file is None:
        raise Http404
    try:
        dossier.dossier_file_revoke(
            file=file, actor=request.user, reason=request.POST.get("reason")
        )
    except (ValidationError, PermissionDenied) as exc:
        _error(request, exc)
    else:
        messages.success(
            request, _("Đã rút tệp “%(name)s” khỏi hồ sơ.") % {"name": file.original_name}
        )
    return _back(proposal)


@login_required
def dossier_file(request, pk, file_pk):
    """A stored file, served only after the scope check (never from a public media URL).
    Superseded and withdrawn files stay downloadable for the record."""
    proposal = access_proposal(request.user, pk)
    file = DossierFile.objects.filter(proposal=proposal, pk=file_pk).first()
    if file is None:
        raise Http404
    try:
        handle = file.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404(_("Không tìm thấy tệp.")) from exc
    return FileResponse(
        handle, as_attachment=True, filename=file.original_name, content_type=file.content_type
    )


@login_required
@require_POST
def dossier_vote(request, pk):
    proposal = access_proposal(request.user, pk)
    nominees = dossier.active_nominees(proposal)
    form = _vote_form(proposal, nominees, request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        return _back(proposal, "unit-vote")
    data = form.cleaned_data
    try:
        dossier.unit_vote_record(
            proposal=proposal,
            actor=request.user,
            meeting_on=data["meeting_on"],
            members_total=data["members_total"],
            members_present=data["members_present"],
            votes=form.votes(),
        )
    except (ValidationError, PermissionDenied) as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Đã lưu kết quả họp bình xét của đơn vị."))
    return _back(proposal, "unit-vote")


def _docx_response(filename: str, data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def dossier_report(request, pk, nominee_pk):
    """The pre-filled achievement report (Mẫu báo cáo thành tích) of one nominee."""
    from tdkt.documents.services import DocumentError

    proposal = access_proposal(request.user, pk)
    nominee = (
        proposal.nominees.select_related(
            "person", "person__unit", "collective", "collective__parent", "household", "target"
        )
        .filter(pk=nominee_pk)
        .first()
    )
    if nominee is None:
        raise Http404
    try:
        filename, data = dossier.achievement_report_docx(nominee)
    except DocumentError as exc:
        _error(request, exc)
        return _back(proposal)
    return _docx_response(filename, data)


@login_required
def dossier_minutes(request, pk):
    """The unit's minutes (Biên bản họp bình xét thi đua, khen thưởng) from the recorded vote."""
    proposal = access_proposal(request.user, pk)
    try:
        filename, data = dossier.unit_minutes_docx(proposal)
    except ValidationError as exc:
        _error(request, exc)
        return _back(proposal, "unit-vote")
    return _docx_response(filename, data)


urlpatterns = [
    path("to-trinh/<int:pk>/ho-so/", dossier_page, name="proposals.dossier"),
    path("to-trinh/<int:pk>/ho-so/tai-len/", dossier_upload, name="proposals.dossier.upload"),
    path("to-trinh/<int:pk>/ho-so/tep/<int:file_pk>/", dossier_file, name="proposals.dossier.file"),
    path(
        "to-trinh/<int:pk>/ho-so/tep/<int:file_pk>/rut/",
        dossier_revoke,
        name="proposals.dossier.revoke",
    ),
    path("to-trinh/<int:pk>/ho-so/binh-xet/", dossier_vote, name="proposals.dossier.vote"),
    path(
        "to-trinh/<int:pk>/ho-so/bien-ban-binh-xet.docx",
        dossier_minutes,
        name="proposals.dossier.minutes",
    ),
    path(
        "to-trinh/<int:pk>/ho-so/bao-cao-thanh-tich/<int:nominee_pk>.docx",
        dossier_report,
        name="proposals.dossier.report",
    ),
]
