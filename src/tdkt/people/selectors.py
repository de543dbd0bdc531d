"""Reads on people: diacritic-insensitive search in Vietnamese order."""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet

from tdkt.common.text import search_key

CITIZEN_ID = re.compile(r"^\d{9,12}$")
YEAR = re.compile(r"^(19|20)\d{2}$")


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
    if words:
        # Whole-word prefix match: "hang" finds "nguyen thi hang", not "thang".
        padded = Q()
        for word in words:
            padded &= Q(search_key__startswith=word) | Q(search_key__contains=" " + word)
        qs = qs.filter(padded)
    if unit is not None:
        qs = qs.filter(unit__path__gte=unit.path, unit__path__lt=unit.path + "~")
    if birth_year:
        qs = qs.filter(birth_year=birth_year)
    if active is not None:
        qs = qs.filter(is_active=active)
    ordering = ["sort_key", "pk"] if order == "given" else ["family_sort_key", "pk"]
    return qs.order_by(*ordering)
