"""Writes on the organisation tree: create, update, move, merge/split/rename (2025 reform)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from tdkt.common.audit import audit_log, snapshot
from tdkt.common.text import nfc, search_key, vi_sort_string
from tdkt.orgs.enums import SuccessionKind
from tdkt.orgs.models import SEGMENT, Unit, UnitSuccession


def _segment(pk: int) -> str:
    return f"{pk:0{SEGMENT}d}."


def _derive(unit: Unit) -> None:
    unit.name = nfc(unit.name)
    unit.short_name = nfc(unit.short_name)
    unit.code = nfc(unit.code).upper()
    unit.search_key = search_key(f"{unit.name} {unit.short_name} {unit.code}")
    unit.sort_key = vi_sort_string(unit.name)


@transaction.atomic
def unit_create(
    *,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None = None,
    short_name: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    address: str = "",
    actor=None,
    reason: str = "",
    log: bool = True,
) -> Unit:
    unit = Unit(
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        short_name=short_name,
        valid_from=valid_from,
        valid_to=valid_to,
        address=nfc(address),
    )
    _derive(unit)
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path = (parent.path if parent else "") + _segment(unit.pk)
    unit.depth = parent.depth + 1 if parent else 0
    unit.save(update_fields=["path", "depth"])
    if log:
        audit_log(unit, action="orgs.unit.create", actor=actor, after=snapshot(unit), reason=reason)
    return unit


EDITABLE = ("code", "name", "short_name", "kind", "valid_from", "valid_to", "address")


@transaction.atomic
def unit_update(*, unit: Unit, actor, reason: str = "", **changes) -> Unit:
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"unit_update: unknown fields {sorted(unknown)}")
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = snapshot(unit)
    for key, value in changes.items():
        setattr(unit, key, value)
    _derive(unit)
    unit.full_clean(exclude=["path", "parent"])
    unit.save(update_fields=[*changes.keys(), "search_key", "sort_key", "updated"])
    audit_log(
        unit,
        action="orgs.unit.update",
        actor=actor,
        before=before,
        after=snapshot(unit),
        reason=reason,
    )
    return unit


@transaction.atomic
def unit_move(*, unit: Unit, new_parent: Unit | None, actor, reason: str = "") -> Unit:
    """Re-parent `unit` with its whole subtree (one UPDATE of the paths)."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if new_parent is not None and new_parent.path.startswith(unit.path):
        raise ValidationError(
            {"parent": _("Không thể chuyển đơn vị vào chính nó hoặc đơn vị con của nó.")}
        )
    before = snapshot(unit)
    old_path = unit.path
    new_path = (new_parent.path if new_parent else "") + _segment(unit.pk)
    depth_delta = (new_parent.depth + 1 if new_parent else 0) - unit.depth
    Unit.objects.filter(path__gte=old_path, path__lt=old_path + "~").update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + depth_delta,
    )
    Unit.objects.filter(pk=unit.pk).update(parent=new_parent)
    unit.refresh_from_db()
    audit_log(
        unit,
        action="orgs.unit.move",
        actor=actor,
        before=before,
        after=snapshot(unit),
        reason=reason,
    )
    return unit


@transaction.atomic
def units_merge(
    *,
    sources: Sequence[Unit],
    successor: Unit,
    date: dt.date,
    decision_ref: str,
    actor,
    kind: str = SuccessionKind.MERGE,
    move_children: bool = True,
    reason: str = "",
) -> list[UnitSuccession]:
    """Merge `sources` into `successor` on `date` (A + B → C).

    1. each source ends the day before `date` (`valid_to`), and a succession link is recorded;
    2. the people currently in a source (or in one of its subtree units, when that unit is not
       moved) move to `successor`: their open assignment ends, a new one starts on `date`;
    3. with `move_children`, the sources' direct children still in force move under `successor`;
    4. historical records (ratings, awards, decisions, discipline) keep pointing at the unit they
       were made in; history views of `successor` include the sources through the links.
    """
    from tdkt.people.services import people_transfer

    if not sources:
        raise ValidationError(_("Cần chọn ít nhất một đơn vị để sáp nhập."))
    if any(s.pk == successor.pk for s in sources):
        raise ValidationError(
            _("Đơn vị tiếp nhận không được nằm trong danh sách đơn vị bị sáp nhập.")
        )
    if not decision_ref.strip():
        raise ValidationError({"decision_ref": _("Cần ghi căn cứ (số nghị quyết, quyết định).")})
    links = []
    for given in sources:
        source = Unit.objects.select_for_update().get(pk=given.pk)
        if successor.path.startswith(source.path):
            raise ValidationError(
                _("Đơn vị %(successor)s nằm trong %(source)s: không thể sáp nhập vào đơn vị con.")
                % {"successor": successor, "source": source}
            )
        before = snapshot(source)
        if source.valid_to is None or source.valid_to >= date:
            source.valid_to = date - dt.timedelta(days=1)
            source.save(update_fields=["valid_to", "updated"])
        link, _created = UnitSuccession.objects.get_or_create(
            predecessor=source,
            successor=successor,
            defaults={
                "kind": kind,
                "date": date,
                "decision_ref": nfc(decision_ref),
                "note": reason,
            },
        )
        links.append(link)
        if move_children:
            for child in Unit.objects.filter(parent=source).current(date):
                unit_move(unit=child, new_parent=successor, actor=actor, reason=reason)
        people_transfer(
            unit_ids=[source.pk],
            to_unit=successor,
            on=date,
            actor=actor,
            reason=reason or f"Sáp nhập vào {successor.name} ({decision_ref})",
        )
        audit_log(
            source,
            action="orgs.unit.merge",
            actor=actor,
            before=before,
            after={**snapshot(source), "successor": successor.pk},
            reason=reason or decision_ref,
        )
    audit_log(
        successor,
        action="orgs.unit.absorb",
        actor=actor,
        after={"predecessors": [s.pk for s in sources], "date": date.isoformat()},
        reason=reason or decision_ref,
    )
    return links
