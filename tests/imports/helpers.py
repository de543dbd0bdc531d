"""Spreadsheet builders for the import tests: real .xlsx files written with openpyxl."""

from __future__ import annotations

import io

from openpyxl import Workbook

from tdkt.common.text import unicode_to_legacy


def tcvn3(text: str) -> str:
    return unicode_to_legacy(text, "tcvn3")


def xlsx(
    rows: list[list],
    *,
    titles: list[str] = (),
    header_row: int = 1,
    merges=(),
    text_cols: tuple[int, ...] = (),
) -> bytes:
    """Title lines in rows 1..n (merged across the table), the table from `header_row`."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "DS"
    width = max(len(r) for r in rows)
    for i, title in enumerate(titles, start=1):
        sheet.cell(row=i, column=1, value=title)
        sheet.merge_cells(start_row=i, start_column=1, end_row=i, end_column=width)
    for r, row in enumerate(rows, start=header_row):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = sheet.cell(row=r, column=c, value=value)
            if c in text_cols:
                cell.number_format = "@"
    for merge in merges:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ods(rows: list[list]) -> bytes:
    """A minimal OpenDocument spreadsheet (what LibreOffice saves), strings and numbers."""
    import zipfile
    from xml.sax.saxutils import escape

    def cell(value) -> str:
        if isinstance(value, int | float):
            return (
                f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>"
            )
        return (
            f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}'
            "</text:p></table:table-cell>"
        )

    body = "".join(
        "<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="DS">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("content.xml", content)
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
            '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type='
            '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
            'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
    return buffer.getvalue()
