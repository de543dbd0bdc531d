"""Units (đơn vị): the organisation tree the user may see."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy
from ninja import Router
from ninja.pagination import paginate

from tdkt.accounts.access import access_unit, units_for
from tdkt.api.pagination import Pagination
from tdkt.api.schemas import Id, NotFoundOut, Search, UnitDetailOut, UnitOut
from tdkt.common.text import search_key
from tdkt.orgs.enums import UnitKind
from tdkt.orgs.selectors import unit_ancestors, unit_successions

router = Router(tags=[gettext_lazy("Đơn vị")])


@router.get("", response=list[UnitOut], summary=gettext_lazy("Danh sách đơn vị"))
@paginate(Pagination)
def list_units(
    request: HttpRequest,
    q: Search = "",
    kind: UnitKind | None = None,
    parent: Id | None = None,
    current: bool | None = None,
):
    """`q`: words of the name, short name or code, with or without diacritics;
    `parent`: direct children of this unit; `current`: only units in force today (true) or
    only dissolved ones (false)."""
    qs = units_for(request.auth)
    for word in search_key(q).split():
        qs = qs.filter(search_key__contains=word)
    if kind is not None:
        qs = qs.filter(kind=kind)
    if parent is not None:
        qs = qs.filter(parent_id=parent)
    if current is not None:
        from tdkt.orgs.models import Unit

        current_ids = Unit.objects.current().values("pk")
        qs = qs.filter(pk__in=current_ids) if current else qs.exclude(pk__in=current_ids)
    return qs.order_by("path")


def _succession(link, unit) -> dict:
    return {
        "unit": unit,
        "kind": link.kind,
        "kind_label": str(link.get_kind_display()),
        "date": link.date,
        "decision_ref": link.decision_ref,
    }


@router.get(
    "/{int:id}",
    response={200: UnitDetailOut, 404: NotFoundOut},
    summary=gettext_lazy("Một đơn vị, với đơn vị cũ (tiền thân) và đơn vị kế thừa"),
)
def get_unit(request: HttpRequest, id: Id):
    unit = access_unit(request.auth, id)
    links = unit_successions(unit)
    ancestors = unit_ancestors(unit)
    unit.ancestors = ancestors
    unit.predecessors = [_succession(s, s.predecessor) for s in links["predecessors"]]
    unit.successors = [_succession(s, s.successor) for s in links["successors"]]
    return unit
