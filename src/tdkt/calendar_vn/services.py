"""The Vietnamese working-day calendar: deadlines counted in working days (ngày làm việc).

A day is a working day unless it is a Saturday or Sunday, a public holiday computed by
`holidays.VN` (lunar Tết and Hùng Kings' day included, with the compensatory days off the library
knows about) or a day off fixed by an administrator (`HolidayOverride`). Weekend days the library
knows were worked to compensate (đi làm bù) are working days. Administrator overrides always win.

Each year's table is cached in-process (functools.lru_cache keyed by year and a version stamp of
the overrides). The stamp is derived from the overrides table (count, last change), kept in the
Django cache for STAMP_TTL seconds and dropped whenever an override is saved or deleted, so the
process that saved sees the change at once and other processes (local-memory cache) within
STAMP_TTL seconds; with Redis as the cache every process sees it at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import holidays as holidays_lib
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tdkt.calendar_vn.models import HolidayOverride, OverrideKind

STAMP_KEY = "tdkt:calendar_vn:overrides-stamp"
STAMP_TTL = 300
#: Longest walk (in calendar days) add_working_days / working_days_between will take.
MAX_SPAN_DAYS = 50 * 366
WEEKEND = frozenset({5, 6})  # Saturday, Sunday


@dataclass(frozen=True)
class YearCalendar:
    year: int
    #: Every day off that is not merely a weekend: holidays (also those on a weekend),
    #: compensatory days off and administrator days off, with their Vietnamese names.
    days_off: dict[dt.date, Any]
    #: Saturdays/Sundays that are working days (làm bù), with their names.
    working_weekends: dict[dt.date, Any]

    def is_working_day(self, d: dt.date) -> bool:
        if d in self.working_weekends:
            return True
        if d in self.days_off:
            return False
        return d.weekday() not in WEEKEND


def _library_year(year: int) -> tuple[dict[dt.date, Any], dict[dt.date, Any]]:
    """Holidays (Vietnamese names) and worked weekend days computed by `holidays.VN`."""
    calendar = holidays_lib.VN(years=year, language="vi")
    days_off = {d: str(name) for d, name in calendar.items() if d.year == year}
    worked = {
        d: _("Đi làm bù")
        for d in getattr(calendar, "weekend_workdays", ()) or ()
        if d.year == year and d not in days_off
    }
    return days_off, worked


@lru_cache(maxsize=64)
def _year_calendar(year: int, stamp: tuple) -> YearCalendar:
    days_off, working = _library_year(year)
    for override in HolidayOverride.objects.filter(date__year=year).order_by("date"):
        if override.kind == OverrideKind.DAY_OFF:
            working.pop(override.date, None)
            days_off[override.date] = override.name
        else:
            days_off.pop(override.date, None)
            if override.date.weekday() in WEEKEND:
                working[override.date] = override.name
    return YearCalendar(year=year, days_off=days_off, working_weekends=working)


def overrides_stamp() -> tuple:
    stamp = cache.get(STAMP_KEY)
    if stamp is None:
        agg = HolidayOverride.objects.aggregate(n=Count("id"), last=Max("updated"))
        stamp = (agg["n"], agg["last"].isoformat() if agg["last"] else "")
        cache.set(STAMP_KEY, stamp, STAMP_TTL)
    return tuple(stamp)


def clear_cache() -> None:
    """Forget the stamp and every cached year (tests; after a bulk change in the shell)."""
    cache.delete(STAMP_KEY)
    _year_calendar.cache_clear()


def overrides_changed(sender=None, **kwargs) -> None:
    """Signal receiver (post_save/post_delete of HolidayOverride): drop the version stamp now
    and again once the transaction commits."""
    cache.delete(STAMP_KEY)
    transaction.on_commit(lambda: cache.delete(STAMP_KEY))


class _Calendar:
    """Years looked up during one call, under one version stamp."""

    def __init__(self) -> None:
        self.stamp = overrides_stamp()
        self.years: dict[int, YearCalendar] = {}

    def year(self, year: int) -> YearCalendar:
        found = self.years.get(year)
        if found is None:
            found = self.years[year] = _year_calendar(year, self.stamp)
        return found

    def is_working_day(self, d: dt.date) -> bool:
        return self.year(d.year).is_working_day(d)


def _as_date(value: dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if not isinstance(value, dt.date):
        raise TypeError(f"expected a date, got {type(value).__name__}")
    return value


def year_calendar(year: int) -> YearCalendar:
    return _year_calendar(year, overrides_stamp())


def is_working_day(d: dt.date) -> bool:
    d = _as_date(d)
    return year_calendar(d.year).is_working_day(d)


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The n-th working day after `start` (start itself is not counted); n = 0 gives `start`,
    a negative n counts backwards (the n-th working day before `start`)."""
    start = _as_date(start)
    if abs(n) > MAX_SPAN_DAYS // 2:
        raise ValueError(f"n={n} working days is out of range")
    calendar = _Calendar()
    step = dt.timedelta(days=1 if n >= 0 else -1)
    remaining, day = abs(n), start
    while remaining:
        day += step
        if calendar.is_working_day(day):
            remaining -= 1
    return day


