"""Finding a TrueType font with every Vietnamese letter for the PDFs we draw ourselves.

No font file is shipped with the project: the fonts come from Debian packages, in this order of
preference (the first family whose regular face covers every Vietnamese letter wins):

1. Tinos (``fonts-croscore``): the metrics of Times New Roman, which Decree 30/2020 prescribes;
2. Liberation Serif (``fonts-liberation2`` or ``fonts-liberation``): LibreOffice's Times substitute;
3. DejaVu Serif (``fonts-dejavu-core``);
4. Noto Serif (``fonts-noto-core``).

``TDKT_PDF_FONT_DIRS`` (a setting, optional) adds directories searched before /usr/share/fonts,
for machines where the fonts live elsewhere.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

__all__ = [
    "VIETNAMESE_LETTERS",
    "FontFamily",
    "FontNotFoundError",
    "find_font_family",
    "missing_letters",
]

_BASE_VOWELS = "aăâeêioôơuưy"
# The five tone marks: huyền, hỏi, ngã, sắc, nặng.
_TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")


def _vietnamese_letters() -> str:
    lower = ["ă", "â", "đ", "ê", "ô", "ơ", "ư"]
    for vowel in _BASE_VOWELS:
        for tone in _TONES:
            lower.append(unicodedata.normalize("NFC", vowel + tone))
    letters = lower + [c.upper() for c in lower]
    return "".join(letters)


#: The 134 letters of Vietnamese outside ASCII (67 lower case, 67 upper case), precomposed (NFC).
VIETNAMESE_LETTERS = _vietnamese_letters()

FONT_ROOT = Path("/usr/share/fonts")


@dataclass(frozen=True)
class _Candidate:
    name: str
    package: str
    regular: tuple[str, ...]
    bold: tuple[str, ...]
    italic: tuple[str, ...]
    bold_italic: tuple[str, ...]


_CANDIDATES = (
    _Candidate(
        "Tinos",
        "fonts-croscore",
        ("truetype/croscore/Tinos-Regular.ttf",),
        ("truetype/croscore/Tinos-Bold.ttf",),
        ("truetype/croscore/Tinos-Italic.ttf",),
        ("truetype/croscore/Tinos-BoldItalic.ttf",),
    ),
    _Candidate(
        "Liberation Serif",
        "fonts-liberation2",
        (
            "truetype/liberation2/LiberationSerif-Regular.ttf",
            "truetype/liberation/LiberationSerif-Regular.ttf",
        ),
        (
            "truetype/liberation2/LiberationSerif-Bold.ttf",
            "truetype/liberation/LiberationSerif-Bold.ttf",
        ),
        (
            "truetype/liberation2/LiberationSerif-Italic.ttf",
            "truetype/liberation/LiberationSerif-Italic.ttf",
        ),
        (
            "truetype/liberation2/LiberationSerif-BoldItalic.ttf",
            "truetype/liberation/LiberationSerif-BoldItalic.ttf",
        ),
    ),
    _Candidate(
        "DejaVu Serif",
        "fonts-dejavu-core",
        ("truetype/dejavu/DejaVuSerif.ttf",),
        ("truetype/dejavu/DejaVuSerif-Bold.ttf",),
        ("truetype/dejavu/DejaVuSerif-Italic.ttf",),
        ("truetype/dejavu/DejaVuSerif-BoldItalic.ttf",),
    ),
    _Candidate(
        "Noto Serif",
        "fonts-noto-core",
        ("truetype/noto/NotoSerif-Regular.ttf",),
        ("truetype/noto/NotoSerif-Bold.ttf",),
        ("truetype/noto/NotoSerif-Italic.ttf",),
        ("truetype/noto/NotoSerif-BoldItalic.ttf",),
    ),
)


class FontNotFoundError(ImproperlyConfigured):
    """No usable font: the message says which Debian package to install."""


@dataclass(frozen=True)
class FontFamily:
    name: str
    package: str
    regular: Path
    bold: Path
    italic: Path | None = None
    bold_italic: Path | None = None


def _roots() -> list[Path]:
    extra = [Path(p) for p in getattr(settings, "TDKT_PDF_FONT_DIRS", []) or []]
    return [*extra, FONT_ROOT]


def _first_existing(relative: tuple[str, ...]) -> Path | None:
    for root in _roots():
        for rel in relative:
            for candidate in (root / rel, root / Path(rel).name):
                if candidate.is_file():
                    return candidate
    return None


@functools.lru_cache(maxsize=32)
def _cmap(path: str) -> frozenset[int]:
    try:
        from fontTools.ttLib import TTFont
    except ImportError:  # pragma: no cover - fpdf2 depends on fontTools
        return frozenset(ord(c) for c in VIETNAMESE_LETTERS)
    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def missing_letters(path: Path | str, letters: str = VIETNAMESE_LETTERS) -> str:
    """The letters of ``letters`` that the font at ``path`` has no glyph for ("" if none)."""
    cmap = _cmap(str(path))
    return "".join(c for c in letters if ord(c) not in cmap)


@functools.lru_cache(maxsize=1)
def _find() -> FontFamily | None:
    for cand in _CANDIDATES:
        regular = _first_existing(cand.regular)
        bold = _first_existing(cand.bold)
        if regular is None or bold is None:
            continue
        if missing_letters(regular) or missing_letters(bold):
            continue
        return FontFamily(
            name=cand.name,
            package=cand.package,
            regular=regular,
            bold=bold,
            italic=_first_existing(cand.italic),
            bold_italic=_first_existing(cand.bold_italic),
        )
    return None


def find_font_family() -> FontFamily:
    """The first installed font family with every Vietnamese letter, or FontNotFoundError."""
    family = _find()
    if family is None:
        _find.cache_clear()  # the administrator may install the package while we run
        raise FontNotFoundError(
            _(
                "Không tìm thấy phông chữ TrueType có đủ các chữ tiếng Việt để tạo tệp PDF. "
                "Hãy cài gói Debian fonts-croscore (lệnh: apt-get install fonts-croscore) "
                "hoặc một trong các gói fonts-liberation2, fonts-dejavu-core, fonts-noto-core."
            )
        )
    return family
