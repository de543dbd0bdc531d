"""People (cá nhân): search, detail, and the award history of a person."""

from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext_lazy
from ninja import Router
from ninja.pagination import paginate

from tdkt.accounts.access import access_person, access_unit, people_for
from tdkt.api.pagination import Pagination
from tdkt.api.schemas import HistoryOut, Id, NotFoundOut, PersonDetailOut, PersonOut, Search, Year
from tdkt.people.selectors import person_search
from tdkt.registry.selectors import subject_history

router = Router(tags=[gettext_lazy("Cá nhân")])


@router.get("", response=list[PersonOut], summary=gettext_lazy("Tìm cá nhân"))
@paginate(Pagination)
def list_people(
    request: HttpRequest,
    *,
    q: Search = "",
    unit: Id | None = None,
    birth_year: Year | None = None,
    order: Literal["given", "family"] = "given",
    active: bool | None = None,
):
    """`q`: words of the name with or without diacritics ("nguyen thi hang"), a citizen ID or
    a birth year; `unit`: people of this unit and its subtree; `order`: "given" (by tên, the
    usual Vietnamese list order) or "family" (by họ đệm tên)."""
    user = request.auth
    unit_obj = access_unit(user, unit) if unit is not None else None
    qs = people_for(user).select_related("unit")
    return person_search(
        qs, text=q, unit=unit_obj, birth_year=birth_year, order=order, active=active
    )


@router.get(
    "/{int:id}",
    response={200: PersonDetailOut, 404: NotFoundOut},
    summary=gettext_lazy("Một cá nhân"),
)
def get_person(request: HttpRequest, id: Id):
    return access_person(request.auth, id)


@router.get(
    "/{int:id}/history",
    response={200: HistoryOut, 404: NotFoundOut},
    summary=gettext_lazy("Quá trình khen thưởng, xếp loại của một cá nhân"),
)
def person_history(request: HttpRequest, id: Id):
    """`entries`: the time line (ratings, titles, forms, initiatives, discipline), newest
    first; `years`: one row per year; `counts`: valid entries by kind."""
    person = access_person(request.auth, id)
    history = subject_history("individual", [person.pk])
    return {
        "person": person,
        "entries": history.entries,
        "years": history.years,
        "counts": history.counts,
    }
