"""Certificates (Bằng khen / Giấy khen) and document templates.

- print batches of a decision's awardees: created from the decision page, rendered in the
  background (django-tasks) with a progress bar polled by HTMX, the PDF downloaded through a
  scope-checked view (never a public media URL);
- the layout editor: offsets (mm), widths and font sizes per field, a preview of one sample
  awardee, saved through documents.certificates.layout_save (audited);
- document templates: the active version of each code, download, upload of a new version,
  deactivation of a version with a reason.

Layouts and templates are shared by the whole province, so only a system administrator or a
TĐKT officer/specialist of a top-level unit (the one issuing the decisions) may change them.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from tdkt.accounts.access import access_decision, require_writer
from tdkt.accounts.enums import Role
from tdkt.accounts.selectors import user_roles
from tdkt.backoffice.forms.certificates import (
    BatchForm,
    LayoutForm,
    TemplateDeactivateForm,
    TemplateUploadForm,
)
from tdkt.backoffice.forms.fields import apply_service_error
from tdkt.documents import batches
from tdkt.documents import services as docs
from tdkt.documents.certificates import (
    CERTIFICATE_FIELDS,
    DEFAULT_LAYOUTS,
    LayoutSpec,
    certificates_pdf,
    layout_for,
    layout_save,
    validate_layout_fields,
)
from tdkt.documents.default_templates import BUILTIN_NAMES
from tdkt.documents.models import CertificateLayout, DocumentTemplate

PAGE_SIZE = 50
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# --- permissions -------------------------------------------------------------------------------


def can_manage_documents(user) -> bool:
    """System admin, or a TĐKT officer/specialist granted on a top-level unit."""
    from tdkt.accounts.models import RoleGrant

    if not getattr(user, "is_authenticated", False):
        return False
    if Role.ADMIN in user_roles(user):
        return True
    return RoleGrant.objects.filter(
        user=user,
        revoked_at__isnull=True,
        role__in=[Role.OFFICER, Role.SPECIALIST],
        unit__parent__isnull=True,
    ).exists()


def _require_manager(user) -> None:
    if not can_manage_documents(user):
        raise PermissionDenied(
            _(
                "Chỉ quản trị hệ thống hoặc cán bộ thi đua - khen thưởng của cơ quan ban hành "
                "quyết định được sửa bố cục in và mẫu văn bản."
            )
        )


def _errors_to_messages(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- batches -----------------------------------------------------------------------------------


@login_required
@require_GET
def batch_list(request):
    qs = batches.batches_for(request.user).select_related(
        "decision", "honour", "unit", "created_by"
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "backoffice/certificates/list.html",
        {
            "page": page,
            "batches": page.object_list,
            "can_manage": can_manage_documents(request.user),
        },
    )


def _honours_of(decision, user) -> list[tuple[str, str]]:
    from tdkt.catalog.models import Honour

    ids = batches.printable_awards(decision, user).values_list("honour_id", flat=True).distinct()
    return [(h.pk, h.name) for h in Honour.objects.filter(pk__in=list(ids)).order_by("name")]


@login_required
@require_http_methods(["GET", "POST"])
def batch_new(request, decision_pk):
    decision = access_decision(request.user, decision_pk)
    require_writer(request.user, _("Bạn chưa được phân quyền in bằng khen cho đơn vị nào."))
    honours = _honours_of(decision, request.user)
    form = BatchForm(request.POST if request.method == "POST" else None, honours=honours)
    if request.method == "POST" and form.is_valid():
        honour = None
        if form.cleaned_data.get("honour"):
            from tdkt.catalog.models import Honour

            honour = Honour.objects.filter(pk=form.cleaned_data["honour"]).first()
        try:
            batch = batches.batch_create(
                decision=decision,
                actor=request.user,
                layout=form.cleaned_data.get("layout") or None,
                honour=honour,
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            return redirect("backoffice:certificates.detail", pk=batch.pk)
    count = batches.printable_awards(decision, request.user).count()
    return render(
        request,
        "backoffice/certificates/new.html",
        {"form": form, "decision": decision, "count": count},
    )


@login_required
@require_GET
def batch_detail(request, pk):
    batch = batches.access_batch(request.user, pk)
    try:  # the layout's name, not its code
        layout_name = layout_for(batch.layout_code).name if batch.layout_code else ""
    except ValidationError:
        layout_name = batch.layout_code
    return render(
        request,
        "backoffice/certificates/detail.html",
        {"batch": batch, "layout_name": layout_name},
    )


@login_required
@require_GET
def batch_progress(request, pk):
    batch = batches.access_batch(request.user, pk)
    if not batch.is_busy and request.htmx:
        return HttpResponseClientRefresh()
    return render(request, "backoffice/certificates/_progress.html", {"batch": batch})


@login_required
@require_GET
def batch_download(request, pk):
    batch = batches.access_batch(request.user, pk)
    if not batch.result:
        raise Http404(_("Lượt in này chưa có tệp PDF."))
    try:
        handle = batch.result.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404(_("Không tìm thấy tệp PDF.")) from exc
    number = "".join(c if c.isalnum() else "-" for c in batch.decision.number)
    return FileResponse(
        handle, as_attachment=True, filename=f"bang-khen-{number}-{batch.pk}.pdf", content_type=PDF
    )


# --- layouts -----------------------------------------------------------------------------------


@login_required
@require_GET
def layout_list(request):
    _require_manager(request.user)
    layouts = CertificateLayout.objects.select_related("updated_by")
    saved = {layout.code: layout for layout in layouts}
    codes = sorted(set(DEFAULT_LAYOUTS) | set(saved))
    rows = [
        {
            "code": code,
            "name": saved[code].name if code in saved else str(DEFAULT_LAYOUTS[code]["name"]),
            "saved": saved.get(code),
        }
        for code in codes
    ]
    return render(request, "backoffice/certificates/layouts.html", {"rows": rows})


def _layout_or_404(code: str) -> LayoutSpec:
    try:
        return layout_for(code)
    except ValidationError as exc:
        raise Http404 from exc


def _preview(request, spec: LayoutSpec) -> HttpResponse:
    awardee, common = batches.sample_awardee(request.user)
    data = certificates_pdf([awardee], spec, common=common)
    response = HttpResponse(data, content_type=PDF)
    response["Content-Disposition"] = content_disposition_header(
        False, f"xem-truoc-{spec.code}.pdf"
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def layout_edit(request, code):
    _require_manager(request.user)
    spec = _layout_or_404(code)
    form = LayoutForm(request.POST if request.method == "POST" else None, layout=spec)
    field_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = form.layout_fields()
        try:
            if request.POST.get("action") == "preview":
                clean = validate_layout_fields(
                    fields, page_format=data["page_format"], orientation=data["orientation"]
                )
                preview = LayoutSpec(
                    code=spec.code,
                    name=data["name"],
                    page_format=data["page_format"].strip().upper(),
                    orientation=data["orientation"],
                    fields=clean,
                )
                return _preview(request, preview)
            layout_save(
                code=spec.code,
                name=data["name"],
                fields=fields,
                page_format=data["page_format"],
                orientation=data["orientation"],
                actor=request.user,
                reason=data.get("reason", ""),
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                field_errors = [m for e in exc.error_dict.pop("fields", []) for m in e.messages]
                if exc.error_dict:
                    apply_service_error(form, exc)
            else:
                apply_service_error(form, exc)
        else:
            messages.success(request, _("Đã lưu bố cục in “%(name)s”.") % {"name": data["name"]})
            return redirect("backoffice:certificates.layout", code=spec.code)
    saved = CertificateLayout.objects.filter(code=spec.code).first()
    return render(
        request,
        "backoffice/certificates/layout_edit.html",
        {
            "form": form,
            "spec": spec,
            "saved": saved,
            "field_errors": field_errors,
            "field_count": len(CERTIFICATE_FIELDS),
        },
    )


# --- document templates ------------------------------------------------------------------------


def _current_by_code() -> tuple[list[str], dict[str, object], dict[str, int]]:
    """Codes, the version in use today per code (one query for the uploads) and counts."""
    from tdkt.catalog.models import Regime

    today = timezone.localdate()
    regime = Regime.objects.valid_on(today).order_by("-valid_from").first()
    current: dict[str, object] = {}
    counts: dict[str, int] = {}
    for t in DocumentTemplate.objects.select_related("uploaded_by").order_by("code", "-version"):
        counts[t.code] = counts.get(t.code, 0) + 1
        usable = (
            t.is_active
            and (t.valid_from is None or t.valid_from <= today)
            and (t.valid_to is None or t.valid_to >= today)
            and (t.regime_id is None or (regime is not None and t.regime_id == regime.pk))
        )
        if usable and t.code not in current:
            current[t.code] = t
    codes = sorted(set(BUILTIN_NAMES) | set(counts))
    for code in codes:
        if code not in current and code in BUILTIN_NAMES:
            current[code] = docs.BuiltinTemplate(code=code, name=str(BUILTIN_NAMES[code]))
    return codes, current, counts


@login_required
@require_GET
def template_list(request):
    _require_manager(request.user)
    codes, current, counts = _current_by_code()
    rows = [
        {
            "code": code,
            "name": str(BUILTIN_NAMES.get(code) or getattr(current.get(code), "name", code)),
            "current": current.get(code),
            "versions": counts.get(code, 0),
        }
        for code in codes
    ]
    return render(request, "backoffice/templates_docs/list.html", {"rows": rows})


def _known_code(code: str) -> None:
    if code not in BUILTIN_NAMES and not DocumentTemplate.objects.filter(code=code).exists():
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def template_detail(request, code):
    _require_manager(request.user)
    _known_code(code)
    posted = request.method == "POST"
    form = TemplateUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST":
        if len(request.FILES.getlist("file")) > 1:
            form.add_error("file", _("Mỗi lần chỉ tải lên một tệp mẫu."))
        if form.is_valid():
            data = form.cleaned_data
            try:
                template = docs.template_upload(
                    code=code,
                    file=data["file"],
                    actor=request.user,
                    reason=data.get("reason", ""),
                    name=data.get("name", ""),
                    valid_from=data.get("valid_from"),
                )
            except ValidationError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Đã tải lên phiên bản %(version)s của mẫu “%(name)s”.")
                    % {"version": template.version, "name": template.name},
                )
                return redirect("backoffice:templates.detail", code=code)
    try:
        current = docs.template_for(code)
    except ValidationError:
        current = None
    versions = list(docs.template_versions(code).select_related("uploaded_by", "regime"))
    return render(
        request,
        "backoffice/templates_docs/detail.html",
        {
            "code": code,
            "name": str(BUILTIN_NAMES.get(code) or (versions[0].name if versions else code)),
            "current": current,
            "versions": versions,
            "form": form,
            "deactivate_form": TemplateDeactivateForm(),
            "is_builtin": code in BUILTIN_NAMES,
        },
    )


def _docx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
@require_GET
def template_download(request, code):
    """The version in use today (the uploaded one, else the built-in default)."""
    _require_manager(request.user)
    _known_code(code)
    try:
        template = docs.template_for(code)
    except ValidationError as exc:
        raise Http404 from exc
    suffix = "mac-dinh" if template.is_builtin else f"v{template.version}"
    return _docx_response(template.read_bytes(), f"{code}-{suffix}.docx")


@login_required
@require_GET
def template_version_download(request, pk):
    _require_manager(request.user)
    template = DocumentTemplate.objects.filter(pk=pk).first()
    if template is None:
        raise Http404
    try:
        data = template.read_bytes()
    except (FileNotFoundError, OSError) as exc:
        raise Http404(_("Không tìm thấy tệp mẫu.")) from exc
    name = template.original_name or Path(template.file.name).name
    return _docx_response(data, name)


@login_required
@require_POST
def template_deactivate(request, pk):
    _require_manager(request.user)
    template = DocumentTemplate.objects.filter(pk=pk).first()
    if template is None:
        raise Http404
    form = TemplateDeactivateForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    elif not template.is_active:
        messages.warning(request, _("Phiên bản này đã ngừng dùng từ trước."))
    else:
        try:
            docs.template_deactivate(
                template=template, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            _errors_to_messages(request, exc)
        else:
            messages.success(
                request,
                _("Đã ngừng dùng phiên bản %(version)s của mẫu “%(name)s”.")
                % {"version": template.version, "name": template.name},
            )
    return redirect(reverse("backoffice:templates.detail", kwargs={"code": template.code}))


urlpatterns = [
    path("bang-khen/", batch_list, name="certificates.list"),
    path("bang-khen/quyet-dinh/<int:decision_pk>/in/", batch_new, name="certificates.new"),
    path("bang-khen/<int:pk>/", batch_detail, name="certificates.detail"),
    path("bang-khen/<int:pk>/tien-do/", batch_progress, name="certificates.progress"),
    path("bang-khen/<int:pk>/tep/", batch_download, name="certificates.download"),
    path("bang-khen/bo-cuc/", layout_list, name="certificates.layouts"),
    path("bang-khen/bo-cuc/<slug:code>/", layout_edit, name="certificates.layout"),
    path("mau-van-ban/", template_list, name="templates.list"),
    path("mau-van-ban/<slug:code>/", template_detail, name="templates.detail"),
    path("mau-van-ban/<slug:code>/tai-ve/", template_download, name="templates.download"),
    path(
        "mau-van-ban/phien-ban/<int:pk>/tai-ve/",
        template_version_download,
        name="templates.version_download",
    ),
    path(
        "mau-van-ban/phien-ban/<int:pk>/ngung/",
        template_deactivate,
        name="templates.deactivate",
    ),
]
