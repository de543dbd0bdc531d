"""People and households: search, detail with history, create, edit, transfer, leave."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tdkt.accounts.access import (
    access_household,
    access_person,
    households_for,
    people_for,
    require_writer,
)
from tdkt.accounts.selectors import can_write_unit, writer_scope
from tdkt.backoffice.forms.fields import apply_service_error
from tdkt.backoffice.forms.people import (
    HouseholdForm,
    HouseholdSearchForm,
    LeaveForm,
    PersonForm,
    PersonSearchForm,
    TransferForm,
)
from tdkt.backoffice.views.shared import audit_url, history_context
from tdkt.common.pagination import CappedPaginator
from tdkt.common.text import search_key
from tdkt.people import services
from tdkt.people.selectors import person_search
from tdkt.registry.selectors import subject_history

PAGE_SIZE = 50


def _paginate(request, qs):
    return CappedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


# --- people ------------------------------------------------------------------------------------


@login_required
def people_list(request):
    user = request.user
    form = PersonSearchForm(request.GET, user=user)
    form.is_valid()
    qs = person_search(people_for(user).select_related("unit"), **form.filters())
    page = _paginate(request, qs)
    context = {"form": form, "page_obj": page, "can_write": not writer_scope(user).is_empty}
    if request.htmx and request.htmx.target == "results":
        return render(request, "backoffice/people/_results.html", context)
    return render(request, "backoffice/people/list.html", context)


PERSON_TABS = ("history", "assignments", "audit")


@login_required
def people_detail(request, pk):
    person = access_person(request.user, pk)
    tab = request.GET.get("tab")
    tab = tab if tab in PERSON_TABS else "history"
    context = {
        "person": person,
        "tab": tab,
        "can_write": can_write_unit(request.user, person.unit),
        "audit_url": audit_url(person),
    }
    if tab == "history":
        context.update(history_context(subject_history("individual", [person.pk]), request))
    elif tab == "assignments":
        context["assignments"] = list(
            person.assignments.select_related("unit").order_by("-start", "-pk")
        )
    return render(request, "backoffice/people/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def people_create(request):
    require_writer(request.user)
    initial = {}
    if request.GET.get("unit", "").isdigit():
        initial["unit"] = int(request.GET["unit"])
    form = PersonForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(
                unit=form.cleaned_data["unit"], actor=request.user, **form.person_data()
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Đã thêm cá nhân %(name)s.") % {"name": person})
            return redirect("backoffice:people.detail", pk=person.pk)
    return render(request, "backoffice/people/form.html", {"form": form, "person": None})


@login_required
@require_http_methods(["GET", "POST"])
def people_edit(request, pk):
    person = access_person(request.user, pk, write=True)
    form = PersonForm(request.POST or None, user=request.user, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                person=person,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                **form.person_data(),
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Đã lưu thay đổi của %(name)s.") % {"name": person})
            return redirect("backoffice:people.detail", pk=person.pk)
    return render(request, "backoffice/people/form.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def people_transfer(request, pk):
    person = access_person(request.user, pk, write=True)
    form = TransferForm(request.POST or None, user=request.user, person=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.person_transfer(
                person=person,
                to_unit=data["to_unit"],
                on=data["on"],
                actor=request.user,
                position=data["position"] or None,
                reason=data["reason"],
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Đã điều chuyển %(name)s đến %(unit)s.")
                % {"name": person, "unit": data["to_unit"]},
            )
            return redirect("backoffice:people.detail", pk=person.pk)
    return render(request, "backoffice/people/transfer.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def people_leave(request, pk):
    person = access_person(request.user, pk, write=True)
    form = LeaveForm(request.POST or None)
    if not person.is_active:
        form = None
    elif request.method == "POST" and form.is_valid():
        try:
            services.person_leave(
                person=person,
                on=form.cleaned_data["on"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận %(name)s thôi công tác.") % {"name": person})
            return redirect("backoffice:people.detail", pk=person.pk)
    return render(request, "backoffice/people/leave.html", {"form": form, "person": person})


# --- households --------------------------------------------------------------------------------


def household_search(qs, *, text: str = "", unit=None):
    """Households by head name (any case, with or without diacritics) and unit subtree."""
    for word in search_key(text).split():
        qs = qs.filter(Q(search_key__startswith=word) | Q(search_key__contains=" " + word))
    if unit is not None:
        qs = qs.filter(unit__path__gte=unit.path, unit__path__lt=unit.path + "~")
    return qs.order_by("sort_key", "pk")


@login_required
def households_list(request):
    user = request.user
    form = HouseholdSearchForm(request.GET, user=user)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    qs = household_search(
        households_for(user).select_related("unit"), text=data.get("q", ""), unit=data.get("unit")
    )
    page = _paginate(request, qs)
    context = {"form": form, "page_obj": page, "can_write": not writer_scope(user).is_empty}
    if request.htmx and request.htmx.target == "results":
        return render(request, "backoffice/households/_results.html", context)
    return render(request, "backoffice/households/list.html", context)


@login_required
def households_detail(request, pk):
    household = access_household(request.user, pk)
    context = {
        "household": household,
        "can_write": can_write_unit(request.user, household.unit),
        "audit_url": audit_url(household),
        **history_context(subject_history("household", [household.pk]), request),
    }
    return render(request, "backoffice/households/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def households_create(request):
    require_writer(request.user)
    initial = {}
    if request.GET.get("unit", "").isdigit():
        initial["unit"] = int(request.GET["unit"])
    form = HouseholdForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            household = services.household_create(
                head_name=data["head_name"],
                unit=data["unit"],
                address=data["address"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Đã thêm %(household)s.") % {"household": household})
            return redirect("backoffice:households.detail", pk=household.pk)
    return render(request, "backoffice/households/form.html", {"form": form})


urlpatterns = [
    path("ca-nhan/", people_list, name="people.list"),
    path("ca-nhan/them/", people_create, name="people.create"),
    path("ca-nhan/<int:pk>/", people_detail, name="people.detail"),
    path("ca-nhan/<int:pk>/sua/", people_edit, name="people.edit"),
    path("ca-nhan/<int:pk>/dieu-chuyen/", people_transfer, name="people.transfer"),
    path("ca-nhan/<int:pk>/thoi-cong-tac/", people_leave, name="people.leave"),
    path("ho-gia-dinh/", households_list, name="households.list"),
    path("ho-gia-dinh/them/", households_create, name="households.create"),
    path("ho-gia-dinh/<int:pk>/", households_detail, name="households.detail"),
]
