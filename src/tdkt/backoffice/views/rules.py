"""Eligibility screens: one subject's judgement for every reachable title and form, and the bulk
screening of a unit's subtree (filters, quotas, Excel export, background run for big scopes)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRefresh

from tdkt.accounts.access import access_person, access_unit
from tdkt.orgs.selectors import unit_lineage_ids
from tdkt.reports.exporters.base import DATE, NUMBER, Column
from tdkt.reports.lists import _sheet
from tdkt.rules import services
from tdkt.rules.adapters import COLLECTIVE, INDIVIDUAL
from tdkt.rules.engine import DU, KHONG_DU, SAP_DU, ContractError, load_packs

PAGE_SIZE = 50
KIND_LABELS = {INDIVIDUAL: gettext_lazy("Cá nhân"), COLLECTIVE: gettext_lazy("Tập thể")}
YEARS_BACK = 15


def _year_choices() -> list[tuple[int, int]]:
    this = services.today().year
    return [(y, y) for y in range(this, this - YEARS_BACK, -1)]


def _target_choices(kind: str) -> list[tuple[str, str]]:
    catalog = load_packs().catalog
    return [(code, catalog.name(code)) for code in services.TARGETS[kind]]


class SubjectYearForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Năm xét"), coerce=int, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()


class ScreeningForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Đối tượng"), choices=list(KIND_LABELS.items()), required=False
    )
    year = forms.TypedChoiceField(label=gettext_lazy("Năm xét"), coerce=int, choices=())
    target = forms.ChoiceField(label=gettext_lazy("Danh hiệu, hình thức"), required=False)
    status = forms.ChoiceField(
        label=gettext_lazy("Kết quả"),
        required=False,
        choices=[
            ("", gettext_lazy("Tất cả")),
            (DU, gettext_lazy("Đủ điều kiện")),
            (SAP_DU, gettext_lazy("Sắp đủ điều kiện")),
            (KHONG_DU, gettext_lazy("Không đủ điều kiện")),
        ],
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()
        self.fields["target"].choices = [("", _("Tất cả")), *_target_choices(kind)]


def _birth(value):
    """A stored birth (ISO date, year or "") as a date, a year or ""."""
    if isinstance(value, str) and len(value) == 10:
        return dt.date.fromisoformat(value)
    return value


def _birth_text(value) -> str:
    birth = _birth(value)
    return birth.strftime("%d/%m/%Y") if isinstance(birth, dt.date) else str(birth)


def _year(request) -> int:
    form = SubjectYearForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form.cleaned_data["year"]
    return services.default_year()


# --- one subject --------------------------------------------------------------------------------


@login_required
@require_GET
def rules_subject(request, kind: str, pk: int):
    """Kiểm tra điều kiện: every target of the subject's kind judged for the chosen year."""
    if kind == INDIVIDUAL:
        subject = access_person(request.user, pk)
        ids = [subject.pk]
        back = reverse("backoffice:people.detail", args=[subject.pk])
        name = subject.full_name
    elif kind == COLLECTIVE:
        subject = access_unit(request.user, pk)
        ids = unit_lineage_ids(subject)
        back = reverse("backoffice:units.history", args=[subject.pk])
        name = subject.name
    else:
        raise Http404
    year = _year(request)
    report, error = None, None
    try:
        report = services.judge_subject(kind, ids, year)
    except ContractError as exc:
        error = exc.message
    context = {
        "kind": kind,
        "kind_label": KIND_LABELS[kind],
        "subject": subject,
        "name": name,
        "back_url": back,
        "year": year,
        "form": SubjectYearForm(initial={"year": year}),
        "report": report,
        "error": error,
        "screening_url": reverse(
            "backoffice:rules.screening",
            args=[subject.unit_id if kind == INDIVIDUAL else subject.pk],
        ),
    }
    return render(request, "backoffice/rules/subject.html", context)


# --- screening ----------------------------------------------------------------------------------


def _screening_params(request) -> tuple[str, ScreeningForm, dict]:
    kind = request.GET.get("kind") if request.GET.get("kind") in KIND_LABELS else INDIVIDUAL
    form = ScreeningForm(request.GET or None, kind=kind)
    params = {"kind": kind, "year": services.default_year(), "target": "", "status": ""}
    if form.is_bound and form.is_valid():
        params.update(
            year=form.cleaned_data["year"],
            target=form.cleaned_data["target"],
            status=form.cleaned_data["status"],
        )
    elif not form.is_bound:
        form = ScreeningForm(initial=params, kind=kind)
    return kind, form, params


def _filtered(result: dict, target: str, status: str) -> list[list]:
    rows = result["rows"]
    if not status:
        return rows
    if target:
        i = result["targets"].index(target)
        return [row for row in rows if row[4][i] == status]
    return [row for row in rows if status in row[4]]


def _result_for(unit, year: int, kind: str) -> tuple[dict | None, dict | None, bool]:
    """(result, stored status, computed in the background?)."""
    if services.subject_count(unit, kind) <= services.sync_max():
        return services.screen_unit(unit, year, kind), None, False
    return (
        services.stored_screening(unit.pk, year, kind),
        services.screening_status(unit.pk, year, kind),
        True,
    )


def _describe(unit, params: dict) -> str:
    catalog = load_packs().catalog
    parts = [
        _("Đơn vị: %(unit)s (kể cả đơn vị trực thuộc)") % {"unit": unit.name},
        _("Đối tượng: %(kind)s") % {"kind": KIND_LABELS[params["kind"]]},
        _("Năm xét: %(year)s") % {"year": params["year"]},
    ]
    if params["target"]:
        parts.append(catalog.name(params["target"]))
    if params["status"]:
        parts.append(str(services.STATUS_LABELS[params["status"]]))
    return "; ".join(parts)


