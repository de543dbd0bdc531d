"""The registry screens (sổ theo dõi): decisions, awards, ratings, initiatives, discipline, and
the Excel/CSV exports of every list with the same filters as the screen.

Objects are fetched only through tdkt.accounts.access (out of scope answers 404) and written only
through tdkt.registry.services. List views run a fixed number of queries whatever the page holds.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tdkt.accounts.access import (
    access_award,
    access_decision,
    access_household,
    access_person,
    access_unit,
    decisions_for,
    households_for,
    initiatives_for,
    people_for,
    require_writer,
    subject_records_for,
    units_for,
)
from tdkt.accounts.enums import REGISTRY_WRITERS
from tdkt.accounts.selectors import user_roles
from tdkt.backoffice.forms.fields import apply_service_error
from tdkt.backoffice.forms.people import PersonSearchForm
from tdkt.backoffice.forms.registry import (
    AwardFilterForm,
    AwardForm,
    AwardRevokeForm,
    DecisionFilterForm,
    DecisionForm,
    DisciplineForm,
    InitiativeFilterForm,
    InitiativeForm,
    RatingFilterForm,
    RatingForm,
    name_words_q,
    sniff_file,
)
from tdkt.people.enums import SubjectKind
from tdkt.people.models import Person
from tdkt.people.selectors import person_search
from tdkt.registry import services
from tdkt.registry.models import AwardRecord, YearlyRating
from tdkt.registry.selectors import awards_list, decisions_list, ratings_list
from tdkt.reports import lists as sheets
from tdkt.reports.exporters import CsvExporter, get_exporter

PAGE_SIZE = 50
SEARCH_LIMIT = 20


# --- helpers -----------------------------------------------------------------------------------


def _can_write(user) -> bool:
    """Whether to offer the entry buttons (from the cached roles: no extra query)."""
    return bool(set(user_roles(user)) & REGISTRY_WRITERS)


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _int_param(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def _subject_url(record) -> str:
    """The page of a record's subject (person, unit or household), "" if not wired."""
    for field, name in (
        ("person_id", "people.detail"),
        ("collective_id", "units.detail"),
        ("household_id", "households.detail"),
    ):
        pk = getattr(record, field, None)
        if pk:
            try:
                return reverse(f"backoffice:{name}", args=[pk])
            except NoReverseMatch:
                return ""
    return ""


def _list_context(request, form, qs, **extra) -> dict:
    return {
        "form": form,
        "page_obj": _page(request, qs),
        "can_write": _can_write(request.user),
        "filters_text": form.describe(),
        **extra,
    }


def export_response(request, sheet, rows, stem: str):
    """The rows as a download: CSV streamed as it is written, xlsx through a temporary file."""
    exporter_class = get_exporter(request.GET.get("format", "xlsx"))
    if exporter_class is None:
        raise Http404(_("Định dạng tệp xuất không được hỗ trợ."))
    exporter = exporter_class(sheet)
    filename = exporter.filename(f"{stem}-{timezone.localdate():%Y%m%d}")
    if isinstance(exporter, CsvExporter):
        response = StreamingHttpResponse(
            exporter.iter_chunks(rows), content_type=exporter.content_type
        )
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response
    tmp = tempfile.TemporaryFile()  # noqa: SIM115 -- closed by FileResponse
    exporter.write(rows, tmp)
    tmp.seek(0)
    return FileResponse(
        tmp, as_attachment=True, filename=filename, content_type=exporter.content_type
    )


# --- decisions ---------------------------------------------------------------------------------


def _decisions(request):
    form = DecisionFilterForm(request.GET or None, user=request.user)
    qs = decisions_list(form.filter(decisions_for(request.user)))
    return form, qs


@login_required
def decisions_list_view(request):
    form, qs = _decisions(request)
    return render(
        request, "backoffice/registry/decision_list.html", _list_context(request, form, qs)
    )


@login_required
def decisions_export(request):
    form, qs = _decisions(request)
    sheet, rows = sheets.decisions_sheet(qs, title=form.title(), filters=form.describe())
    return export_response(request, sheet, rows, "quyet-dinh")


