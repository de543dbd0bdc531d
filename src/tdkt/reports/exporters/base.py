"""The exporter contract: a sheet description plus a stream of rows, rendered to one file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, ClassVar

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: A text cell starting with one of these is a formula (or a DDE payload) for a spreadsheet.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

TEXT, DATE, MONEY, NUMBER = "text", "date", "money", "number"


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = TEXT  # text | date | money | number
    width: int = 16


@dataclass
class Sheet:
    """What a file holds apart from its rows: title block and header row."""

    title: str
    columns: Sequence[Column]
    org_name: str = ""
    filters: str = ""
    exported_on: dt.date | None = None
    sheet_name: str = gettext_lazy("Danh sách")
    extra_lines: list[str] = field(default_factory=list)

    @property
    def title_lines(self) -> list[str]:
        lines = [self.org_name, self.title, self.filters, *self.extra_lines]
        if self.exported_on is not None:
            lines.append(_("Ngày xuất: %(date)s") % {"date": f"{self.exported_on:%d/%m/%Y}"})
        return [str(line) for line in lines if line]


def is_formula_like(value: str) -> bool:
    return value.startswith(FORMULA_PREFIXES)


def neutralise(value: str) -> str:
    """A leading apostrophe makes a spreadsheet show the text instead of running it."""
    return "'" + value if is_formula_like(value) else value


class Exporter:
    """Base class. Subclasses write `rows` (sequences matching `sheet.columns`) to a file.

    Rows are consumed once, in order, so a queryset `.iterator(chunk_size=...)` can feed
    millions of rows without holding them in memory.
    """

    identifier: ClassVar[str] = ""
    verbose_name: ClassVar[str] = ""
    extension: ClassVar[str] = ""
    content_type: ClassVar[str] = "application/octet-stream"

    def __init__(self, sheet: Sheet):
        self.sheet = sheet

    def write(self, rows: Iterable[Sequence[Any]], fileobj: IO[bytes]) -> None:
        raise NotImplementedError

    def render(self, rows: Iterable[Sequence[Any]]) -> bytes:
        import io

        buffer = io.BytesIO()
        self.write(rows, buffer)
        return buffer.getvalue()

    def filename(self, stem: str) -> str:
        return f"{stem}.{self.extension}"
