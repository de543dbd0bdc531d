"""Accent-insensitive search keys for Vietnamese text.

Users type names with or without diacritics ("Nguyen Thi Hang" for "Nguyễn Thị Hằng"), in
either Unicode form, in any case. Storing ``search_key(name)`` next to the name lets a plain
``LIKE``/``icontains`` on that column find all of them on any database.
"""

from __future__ import annotations

import unicodedata

__all__ = ["search_key"]

# Đ/đ has no Unicode decomposition, so NFD does not strip its bar. The Icelandic eth (Ð/ð)
# and the African D (Ɖ/ɖ) are frequently typed in place of Đ, so they fold to "d" as well.
_D_FOLD = str.maketrans({"Đ": "d", "đ": "d", "Ð": "d", "ð": "d", "Ɖ": "d", "ɖ": "d"})


def search_key(s: str | None) -> str:
    """Return a lower-case, diacritic-free key: "Đặng Ưng Đức" -> "dang ung duc".

    Steps: NFD, drop combining marks, fold đ to d, lower-case, collapse whitespace.
    """
    if not s:
        return ""
    decomposed = unicodedata.normalize("NFD", s)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.translate(_D_FOLD).lower().split())
