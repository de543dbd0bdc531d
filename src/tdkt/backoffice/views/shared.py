"""Helpers shared by the back-office screens: the history partial and the audit tab link."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from tdkt.registry.selectors import History, HistoryEntry


@dataclass
class HistoryRow:
    """One year of the per-year table, with every entry (revoked ones too, struck through)."""

    year: int
    ratings: list[HistoryEntry] = field(default_factory=list)
    titles: list[HistoryEntry] = field(default_factory=list)
    forms: list[HistoryEntry] = field(default_factory=list)
    initiatives: list[HistoryEntry] = field(default_factory=list)
    discipline: list[HistoryEntry] = field(default_factory=list)

    @property
    def cells(self) -> list[list[HistoryEntry]]:
        """The table columns: Xếp loại, Danh hiệu, Hình thức, Sáng kiến, Kỷ luật."""
        return [self.ratings, self.titles, self.forms, self.initiatives, self.discipline]


_COLUMN = {
    "rating": "ratings",
    "title": "titles",
    "form": "forms",
    "initiative": "initiatives",
    "discipline": "discipline",
}


def history_rows(history: History) -> list[HistoryRow]:
    """Rows from the latest to the earliest year of `history`, gaps included."""
    if not history.entries:
        return []
    years = [e.year for e in history.entries]
    rows = {y: HistoryRow(year=y) for y in range(max(years), min(years) - 1, -1)}
    for entry in history.entries:
        column = _COLUMN.get(entry.kind)
        if column:
            getattr(rows[entry.year], column).append(entry)
    return list(rows.values())


def history_context(history: History, request) -> dict:
    """Context for `{% include "backoffice/includes/history.html" %}`.

    The partial shows a time line or, with `?view=years`, the per-year table.
    """
    view = "years" if request.GET.get("view") == "years" else "timeline"
    return {"history": history, "history_rows": history_rows(history), "history_view": view}


def audit_url(obj) -> str:
    """The audit tab of `obj` (backoffice:audit.object)."""
    kwargs = {"app_label": obj._meta.app_label, "model": obj._meta.model_name, "pk": obj.pk}
    return reverse("backoffice:audit.object", kwargs=kwargs)
