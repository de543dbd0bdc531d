"""Factories: thin wrappers over the real services, so tests build data the way the product does."""

from __future__ import annotations

import datetime as dt
import itertools
from types import SimpleNamespace

from tdkt.accounts.models import RoleGrant, User
from tdkt.orgs.services import unit_create
from tdkt.people.services import household_create, person_create
from tdkt.registry.services import (
    award_record_create,
    decision_create,
    initiative_create,
    rating_record,
)

_seq = itertools.count(1)


def make_unit(name: str, kind: str = "xa", parent=None, **kw):
    return unit_create(
        code=kw.pop("code", f"U{next(_seq):05d}"), name=name, kind=kind, parent=parent, **kw
    )


def make_province() -> SimpleNamespace:
    province = make_unit("Tỉnh Hòa Bình Xanh", "tinh", code="T01")
    dept = make_unit("Sở Giáo dục và Đào tạo", "so_nganh", province, code="SGD")
    commune_a = make_unit("Xã An Lạc", "xa", province, code="XA-A")
    commune_b = make_unit("Xã Bình Minh", "xa", province, code="XA-B")
    school_a = make_unit("Trường Tiểu học An Lạc", "su_nghiep", commune_a, code="TH-A")
    return SimpleNamespace(
        province=province, dept=dept, commune_a=commune_a, commune_b=commune_b, school_a=school_a
    )


def make_user(username: str, **kw) -> User:
    user = User.objects.create_user(
        username=username,
        password="mat-khau-Thu-nghiem-1",
        full_name=kw.pop("full_name", username.title()),
        **kw,
    )
    return user


def grant(user: User, role: str, unit) -> User:
    RoleGrant.objects.create(user=user, role=role, unit=unit)
    if user.unit_id is None:
        user.unit = unit
        user.save(update_fields=["unit"])
    return user


def make_person(full_name: str, unit, **kw):
    return person_create(full_name=full_name, unit=unit, **kw)


def make_household(head_name: str, unit, **kw):
    return household_create(head_name=head_name, unit=unit, **kw)


def make_decision(number: str = "", signed_on: dt.date | None = None, **kw):
    return decision_create(
        number=number or f"{next(_seq)}/QĐ-UBND",
        signed_on=signed_on or dt.date(2025, 1, 20),
        issuer_name=kw.pop("issuer_name", "Ủy ban nhân dân tỉnh"),
        level=kw.pop("level", "tinh"),
        **kw,
    )


def make_award(subject, honour_id: str, year: int, **kw):
    return award_record_create(subject=subject, honour_id=honour_id, year=year, **kw)


def make_rating(subject, year: int, rating_id: str = "HTTNV", **kw):
    return rating_record(subject=subject, year=year, rating_id=rating_id, **kw)


def make_initiative(unit, year: int, scope_id: str = "co_so", authors=(), **kw):
    return initiative_create(
        code=kw.pop("code", f"SK-{year}-{next(_seq):04d}"),
        title=kw.pop("title", "Cải tiến quy trình tiếp nhận hồ sơ"),
        year=year,
        scope_id=scope_id,
        unit=unit,
        authors=authors,
        **kw,
    )
