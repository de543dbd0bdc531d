"""search_key(): case-, accent- and normal-form-insensitive keys."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tdkt.common.text.search import search_key


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("NGUYỄN THỊ HẰNG", "nguyen thi hang"),
        ("Nguyen Thi Hang", "nguyen thi hang"),
        ("nguyễn thị hằng", "nguyen thi hang"),
        (nfd("Nguyễn Thị Hằng"), "nguyen thi hang"),
        ("Đặng Ưng Đức", "dang ung duc"),
        ("ĐẶNG ƯNG ĐỨC", "dang ung duc"),
        ("Ðặng", "dang"),  # Icelandic eth typed for Đ
        ("  Trần   Thị\tBình ", "tran thi binh"),
        ("Hoà", "hoa"),
        ("Hòa", "hoa"),
        ("Quỳnh Như", "quynh nhu"),
        ("Ơn Ước Ỷ", "on uoc y"),
        ("Sở Nội vụ", "so noi vu"),
        ("", ""),
        (None, ""),
    ],
)
def test_search_key(raw: str | None, expected: str) -> None:
    assert search_key(raw) == expected


@given(st.text())
def test_search_key_is_insensitive_to_normal_form_and_idempotent(text: str) -> None:
    key = search_key(text)
    assert key == search_key(nfd(text))
    assert key == search_key(unicodedata.normalize("NFC", text))
    assert search_key(key) == key
