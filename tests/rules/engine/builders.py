"""Small builders for eligibility requests (contract §1 shapes) used across the engine tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tdkt.rules.engine import check_eligibility

#: a fixed "today" so that the tests do not age (late 2026, after the 2026-07-01 salary change)
TODAY = dt.date(2026, 11, 1)


def rating(year: int, code: str = "HTTNV") -> dict[str, Any]:
    return {"type": "rating", "year": year, "code": code}


def award(year: int, code: str, award_type: str | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {"type": "award", "year": year, "code": code}
    if award_type is not None:
        entry["award_type"] = award_type
    return entry


def initiative(
    year: int, ident: str, scope: str = "co_so", used_by: str | None = None
) -> dict[str, Any]:
    return {"type": "initiative", "year": year, "id": ident, "scope": scope, "used_by": used_by}


def discipline(start: str, end: str | None, level: str = "khien_trach") -> dict[str, Any]:
    return {"type": "discipline", "from": start, "to": end, "level": level}


def pending() -> dict[str, Any]:
    return {"type": "discipline_pending"}


def person(months: float | None = None, **extra: Any) -> dict[str, Any]:
    subject: dict[str, Any] = {"kind": "individual", **extra}
    if months is not None:
        subject["months_in_service"] = months
    return subject


def collective(total: int, completed: int, ldtt: int, cstdcs: int, **extra: Any) -> dict[str, Any]:
    return {
        "kind": "collective",
        "members_total": total,
        "members_completed_tasks": completed,
        "members_ldtt": ldtt,
        "members_cstdcs": cstdcs,
        **extra,
    }


def request(
    target: str,
    year: int,
    history: list[dict[str, Any]],
    subject: dict[str, Any] | None = None,
    decision_date: str | None = None,
) -> dict[str, Any]:
    req: dict[str, Any] = {
        "target": target,
        "year": year,
        "subject": subject or person(),
        "history": history,
    }
    if decision_date is not None:
        req["decision_date"] = decision_date
    return req


def judge(
    target: str,
    year: int,
    history: list[dict[str, Any]],
    subject: dict[str, Any] | None = None,
    decision_date: str | None = None,
    **kwargs: Any,
) -> dict[str, Any]:
    return check_eligibility(
        request(target, year, history, subject, decision_date),
        today=kwargs.pop("today", TODAY),
        **kwargs,
    )


def failing(result: dict[str, Any]) -> set[str]:
    return {c["rule"] for c in result["checks"] if not c["ok"]}


def rules(result: dict[str, Any]) -> list[str]:
    return [c["rule"] for c in result["checks"]]
