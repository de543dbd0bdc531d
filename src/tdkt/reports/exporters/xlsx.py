"""Excel (.xlsx) through XlsxWriter in constant-memory mode: rows are written as they come.

Text is always written with `write_string`, never `write`: a name such as "=HYPERLINK(...)"
stays text and is never turned into a formula. Dates are real dates shown dd/mm/yyyy; money is
a number with the format code "#,##0" -- in the file format "," is the grouping symbol, which
Excel and LibreOffice display as the locale's separator ("2.340.000" in Vietnamese).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import IO, Any

from django.utils.translation import gettext as _

from tdkt.reports.exporters.base import MONEY, NUMBER, Exporter

MONEY_FORMAT = "#,##0"
DATE_FORMAT = "dd/mm/yyyy"


class XlsxExporter(Exporter):
    identifier = "xlsx"
    verbose_name = "Excel (.xlsx)"
    extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def write(self, rows: Iterable[Sequence[Any]], fileobj: IO[bytes]) -> None:
        import xlsxwriter

        workbook = xlsxwriter.Workbook(
            fileobj,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        try:
            self._write_sheet(workbook, rows)
        finally:
            workbook.close()

    def _write_sheet(self, workbook, rows: Iterable[Sequence[Any]]) -> None:
        sheet, columns = self.sheet, self.sheet.columns
        ws = workbook.add_worksheet(str(sheet.sheet_name)[:31])
        bold = workbook.add_format({"bold": True})
        title = workbook.add_format({"bold": True, "font_size": 13})
        header = workbook.add_format(
            {
                "bold": True,
                "border": 1,
                "bg_color": "#F0F2F5",
                "text_wrap": True,
                "valign": "vcenter",
            }
        )
        cell = workbook.add_format({"border": 1, "valign": "top"})
        money = workbook.add_format({"border": 1, "num_format": MONEY_FORMAT, "valign": "top"})
        date = workbook.add_format({"border": 1, "num_format": DATE_FORMAT, "valign": "top"})
        number = workbook.add_format({"border": 1, "valign": "top"})
        for i, col in enumerate(columns):
            ws.set_column(i, i, col.width)

        r = 0
        for i, line in enumerate(sheet.title_lines):
            ws.write_string(r, 0, line, title if i == 1 else bold)
            r += 1
        r += 1
        for c, col in enumerate(columns):
            ws.write_string(r, c, str(col.label), header)
        ws.freeze_panes(r + 1, 0)
        r += 1
        for row in rows:
            for c, (value, col) in enumerate(zip(row, columns, strict=False)):
                if value is None or value == "":
                    ws.write_blank(r, c, None, cell)
                elif isinstance(value, bool):
                    ws.write_string(r, c, _("Có") if value else _("Không"), cell)
                elif isinstance(value, dt.datetime):
                    ws.write_datetime(r, c, value.replace(tzinfo=None), date)
                elif isinstance(value, dt.date):
                    ws.write_datetime(r, c, value, date)
                elif isinstance(value, int | float) and col.kind in (MONEY, NUMBER):
                    ws.write_number(r, c, value, money if col.kind == MONEY else number)
                elif isinstance(value, int | float):
                    ws.write_number(r, c, value, number)
                else:
                    ws.write_string(r, c, str(value), cell)
            r += 1
