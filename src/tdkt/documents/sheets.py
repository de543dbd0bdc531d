"""The payment list (danh sách chi tiền thưởng) as an Excel workbook, from the same context as
the DOCX (services.payment_list_context): units numbered I, II, ... with their rows, a subtotal
per unit, the total and the total in words.

XlsxWriter in constant-memory mode; text always through write_string (a name such as
"=HYPERLINK(...)" stays text); amounts are numbers shown "#,##0" (Excel shows the locale's
grouping, "2.340.000" in Vietnamese) so that the treasurer can sum them again.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any

__all__ = ["payment_list_xlsx"]

_DIGITS = re.compile(r"\D")


def _number(value: Any) -> int:
    if isinstance(value, int):
        return value
    digits = _DIGITS.sub("", str(value or ""))
    return int(digits) if digits else 0


def payment_list_xlsx(context: Mapping[str, Any]) -> bytes:
    """Workbook bytes of a payment_list_context (``groups``, ``total``, ``total_words`` and the
    header keys ``issuer``, ``list_title``, ``number`` and ``decision_date`` when present)."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    try:
        ws = workbook.add_worksheet("Danh sách chi thưởng")
        title = workbook.add_format({"bold": True, "font_size": 13, "align": "center"})
        header = workbook.add_format(
            {"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True}
        )
        cell = workbook.add_format({"border": 1, "valign": "top", "text_wrap": True})
        money = workbook.add_format({"border": 1, "valign": "top", "num_format": "#,##0"})
        group = workbook.add_format({"border": 1, "bold": True})
        group_money = workbook.add_format({"border": 1, "bold": True, "num_format": "#,##0"})
        italic = workbook.add_format({"italic": True})
        ws.set_column(0, 0, 6)
        ws.set_column(1, 1, 32)
        ws.set_column(2, 2, 30)
        ws.set_column(3, 3, 16)
        ws.set_column(4, 4, 14)

        row = 0
        if context.get("issuer"):
            ws.write_string(row, 0, str(context["issuer"]).upper(), italic)
            row += 1
        ws.merge_range(row, 0, row, 4, "DANH SÁCH CHI TIỀN THƯỞNG", title)
        row += 1
        number = context.get("number")
        if number:
            line = f"Theo Quyết định số {number}"
            if context.get("decision_date"):
                line += f" ngày {context['decision_date']}"
            ws.merge_range(row, 0, row, 4, line, italic)
            row += 1
        if context.get("list_title"):
            ws.merge_range(row, 0, row, 4, str(context["list_title"]), italic)
            row += 1
        row += 1
        columns = ["STT", "Họ và tên", "Danh hiệu, hình thức", "Số tiền (đồng)", "Ký nhận"]
        for col, text in enumerate(columns):
            ws.write_string(row, col, text, header)
        row += 1
        for g in context.get("groups", []):
            ws.write_string(row, 0, str(g["label"]), group)
            ws.write_string(row, 1, str(g["unit"]), group)
            ws.write_string(row, 2, "", group)
            ws.write_number(row, 3, _number(g.get("subtotal")), group_money)
            ws.write_string(row, 4, "", group)
            row += 1
            for r in g["rows"]:
                ws.write_number(row, 0, int(r["stt"]), cell)
                ws.write_string(row, 1, str(r.get("name", "")), cell)
                ws.write_string(row, 2, str(r.get("honour", "")), cell)
                ws.write_number(row, 3, _number(r.get("amount")), money)
                ws.write_string(row, 4, "", cell)
                row += 1
        ws.write_string(row, 0, "", group)
        ws.write_string(row, 1, "Tổng cộng", group)
        ws.write_string(row, 2, "", group)
        ws.write_number(row, 3, _number(context.get("total")), group_money)
        ws.write_string(row, 4, "", group)
        row += 1
        if context.get("total_words"):
            ws.write_string(row, 0, f"Bằng chữ: {context['total_words']}", italic)
    finally:
        workbook.close()
    return buffer.getvalue()
