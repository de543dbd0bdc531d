"""The organisation tree: browse (lazy tree, search), detail, history through merges, create,
edit and merge units (2025 reform)."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tdkt.accounts.access import access_unit, require_writer, units_for
from tdkt.accounts.selectors import can_write_unit, user_scope, writer_scope
from tdkt.backoffice.forms.fields import apply_service_error
from tdkt.backoffice.forms.orgs import MergeForm, UnitFilterForm, UnitForm
from tdkt.backoffice.views.shared import audit_url, history_context
from tdkt.common.text import search_key
from tdkt.orgs import services
from tdkt.orgs.enums import SuccessionKind
from tdkt.orgs.models import Unit
from tdkt.orgs.selectors import (
    unit_ancestors,
    unit_history_units,
    unit_lineage_ids,
    unit_successions,
)
from tdkt.people.models import Person
from tdkt.registry.enums import RecordStatus
from tdkt.registry.models import AwardRecord
from tdkt.registry.selectors import subject_history

PAGE_SIZE = 50


def _status_q(status: str, prefix: str = "") -> Q:
    """Units in force today (`current`), ended (`ended`: dissolved, merged) or all."""
    today = timezone.localdate()
    current = (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": today})
    ) & (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": today}))
    if status == "current":
        return current
    if status == "ended":
        return Q(**{f"{prefix}valid_to__lt": today})
    return Q()


def _with_child_counts(qs, status: str):
    return qs.annotate(
        child_count=Count("children", filter=_status_q(status, "children__"), distinct=True)
    ).order_by("sort_key", "pk")


def _scope_roots(user):
    """The top units of the user's scope: the roots of the tree or the granted units."""
    scope = user_scope(user)
    if scope.is_global:
        return Unit.objects.filter(parent__isnull=True)
    return Unit.objects.filter(path__in=scope.paths)


