"""Reads on the registry: the history of a subject (time line and per-year table) and lists.

History reads run a fixed number of queries whatever the length of the history.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from tdkt.registry.enums import RecordStatus
from tdkt.registry.models import AwardRecord, DisciplineRecord, Initiative, YearlyRating


@dataclass
class HistoryEntry:
    year: int
    kind: str  # rating | title | form | initiative | discipline
    code: str
    label: str
    detail: str = ""
    decision: object = None
    unit: object = None
    valid: bool = True
    obj: object = None
    sort_date: object = None


@dataclass
class YearRow:
    year: int
    rating: str = ""
    rating_label: str = ""
    titles: list[str] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    initiatives: list[str] = field(default_factory=list)
    discipline: list[str] = field(default_factory=list)


@dataclass
class History:
    entries: list[HistoryEntry]
    years: list[YearRow]
    counts: dict[str, int]


def _subject_filter(kind: str, ids: list[int]) -> Q:
    field_name = {"individual": "person", "collective": "collective", "household": "household"}[
        kind
    ]
    return Q(**{f"{field_name}_id__in": ids})


def subject_history(kind: str, ids: list[int]) -> History:
    """Time line and per-year table of the subject(s) `ids` (a unit and its predecessors)."""
    where = _subject_filter(kind, ids)
    entries: list[HistoryEntry] = []
    ratings = (
        YearlyRating.objects.filter(where)
        .select_related("rating", "unit_at_time")
        .order_by("-year")
    )
    for r in ratings:
        entries.append(
            HistoryEntry(
                year=r.year,
                kind="rating",
                code=r.rating_id,
                label=r.rating.name,
                detail=r.decision_ref,
                unit=r.unit_at_time,
                valid=r.status == RecordStatus.VALID,
                obj=r,
            )
        )
    awards = (
        AwardRecord.objects.filter(where)
        .select_related("honour", "award_type", "decision", "unit_at_time", "revoked_by")
        .order_by("-year_to")
    )
    for a in awards:
        period = str(a.year_to) if a.year_from == a.year_to else f"{a.year_from}–{a.year_to}"
        entries.append(
            HistoryEntry(
                year=a.year_to,
                kind=a.honour.category,
                code=a.honour_id,
                label=a.honour.name,
                detail=f"{a.award_type.name} · {period}",
                decision=a.decision,
                unit=a.unit_at_time,
                valid=a.status == RecordStatus.VALID,
                obj=a,
                sort_date=a.decision.signed_on if a.decision_id else None,
            )
        )
    if kind == "individual":
        initiatives = Initiative.objects.filter(authors__in=ids).distinct()
    elif kind == "collective":
        initiatives = Initiative.objects.filter(unit_id__in=ids)
    else:
        initiatives = Initiative.objects.none()
    for i in initiatives.select_related("scope", "used_for__honour"):
        used = (
            " · "
            + _("đã dùng cho %(honour)s %(year)s")
            % {"honour": i.used_for.honour.name, "year": i.used_for.year_to}
            if i.used_for
            else ""
        )
        entries.append(
            HistoryEntry(
                year=i.year,
                kind="initiative",
                code=i.code,
                label=i.title,
                detail=f"{i.scope.name}{used}",
                valid=i.status == RecordStatus.VALID,
                obj=i,
                sort_date=i.recognised_on,
            )
        )
    for d in DisciplineRecord.objects.filter(where).select_related("level", "unit_at_time"):
        label = d.level.name if d.level_id else d.get_state_display()
        start = f"{d.start:%d/%m/%Y}"
        if d.end:
            period = _("Từ %(start)s đến %(end)s") % {"start": start, "end": f"{d.end:%d/%m/%Y}"}
        else:
            period = _("Từ %(start)s") % {"start": start}
        entries.append(
            HistoryEntry(
                year=d.start.year,
                kind="discipline",
                code=d.level_id or d.state,
                label=label,
                detail=f"{period} · {d.decision_ref}",
                unit=d.unit_at_time,
                valid=d.state != "annulled",
                obj=d,
                sort_date=d.start,
            )
        )
    order = {"discipline": 0, "form": 1, "title": 2, "initiative": 3, "rating": 4}
    entries.sort(key=lambda e: (-e.year, order.get(e.kind, 9), e.code))
    return History(entries=entries, years=year_table(entries), counts=_counts(entries))


def _counts(entries: list[HistoryEntry]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for e in entries:
        if e.valid:
            counts[e.kind] += 1
    return dict(counts)


def year_table(entries: list[HistoryEntry]) -> list[YearRow]:
    """One row per year from the first to the last year of the history (gaps shown empty)."""
    valid = [e for e in entries if e.valid]
    if not valid:
        return []
    rows = {
        y: YearRow(year=y)
        for y in range(max(e.year for e in valid), min(e.year for e in valid) - 1, -1)
    }
    for e in valid:
        row = rows[e.year]
        if e.kind == "rating":
            row.rating, row.rating_label = e.code, e.label
        elif e.kind == "title":
            row.titles.append(e.code)
        elif e.kind == "form":
            row.forms.append(e.code)
        elif e.kind == "initiative":
            row.initiatives.append(e.code)
        elif e.kind == "discipline":
            row.discipline.append(e.label)
    return list(rows.values())


def awards_list(qs: QuerySet) -> QuerySet:
    return qs.select_related(
        "honour", "award_type", "decision", "unit_at_time", "person", "collective", "household"
    ).order_by("-year_to", "honour__order", "pk")


def ratings_list(qs: QuerySet) -> QuerySet:
    return qs.select_related(
        "rating", "unit_at_time", "person", "collective", "household"
    ).order_by("-year", "pk")


def decisions_list(qs: QuerySet) -> QuerySet:
    return (
        qs.select_related("award_type", "issuer_unit", "regime")
        .annotate(award_count=Count("awards"))
        .order_by("-signed_on", "-pk")
    )