@login_required
def decisions_detail(request, pk):
    decision = access_decision(request.user, pk)
    awards = awards_list(subject_records_for(AwardRecord, request.user).filter(decision=decision))
    awards = list(awards)
    total = decision.awards.count()
    context = {
        "decision": decision,
        "regime": decision.regime or services.regime_for(decision.signed_on),
        "awards": [(a, _subject_url(a)) for a in awards],
        "hidden_awards": total - len(awards),
        "revoked_awards": list(
            decision.revoked_awards.filter(
                pk__in=subject_records_for(AwardRecord, request.user).values("pk")
            ).select_related("honour", "person", "collective", "household")
        ),
        "attachment_name": Path(decision.attachment.name).name if decision.attachment else "",
    }
    return render(request, "backoffice/registry/decision_detail.html", context)


@login_required
def decisions_attachment(request, pk):
    """The scan, served only after the scope check (never from a public media URL)."""
    decision = access_decision(request.user, pk)
    if not decision.attachment:
        raise Http404(_("Quyết định này chưa có bản scan."))
    try:
        handle = decision.attachment.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404(_("Không tìm thấy tệp bản scan.")) from exc
    kind = sniff_file(handle)
    content_type = kind[1] if kind else "application/octet-stream"
    return FileResponse(
        handle,
        as_attachment=True,
        filename=Path(decision.attachment.name).name,
        content_type=content_type,
    )


@login_required
@require_http_methods(["GET", "POST"])
def decisions_create(request):
    require_writer(request.user)
    form = DecisionForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            decision = services.decision_create(
                number=d["number"],
                signed_on=d["signed_on"],
                issuer_name=d["issuer_name"],
                issuer_unit=d["issuer_unit"],
                level=d["level"],
                award_type_id=d["award_type"].pk,
                signer_name=d["signer_name"],
                signer_title=d["signer_title"],
                summary=d["summary"],
                attachment=d.get("attachment"),
                actor=request.user,
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Đã ghi %(decision)s.") % {"decision": decision})
            return redirect("backoffice:decisions.detail", pk=decision.pk)
    return render(request, "backoffice/registry/decision_form.html", {"form": form})


@login_required
@require_GET
def decisions_search(request):
    """HTMX: decisions of the user's scope matching a number or words, as radio buttons."""
    text = request.GET.get("decision_q", "").strip()
    results = []
    if text:
        results = list(
            decisions_for(request.user)
            .filter(Q(number__icontains=text) | Q(summary__icontains=text))
            .order_by("-signed_on", "-pk")[:SEARCH_LIMIT]
        )
    return render(
        request,
        "backoffice/registry/_decision_results.html",
        {"results": results, "searched": bool(text)},
    )


# --- subjects (HTMX picker shared by awards, ratings and initiative authors) -------------------


@login_required
@require_GET
def subjects_search(request):
    user = request.user
    kind = request.GET.get("subject_kind", SubjectKind.INDIVIDUAL)
    text = request.GET.get("subject_q", "").strip() or request.GET.get("author_q", "").strip()
    multiple = request.GET.get("multiple") == "1"
    results = []
    if text:
        if kind == SubjectKind.COLLECTIVE and not multiple:
            qs = units_for(user, write=True).filter(name_words_q(text, ("search_key",)))
            results = [(u.pk, u.name, u.code) for u in qs.order_by("path")[:SEARCH_LIMIT]]
        elif kind == SubjectKind.HOUSEHOLD and not multiple:
            qs = households_for(user, write=True).select_related("unit")
            qs = qs.filter(name_words_q(text, ("search_key",))).order_by("sort_key", "pk")
            results = [(h.pk, str(h), f"{h.address} · {h.unit}") for h in qs[:SEARCH_LIMIT]]
        else:
            base = people_for(user) if multiple else people_for(user, write=True)
            qs = person_search(base.select_related("unit"), text=text)
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
        {
            "results": results,
            "searched": bool(text),
            "multiple": multiple,
            "field": "authors" if multiple else "subject_id",
        },
    )


def _initial_subject(request, form) -> None:
    """?person= / ?unit= / ?household= preselect the subject (scope-checked)."""
    user = request.user
    for param, kind, access in (
        ("person", SubjectKind.INDIVIDUAL, access_person),
        ("unit", SubjectKind.COLLECTIVE, access_unit),
        ("household", SubjectKind.HOUSEHOLD, access_household),
    ):
        pk = _int_param(request, param)
        if pk:
            form._initial_subject = access(user, pk, write=True)
            form.initial.update({"subject_kind": kind, "subject_id": pk})
            return


# --- awards ------------------------------------------------------------------------------------


