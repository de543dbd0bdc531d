"""Vietnamese collation: vi_sort_key / vi_sort_string against ICU's vi order."""

from __future__ import annotations

import random
import sqlite3
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tdkt.common.text.collation import (
    person_sort_key,
    person_sort_string,
    vi_sort_key,
    vi_sort_string,
)

# Hand-written, and identical to PostgreSQL's ORDER BY ... COLLATE "vi-VN-x-icu".
EXPECTED_ORDER = [
    "an",
    "An",
    "AN",  # case is only a tertiary difference: lower case first
    "Anh",
    "Ảnh",  # tones are secondary: level < huyền < hỏi < ngã < sắc < nặng
    "Ánh",
    "Ân",  # a < ă < â are different letters
    "Bình",
    "Dung",
    "Dũng",
    "Dương",  # u < ư
    "Đặng",  # d < đ
    "Đông",
    "Đức",
    "hà",
    "Hà",
    "HÀ",
    "Hạ",
    "Hà Nội",  # the whole string's letters decide before any tone: "ha" < "ha noi" < "hai"
    "Hải",
    "Hằng",
    "Hoa",
    "Hòa",
    "Hóa",
    "Long",
    "Oanh",
    "Ông",  # o < ô < ơ
    "Ơn",
    "Uyên",
    "Ưng",
    "Yến",
]


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def shuffled(items: list[str], seed: int = 2026) -> list[str]:
    out = list(items)
    random.Random(seed).shuffle(out)
    return out


