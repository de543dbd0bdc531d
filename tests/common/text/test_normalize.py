"""nfc() and clean_name(): NFC folding, whitespace and Vietnamese capitalisation."""

from __future__ import annotations

import unicodedata

import pytest

from tdkt.common.text.normalize import clean_name, nfc


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ""),
        ("", ""),
        ("   ", ""),
        ("Nguyễn Văn An", "Nguyễn Văn An"),
        ("  Nguyễn   Văn\tAn \n", "Nguyễn Văn An"),
        (nfd("Nguyễn Thị Hằng"), "Nguyễn Thị Hằng"),
        ("Hà\u00a0Nội", "Hà Nội"),  # no-break space from Word
        ("\ufeffĐặng\u200b Ưng", "Đặng Ưng"),  # BOM and zero-width space from Excel
        ("Line one\r\nline two", "Line one line two"),
        ("Th\u00adư", "Th\u00adư"),  # soft hyphen kept: it is "ư" in TCVN3 text
    ],
)
def test_nfc(raw: str | None, expected: str) -> None:
    assert nfc(raw) == expected


def test_nfc_output_is_nfc() -> None:
    text = nfd("Trường Đại học Bách khoa")
    assert nfc(text) == unicodedata.normalize("NFC", text)
    assert len(nfc(text)) < len(text)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("NGUYỄN THỊ HẰNG", "Nguyễn Thị Hằng"),
        ("nguyễn văn an", "Nguyễn Văn An"),
        ("  đặng   ưng   đức ", "Đặng Ưng Đức"),
        ("ÂU DƯƠNG ỨNG", "Âu Dương Ứng"),
        ("lê ơn", "Lê Ơn"),
        (nfd("NGUYỄN THỊ HẰNG"), "Nguyễn Thị Hằng"),
        (nfd("ỷ lan"), "Ỷ Lan"),
        ("h'hen niê", "H'Hen Niê"),
        ("y-moan ênuôl", "Y-Moan Ênuôl"),
        ("tRẦN tHỊ ánh", "Trần Thị Ánh"),
        (None, ""),
    ],
)
def test_clean_name(raw: str | None, expected: str) -> None:
    assert clean_name(raw) == expected