def _awards(request):
    form = AwardFilterForm(request.GET or None, user=request.user)
    qs = awards_list(form.filter(subject_records_for(AwardRecord, request.user)))
    return form, qs


@login_required
def awards_list_view(request):
    form, qs = _awards(request)
    context = _list_context(request, form, qs)
    context["rows"] = [(a, _subject_url(a)) for a in context["page_obj"]]
    return render(request, "backoffice/registry/award_list.html", context)


@login_required
def awards_export(request):
    form, qs = _awards(request)
    sheet, rows = sheets.awards_sheet(qs, title=form.title(), filters=form.describe())
    return export_response(request, sheet, rows, "khen-thuong")


@login_required
@require_http_methods(["GET", "POST"])
def awards_create(request):
    require_writer(request.user)
    form = AwardForm(request.POST or None, user=request.user)
    if request.method == "GET":
        _initial_subject(request, form)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.award_record_create(actor=request.user, **form.service_kwargs())
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Đã ghi khen thưởng: %(award)s.")
                % {"award": f"{record.honour.name} – {record.subject}"},
            )
            return redirect(_subject_url(record) or reverse("backoffice:awards.list"))
    picked_decision = form.cleaned_data.get("decision") if hasattr(form, "cleaned_data") else None
    return render(
        request,
        "backoffice/registry/award_form.html",
        {"form": form, "picked": form.picked_subject(), "picked_decision": picked_decision},
    )


@login_required
@require_http_methods(["GET", "POST"])
def awards_revoke(request, pk):
    award = access_award(request.user, pk, write=True)
    form = AwardRevokeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.award_revoke(
                record=award,
                reason=d["reason"],
                actor=request.user,
                revoking_decision=d.get("decision"),
                on=d.get("on"),
                bonus_recovered=d.get("bonus_recovered"),
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Đã thu hồi khen thưởng: %(award)s.")
                % {"award": f"{award.honour.name} – {award.subject}"},
            )
            return redirect(_subject_url(award) or reverse("backoffice:awards.list"))
    picked_decision = form.cleaned_data.get("decision") if hasattr(form, "cleaned_data") else None
    return render(
        request,
        "backoffice/registry/award_revoke.html",
        {
            "form": form,
            "award": award,
            "subject_url": _subject_url(award),
            "picked_decision": picked_decision,
        },
    )


# --- ratings -----------------------------------------------------------------------------------


def _ratings(request):
    form = RatingFilterForm(request.GET or None, user=request.user)
    qs = ratings_list(form.filter(subject_records_for(YearlyRating, request.user)))
    return form, qs


@login_required
def ratings_list_view(request):
    form, qs = _ratings(request)
    context = _list_context(request, form, qs)
    context["rows"] = [(r, _subject_url(r)) for r in context["page_obj"]]
    return render(request, "backoffice/registry/rating_list.html", context)


@login_required
def ratings_export(request):
    form, qs = _ratings(request)
    sheet, rows = sheets.ratings_sheet(qs, title=form.title(), filters=form.describe())
    return export_response(request, sheet, rows, "xep-loai")


@login_required
@require_http_methods(["GET", "POST"])
def ratings_create(request):
    require_writer(request.user)
    form = RatingForm(request.POST or None, user=request.user)
    if request.method == "GET":
        _initial_subject(request, form)
    if request.method == "POST" and form.is_valid():
        try:
            rating = services.rating_record(actor=request.user, **form.service_kwargs())
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Đã ghi xếp loại năm %(year)s: %(subject)s.")
                % {"year": rating.year, "subject": rating.subject},
            )
            return redirect(_subject_url(rating) or reverse("backoffice:ratings.list"))
    return render(
        request,
        "backoffice/registry/rating_form.html",
        {"form": form, "picked": form.picked_subject()},
    )


# --- initiatives -------------------------------------------------------------------------------


def _initiatives(request):
    form = InitiativeFilterForm(request.GET or None, user=request.user)
    qs = (
        form.filter(initiatives_for(request.user))
        .select_related("scope", "unit", "used_for__honour")
        .prefetch_related(Prefetch("authors", queryset=Person.objects.order_by("sort_key")))
        .order_by("-year", "code", "pk")
    )
    return form, qs


@login_required
def initiatives_list_view(request):
    form, qs = _initiatives(request)
    return render(
        request, "backoffice/registry/initiative_list.html", _list_context(request, form, qs)
    )


