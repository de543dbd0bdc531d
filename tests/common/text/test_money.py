"""format_vnd(), format_date_vn() and parse_date_vn()."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tdkt.common.text.money import (
    format_date_vn,
    format_vnd,
    format_vnd_currency,
    parse_date_vn,
)


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0, "0"),
        (5, "5"),
        (999, "999"),
        (1000, "1.000"),
        (2340000, "2.340.000"),
        (1234567890, "1.234.567.890"),
        (-1500000, "-1.500.000"),
        (Decimal("2340000.00"), "2.340.000"),
        (Decimal("999.5"), "1.000"),  # rounded half up: VND has no minor unit
        (Decimal("-999.5"), "-1.000"),
        (2340000.0, "2.340.000"),
        (0.5, "1"),
    ],
)
def test_format_vnd(amount: int | Decimal | float, text: str) -> None:
    assert format_vnd(amount) == text


def test_format_vnd_currency() -> None:
    assert format_vnd_currency(2340000) == "2.340.000 đ"
    assert format_vnd_currency(0) == "0 đ"


@pytest.mark.parametrize("bad", [Decimal("NaN"), float("inf"), "abc"])
def test_format_vnd_rejects_non_numbers(bad: object) -> None:
    with pytest.raises(ValueError, match="Số tiền không hợp lệ"):
        format_vnd(bad)  # type: ignore[arg-type]


def test_format_vnd_rejects_bool() -> None:
    with pytest.raises(TypeError):
        format_vnd(True)


@given(st.integers(min_value=-(10**18), max_value=10**18))
def test_format_vnd_round_trips(n: int) -> None:
    text = format_vnd(n)
    assert int(text.replace(".", "")) == n
    assert all(len(group) == 3 for group in text.lstrip("-").split(".")[1:])


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (dt.date(2026, 1, 20), "20/01/2026"),
        (dt.date(2026, 12, 5), "05/12/2026"),
        (dt.datetime(2026, 1, 20, 23, 59), "20/01/2026"),
        (dt.date(999, 1, 1), "01/01/0999"),
        (None, ""),
    ],
)
def test_format_date_vn(value: dt.date | None, text: str) -> None:
    assert format_date_vn(value) == text


JAN_20 = dt.date(2026, 1, 20)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("20/01/2026", JAN_20),
        ("20-01-2026", JAN_20),
        ("20.01.2026", JAN_20),
        ("2026-01-20", JAN_20),
        ("2026/01/20", JAN_20),
        ("20/1/2026", JAN_20),
        ("  20 / 01 / 2026  ", JAN_20),
        ("2026-01-20 08:30:00", JAN_20),
        ("2026-01-20T08:30", JAN_20),
        ("ngày 20 tháng 01 năm 2026", JAN_20),
        ("Ngày 20 tháng 1 năm 2026", JAN_20),
        ("29/02/2024", dt.date(2024, 2, 29)),
        (46042, JAN_20),  # Excel serial number
        (46042.0, JAN_20),
        (46042.75, JAN_20),  # 18:00 on that day
        (Decimal(46042), JAN_20),
        (1, dt.date(1900, 1, 1)),
        (59, dt.date(1900, 2, 28)),
        (61, dt.date(1900, 3, 1)),  # Excel counts a 29/02/1900 that never existed
        (2958465, dt.date(9999, 12, 31)),
        (JAN_20, JAN_20),
        (dt.datetime(2026, 1, 20, 7, 0), JAN_20),
    ],
)
def test_parse_date_vn(value: object, expected: dt.date) -> None:
    result = parse_date_vn(value)  # type: ignore[arg-type]
    assert result == expected
    assert type(result) is dt.date


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/02/2026", "Ngày 31/02/2026 không tồn tại"),
        ("31/2/2026", "Ngày 31/02/2026 không tồn tại"),
        ("29/02/2025", "Ngày 29/02/2025 không tồn tại"),
        ("20/13/2026", "Ngày 20/13/2026 không tồn tại"),
        ("00/01/2026", "Ngày 00/01/2026 không tồn tại"),
        ("2026-02-30", "Ngày 30/02/2026 không tồn tại"),
        (60, "Ngày 29/02/1900 không tồn tại"),
        ("", "Chưa nhập ngày"),
        ("   ", "Chưa nhập ngày"),
        (None, "Chưa nhập ngày"),
        ("20/01/26", "Không đọc được ngày “20/01/26”"),
        ("20/01-2026", "Không đọc được ngày “20/01-2026”"),
        ("hôm qua", "Không đọc được ngày “hôm qua”"),
        ("46042", "Không đọc được ngày “46042”"),
        (0, "Số ngày Excel 0 nằm ngoài khoảng hợp lệ"),
        (-3, "Số ngày Excel -3 nằm ngoài khoảng hợp lệ"),
        (2958466, "Số ngày Excel 2958466 nằm ngoài khoảng hợp lệ"),
        (float("nan"), "Số ngày Excel không hợp lệ"),
        (10**400, "Số ngày Excel không hợp lệ"),
        (True, "Giá trị ngày không hợp lệ"),
        ([20, 1, 2026], "Giá trị ngày không hợp lệ"),
    ],
)
def test_parse_date_vn_errors(value: object, message: str) -> None:
    with pytest.raises(ValueError) as excinfo:
        parse_date_vn(value)  # type: ignore[arg-type]
    assert str(excinfo.value).startswith(message)


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_format_and_parse_round_trip(day: dt.date) -> None:
    assert parse_date_vn(format_date_vn(day)) == day
    assert parse_date_vn(day.isoformat()) == day


@given(st.dates(min_value=dt.date(1900, 3, 1)))
def test_excel_serial_round_trip(day: dt.date) -> None:
    serial = (day - dt.date(1899, 12, 30)).days
    assert parse_date_vn(serial) == day
