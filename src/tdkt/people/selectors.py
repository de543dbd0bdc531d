"""Reads on people: diacritic-insensitive search in Vietnamese order."""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Concat

from tdkt.common.text import search_key
from tdkt.people.models import PersonToken

CITIZEN_ID = re.compile(r"^\d{9,12}$")
YEAR = re.compile(r"^(19|20)\d{2}$")
RARITY_CAP = 5000


def _token_filter(qs: QuerySet, words: list[str]) -> tuple[QuerySet, bool]:
    """SQLite: each word is an index range over the name tokens (people.PersonToken).

    Start from the rarest word (an index-only count, capped): when it matches only a few
    thousand people, the database should collect them and sort just those; left to itself, it
    walks the whole name index hoping to meet 50 matches early, which is slow for a name that
    sorts late ("Hằng"). Returns the filtered queryset and whether the matches are few.
    """
    ranges = [PersonToken.objects.filter(token__gte=w, token__lt=w + "~") for w in words]
    counted = sorted((r[:RARITY_CAP].count(), i, r) for i, r in enumerate(ranges))
    for _count, _i, matching in counted:
        qs = qs.filter(pk__in=matching.values("person_id"))
    return qs, counted[0][0] < RARITY_CAP


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
    few = False
    if words and connection.vendor == "postgresql":
        # PostgreSQL: the trigram index on search_key (migration people 0002) serves both
        # LIKE patterns of every word with one bitmap scan; the planner sorts the matches.
        for word in words:
            qs = qs.filter(Q(search_key__startswith=word) | Q(search_key__contains=" " + word))
    elif words:
        qs, few = _token_filter(qs, words)
    if unit is not None:
        qs = qs.filter(unit__path__gte=unit.path, unit__path__lt=unit.path + "~")
    if birth_year:
        qs = qs.filter(birth_year=birth_year)
    if active is not None:
        qs = qs.filter(is_active=active)
    key = "sort_key" if order == "given" else "family_sort_key"
    if few:
        # Sort the few matches rather than walk the name index (an expression, not the column).
        # Whole-word prefixes either way: "hang" finds "Nguyễn Thị Hằng", not "Thắng".
        return qs.order_by(Concat(F(key), Value("")), "pk")
    return qs.order_by(key, "pk")
