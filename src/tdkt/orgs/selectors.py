"""Reads on the organisation tree."""

from __future__ import annotations

from django.db.models import QuerySet

from tdkt.orgs.models import Unit, UnitSuccession


def unit_lineage_ids(unit: Unit) -> list[int]:
    """`unit` and every unit it succeeded, transitively (A, B merged into C → [C, A, B])."""
    links: dict[int, list[int]] = {}
    for pred, succ in UnitSuccession.objects.values_list("predecessor_id", "successor_id"):
        links.setdefault(succ, []).append(pred)
    seen, stack = [unit.pk], [unit.pk]
    while stack:
        for pred in links.get(stack.pop(), []):
            if pred not in seen:
                seen.append(pred)
                stack.append(pred)
    return seen


def unit_history_units(unit: Unit) -> QuerySet:
    """Units whose records belong to `unit`'s history: its lineage and their subtrees."""
    from django.db.models import Q

    lineage = Unit.objects.filter(pk__in=unit_lineage_ids(unit)).values_list("path", flat=True)
    q = Q()
    for path in lineage:
        q |= Q(path__gte=path, path__lt=path + "~")
    return Unit.objects.filter(q)


def unit_successions(unit: Unit) -> dict[str, list[UnitSuccession]]:
    qs = UnitSuccession.objects.select_related("predecessor", "successor")
    return {
        "predecessors": list(qs.filter(successor=unit).order_by("date")),
        "successors": list(qs.filter(predecessor=unit).order_by("date")),
    }


def unit_ancestors(unit: Unit) -> list[Unit]:
    ids = unit.ancestor_ids
    by_id = Unit.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


#: Units whose name is a place (tỉnh, xã/phường/đặc khu, the former huyện).
PLACE_KINDS = frozenset({"tinh", "xa", "huyen"})
PLACE_PREFIXES = (
    "Thành phố ",
    "Tỉnh ",
    "Xã ",
    "Phường ",
    "Đặc khu ",
    "Thị trấn ",
    "Thị xã ",
    "Quận ",
    "Huyện ",
)


def place_name(unit: Unit | None) -> str:
    """The place name (địa danh) a unit writes before the date of its documents (Decree 30):
    the name of its tỉnh or xã without the administrative word ("Hòa Bình Xanh", "An Lạc");
    a department or school takes the place of the tỉnh or xã it belongs to. Without a unit,
    the installation's `TDKT_PLACE_NAME`."""
    from django.conf import settings

    fallback = getattr(settings, "TDKT_PLACE_NAME", "") or ""
    if unit is None:
        return fallback
    chain = [unit, *reversed(unit_ancestors(unit))] if unit.kind not in PLACE_KINDS else [unit]
    place = next((u for u in chain if u.kind in PLACE_KINDS), None)
    if place is None:
        return fallback
    name = place.name
    for prefix in PLACE_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name