def working_days_between(a: dt.date, b: dt.date) -> int:
    """Working days in (a, b]: after `a`, up to and including `b`; negative when b < a.
    `working_days_between(d, add_working_days(d, n)) == n` for n >= 0."""
    a, b = _as_date(a), _as_date(b)
    if b < a:
        return -working_days_between(b, a)
    if (b - a).days > MAX_SPAN_DAYS:
        raise ValueError("date range is too long")
    calendar = _Calendar()
    count, day, one = 0, a, dt.timedelta(days=1)
    while day < b:
        day += one
        count += calendar.is_working_day(day)
    return count


def holidays_in(year: int) -> list[tuple[dt.date, str]]:
    """Days off of `year` other than ordinary weekends, in date order, with Vietnamese names
    (holidays falling on a weekend are listed too, followed by their compensatory day off)."""
    return [(d, str(name)) for d, name in sorted(year_calendar(year).days_off.items())]


def working_weekends_in(year: int) -> list[tuple[dt.date, str]]:
    """Saturdays and Sundays of `year` that are working days (đi làm bù)."""
    return [(d, str(name)) for d, name in sorted(year_calendar(year).working_weekends.items())]


def base_is_working_day(d: dt.date) -> bool:
    """Working day by weekends and `holidays.VN` alone, ignoring administrator overrides."""
    d = _as_date(d)
    days_off, working = _library_year(d.year)
    if d in working:
        return True
    return d not in days_off and d.weekday() not in WEEKEND


# --- Deadlines -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DueItem:
    obj: Any
    due: dt.date
    #: Working days left: 0 = due today, 2 = due on the second working day from today;
    #: for an overdue item, minus the working days elapsed since the deadline.
    working_days_left: int


@dataclass(frozen=True)
class DueReport:
    overdue: list[DueItem]
    due_soon: list[DueItem]

    def __bool__(self) -> bool:
        return bool(self.overdue or self.due_soon)


def due_soon(
    deadlines: Iterable[tuple[Any, dt.date]],
    *,
    within_working_days: int = 2,
    today: dt.date | None = None,
) -> DueReport:
    """Split (obj, due_date) pairs into overdue (due before today) and due soon (due today or
    within `within_working_days` working days from today); later deadlines and items without a
    due date are left out. Each list is in deadline order. Reads only the (cached) calendar."""
    if within_working_days < 0:
        raise ValueError("within_working_days must be >= 0")
    today = _as_date(today) if today is not None else timezone.localdate()
    horizon = add_working_days(today, within_working_days)
    overdue: list[DueItem] = []
    soon: list[DueItem] = []
    for obj, raw_due in deadlines:
        if raw_due is None:
            continue
        due = _as_date(raw_due)
        if due < today:
            overdue.append(DueItem(obj, due, -working_days_between(due, today)))
        elif due <= horizon:
            soon.append(DueItem(obj, due, working_days_between(today, due)))
    overdue.sort(key=lambda item: item.due)
    soon.sort(key=lambda item: item.due)
    return DueReport(overdue=overdue, due_soon=soon)
