"""Reads on people: diacritic-insensitive search in Vietnamese order."""

from __future__ import annotations

import re

from django.db.models import QuerySet

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
    if len(ranges) > 1:
        # The database walks the first list and probes the others: start from the rarest word
        # ("an" before "nguyen"). A capped index-only count per word decides.
        ranges.sort(key=lambda r: r[:RARITY_CAP].count())
    for matching in ranges:
        # Whole-word prefix: "hang" finds "Nguyễn Thị Hằng" (and "Hằng Nga"), not "Thắng".
        qs = qs.filter(pk__in=matching.values("person_id"))
    if unit is not None:
        qs = qs.filter(unit__path__gte=unit.path, unit__path__lt=unit.path + "~")
    if birth_year:
        qs = qs.filter(birth_year=birth_year)
    if active is not None:
        qs = qs.filter(is_active=active)
    ordering = ["sort_key", "pk"] if order == "given" else ["family_sort_key", "pk"]
    return qs.order_by(*ordering)
