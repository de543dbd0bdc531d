"""Writes on people and households. Names are normalised (NFC, capitalisation) and the
search/sort keys derived here, nowhere else."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tdkt.common.audit import audit_log, audit_log_many, snapshot
from tdkt.common.text import clean_name, nfc, person_sort_string, search_key
from tdkt.people.models import Assignment, Household, Person, PersonToken, name_tokens

PERSON_FIELDS = (
    "full_name",
    "birth_date",
    "birth_year",
    "sex",
    "ethnicity",
    "citizen_id",
    "position",
    "employment_start",
    "direct_worker",
    "phone",
    "email",
    "note",
)


def name_sort_keys(full_name: str) -> tuple[str, str]:
    """(given-name-first key, family-name-first key) in Vietnamese collation."""
    return (
        person_sort_string(full_name, given_first=True),
        person_sort_string(full_name, given_first=False),
    )


def _derive(person: Person) -> None:
    person.full_name = clean_name(person.full_name)
    person.ethnicity = nfc(person.ethnicity)
    person.position = nfc(person.position)
    person.citizen_id = (nfc(person.citizen_id) or None) if person.citizen_id else None
    if person.birth_date:
        person.birth_year = person.birth_date.year
    person.search_key = search_key(person.full_name)
    person.sort_key, person.family_sort_key = name_sort_keys(person.full_name)


def person_tokens_sync(person_ids) -> None:
    """Rebuild the name-search tokens of `person_ids` (set-based; used after bulk inserts)."""
    ids = list(person_ids)
    if not ids:
        return
    PersonToken.objects.filter(person_id__in=ids).delete()
    rows = [
        PersonToken(person_id=pk, token=token)
        for pk, key in Person.objects.filter(pk__in=ids).values_list("pk", "search_key")
        for token in name_tokens(key)
    ]
    PersonToken.objects.bulk_create(rows, batch_size=2000)


def _check_citizen_id(person: Person) -> None:
    cid = person.citizen_id
    if cid is None:
        return
    if not (cid.isdigit() and len(cid) in (9, 12)):
        raise ValidationError(
            {"citizen_id": _("Số định danh cá nhân phải gồm 12 chữ số (hoặc 9 chữ số CMND cũ).")}
        )
    clash = Person.objects.filter(citizen_id=cid).exclude(pk=person.pk).first()
    if clash is not None:
        raise ValidationError(
            {
                "citizen_id": _("Số định danh %(cid)s đã thuộc về %(name)s (mã %(pk)s).")
                % {"cid": cid, "name": clash.full_name, "pk": clash.pk}
            }
        )


def prepare_person(**fields) -> Person:
    """Build (not save) a normalised, validated Person; used by the import preview too."""
    person = Person(**fields)
    _derive(person)
    if not person.full_name:
        raise ValidationError({"full_name": _("Họ và tên không được để trống.")})
    return person


@transaction.atomic
def person_create(
    *, unit, actor=None, reason: str = "", start: dt.date | None = None, **fields
) -> Person:
    person = prepare_person(unit=unit, **fields)
    _check_citizen_id(person)
    person.full_clean(exclude=["unit"])
    try:
        person.save()
    except IntegrityError as exc:  # a concurrent insert of the same citizen ID
        raise ValidationError({"citizen_id": _("Số định danh cá nhân đã tồn tại.")}) from exc
    person_tokens_sync([person.pk])
    Assignment.objects.create(
        person=person,
        unit=unit,
        position=person.position,
        start=start or person.employment_start,
    )
    audit_log(
        person, action="people.person.create", actor=actor, after=snapshot(person), reason=reason
    )
    return person


@transaction.atomic
def person_update(*, person: Person, actor, reason: str = "", **changes) -> Person:
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"person_update: unknown fields {sorted(unknown)}")
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = snapshot(person)
    for key, value in changes.items():
        setattr(person, key, value)
    _derive(person)
    _check_citizen_id(person)
    person.full_clean(exclude=["unit"])
    person.save(
        update_fields=[
            *changes.keys(),
            "birth_year",
            "search_key",
            "sort_key",
            "family_sort_key",
            "updated",
        ]
    )
    after = snapshot(person)
    if after.get("full_name") != before.get("full_name"):
        person_tokens_sync([person.pk])
    if after != before:
        audit_log(
            person,
            action="people.person.update",
            actor=actor,
            before=before,
            after=after,
            reason=reason,
        )
    return person


@transaction.atomic
def person_transfer(
    *, person: Person, to_unit, on: dt.date, actor, position: str | None = None, reason: str = ""
) -> Person:
    """Move a person to another unit from `on`, closing the open assignment."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.unit_id == to_unit.pk:
        raise ValidationError({"unit": _("Cá nhân đã thuộc đơn vị này.")})
    before = snapshot(person)
    Assignment.objects.filter(person=person, end__isnull=True).update(end=on - dt.timedelta(days=1))
    person.unit = to_unit
    if position is not None:
        person.position = nfc(position)
    person.save(update_fields=["unit", "position", "updated"])
    Assignment.objects.create(
        person=person, unit=to_unit, position=person.position, start=on, reason=nfc(reason)
    )
    audit_log(
        person,
        action="people.person.transfer",
        actor=actor,
        before=before,
        after=snapshot(person),
        reason=reason,
    )
    return person


@transaction.atomic
def people_transfer(
    *, unit_ids: Sequence[int], to_unit, on: dt.date, actor, reason: str = ""
) -> int:
    """Bulk move of everyone currently in `unit_ids` (a merge): set-based, one audit entry each."""
    people = list(Person.objects.filter(unit_id__in=unit_ids))
    if not people:
        return 0
    ids = [p.pk for p in people]
    Assignment.objects.filter(person_id__in=ids, end__isnull=True).update(
        end=on - dt.timedelta(days=1)
    )
    Person.objects.filter(pk__in=ids).update(unit=to_unit)
    Assignment.objects.bulk_create(
        [
            Assignment(person_id=p.pk, unit=to_unit, position=p.position, start=on, reason=reason)
            for p in people
        ],
        batch_size=1000,
    )
    for p in people:
        p.unit = to_unit
    audit_log_many(people, action="people.person.transfer", actor=actor, reason=reason)
    return len(people)


@transaction.atomic
def person_leave(*, person: Person, on: dt.date, actor, reason: str) -> Person:
    """A person stops working (retires, resigns): kept with their history, marked inactive."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = snapshot(person)
    Assignment.objects.filter(person=person, end__isnull=True).update(end=on)
    person.is_active, person.left_on = False, on
    person.save(update_fields=["is_active", "left_on", "updated"])
    audit_log(
        person,
        action="people.person.leave",
        actor=actor,
        before=before,
        after=snapshot(person),
        reason=reason,
    )
    return person


@transaction.atomic
def household_create(
    *, head_name: str, unit, address: str = "", actor=None, reason: str = ""
) -> Household:
    household = Household(head_name=clean_name(head_name), address=nfc(address), unit=unit)
    if not household.head_name:
        raise ValidationError({"head_name": _("Tên chủ hộ không được để trống.")})
    household.search_key = search_key(household.head_name)
    household.sort_key = name_sort_keys(household.head_name)[0]
    household.save()
    audit_log(
        household,
        action="people.household.create",
        actor=actor,
        after=snapshot(household),
        reason=reason,
    )
    return household
