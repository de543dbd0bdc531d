"""Vietnamese number and date formats: "2.340.000 đ", "20/01/2026".

Vietnamese documents group thousands with dots and write dates day first. Spreadsheets give
dates in many shapes (text with "/", "-" or ".", ISO text, Excel serial numbers, ``date``
objects), so :func:`parse_date_vn` accepts all of them and rejects the rest with a message that
can be shown to the user as is.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = ["format_date_vn", "format_vnd", "format_vnd_currency", "parse_date_vn"]

Amount = int | Decimal | float

# Day 0 of Excel's 1900 date system, for serials after Excel's non-existent 29/02/1900.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EXCEL_FAKE_LEAP_DAY = 60
_EXCEL_MAX_SERIAL = (dt.date(9999, 12, 31) - _EXCEL_EPOCH).days

_DMY = re.compile(r"(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})")
_YMD = re.compile(r"(\d{4})([/.-])(\d{1,2})\2(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
# "ngày 20 tháng 01 năm 2026", the wording of administrative documents.
_WORDED = re.compile(r"(?:ngày\s*)?(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})", re.IGNORECASE)


def _to_int(n: Amount) -> int:
    """Round an amount to whole đồng, half away from zero (VND has no minor unit)."""
    if isinstance(n, bool):
        raise TypeError("Số tiền phải là số, không phải giá trị đúng/sai")
    if isinstance(n, int):
        return n
    try:
        value = Decimal(repr(n)) if isinstance(n, float) else Decimal(n)
        return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"Số tiền không hợp lệ: {n!r}") from exc


def format_vnd(n: Amount) -> str:
    """2340000 -> "2.340.000"; negative amounts keep a leading minus sign."""
    return f"{_to_int(n):,}".replace(",", ".")


def format_vnd_currency(n: Amount) -> str:
    """2340000 -> "2.340.000 đ"."""
    return f"{format_vnd(n)} đ"


def format_date_vn(d: dt.date | None) -> str:
    """date(2026, 1, 20) -> "20/01/2026"; ``None`` -> "" (blank cell or field)."""
    if d is None:
        return ""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def _make_date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"Ngày {day:02d}/{month:02d}/{year:04d} không tồn tại") from None


def _from_excel_serial(serial: float) -> dt.date:
    """Excel 1900 date system: 1 = 01/01/1900; 60 is Excel's fictitious 29/02/1900."""
    if math.isnan(serial) or math.isinf(serial):
        raise ValueError(f"Số ngày Excel không hợp lệ: {serial!r}")
    days = math.floor(serial)  # the fraction is the time of day
    if days == _EXCEL_FAKE_LEAP_DAY:
        raise ValueError("Ngày 29/02/1900 không tồn tại")
    if not 1 <= days <= _EXCEL_MAX_SERIAL:
        shown = int(serial) if serial.is_integer() else serial
        raise ValueError(f"Số ngày Excel {shown} nằm ngoài khoảng hợp lệ")
    if days < _EXCEL_FAKE_LEAP_DAY:
        days += 1  # before Excel's fake leap day the serials are shifted by one
    return _EXCEL_EPOCH + dt.timedelta(days=days)


def parse_date_vn(value: str | int | float | Decimal | dt.date | None) -> dt.date:
    """Parse a date as typed by Vietnamese users or read from a spreadsheet.

    Accepts "20/01/2026", "20/1/2026", "20-01-2026", "20.01.2026", "2026-01-20" (optionally
    followed by a time), "ngày 20 tháng 01 năm 2026", Excel serial numbers (1900 date system)
    and ``date``/``datetime`` objects. Raises
    ``ValueError`` with a Vietnamese message for anything else, including impossible dates.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value is None:
        raise ValueError("Chưa nhập ngày")
    if isinstance(value, bool):
        raise ValueError("Giá trị ngày không hợp lệ")
    if isinstance(value, (int, float, Decimal)):
        try:
            serial = float(value)
        except OverflowError:
            serial = math.inf
        return _from_excel_serial(serial)
    if not isinstance(value, str):
        raise ValueError(f"Giá trị ngày không hợp lệ: {value!r}")
    text = unicodedata.normalize("NFC", value).strip()
    if not text:
        raise ValueError("Chưa nhập ngày")
    match = _DMY.fullmatch(text)
    if match:
        day, _, month, year = match.groups()
        return _make_date(int(year), int(month), int(day))
    match = _YMD.fullmatch(text)
    if match:
        year, _, month, day = match.groups()
        return _make_date(int(year), int(month), int(day))
    match = _WORDED.fullmatch(text)
    if match:
        day, month, year = match.groups()
        return _make_date(int(year), int(month), int(day))
    raise ValueError(
        f"Không đọc được ngày “{text}”: hãy nhập theo dạng ngày/tháng/năm, ví dụ 20/01/2026"
    )
