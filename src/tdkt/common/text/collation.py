"""Vietnamese alphabetical order (ICU/CLDR ``vi`` collation) without ICU.

Python's default string order puts "Đ" after "Z" and "Ă" after "Z", and treats tone marks as
different letters, so lists of names come out wrong. ICU's ``vi`` tailoring is:

* primary level: base letters a ă â b c d đ e ê (f) g h i (j) k l m n o ô ơ p q r s t u ư v (w)
  x y (z), case-insensitive; spaces < punctuation < digits < letters < other scripts;
* secondary level: the tones, level < huyền < hỏi < ngã < sắc < nặng;
* tertiary level: lower case before upper case.

Each level is compared over the whole string before the next one is looked at, so "Hà" sorts
before "Hải" (primary "ha" < "hai") although "à" > "a" in the secondary level.

:func:`vi_sort_string` packs the three levels into a plain ASCII string whose byte order is the
collation order; store it in an indexed ``CharField`` and ``ORDER BY`` it on SQLite or on a
PostgreSQL column with the "C" collation. Its length is about ``3 * len(s) + 2`` characters for
Vietnamese text (characters outside the Vietnamese/Latin alphabet take 5 characters per level).

Checked against PostgreSQL's "vi-VN-x-icu" on random strings of Vietnamese letters, digits,
spaces and punctuation. Known differences, irrelevant for names: a few rare letters (ŋ, ı) sort
after z, and compatibility characters (full-width letters, "²") tie with their plain forms.
"""

from __future__ import annotations

import unicodedata

from tdkt.common.text.normalize import nfc

__all__ = ["person_sort_key", "person_sort_string", "vi_sort_key", "vi_sort_string"]

SortKey = tuple[str, str, str, str]

# Every weight is written with these 62 characters, whose ASCII order is their index order.
_DIGITS62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
# Separators sort below every weight character, so a shorter level sorts first.
_LEVEL_SEPARATOR = "."
_FIELD_SEPARATOR = "!"

_LETTERS = (
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
)  # fmt: skip

# Primary weight slots (indexes into _DIGITS62). Tokens starting with a "lead" slot carry a
# fixed-width payload, so every token is prefix-free and tokens compare like their weights.
_SLOT_CONTROL = 0  # lead, then 1 character: tab, line feed, ... sort before the space
_SLOT_SPACE = 1
_SLOT_SYMBOL = 2  # lead, then a 4-character rank
_SLOT_DIGIT0 = 3  # 3..12 for 0..9
_SLOT_LETTER0 = _SLOT_DIGIT0 + 10
_SLOT_OTHER_LETTER = _SLOT_LETTER0 + len(_LETTERS)  # lead, then a 4-character code point

_LETTER_TOKEN = {letter: _DIGITS62[_SLOT_LETTER0 + i] for i, letter in enumerate(_LETTERS)}

# Latin letters without a Unicode decomposition that ICU sorts as a base letter plus a
# secondary difference (ð like d, ø like o) or as two letters (æ like ae, ß like ss).
# The second item is a stand-in diacritic giving the secondary difference.
_STROKE = "\u0335"
_EXPANSIONS: dict[str, tuple[str, str]] = {
    "ð": ("d", _STROKE),
    "ħ": ("h", _STROKE),
    "ł": ("l", _STROKE),
    "ø": ("o", "\u0338"),
    "ŧ": ("t", _STROKE),
    "æ": ("ae", _STROKE),
    "œ": ("oe", _STROKE),
    "ß": ("ss", _STROKE),
}

_CONTROL_SPACES = "\t\n\x0b\x0c\r"

# Punctuation and symbols in the order of ICU's root collation (read back from PostgreSQL's
# "vi-VN-x-icu"). Symbols not listed sort after these, by code point.
_SYMBOL_ORDER = (
    "_-\u2013\u2014,;:!\u00a1?\u00bf.\u00b7'\u2018\u2019\u2039\u203a\"\u201c\u201d"
    "\u00ab\u00bb()[]{}\u00a7\u00b6@*/\\&#%\u2030\u2020\u2021\u2022\u2032`\u00b4^"
    "\u00af\u00a8\u00b8\u00b0\u00a9\u00ae+\u00b1\u00f7\u00d7<=>\u00ac|\u00a6~\u00a4\u00a2$"
    "\u00a3\u00a5\u20ab\u20ac"
)
_SYMBOL_RANK = {c: i for i, c in enumerate(_SYMBOL_ORDER)}

# Marks that turn a base letter into another Vietnamese letter (a primary difference).
_MODIFIED_LETTER = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
# Secondary weights: "0" is the common weight of every element; tones follow in CLDR order.
_COMMON = "0"
_TONE_TOKEN = {
    "\u0300": "1",  # huyền
    "\u0309": "2",  # hỏi
    "\u0303": "3",  # ngã
    "\u0301": "4",  # sắc
    "\u0323": "5",  # nặng
}
_OTHER_MARK_LEAD = _DIGITS62[-1]  # other diacritics (ü, ç, ...) sort after the tones


