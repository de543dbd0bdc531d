"""CSV for Excel: UTF-8 with a byte-order mark (so Excel reads Vietnamese correctly), dates
dd/mm/yyyy, money with dot separators, formula-like text neutralised with an apostrophe."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

from django.utils.translation import gettext as _

from tdkt.common.text import format_vnd
from tdkt.reports.exporters.base import MONEY, Exporter, neutralise

BOM = "\ufeff"


def _cell(value: Any, kind: str) -> str:
    if value is None or value == "":
        return ""
    if kind == MONEY and isinstance(value, int | float):
        return format_vnd(value)
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, int | float):
        return str(value)
    return neutralise(str(value))


class CsvExporter(Exporter):
    identifier = "csv"
    verbose_name = "CSV (UTF-8)"
    extension = "csv"
    content_type = "text/csv; charset=utf-8"

    def iter_chunks(self, rows: Iterable[Sequence[Any]], batch: int = 500) -> Iterator[bytes]:
        """The file as byte chunks (for a streaming response)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        buffer.write(BOM)
        for line in self.sheet.title_lines:
            writer.writerow([neutralise(line)])
        writer.writerow([])
        writer.writerow([neutralise(str(c.label)) for c in self.sheet.columns])
        kinds = [c.kind for c in self.sheet.columns]
        for i, row in enumerate(rows, start=1):
            writer.writerow([_cell(v, k) for v, k in zip(row, kinds, strict=False)])
            if i % batch == 0:
                yield buffer.getvalue().encode("utf-8")
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue().encode("utf-8")

    def write(self, rows: Iterable[Sequence[Any]], fileobj: IO[bytes]) -> None:
        for chunk in self.iter_chunks(rows):
            fileobj.write(chunk)
