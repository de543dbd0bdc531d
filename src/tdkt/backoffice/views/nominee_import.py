"""Importing a proposal's nominees from Excel (danh sách đề nghị khen thưởng).

The unit officer opens "Nhập danh sách từ Excel" on a draft (or returned) proposal, downloads the
blank list if needed, uploads the sheet the unit already keeps; the batch is previewed by the
import machinery (`tdkt.imports`: header detection, column mapping, per-row problems, rules-engine
warnings) on the import screens, and confirming adds every row to the proposal at once (all or
nothing), then returns to the proposal.

URL flow::

    backoffice:proposals.import (pk)           GET form · POST upload → imports:detail (batch)
    backoffice:proposals.import.template (pk)  blank .xlsx for this proposal's round
    imports:detail / imports:remap / imports:confirm (batch) → backoffice:proposals.detail (pk)
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tdkt.imports.blank import blank_template
from tdkt.imports.forms import NomineeUploadForm
from tdkt.imports.models import ImportBatch, ImportKind
from tdkt.imports.parsing import FileRejected
from tdkt.imports.services import nominee_batch_create
from tdkt.nominations import rules as perms
from tdkt.nominations.access import access_proposal
from tdkt.nominations.enums import PROPOSAL_EDITABLE

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def access_proposal_for_edit(user, pk):
    """The proposal if `user` sees it (`proposals_for`, else 404) and may edit its nominee list
    (`nominations.edit_proposal`, else 403)."""
    proposal = access_proposal(user, pk)
    if not perms.is_unit_submitter(user, proposal):
        raise PermissionDenied(
            _("Bạn không có quyền sửa tờ trình của %(unit)s.") % {"unit": proposal.unit.name}
        )
    return proposal


@login_required
@require_http_methods(["GET", "POST"])
def proposal_import(request, pk: int):
    proposal = access_proposal_for_edit(request.user, pk)
    editable = proposal.state in PROPOSAL_EDITABLE
    form = NomineeUploadForm()
    if request.method == "POST":
        form = NomineeUploadForm(request.POST, request.FILES)
        if len(request.FILES.getlist("file")) > 1:
            form.add_error(None, _("Mỗi lần nhập chỉ chọn một tệp."))
        if not editable:
            messages.error(
                request,
                _("%(proposal)s đang ở trạng thái «%(state)s»: không thêm được đối tượng đề nghị.")
                % {"proposal": str(proposal), "state": proposal.get_state_display()},
            )
        elif form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                batch = nominee_batch_create(
                    user=request.user, proposal=proposal, file_name=upload.name, data=upload.read()
                )
            except FileRejected as exc:
                form.add_error("file", str(exc))
            except ValidationError as exc:
                form.add_error(None, " ".join(exc.messages))
            else:
                return redirect("imports:detail", pk=batch.pk)
    batches = (
        ImportBatch.objects.filter(proposal=proposal, kind=ImportKind.NOMINEES)
        .select_related("user")
        .order_by("-created", "-id")[:20]
    )
    context = {
        "proposal": proposal,
        "round": proposal.round,
        "targets": list(proposal.round.targets.order_by("order", "code")),
        "editable": editable,
        "form": form,
        "batches": batches,
    }
    return render(request, "imports/nominee_upload.html", context)


@login_required
@require_GET
def proposal_import_template(request, pk: int):
    proposal = access_proposal_for_edit(request.user, pk)
    data = blank_template(ImportKind.NOMINEES, proposal=proposal)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="danh-sach-de-nghi-to-trinh-{proposal.pk}.xlsx"'
    )
    return response


urlpatterns = [
    path("to-trinh/<int:pk>/nhap-excel/", proposal_import, name="proposals.import"),
    path(
        "to-trinh/<int:pk>/nhap-excel/mau/",
        proposal_import_template,
        name="proposals.import.template",
    ),
]
