"""Vietnamese text helpers: normalisation, search keys, collation, numbers in words, money and
date formats, and legacy-font (TCVN3/VNI) conversion. Pure Python, no Django imports."""

from tdkt.common.text.collation import (
    person_sort_key,
    person_sort_string,
    vi_sort_key,
    vi_sort_string,
)
from tdkt.common.text.legacy import (
    detect_legacy,
    fix_legacy,
    is_vietnamese_syllable,
    legacy_to_unicode,
    unicode_to_legacy,
)
from tdkt.common.text.money import format_date_vn, format_vnd, format_vnd_currency, parse_date_vn
from tdkt.common.text.normalize import clean_name, nfc
from tdkt.common.text.search import search_key
from tdkt.common.text.words import amount_in_words, number_to_words

__all__ = [
    "amount_in_words",
    "clean_name",
    "detect_legacy",
    "fix_legacy",
    "format_date_vn",
    "format_vnd",
    "format_vnd_currency",
    "is_vietnamese_syllable",
    "legacy_to_unicode",
    "nfc",
    "number_to_words",
    "parse_date_vn",
    "person_sort_key",
    "person_sort_string",
    "search_key",
    "unicode_to_legacy",
    "vi_sort_key",
    "vi_sort_string",
]
