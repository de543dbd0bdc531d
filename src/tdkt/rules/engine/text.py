"""Small Vietnamese formatting helpers for the engine's messages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any

EN_DASH = "\u2013"


class _Vars(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(template: str, values: Mapping[str, Any]) -> str:
    """Fill a pack template; an unknown placeholder stays visible instead of raising."""
    return template.format_map(_Vars(values))


def years_text(years: Iterable[int]) -> str:
    return ", ".join(str(y) for y in years)


def period_text(first: int, last: int) -> str:
    if first >= last:
        return f"năm {last}"
    return f"giai đoạn {first}{EN_DASH}{last}"


def date_text(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def number_text(value: float | int | Fraction) -> str:
    value = float(value)
    if value.is_integer():
        return str(int(value))
    return f"{value:.1f}".replace(".", ",")


def percent_text(value: Fraction | float) -> str:
    pct = round(float(value) * 100, 1)
    return number_text(pct) + "%"


def lower_first(text: str) -> str:
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def join_alternatives(items: list[str]) -> str:
    """ "Cần A" + "Cần B" -> "Cần A hoặc cần B"."""
    if not items:
        return ""
    return " hoặc ".join([items[0], *[lower_first(s) for s in items[1:]]])