def test_plain_python_sort_is_wrong() -> None:
    """Documents why the module exists."""
    assert sorted(["Đức", "Dương", "Ân", "Bình"]) == ["Bình", "Dương", "Ân", "Đức"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_vi_sort_key_order(seed: int) -> None:
    assert sorted(shuffled(EXPECTED_ORDER, seed), key=vi_sort_key) == EXPECTED_ORDER


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_vi_sort_string_order(seed: int) -> None:
    assert sorted(shuffled(EXPECTED_ORDER, seed), key=vi_sort_string) == EXPECTED_ORDER


def test_nfd_input_sorts_like_nfc() -> None:
    decomposed = [nfd(s) for s in shuffled(EXPECTED_ORDER)]
    result = sorted(decomposed, key=vi_sort_key)
    assert [unicodedata.normalize("NFC", s) for s in result] == EXPECTED_ORDER


@pytest.mark.parametrize(
    ("smaller", "larger"),
    [
        ("a", "ă"),
        ("ă", "â"),
        ("Ă", "Z"),  # code point order puts Ă after Z
        ("d", "đ"),
        ("đz", "e"),
        ("e", "ê"),
        ("o", "ô"),
        ("ô", "ơ"),
        ("u", "ư"),
        ("ưz", "v"),
        ("c", "d"),
        ("f", "g"),
        ("i", "j"),
        ("j", "k"),
        ("v", "w"),
        ("w", "x"),
        ("y", "z"),
        ("ha", "hà"),
        ("hà", "hả"),
        ("hả", "hã"),
        ("hã", "há"),
        ("há", "hạ"),
        ("hạ", "hai"),
        ("An Nguyễn", "Anh"),  # space sorts before letters
        ("Nguyễn An", "Nguyễn-An"),  # space < hyphen
        ("9", "a"),  # digits before letters
        ("", "a"),
        ("hoà", "hòa"),  # same letters and tone, the earlier tone position sorts last
    ],
)
def test_pairs(smaller: str, larger: str) -> None:
    assert vi_sort_key(smaller) < vi_sort_key(larger)
    assert vi_sort_string(smaller) < vi_sort_string(larger)


def test_sort_string_is_ascii() -> None:
    for name in EXPECTED_ORDER:
        vi_sort_string(name).encode("ascii")


def test_sqlite_order_by_sort_string() -> None:
    """The stored string sorts correctly with a database's plain binary collation."""
    con = sqlite3.connect(":memory:")
    con.execute("create table person (name text, sort_key text)")
    con.executemany(
        "insert into person values (?, ?)",
        [(name, vi_sort_string(name)) for name in shuffled(EXPECTED_ORDER)],
    )
    rows = con.execute("select name from person order by sort_key").fetchall()
    assert [name for (name,) in rows] == EXPECTED_ORDER


PEOPLE_BY_GIVEN_NAME = [
    "Lê Thị An",
    "Nguyễn Văn An",
    "Trần Văn An",
    "Lê Văn Anh",
    "Phạm Thị Ánh",
    "Trần Thị Ân",
    "Đặng Văn Bình",
    "Nguyễn Thị Hà",  # the given name decides first: Hà before Hạ whatever the family name
    "Lê Thị Hạ",
    "Trần Văn Hải",
    "Hồ Thị Xuân Hương",
]

PEOPLE_AS_WRITTEN = [
    "Đặng Văn Bình",
    "Hồ Thị Xuân Hương",
    "Lê Thị An",
    "Lê Thị Hạ",
    "Lê Văn Anh",
    "Nguyễn Thị Hà",
    "Nguyễn Văn An",
    "Phạm Thị Ánh",
    "Trần Thị Ân",
    "Trần Văn An",
    "Trần Văn Hải",
]


def test_person_sort_key_given_name_first() -> None:
    people = shuffled(PEOPLE_BY_GIVEN_NAME)
    assert sorted(people, key=person_sort_key) == PEOPLE_BY_GIVEN_NAME
    assert sorted(people, key=person_sort_string) == PEOPLE_BY_GIVEN_NAME


def test_person_sort_key_as_written() -> None:
    people = shuffled(PEOPLE_BY_GIVEN_NAME)
    assert sorted(people, key=lambda n: person_sort_key(n, given_first=False)) == PEOPLE_AS_WRITTEN
    assert (
        sorted(people, key=lambda n: person_sort_string(n, given_first=False)) == PEOPLE_AS_WRITTEN
    )


def test_person_sort_key_splits_on_last_word() -> None:
    assert person_sort_key("  Nguyễn   Văn An ") == (vi_sort_key("An"), vi_sort_key("Nguyễn Văn"))
    assert person_sort_key("An") == (vi_sort_key("An"),)
    assert person_sort_key("Nguyễn Văn An", given_first=False) == (vi_sort_key("Nguyễn Văn An"),)
    assert person_sort_key(None) == (vi_sort_key(""),)


def test_sqlite_order_by_person_sort_string() -> None:
    con = sqlite3.connect(":memory:")
    con.execute("create table person (name text, sort_key text)")
    con.executemany(
        "insert into person values (?, ?)",
        [(name, person_sort_string(name)) for name in shuffled(PEOPLE_BY_GIVEN_NAME)],
    )
    rows = con.execute("select name from person order by sort_key").fetchall()
    assert [name for (name,) in rows] == PEOPLE_BY_GIVEN_NAME


_VI_LETTERS = [
    unicodedata.normalize("NFC", v + t)
    for v in "aăâeêioôơuưy"
    for t in ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
] + list("bcdđghklmnpqrstvxfjwz")
_ALPHABET = _VI_LETTERS + [c.upper() for c in _VI_LETTERS] + list(" -'.,0123456789")
vi_text = st.lists(st.sampled_from(_ALPHABET), max_size=8).map("".join)


def _sign(a: object, b: object) -> int:
    return (a > b) - (a < b)  # type: ignore[operator]


@given(vi_text, vi_text)
def test_sort_string_agrees_with_sort_key(a: str, b: str) -> None:
    assert _sign(vi_sort_string(a), vi_sort_string(b)) == _sign(
        vi_sort_key(a)[:3], vi_sort_key(b)[:3]
    )


@given(st.text(), st.text())
def test_sort_string_agrees_with_sort_key_on_any_text(a: str, b: str) -> None:
    sa, sb = vi_sort_string(a), vi_sort_string(b)
    sa.encode("ascii")
    assert _sign(sa, sb) == _sign(vi_sort_key(a)[:3], vi_sort_key(b)[:3])


@given(st.text())
def test_normal_form_does_not_change_the_key(text: str) -> None:
    assert vi_sort_string(nfd(text)) == vi_sort_string(unicodedata.normalize("NFC", text))


def test_matches_postgresql_icu_collation() -> None:
    """Random strings sort the same as PostgreSQL's "vi-VN-x-icu" (skipped without it)."""
    psycopg = pytest.importorskip("psycopg")
    rng = random.Random(7)
    words = ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 6))) for _ in range(800)]
    words += [nfd(w) for w in words[:100]] + EXPECTED_ORDER
    try:
        with psycopg.connect("host=127.0.0.1 user=postgres dbname=test", connect_timeout=2) as conn:
            cur = conn.cursor()
            cur.execute("create temp table words (i int, s text)")
            cur.executemany("insert into words values (%s, %s)", list(enumerate(words)))
            cur.execute('select i from words order by s collate "vi-VN-x-icu", i')
            order = [words[i] for (i,) in cur.fetchall()]
    except psycopg.Error as exc:  # no server here, or one without ICU
        pytest.skip(f"no PostgreSQL with the vi-VN-x-icu collation: {exc}")
    keys = [vi_sort_string(w) for w in order]
    assert keys == sorted(keys)