@login_required
def units_list(request):
    user = request.user
    form = UnitFilterForm(request.GET)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    q, status = data.get("q", ""), data.get("status") or "current"
    context = {"form": form, "status": status, "can_write": not writer_scope(user).is_empty}
    if q or status == "ended":
        qs = units_for(user).filter(_status_q(status)).select_related("parent")
        for word in search_key(q).split():  # whole-word prefixes: "binh" is not in "xanh"
            qs = qs.filter(Q(search_key__startswith=word) | Q(search_key__contains=" " + word))
        context["page_obj"] = Paginator(qs.order_by("sort_key", "pk"), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context["mode"] = "search"
    else:
        context["roots"] = list(
            _with_child_counts(_scope_roots(user).filter(_status_q(status)), status)
        )
        context["mode"] = "tree"
    return render(request, "backoffice/units/list.html", context)


@login_required
def units_children(request, pk):
    """The children of a tree node, loaded on demand (HTMX)."""
    unit = access_unit(request.user, pk)
    if not request.htmx:
        return redirect("backoffice:units.detail", pk=unit.pk)
    status = request.GET.get("status") or "current"
    if status not in ("current", "ended", "all"):
        status = "current"
    children = list(
        _with_child_counts(Unit.objects.filter(parent=unit).filter(_status_q(status)), status)
    )
    return render(
        request, "backoffice/units/_children.html", {"children": children, "status": status}
    )


@login_required
def units_detail(request, pk):
    user = request.user
    unit = access_unit(user, pk)
    scope = user_scope(user)
    ancestors = [(a, scope.contains_path(a.path)) for a in unit_ancestors(unit)]
    successions = unit_successions(unit)
    children = list(unit.children.order_by("sort_key", "pk"))
    subtree = Q(unit__path__gte=unit.path, unit__path__lt=unit.path + "~")
    people = Person.objects.filter(subtree, is_active=True).aggregate(
        direct=Count("pk", filter=Q(unit=unit)), subtree=Count("pk")
    )
    context = {
        "unit": unit,
        "ancestors": ancestors,
        "children": children,
        "predecessors": [
            (s, scope.contains_path(s.predecessor.path)) for s in successions["predecessors"]
        ],
        "successors": [
            (s, scope.contains_path(s.successor.path)) for s in successions["successors"]
        ],
        "people_direct": people["direct"],
        "people_subtree": people["subtree"],
        "can_write": can_write_unit(user, unit),
        "audit_url": audit_url(unit),
    }
    return render(request, "backoffice/units/detail.html", context)


@login_required
def units_history(request, pk):
    user = request.user
    unit = access_unit(user, pk)
    lineage_ids = unit_lineage_ids(unit)
    lineage = Unit.objects.in_bulk(lineage_ids)
    history = subject_history("collective", lineage_ids)
    # Individual awards made in the units of the history, per year and honour.
    counts = (
        AwardRecord.objects.filter(
            subject_kind="individual",
            status=RecordStatus.VALID,
            unit_at_time__in=unit_history_units(unit).values("pk"),
        )
        .values("year_to", "honour_id", "honour__name", "honour__order")
        .annotate(n=Count("pk"))
        .order_by()
    )
    honours: dict[str, tuple] = {}
    table: dict[int, dict[str, int]] = defaultdict(dict)
    for row in counts:
        honours[row["honour_id"]] = (row["honour__order"], row["honour__name"])
        table[row["year_to"]][row["honour_id"]] = row["n"]
    columns = sorted(honours.items(), key=lambda item: (item[1][0], item[0]))
    award_rows = [
        {
            "year": year,
            "cells": [table[year].get(code, 0) for code, _info in columns],
            "total": sum(table[year].values()),
        }
        for year in sorted(table, reverse=True)
    ]
    context = {
        "unit": unit,
        "lineage": [lineage[i] for i in lineage_ids if i in lineage and i != unit.pk],
        "award_columns": [(code, info[1]) for code, info in columns],
        "award_rows": award_rows,
        "audit_url": audit_url(unit),
        **history_context(history, request),
    }
    return render(request, "backoffice/units/history.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def units_create(request):
    require_writer(request.user)
    initial = {}
    if request.GET.get("parent", "").isdigit():
        initial["parent"] = int(request.GET["parent"])
    form = UnitForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = services.unit_create(
                code=data["code"],
                name=data["name"],
                kind=data["kind"],
                parent=data["parent"],
                short_name=data["short_name"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
                address=data["address"],
                actor=request.user,
                reason=data["reason"],
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Đã thêm đơn vị %(unit)s.") % {"unit": unit})
            return redirect("backoffice:units.detail", pk=unit.pk)
    return render(request, "backoffice/units/form.html", {"form": form, "unit": None})


@login_required
@require_http_methods(["GET", "POST"])
def units_edit(request, pk):
    unit = access_unit(request.user, pk, write=True)
    form = UnitForm(request.POST or None, user=request.user, instance=unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {key: data[key] for key in services.EDITABLE}
        try:
            with transaction.atomic():
                services.unit_update(
                    unit=unit, actor=request.user, reason=data["reason"], **changes
                )
                if "parent" in form.fields and data["parent"] != unit.parent:
                    services.unit_move(
                        unit=unit,
                        new_parent=data["parent"],
                        actor=request.user,
                        reason=data["reason"],
                    )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Đã lưu thay đổi của đơn vị %(unit)s.") % {"unit": unit})
            return redirect("backoffice:units.detail", pk=unit.pk)
    return render(request, "backoffice/units/form.html", {"form": form, "unit": unit})


@login_required
@require_http_methods(["GET", "POST"])
def units_merge(request):
    """Merge units: fill the form, see what moves (people, children), confirm."""
    user = request.user
    require_writer(user)
    initial = {}
    if request.GET.get("successor", "").isdigit():
        initial["successor"] = int(request.GET["successor"])
    if request.GET.get("source", "").isdigit():
        initial["sources"] = [int(request.GET["source"])]
    form = MergeForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid() and "back" not in request.POST:
        data = form.cleaned_data
        sources = list(data["sources"])
        if request.POST.get("confirm") == "1":
            try:
                services.units_merge(
                    sources=sources,
                    successor=data["successor"],
                    date=data["date"],
                    decision_ref=data["decision_ref"],
                    actor=user,
                    kind=data["kind"],
                    reason=data["reason"],
                )
            except ValidationError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Đã sáp nhập %(count)s đơn vị vào %(unit)s.")
                    % {"count": len(sources), "unit": data["successor"]},
                )
                return redirect("backoffice:units.detail", pk=data["successor"].pk)
        else:
            source_ids = [s.pk for s in sources]
            moving_children = list(
                Unit.objects.filter(parent_id__in=source_ids)
                .current(data["date"])
                .select_related("parent")
                .order_by("sort_key", "pk")
            )
            people = Person.objects.filter(unit_id__in=source_ids).aggregate(
                total=Count("pk"), active=Count("pk", filter=Q(is_active=True))
            )
            context = {
                "form": form,
                "data": data,
                "sources": sources,
                "kind_label": SuccessionKind(data["kind"]).label,
                "moving_children": moving_children,
                "people_total": people["total"],
                "people_active": people["active"],
            }
            return render(request, "backoffice/units/merge_confirm.html", context)
    return render(request, "backoffice/units/merge.html", {"form": form})


urlpatterns = [
    path("don-vi/", units_list, name="units.list"),
    path("don-vi/them/", units_create, name="units.create"),
    path("don-vi/sap-nhap/", units_merge, name="units.merge"),
    path("don-vi/<int:pk>/", units_detail, name="units.detail"),
    path("don-vi/<int:pk>/con/", units_children, name="units.children"),
    path("don-vi/<int:pk>/lich-su/", units_history, name="units.history"),
    path("don-vi/<int:pk>/sua/", units_edit, name="units.edit"),
]
