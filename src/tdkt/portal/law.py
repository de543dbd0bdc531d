"""Which targets must be published for public comment, and for how long: read from the legal
pack in force (``public_notice`` of src/tdkt/rules/packs/decree*.yaml), the period overridable by
the setting ``TDKT_PUBLIC_NOTICE_WORKING_DAYS``."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from tdkt.rules.engine.packs import NoRegimeError, load_packs

#: Used when neither the setting nor the pack gives a period.
FALLBACK_WORKING_DAYS = 10


def _section(on_date: dt.date) -> dict:
    try:
        return dict(load_packs().resolve(on_date).public_notice)
    except NoRegimeError:
        return {}


def required_targets(on_date: dt.date) -> frozenset[str]:
    """Codes of the targets that require a public notice for a decision on `on_date`."""
    return frozenset(_section(on_date).get("required_targets") or ())


def notice_required(target_code: str, on_date: dt.date) -> bool:
    """Whether a nominee for `target_code` must be publicly announced before the council
    (armed-forces twins follow their civil title)."""
    codes = required_targets(on_date)
    if target_code in codes:
        return True
    return load_packs().catalog.canonical(target_code) in codes


def notice_basis(on_date: dt.date) -> str:
    return str(_section(on_date).get("basis") or "")


def notice_working_days(on_date: dt.date) -> int:
    """The default period in working days: the setting wins, then the pack, then 10."""
    configured = getattr(settings, "TDKT_PUBLIC_NOTICE_WORKING_DAYS", None)
    if configured:
        return int(configured)
    return int(_section(on_date).get("working_days") or FALLBACK_WORKING_DAYS)