@login_required
def initiatives_export(request):
    form, qs = _initiatives(request)
    sheet, rows = sheets.initiatives_sheet(qs, title=form.title(), filters=form.describe())
    return export_response(request, sheet, rows, "sang-kien")


@login_required
@require_http_methods(["GET", "POST"])
def initiatives_create(request):
    require_writer(request.user)
    form = InitiativeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            initiative = services.initiative_create(
                code=d["code"],
                title=d["title"],
                year=d["year"],
                scope_id=d["scope"].pk,
                unit=d["unit"],
                authors=list(d["authors"]),
                kind=d["kind"],
                recognised_by=d["recognised_by"],
                recognised_on=d.get("recognised_on"),
                actor=request.user,
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Đã ghi sáng kiến %(code)s.") % {"code": initiative.code})
            return redirect("backoffice:initiatives.list")
    return render(
        request,
        "backoffice/registry/initiative_form.html",
        {"form": form, "picked_authors": form.picked_authors()},
    )


# --- discipline --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def discipline_create(request):
    pk = _int_param(request, "person")
    if pk is None:
        raise Http404(_("Cần chọn cá nhân."))
    person = access_person(request.user, pk, write=True)
    form = DisciplineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.discipline_record(
                subject=person,
                start=d["start"],
                end=d.get("end"),
                level_id=d["level"].pk if d.get("level") else None,
                state=d["state"],
                decision_ref=d["decision_ref"],
                reason=d["reason"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request, _("Đã ghi kỷ luật của %(name)s.") % {"name": person.full_name}
            )
            return redirect(_subject_url_for_person(person.pk))
    return render(
        request,
        "backoffice/registry/discipline_form.html",
        {"form": form, "person": person, "person_url": _subject_url_for_person(person.pk)},
    )


def _subject_url_for_person(pk: int) -> str:
    try:
        return reverse("backoffice:people.detail", args=[pk])
    except NoReverseMatch:
        return reverse("backoffice:audit.object", args=["people", "person", pk])


# --- people export (same GET parameters as /ca-nhan/) ------------------------------------------


@login_required
def people_export(request):
    user = request.user
    form = PersonSearchForm(request.GET, user=user)
    form.is_valid()
    qs = person_search(people_for(user).select_related("unit"), **form.filters())
    data = getattr(form, "cleaned_data", {})
    described = []
    if data.get("q"):
        described.append(_("Tìm kiếm: %(q)s") % {"q": data["q"]})
    if data.get("unit"):
        described.append(_("Đơn vị: %(unit)s") % {"unit": data["unit"]})
    active = form.filters()["active"]
    if active is not None:
        described.append(_("Đang công tác") if active else _("Đã thôi công tác"))
    sheet, rows = sheets.people_sheet(
        qs, title=_("DANH SÁCH CÁ NHÂN"), filters="; ".join(described)
    )
    return export_response(request, sheet, rows, "ca-nhan")


urlpatterns = [
    path("quyet-dinh/", decisions_list_view, name="decisions.list"),
    path("quyet-dinh/xuat/", decisions_export, name="decisions.export"),
    path("quyet-dinh/them/", decisions_create, name="decisions.create"),
    path("quyet-dinh/tim/", decisions_search, name="decisions.search"),
    path("quyet-dinh/<int:pk>/", decisions_detail, name="decisions.detail"),
    path("quyet-dinh/<int:pk>/ban-scan/", decisions_attachment, name="decisions.attachment"),
    path("doi-tuong/tim/", subjects_search, name="subjects.search"),
    path("khen-thuong/", awards_list_view, name="awards.list"),
    path("khen-thuong/xuat/", awards_export, name="awards.export"),
    path("khen-thuong/them/", awards_create, name="awards.create"),
    path("khen-thuong/<int:pk>/thu-hoi/", awards_revoke, name="awards.revoke"),
    path("xep-loai/", ratings_list_view, name="ratings.list"),
    path("xep-loai/xuat/", ratings_export, name="ratings.export"),
    path("xep-loai/them/", ratings_create, name="ratings.create"),
    path("sang-kien/", initiatives_list_view, name="initiatives.list"),
    path("sang-kien/xuat/", initiatives_export, name="initiatives.export"),
    path("sang-kien/them/", initiatives_create, name="initiatives.create"),
    path("ky-luat/them/", discipline_create, name="discipline.create"),
    path("ca-nhan/xuat/", people_export, name="people.export"),
]
