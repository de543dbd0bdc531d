"""Reading the spreadsheets units actually send: .xlsx, .xls, .ods (python-calamine) and .csv.

The file type is decided by its CONTENT, never by its name. Cells come back as calamine gives
them (numbers as float, dates as date); `cell_text` and friends coerce them for validation.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"

EXTENSIONS = {"xlsx", "xlsm", "xls", "ods", "csv"}
FORMAT_LABELS = {
    "xlsx": "Excel (.xlsx)",
    "xls": "Excel 97–2003 (.xls)",
    "ods": "OpenDocument (.ods)",
    "csv": "CSV",
}


class FileRejected(ValueError):
    """The upload is not a spreadsheet we can read; the message is for the user."""


@dataclass
class Sheet:
    name: str
    rows: list[list] = field(default_factory=list)


def extension(file_name: str) -> str:
    return file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""


def sniff(data: bytes, file_name: str) -> str:
    """Return "xlsx", "xls", "ods" or "csv" from the content; raise FileRejected otherwise."""
    ext = extension(file_name)
    if ext not in EXTENSIONS:
        raise FileRejected(
            _(
                "Tệp “%(name)s” không phải bảng tính. Chỉ nhận tệp Excel (.xlsx, .xls), "
                "OpenDocument (.ods) hoặc CSV (.csv)."
            )
            % {"name": file_name}
        )
    if not data:
        raise FileRejected(_("Tệp “%(name)s” rỗng (0 byte).") % {"name": file_name})
    if data.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "xl/workbook.xml" in names:
                    return "xlsx"
                if "content.xml" in names and (
                    "mimetype" not in names or archive.read("mimetype").strip() == ODS_MIMETYPE
                ):
                    return "ods"
        except (zipfile.BadZipFile, KeyError, OSError):
            pass
        raise FileRejected(
            _(
                "Tệp “%(name)s” là tệp nén nhưng không chứa bảng tính Excel hay OpenDocument "
                "(có thể là tệp Word hoặc tệp bị hỏng). Hãy mở bằng Excel và lưu lại dạng .xlsx."
            )
            % {"name": file_name}
        )
    if data.startswith(OLE_MAGIC):
        if ext == "csv":
            raise FileRejected(_wrong_content(file_name))
        return "xls"
    if ext == "csv":
        if b"\x00" in data[:4096]:
            raise FileRejected(_wrong_content(file_name))
        return "csv"
    raise FileRejected(_wrong_content(file_name))


def _wrong_content(file_name: str) -> str:
    return _(
        "Tệp “%(name)s” không phải tệp Excel hợp lệ: nội dung không khớp với phần đuôi tên tệp "
        "(có thể tệp đã bị đổi tên hoặc bị hỏng). Hãy mở tệp bằng Excel rồi chọn “Lưu thành” "
        "(Save As) dạng Excel Workbook (.xlsx)."
    ) % {"name": file_name}


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1258 (Vietnamese Windows code page)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")


def read_csv(data: bytes) -> list[Sheet]:
    text = decode_csv(data)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    rows = [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    return [Sheet(name="CSV", rows=rows)]


def read_workbook(data: bytes, fmt: str) -> list[Sheet]:
    """Every visible worksheet as rows of raw cells; row i is Excel row i + 1."""
    if fmt == "csv":
        return read_csv(data)
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (CalamineError, ValueError, OSError) as exc:
        raise FileRejected(
            _("Không đọc được bảng tính (tệp hỏng hoặc có mật khẩu): %(error)s") % {"error": exc}
        ) from exc
    sheets = []
    try:
        for meta in workbook.sheets_metadata:
            if str(getattr(meta.visible, "name", "Visible")) != "Visible":
                continue
            if str(getattr(meta.typ, "name", "WorkSheet")) != "WorkSheet":
                continue
            try:
                rows = workbook.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            except (CalamineError, ValueError) as exc:
                raise FileRejected(
                    _("Không đọc được trang tính “%(sheet)s”: %(error)s")
                    % {"sheet": meta.name, "error": exc}
                ) from exc
            sheets.append(Sheet(name=meta.name, rows=rows))
    finally:
        workbook.close()
    if not sheets:
        raise FileRejected(_("Bảng tính không có trang tính nào hiển thị."))
    return sheets


# --- cell coercion ------------------------------------------------------------------------------

_INTEGRAL_TEXT = re.compile(r"^[+-]?\d+\.0+$")


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value) -> str:
    """A cell as text: 1985.0 → "1985", dates → dd/mm/yyyy, text kept (leading zeros stay)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.timedelta | dt.time):
        return str(value)
    return str(value).strip()


def cell_int(value) -> int | None:
    """1985.0, "1985", "1985.0" → 1985; None for anything else."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = str(value).strip().replace(" ", "")
    if _INTEGRAL_TEXT.match(text):
        text = text.split(".", 1)[0]
    if text.lstrip("+-").isdigit():
        return int(text)
    return None


def is_numeric_cell(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