@login_required
@require_GET
def rules_screening(request, pk: int):
    """Rà soát điều kiện khen thưởng of a unit's subtree for a year."""
    unit = access_unit(request.user, pk)
    kind, form, params = _screening_params(request)
    year = params["year"]
    result, status, background = _result_for(unit, year, kind)
    context = {
        "unit": unit,
        "form": form,
        "params": params,
        "background": background,
        "status": status,
        "result": result,
        "filters_text": _describe(unit, params),
    }
    if result is not None:
        catalog = load_packs().catalog
        targets = result["targets"]
        shown = [params["target"]] if params["target"] else targets
        columns = [(t, catalog.name(t), targets.index(t)) for t in shown]
        rows = _filtered(result, params["target"], params["status"])
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(
            columns=columns,
            page_obj=page,
            table=[
                {
                    "pk": row[0],
                    "name": row[1],
                    "birth": _birth_text(row[2]),
                    "unit": row[3],
                    "cells": [
                        (
                            row[4][i],
                            services.STATUS_LABELS[row[4][i]],
                            services.STATUS_BADGES[row[4][i]],
                        )
                        for _t, _n, i in columns
                    ],
                }
                for row in page.object_list
            ],
            counts=[
                (catalog.name(t), [result["counts"][t][s] for s in services.STATUSES])
                for t in shown
            ],
            quotas=services.localised_quotas(result["quotas"]),
            computed_at=parse_datetime(result["computed_at"]),
            subject_kind=kind,
        )
    return render(request, "backoffice/rules/screening.html", context)


@login_required
@require_POST
def rules_screening_run(request, pk: int):
    """Start (or restart) the background screening of a big scope."""
    unit = access_unit(request.user, pk)
    kind = request.POST.get("kind") if request.POST.get("kind") in KIND_LABELS else INDIVIDUAL
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = services.default_year()
    if year not in dict(_year_choices()):
        year = services.default_year()
    status = services.screening_status(unit.pk, year, kind) or {}
    if status.get("state") not in ("queued", "running"):
        services.screening_queue(unit, year, kind)
    url = reverse("backoffice:rules.screening", args=[unit.pk])
    return redirect(f"{url}?kind={kind}&year={year}")


@login_required
@require_GET
def rules_screening_progress(request, pk: int):
    """The HTMX-polled progress card of a background screening."""
    unit = access_unit(request.user, pk)
    kind, _form, params = _screening_params(request)
    status = services.screening_status(unit.pk, params["year"], kind) or {}
    if status.get("state") in ("done", "failed") and request.htmx:
        return HttpResponseClientRefresh()
    return render(
        request,
        "backoffice/rules/_progress.html",
        {"unit": unit, "params": params, "status": status},
    )


@login_required
@require_GET
def rules_screening_export(request, pk: int):
    from tdkt.backoffice.views.registry import export_response

    unit = access_unit(request.user, pk)
    kind, _form, params = _screening_params(request)
    result, _status, _bg = _result_for(unit, params["year"], kind)
    if result is None:
        raise Http404(_("Chưa có kết quả rà soát: bấm “Rà soát” rồi thử lại."))
    catalog = load_packs().catalog
    targets = result["targets"]
    shown = [params["target"]] if params["target"] else targets
    index = [targets.index(t) for t in shown]
    rows = _filtered(result, params["target"], params["status"])
    if kind == INDIVIDUAL:
        head = [
            Column(_("STT"), NUMBER, 6),
            Column(_("Họ và tên"), width=28),
            Column(_("Ngày sinh"), DATE, 12),
            Column(_("Đơn vị"), width=30),
        ]
    else:
        head = [
            Column(_("STT"), NUMBER, 6),
            Column(_("Tên tập thể"), width=36),
            Column(_("Đơn vị cấp trên"), width=30),
        ]
    columns = head + [Column(catalog.name(t), width=18) for t in shown]
    title = _("DANH SÁCH RÀ SOÁT ĐIỀU KIỆN KHEN THƯỞNG NĂM %(year)s") % {"year": params["year"]}
    sheet = _sheet(title, _describe(unit, params), columns)
    sheet.extra_lines = [
        _("Cảnh báo tỷ lệ: %(text)s: %(n)s đủ điều kiện, hạn mức %(limit)s")
        % {
            "text": q["text"],
            "n": q["eligible"],
            "limit": q["limit"],
        }
        for q in services.localised_quotas(result["quotas"])
        if q.get("exceeded")
    ]

    def lines():
        for n, row in enumerate(rows, start=1):
            statuses = [str(services.STATUS_LABELS[row[4][i]]) for i in index]
            if kind == INDIVIDUAL:
                yield (n, row[1], _birth(row[2]), row[3], *statuses)
            else:
                yield (n, row[1], row[3], *statuses)

    return export_response(request, sheet, lines(), f"ra-soat-{params['year']}")


urlpatterns = [
    path(
        "kiem-tra-dieu-kien/<str:kind>/<int:pk>/",
        rules_subject,
        name="rules.subject",
    ),
    path("ra-soat-dieu-kien/<int:pk>/", rules_screening, name="rules.screening"),
    path("ra-soat-dieu-kien/<int:pk>/chay/", rules_screening_run, name="rules.screening_run"),
    path(
        "ra-soat-dieu-kien/<int:pk>/tien-do/",
        rules_screening_progress,
        name="rules.screening_progress",
    ),
    path(
        "ra-soat-dieu-kien/<int:pk>/xuat/",
        rules_screening_export,
        name="rules.screening_export",
    ),
]
