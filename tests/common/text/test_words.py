"""number_to_words() / amount_in_words(): Vietnamese readings for "Bằng chữ" lines."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tdkt.common.text.words import amount_in_words, number_to_words

READINGS = [
    (0, "không"),
    (1, "một"),
    (4, "bốn"),
    (5, "năm"),
    (9, "chín"),
    (10, "mười"),
    (11, "mười một"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (19, "mười chín"),
    (20, "hai mươi"),
    (21, "hai mươi mốt"),
    (24, "hai mươi bốn"),
    (25, "hai mươi lăm"),
    (55, "năm mươi lăm"),
    (99, "chín mươi chín"),
    (100, "một trăm"),
    (101, "một trăm linh một"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (111, "một trăm mười một"),
    (115, "một trăm mười lăm"),
    (121, "một trăm hai mươi mốt"),
    (999, "chín trăm chín mươi chín"),
    (1000, "một nghìn"),
    (1001, "một nghìn không trăm linh một"),
    (1010, "một nghìn không trăm mười"),
    (1015, "một nghìn không trăm mười lăm"),
    (1100, "một nghìn một trăm"),
    (2026, "hai nghìn không trăm hai mươi sáu"),
    (10005, "mười nghìn không trăm linh năm"),
    (15000, "mười lăm nghìn"),
    (21000, "hai mươi mốt nghìn"),
    (100000, "một trăm nghìn"),
    (105000, "một trăm linh năm nghìn"),
    (702000, "bảy trăm linh hai nghìn"),
    (1000000, "một triệu"),
    (1000005, "một triệu không trăm linh năm"),
    (1000010, "một triệu không trăm mười"),
    (1001000, "một triệu không trăm linh một nghìn"),
    (2005000, "hai triệu không trăm linh năm nghìn"),
    (2030000, "hai triệu không trăm ba mươi nghìn"),
    (2340000, "hai triệu ba trăm bốn mươi nghìn"),
    (10530000, "mười triệu năm trăm ba mươi nghìn"),
    (28080000, "hai mươi tám triệu không trăm tám mươi nghìn"),
    (122850000, "một trăm hai mươi hai triệu tám trăm năm mươi nghìn"),
    (1000000000, "một tỷ"),
    (1000000001, "một tỷ không trăm linh một"),
    (1001000000, "một tỷ không trăm linh một triệu"),
    (
        1234567890,
        "một tỷ hai trăm ba mươi bốn triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi",
    ),
    (5000000000, "năm tỷ"),
    (21000000000, "hai mươi mốt tỷ"),
    (100000000000, "một trăm tỷ"),
    (10**12, "một nghìn tỷ"),
    (10**12 + 5, "một nghìn tỷ không trăm linh năm"),
    (1_002_000_000_000, "một nghìn không trăm linh hai tỷ"),
    (1_000_001_000_000, "một nghìn tỷ không trăm linh một triệu"),
    (10**15, "một triệu tỷ"),
    (10**18, "một tỷ tỷ"),
    (-1, "âm một"),
    (-2005000, "âm hai triệu không trăm linh năm nghìn"),
]


@pytest.mark.parametrize(("number", "words"), READINGS)
def test_number_to_words(number: int, words: str) -> None:
    assert number_to_words(number) == words


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0, "Không đồng"),
        (15, "Mười lăm đồng"),
        (702000, "Bảy trăm linh hai nghìn đồng"),
        (2005000, "Hai triệu không trăm linh năm nghìn đồng"),
        (2030000, "Hai triệu không trăm ba mươi nghìn đồng"),
        (10530000, "Mười triệu năm trăm ba mươi nghìn đồng"),
        (1000000000, "Một tỷ đồng"),
        (-500000, "Âm năm trăm nghìn đồng"),
    ],
)
def test_amount_in_words(amount: int, text: str) -> None:
    assert amount_in_words(amount) == text


def test_amount_in_words_currency() -> None:
    assert amount_in_words(25, currency="USD") == "Hai mươi lăm USD"
    assert amount_in_words(25, currency="") == "Hai mươi lăm"


@pytest.mark.parametrize("bad", [1.5, 2.0, "12", Decimal(3), None, True])
def test_rejects_non_integers(bad: object) -> None:
    with pytest.raises(TypeError):
        number_to_words(bad)  # type: ignore[arg-type]


# --- An independent reader of the output, for the round-trip property ------------------------
DIGIT_WORDS = {
    "không": 0,
    "một": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "lăm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
}
SCALE_WORDS = {"nghìn": 10**3, "triệu": 10**6, "tỷ": 10**9}


def _read_group(tokens: list[str]) -> int:
    """Read 0..999 from words such as "không trăm linh năm" or "hai mươi mốt"."""
    assert tokens, "empty group"
    value = 0
    digit: int | None = None
    for token in tokens:
        if token in DIGIT_WORDS:
            assert digit is None, tokens
            digit = DIGIT_WORDS[token]
        elif token in ("trăm", "mươi"):
            assert digit is not None, tokens
            value += digit * (100 if token == "trăm" else 10)
            digit = None
        elif token == "mười":
            value += 10
        elif token == "linh":
            assert value % 100 == 0 and digit is None, tokens
        else:
            raise AssertionError(f"unexpected word {token!r} in {tokens!r}")
    return value + (digit or 0)


def _read(tokens: list[str]) -> int:
    """Split at the last "tỷ" (the left part counts billions and may itself contain "tỷ"),
    then at "triệu" and "nghìn", each used at most once below a billion."""
    if not tokens:
        return 0
    if "tỷ" in tokens:
        cut = len(tokens) - 1 - tokens[::-1].index("tỷ")
        high = _read(tokens[:cut])
        assert high > 0, tokens
        return high * 10**9 + _read(tokens[cut + 1 :])
    for scale in ("triệu", "nghìn"):
        if scale in tokens:
            cut = tokens.index(scale)
            return _read_group(tokens[:cut]) * SCALE_WORDS[scale] + _read(tokens[cut + 1 :])
    return _read_group(tokens)


def parse_vietnamese_number(text: str) -> int:
    """Read a Vietnamese number back (an independent reader of number_to_words' output)."""
    tokens = text.split(" ")
    if tokens[0] == "âm":
        return -_read(tokens[1:])
    return _read(tokens)


@pytest.mark.parametrize(("number", "words"), READINGS)
def test_parser_reads_the_table(number: int, words: str) -> None:
    assert parse_vietnamese_number(words) == number


ALLOWED_WORDS = set(DIGIT_WORDS) | set(SCALE_WORDS) | {"trăm", "mươi", "mười", "linh", "âm"}


# Numbers rich in zero digits and in the special units 1, 4, 5, which the readings treat
# differently ("linh", "mốt", "lăm", "không trăm").
zero_heavy = st.lists(st.sampled_from("0000001145"), min_size=1, max_size=12).map(
    lambda digits: int("".join(digits))
)


@settings(max_examples=500)
@given(st.one_of(st.integers(min_value=0, max_value=10**12), zero_heavy))
def test_round_trip_up_to_a_trillion(n: int) -> None:
    words = number_to_words(n)
    assert set(words.split(" ")) <= ALLOWED_WORDS - {"tư"}
    assert parse_vietnamese_number(words) == n


@given(st.integers(min_value=-(10**30), max_value=10**30))
def test_round_trip_any_size(n: int) -> None:
    assert parse_vietnamese_number(number_to_words(n)) == n


@given(st.integers(min_value=1, max_value=10**15))
def test_amount_in_words_is_capitalised_number(n: int) -> None:
    text = amount_in_words(n)
    assert text.endswith(" đồng")
    assert text[0].isupper()
    assert text[0].lower() + text[1:] == number_to_words(n) + " đồng"
