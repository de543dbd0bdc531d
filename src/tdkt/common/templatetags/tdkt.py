"""Template filters for Vietnamese formats: {% load tdkt %} then |vnd, |vnd_words, |vn_date."""

from __future__ import annotations

from django import template

from tdkt.common.text import amount_in_words, format_date_vn, format_vnd

register = template.Library()


@register.filter
def vnd(value) -> str:
    """2340000 → "2.340.000"; empty for None."""
    if value in (None, ""):
        return ""
    return format_vnd(value)


@register.filter
def vnd_words(value) -> str:
    if value in (None, ""):
        return ""
    return amount_in_words(int(value))


@register.filter
def vn_date(value) -> str:
    return format_date_vn(value) if value else ""
