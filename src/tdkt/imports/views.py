"""Excel import screens: my batches, upload, preview (mapping correction, filter, pages of 100
rows, errors first), confirm / cancel, progress (HTMX polling), blank templates, the stored file.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRefresh

from tdkt.accounts.access import require_writer
from tdkt.imports import services
from tdkt.imports.blank import blank_template
from tdkt.imports.forms import ConfirmForm, MappingForm, UploadForm
from tdkt.imports.mapping import FIELD_LABELS, Layout
from tdkt.imports.models import REGISTRY_KINDS, BatchStatus, ImportKind, RowStatus
from tdkt.imports.parsing import FileRejected
from tdkt.imports.selectors import access_batch, batches_for

PAGE_SIZE = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def batch_list(request):
    qs = batches_for(request.user).filter(user=request.user).select_related("unit")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "imports/list.html", {"page": page, "batches": page.object_list})


@login_required
def batch_new(request):
    require_writer(request.user, _("Bạn chưa được phân quyền nhập dữ liệu cho đơn vị nào."))
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, user=request.user)
        if len(request.FILES.getlist("file")) > 1:
            form.add_error(None, _("Mỗi lần nhập chỉ chọn một tệp."))
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                batch = services.batch_create(
                    user=request.user,
                    kind=form.cleaned_data["kind"],
                    unit=form.cleaned_data["unit"],
                    file_name=upload.name,
                    data=upload.read(),
                    create_missing=form.cleaned_data["create_missing"],
                    default_year=form.cleaned_data["default_year"],
                )
            except FileRejected as exc:
                form.add_error("file", str(exc))
            else:
                return redirect("imports:detail", pk=batch.pk)
    else:
        form = UploadForm(
            user=request.user,
            initial={"kind": request.GET.get("kind")}
            if request.GET.get("kind") in REGISTRY_KINDS
            else None,
        )
    kinds = [(k.value, k.label) for k in REGISTRY_KINDS]
    return render(request, "imports/new.html", {"form": form, "kinds": kinds})


def _columns(layout: Layout) -> list[dict]:
    return [{"field": c.field, "label": c.label} for c in layout.columns if c.field]


@login_required
@require_GET
def batch_detail(request, pk: int):
    batch = access_batch(request.user, pk)
    context = {
        "batch": batch,
        "statuses": BatchStatus,
        "nominees": batch.kind == ImportKind.NOMINEES,
        "proposal": batch.proposal,
    }
    if batch.is_busy:
        return render(request, "imports/progress_page.html", context)
    layout = Layout.from_dict(batch.mapping) if batch.mapping.get("columns") else None
    status = request.GET.get("status", "")
    rows = batch.rows.all()
    if status in RowStatus.values:
        rows = rows.filter(status=status)
    page = Paginator(rows.order_by("status_rank", "row_number"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    columns = _columns(layout) if layout else []
    table = [
        {"row": row, "cells": [row.cells.get(c["field"], "") for c in columns]}
        for row in page.object_list
    ]
    context.update(
        {
            "layout": layout,
            "columns": columns,
            "table": table,
            "page": page,
            "status": status,
            "filters": [
                ("", _("Tất cả"), batch.total_rows),
                (RowStatus.ERROR, _("Lỗi"), batch.error_count),
                (RowStatus.DUPLICATE, _("Trùng"), batch.duplicate_count),
                (RowStatus.WARNING, _("Cảnh báo"), batch.warning_count),
                (RowStatus.OK, _("Hợp lệ"), batch.ok_count),
            ],
            "mapping_form": MappingForm(layout=layout, kind=batch.kind) if layout else None,
            "confirm_form": ConfirmForm(),
            "resolved_labels": {
                "person": _("Cá nhân"),
                "unit": _("Đơn vị"),
                "honour": _("Danh hiệu/Hình thức"),
                "rating": _("Xếp loại"),
                "decision": _("Quyết định"),
                "subject": _("Đối tượng"),
                "target": _("Đề nghị"),
                "eligibility": _("Điều kiện"),
            },
            "field_labels": FIELD_LABELS,
            "header_row": (layout.header_row + 1) if layout else None,
        }
    )
    return render(request, "imports/detail.html", context)


@login_required
@require_POST
def batch_remap(request, pk: int):
    batch = access_batch(request.user, pk)
    layout = Layout.from_dict(batch.mapping) if batch.mapping.get("columns") else None
    if layout is None:
        raise Http404
    form = MappingForm(request.POST, layout=layout, kind=batch.kind)
    if form.is_valid():
        try:
            services.remap(batch=batch, fields=form.mapping())
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã áp dụng cách hiểu cột mới và xem trước lại."))
    else:
        messages.error(request, _("Lựa chọn cột không hợp lệ."))
    return redirect("imports:detail", pk=batch.pk)


@login_required
@require_POST
def batch_confirm(request, pk: int):
    batch = access_batch(request.user, pk)
    form = ConfirmForm(request.POST)
    form.is_valid()
    try:
        batch = services.batch_confirm(
            batch=batch, actor=request.user, skip_errors=form.cleaned_data.get("skip_errors", False)
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("imports:detail", pk=batch.pk)
    if batch.status == BatchStatus.CONFIRMED:
        messages.success(request, batch.message)
        if batch.proposal_id:
            return redirect("backoffice:proposals.detail", pk=batch.proposal_id)
    elif batch.status == BatchStatus.FAILED:
        messages.error(request, batch.message)
    elif batch.status == BatchStatus.PREVIEW and batch.message:
        messages.warning(request, batch.message)
    return redirect("imports:detail", pk=batch.pk)


@login_required
@require_POST
def batch_cancel(request, pk: int):
    batch = access_batch(request.user, pk)
    try:
        services.batch_cancel(batch=batch, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã hủy lô nhập; không có gì được ghi vào sổ."))
    return redirect("imports:detail", pk=batch.pk)


@login_required
@require_GET
def batch_progress(request, pk: int):
    batch = access_batch(request.user, pk)
    if not batch.is_busy and request.htmx:
        return HttpResponseClientRefresh()
    return render(request, "imports/_progress.html", {"batch": batch})


@login_required
@require_GET
def batch_file(request, pk: int):
    batch = access_batch(request.user, pk)
    try:
        handle = batch.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=batch.file_name)


@login_required
@require_GET
def blank(request, kind: str):
    if kind not in ImportKind.values:
        raise Http404
    unit = request.user.unit
    data = blank_template(kind, unit_name=unit.name if unit else "")
    names = {
        "people": "mau-danh-sach-ca-nhan.xlsx",
        "ratings": "mau-xep-loai-hang-nam.xlsx",
        "awards": "mau-khen-thuong.xlsx",
        "nominees": "mau-danh-sach-de-nghi-khen-thuong.xlsx",
    }
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{names[kind]}"'
    return response


def detail_url(batch) -> str:
    return reverse("imports:detail", kwargs={"pk": batch.pk})
