"""Unicode normalisation and tidy-up of Vietnamese names.

Vietnamese text arrives in two Unicode forms: precomposed (NFC, what keyboards on Windows
produce) and decomposed (NFD, pasted from some macOS apps and PDFs). The two look the same but
compare unequal and render with detached tone marks in PDFs, so every input is folded to NFC.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean_name", "nfc"]

# Invisible characters that sneak in from Word/Excel (BOM, zero-width space, word joiner).
# The soft hyphen U+00AD is deliberately kept: in TCVN3 legacy text it is the letter "ư".
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff"), None)

# Name parts are split on hyphens and apostrophes so that "h'hen niê" -> "H'Hen Niê" and
# "y-moan" -> "Y-Moan" (Tây Nguyên names), while the separators themselves are kept.
_NAME_PART_SEPARATOR = re.compile(r"([-'\u2019])")


def nfc(s: str | None) -> str:
    """Return ``s`` in NFC, stripped, with every run of whitespace collapsed to one space.

    ``None`` becomes ``""`` so form and import code can call it on optional values.
    """
    if s is None:
        return ""
    text = unicodedata.normalize("NFC", s).translate(_INVISIBLE)
    return " ".join(text.split())


def _capitalise(part: str) -> str:
    """Upper-case the first letter and lower-case the rest (NFC input, so one code point)."""
    return part[:1].upper() + part[1:].lower()


def clean_name(s: str | None) -> str:
    """Normalise a person's or place's name: NFC, single spaces, each word capitalised.

    Parts after a hyphen or apostrophe are capitalised too ("H'Hen", "Y-Moan"). ``str.title()``
    is not used: on NFD text it treats a combining mark as the end of a word ("NguyễN").
    """
    words = nfc(s).split(" ")
    return " ".join(
        "".join(_capitalise(p) for p in _NAME_PART_SEPARATOR.split(word)) for word in words
    )
