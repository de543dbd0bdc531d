"""Reads on people: diacritic-insensitive search in Vietnamese order."""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Concat

from tdkt.common.text import search_key
from tdkt.people.models import PersonToken

CITIZEN_ID = re.compile(r"^\d{9,12}$")
YEAR = re.compile(r"^(19|20)\d{2}$")
RARITY_CAP = 5000


def person_search(
    qs: QuerySet,
    *,
    text: str = "",
    unit=None,
    birth_year: int | None = None,
    order: str = "given",
    active: bool | None = None,
) -> QuerySet:
    """Filter a (scoped) Person queryset.

    `text`: words of the name in any case, with or without diacritics ("nguyen thi hang");
    a 9–12 digit number searches the citizen ID; a 4-digit year the birth year.
    `order`: "given" (tên, Vietnamese list order) or "family" (họ đệm tên as written).
    """
    words = []
    for token in search_key(text).split():
        if CITIZEN_ID.match(token):
            qs = qs.filter(citizen_id=token)
        elif YEAR.match(token) and birth_year is None:
            qs = qs.filter(birth_year=int(token))
        else:
            words.append(token)
    ranges = [PersonToken.objects.filter(token__gte=w, token__lt=w + "~") for w in words]
    # Whole-word prefixes: "hang" finds "Nguyễn Thị Hằng" (and "Hằng Nga"), not "Thắng".
    # Start from the rarest word (an index-only count, capped): when it matches only a few
    # thousand people, the database should collect them and sort just those; left to itself,
    # a planner walks the whole name index hoping to meet 50 matches early, which is slow for
    # a name that sorts late ("Hằng"). Ordering by an expression rules that walk out.
    counted = sorted((r[:RARITY_CAP].count(), i, r) for i, r in enumerate(ranges))
    few = bool(counted) and counted[0][0] < RARITY_CAP
    for n, (_count, _i, matching) in enumerate(counted):
        if n == 0 and few and connection.vendor == "postgresql":
            # PostgreSQL's planner hashes a subquery against a scan of every person; a list of
            # ids makes it fetch just those rows by primary key (measured 47 → 18 ms).
            qs = qs.filter(pk__in=list(matching.values_list("person_id", flat=True)))
        else:
            qs = qs.filter(pk__in=matching.values("person_id"))
    if unit is not None:
        qs = qs.filter(unit__path__gte=unit.path, unit__path__lt=unit.path + "~")
    if birth_year:
        qs = qs.filter(birth_year=birth_year)
    if active is not None:
        qs = qs.filter(is_active=active)
    key = "sort_key" if order == "given" else "family_sort_key"
    if few:
        # Sort the few matches rather than walk the name index (an expression, not the column).
        return qs.order_by(Concat(F(key), Value("")), "pk")
    return qs.order_by(key, "pk")
