"""Exporters by identifier ("xlsx", "csv"). Heavy libraries are imported when rendering."""

from __future__ import annotations

from tdkt.reports.exporters.base import Column, Exporter, Sheet, neutralise
from tdkt.reports.exporters.csv import CsvExporter
from tdkt.reports.exporters.xlsx import XlsxExporter

EXPORTERS: dict[str, type[Exporter]] = {e.identifier: e for e in (XlsxExporter, CsvExporter)}


def get_exporter(identifier: str) -> type[Exporter] | None:
    return EXPORTERS.get(identifier)


__all__ = [
    "EXPORTERS",
    "Column",
    "CsvExporter",
    "Exporter",
    "Sheet",
    "XlsxExporter",
    "get_exporter",
    "neutralise",
]