def _rank4(n: int) -> str:
    """Fixed-width (4 digits, base 62) encoding: order-preserving for 0 <= n < 62**4."""
    out = []
    for _ in range(4):
        n, r = divmod(n, 62)
        out.append(_DIGITS62[r])
    return "".join(reversed(out))


def _primary_token(base: str) -> str | None:
    """Primary weight of a base character (already lower-cased); None if ignorable."""
    token = _LETTER_TOKEN.get(base)
    if token is not None:
        return token
    if base in _CONTROL_SPACES:
        return _DIGITS62[_SLOT_CONTROL] + _DIGITS62[_CONTROL_SPACES.index(base)]
    if base.isspace():
        return _DIGITS62[_SLOT_SPACE]
    category = unicodedata.category(base)
    if category == "Nd":
        return _DIGITS62[_SLOT_DIGIT0 + unicodedata.digit(base)]
    if category[0] == "L":
        return _DIGITS62[_SLOT_OTHER_LETTER] + _rank4(ord(base))
    if category[0] in "PSN":
        rank = _SYMBOL_RANK.get(base, len(_SYMBOL_ORDER) + ord(base))
        return _DIGITS62[_SLOT_SYMBOL] + _rank4(rank)
    return None  # control and format characters are ignored, as in ICU


def _decompose(s: str) -> str:
    """NFD, plus compatibility decomposition of letters, digits and spaces.

    ICU sorts "ª" like "a", "²" like "2", "…" like "...", a no-break space like a space and
    full-width letters like ASCII ones. Symbols such as "´" keep their own weight.
    """
    out = []
    for ch in unicodedata.normalize("NFD", s):
        if unicodedata.category(ch)[0] in "LNPZ":
            out.append(unicodedata.normalize("NFKD", ch))
        else:
            out.append(ch)
    return "".join(out)


def _expand(elements: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    """Replace letters such as "ø" and "ß" by the base letters ICU sorts them as."""
    out: list[tuple[str, list[str]]] = []
    for base, marks in elements:
        lower = base.lower()
        expansion = _EXPANSIONS.get(lower) if len(lower) == 1 else None
        if expansion is None:
            out.append((base, marks))
            continue
        letters, mark = expansion
        if base.isupper():
            letters = letters.upper()
        out.append((letters[0], [mark, *marks]))
        out.extend((letter, []) for letter in letters[1:])
    return out


def _levels(s: str) -> tuple[str, str, str]:
    """Return the primary, secondary and tertiary weight strings of ``s``."""
    primary: list[str] = []
    secondary: list[str] = []
    tertiary: list[str] = []
    elements: list[tuple[str, list[str]]] = []
    for ch in _decompose(s):
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Mc", "Me"):
            if elements:  # a mark with no base letter is ignored
                elements[-1][1].append(ch)
        else:
            elements.append((ch, []))
    for base, marks in _expand(elements):
        lower = base.lower()
        if len(lower) != 1:  # "İ".lower() is two code points; keep the letter as is
            lower = base
        for mark in marks:
            modified = _MODIFIED_LETTER.get((lower, mark))
            if modified is not None:
                lower = modified
                marks.remove(mark)
                break
        token = _primary_token(lower)
        if token is None:
            continue
        primary.append(token)
        secondary.append(_COMMON)
        for mark in marks:
            secondary.append(_TONE_TOKEN.get(mark) or _OTHER_MARK_LEAD + _rank4(ord(mark)))
        tertiary.append("1" if base.isupper() else "0")
    return "".join(primary), "".join(secondary), "".join(tertiary)


def vi_sort_key(s: str | None) -> SortKey:
    """Sort key reproducing ICU's ``vi`` order: ``sorted(names, key=vi_sort_key)``.

    The last element is the NFC text itself, a tie-breaker that makes the order total.
    """
    text = s or ""
    return (*_levels(text), unicodedata.normalize("NFC", text))


def vi_sort_string(s: str | None) -> str:
    """ASCII string whose plain byte order equals the Vietnamese collation order.

    Meant for a database column: ``ORDER BY`` on it sorts like ``vi_sort_key`` on SQLite and on
    PostgreSQL with ``COLLATE "C"``.
    """
    return _LEVEL_SEPARATOR.join(_levels(s or ""))


def _split_name(full_name: str | None, given_first: bool) -> list[str]:
    name = nfc(full_name)
    if not given_first or " " not in name:
        return [name]
    family_middle, given = name.rsplit(" ", 1)
    return [given, family_middle]


def person_sort_key(full_name: str | None, *, given_first: bool = True) -> tuple[SortKey, ...]:
    """Sort key for a Vietnamese full name.

    Vietnamese lists are ordered by the given name (the last word), then by family and middle
    name: "Nguyễn Văn An" sorts as ("An", "Nguyễn Văn"). With ``given_first=False`` the name is
    sorted as written.
    """
    return tuple(vi_sort_key(part) for part in _split_name(full_name, given_first))


def person_sort_string(full_name: str | None, *, given_first: bool = True) -> str:
    """Database-storable form of :func:`person_sort_key` (byte order = name order)."""
    return _FIELD_SEPARATOR.join(
        vi_sort_string(part) for part in _split_name(full_name, given_first)
    )
