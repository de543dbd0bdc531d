"""Convert text typed with legacy Vietnamese fonts (TCVN3/ABC, VNI-Windows) to Unicode.

Older Word and Excel files were typed with ".VnTime" (TCVN3) or "VNI-Times" (VNI) fonts that
draw Vietnamese letters in place of Western-European characters. Read as Unicode, "Nguyễn Văn
An" comes out as "NguyÔn V¨n An" (TCVN3) or "Nguyeãn Vaên An" (VNI).

* TCVN3 uses one byte per letter. It only has lower-case toned letters; upper-case ones are
  drawn with the same bytes in an all-capitals font (".VnTimeH"), so their case is restored
  from the surrounding letters (see :func:`legacy_to_unicode`).
* VNI writes a base letter followed by one diacritic character ("aâ" = "â", "eã" = "ẽ"), except
  for ơ ư đ and the toned i/ỵ which are single characters; it is decoded by longest match.

Detection (:func:`detect_legacy`) is heuristic: text is called legacy only if it holds nothing
outside Windows-1252, and if its words with non-ASCII characters are not Vietnamese syllables
as they stand but become valid syllables once converted.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

__all__ = [
    "detect_legacy",
    "fix_legacy",
    "is_vietnamese_syllable",
    "legacy_to_unicode",
    "unicode_to_legacy",
]

LegacyEncoding = Literal["tcvn3", "vni"]
ENCODINGS: tuple[LegacyEncoding, ...] = ("tcvn3", "vni")

_HUYEN, _HOI, _NGA, _SAC, _NANG = "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"
# Order matters: it is the order of the TCVN3 code points for each vowel.
_TONES = (_HUYEN, _HOI, _NGA, _SAC, _NANG)
_VOWELS = "aăâeêioôơuưy"


def _letter(vowel: str, tone: str = "") -> str:
    return unicodedata.normalize("NFC", vowel + tone)


# --- TCVN3 (TCVN 5712:1993, VN3) --------------------------------------------------------------
# Codes of the five toned forms of each lower-case vowel, in the order of _TONES.
_TCVN3_TONED = {
    "a": "\u00b5\u00b6\u00b7\u00b8\u00b9",  # µ ¶ · ¸ ¹
    "ă": "\u00bb\u00bc\u00bd\u00be\u00c6",  # » ¼ ½ ¾ Æ
    "â": "\u00c7\u00c8\u00c9\u00ca\u00cb",  # Ç È É Ê Ë
    "e": "\u00cc\u00ce\u00cf\u00d0\u00d1",  # Ì Î Ï Ð Ñ
    "ê": "\u00d2\u00d3\u00d4\u00d5\u00d6",  # Ò Ó Ô Õ Ö
    "i": "\u00d7\u00d8\u00dc\u00dd\u00de",  # × Ø Ü Ý Þ
    "o": "\u00df\u00e1\u00e2\u00e3\u00e4",  # ß á â ã ä
    "ô": "\u00e5\u00e6\u00e7\u00e8\u00e9",  # å æ ç è é
    "ơ": "\u00ea\u00eb\u00ec\u00ed\u00ee",  # ê ë ì í î
    "u": "\u00ef\u00f1\u00f2\u00f3\u00f4",  # ï ñ ò ó ô
    "ư": "\u00f5\u00f6\u00f7\u00f8\u00f9",  # õ ö ÷ ø ù
    "y": "\u00fa\u00fb\u00fc\u00fd\u00fe",  # ú û ü ý þ
}
# Untoned letters outside ASCII: lower case ¨ © ª « ¬ (soft hyphen) ®, upper case ¡ ¢ £ ¤ ¥ ¦ §.
_TCVN3_PLAIN = dict(zip("ăâêôơưđ", "\u00a8\u00a9\u00aa\u00ab\u00ac\u00ad\u00ae", strict=True))
_TCVN3_PLAIN_UPPER = dict(zip("ĂÂÊÔƠƯĐ", "\u00a1\u00a2\u00a3\u00a4\u00a5\u00a6\u00a7", strict=True))


def _build_tcvn3() -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    """Return (unicode -> code, code -> unicode, codes whose case is unknown)."""
    encode: dict[str, str] = {}
    for vowel, codes in _TCVN3_TONED.items():
        for tone, code in zip(_TONES, codes, strict=True):
            letter = _letter(vowel, tone)
            encode[letter] = code
            encode[letter.upper()] = code  # no upper-case toned letters in TCVN3
    encode.update(_TCVN3_PLAIN)
    encode.update(_TCVN3_PLAIN_UPPER)
    decode = {code: letter for letter, code in encode.items() if letter.islower()}
    decode.update({code: letter for letter, code in _TCVN3_PLAIN_UPPER.items()})
    ambiguous = frozenset("".join(_TCVN3_TONED.values()))
    return encode, decode, ambiguous


_TCVN3_ENCODE, _TCVN3_DECODE, _TCVN3_CASELESS = _build_tcvn3()

# --- VNI-Windows ------------------------------------------------------------------------------
_VNI_TONE = {"": "", _HUYEN: "ø", _HOI: "û", _NGA: "õ", _SAC: "ù", _NANG: "ï"}
_VNI_CIRCUMFLEX = {"": "â", _HUYEN: "à", _HOI: "å", _NGA: "ã", _SAC: "á", _NANG: "ä"}
_VNI_BREVE = {"": "ê", _HUYEN: "è", _HOI: "ú", _NGA: "ü", _SAC: "é", _NANG: "ë"}
_VNI_I = {"": "i", _HUYEN: "ì", _HOI: "æ", _NGA: "ó", _SAC: "í", _NANG: "ò"}


def _vni_lower(vowel: str, tone: str) -> str:
    """VNI spelling of a lower-case vowel with a tone (upper case is its ``.upper()``)."""
    if vowel == "i":
        return _VNI_I[tone]
    if vowel == "y" and tone == _NANG:
        return "î"
    if vowel in "âêô":
        return {"â": "a", "ê": "e", "ô": "o"}[vowel] + _VNI_CIRCUMFLEX[tone]
    if vowel == "ă":
        return "a" + _VNI_BREVE[tone]
    if vowel == "ơ":
        return "ô" + _VNI_TONE[tone]
    if vowel == "ư":
        return "ö" + _VNI_TONE[tone]
    return vowel + _VNI_TONE[tone]


def _build_vni() -> tuple[dict[str, str], dict[str, str]]:
    """Return (unicode -> VNI sequence, VNI sequence -> unicode)."""
    encode: dict[str, str] = {"đ": "ñ", "Đ": "Ñ"}
    for vowel in _VOWELS:
        for tone in ("", *_TONES):
            letter = _letter(vowel, tone)
            if letter.isascii():
                continue
            sequence = _vni_lower(vowel, tone)
            encode[letter] = sequence
            encode[letter.upper()] = sequence.upper()
    decode = {sequence: letter for letter, sequence in encode.items()}
    # A mark typed in the other case than its base letter still belongs to it.
    for letter, sequence in list(encode.items()):
        if len(sequence) == 2:
            decode.setdefault(sequence[0] + sequence[1].swapcase(), letter)
    return encode, decode


_VNI_ENCODE, _VNI_DECODE = _build_vni()

# --- Conversion -------------------------------------------------------------------------------


def _check_encoding(encoding: str) -> LegacyEncoding:
    name = encoding.lower().replace("-", "").replace("_", "")
    if name in ("tcvn3", "abc", "tcvn"):
        return "tcvn3"
    if name in ("vni", "vniwindows"):
        return "vni"
    raise ValueError(f"Bảng mã không được hỗ trợ: {encoding!r} (chỉ có 'tcvn3' và 'vni')")


def unicode_to_legacy(s: str, encoding: str) -> str:
    """Encode Unicode text with a legacy font encoding (for old templates and for tests)."""
    table = _TCVN3_ENCODE if _check_encoding(encoding) == "tcvn3" else _VNI_ENCODE
    return "".join(table.get(ch, ch) for ch in unicodedata.normalize("NFC", s))


def _decode_vni(s: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(s):
        pair = _VNI_DECODE.get(s[i : i + 2]) if i + 1 < len(s) else None
        if pair is not None:
            out.append(pair)
            i += 2
        else:
            out.append(_VNI_DECODE.get(s[i], s[i]))
            i += 1
    return "".join(out)


_LINE = re.compile(r"[^\n]+")
_ALPHA_RUN = re.compile(r"[^\W\d_]+")


def _decode_tcvn3(s: str) -> str:
    """Decode TCVN3, then give toned letters the case of their context.

    A toned letter is upper-cased when the other letters of its word are capitals ("NGUYÔN" ->
    "NGUYỄN"), or, for words with fewer than two other letters, when the letters after the
    first of each word are all capitals ("Hå CHÝ MINH" -> "HỒ CHÍ MINH"; "SÜ Hµ" is read as
    "Sĩ Hà"). A word starting with a toned letter is capitalised when every other word of the
    line starts with a capital ("NguyÔn ThÞ ¸nh" -> "Nguyễn Thị Ánh").
    """
    chars = [_TCVN3_DECODE.get(ch, ch) for ch in s]
    caseless = [ch in _TCVN3_CASELESS for ch in s]
    decoded = "".join(chars)
    for line in _LINE.finditer(decoded):
        words = [w.span() for w in _ALPHA_RUN.finditer(decoded, line.start(), line.end())]
        # Letters after the first of their word tell capitals from capitalised words.
        inner = [chars[i] for a, b in words for i in range(a + 1, b) if not caseless[i]]
        line_caps = bool(inner) and all(ch.isupper() for ch in inner)
        initials = [chars[a] for a, _ in words if not caseless[a]]
        line_title = bool(initials) and all(ch.isupper() for ch in initials)
        for start, end in words:
            known_in_word = [chars[i] for i in range(start, end) if not caseless[i]]
            if len(known_in_word) >= 2:
                caps = all(ch.isupper() for ch in known_in_word)
            elif known_in_word and known_in_word[0].islower():
                caps = False
            else:
                caps = line_caps
            for i in range(start, end):
                if caseless[i] and (caps or (i == start and line_title)):
                    chars[i] = chars[i].upper()
    return "".join(chars)


def legacy_to_unicode(s: str, encoding: str) -> str:
    """Convert text typed in a legacy font (``"tcvn3"`` or ``"vni"``) to NFC Unicode."""
    if _check_encoding(encoding) == "tcvn3":
        return _decode_tcvn3(s)
    return _decode_vni(s)


# --- Detection --------------------------------------------------------------------------------
_ONSETS = (
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "q", "qu", "r", "s", "t", "th", "tr", "v", "x",
)  # fmt: skip
# Vowel nuclei (with their glides) and the finals that may follow them. The loanword rhymes
# "oong"/"ooc" (xoong, boong) are left out on purpose: with them the TCVN3 reading of the VNI
# "coäng" (cộng) would be a valid "coọng".
_NUCLEI = {
    "a": ("", "c", "ch", "i", "m", "n", "ng", "nh", "o", "p", "t", "u", "y"),
    "ă": ("c", "m", "n", "ng", "p", "t"),
    "â": ("c", "m", "n", "ng", "p", "t", "u", "y"),
    "e": ("", "c", "ch", "m", "n", "ng", "nh", "o", "p", "t"),
    "ê": ("", "c", "ch", "m", "n", "nh", "p", "t", "u"),
    "i": ("", "a", "c", "ch", "m", "n", "nh", "p", "t", "u"),
    "iê": ("", "c", "m", "n", "ng", "p", "t", "u"),
    "o": ("", "c", "i", "m", "n", "ng", "p", "t"),
    "ô": ("", "c", "i", "m", "n", "ng", "p", "t"),
    "ơ": ("", "c", "i", "m", "n", "p", "t"),
    "u": ("", "a", "c", "i", "m", "n", "ng", "p", "t"),
    "uô": ("c", "i", "m", "n", "ng", "t"),
    "ư": ("", "a", "c", "i", "m", "n", "ng", "t", "u"),
    "ươ": ("c", "i", "m", "n", "ng", "p", "t", "u"),
    "y": ("",),
    "yê": ("m", "n", "t", "u"),
    "oa": ("", "c", "ch", "i", "m", "n", "ng", "nh", "o", "p", "t", "y"),
    "oă": ("c", "m", "n", "ng", "t"),
    "oe": ("", "c", "n", "o", "t"),
    "uâ": ("n", "ng", "t", "y"),
    "uê": ("", "ch", "n", "nh", "u"),
    "uơ": ("",),
    "uy": ("", "a", "ch", "n", "nh", "p", "t", "u"),
    "uyê": ("n", "t"),
}


def _tone_positions(nucleus: str, final: str) -> frozenset[int]:
    """Letters of the rhyme that may carry the tone mark.

    The tone sits on the main vowel: never on a glide final ("hài", not "haì"); on the second
    vowel of a two-vowel nucleus ("toán", "người"), except that open "oa", "oe", "uy" allow
    both the old and the new placement ("hoà"/"hòa", "thuỷ"/"thủy").
    """
    if len(nucleus) == 1:
        return frozenset({0})
    if not final and nucleus in ("oa", "oe", "uy"):
        return frozenset({0, 1})
    return frozenset({len(nucleus) - 1})


def _build_rhymes() -> dict[str, frozenset[int]]:
    rhymes: dict[str, frozenset[int]] = {}
    for nucleus, finals in _NUCLEI.items():
        for final in finals:
            positions = _tone_positions(nucleus, final)
            rhymes[nucleus + final] = rhymes.get(nucleus + final, frozenset()) | positions
    return rhymes


_RHYMES = _build_rhymes()
_STOP_FINALS = ("c", "ch", "p", "t")
_TONE_MARKS = frozenset(_TONES)


# Spelling rules: k, gh, ngh only before front vowels; c, ng (and g before e/ê) never; q with u.
_FRONT = "ieêy"
_ONSET_ALLOWS = {
    "k": lambda rhyme: rhyme[0] in _FRONT,
    "gh": lambda rhyme: rhyme[0] in _FRONT,
    "ngh": lambda rhyme: rhyme[0] in _FRONT,
    "c": lambda rhyme: rhyme[0] not in _FRONT,
    "ng": lambda rhyme: rhyme[0] not in _FRONT,
    "g": lambda rhyme: rhyme[0] not in "eê",
    "q": lambda rhyme: rhyme[0] == "u",
    "qu": lambda rhyme: rhyme[0] != "u",
}
_PLAIN_VOWELS = frozenset("aeiouy")


def _split_tone(word: str) -> tuple[str, list[tuple[str, int]]] | None:
    """Return (word without tone, [(tone mark, index of its letter)]), or None if a tone mark
    is not on a vowel."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    base: list[str] = []
    tones: list[tuple[str, int]] = []
    letters = 0
    last_letter = ""
    for ch in decomposed:
        if ch in _TONE_MARKS:
            if last_letter not in _PLAIN_VOWELS:
                return None  # e.g. the tilde of "ñ"
            tones.append((ch, letters - 1))
            continue
        if not unicodedata.combining(ch):
            last_letter = ch
            letters += 1
        base.append(ch)
    return unicodedata.normalize("NFC", "".join(base)), tones


def is_vietnamese_syllable(word: str) -> bool:
    """True if ``word`` is spelled like a Vietnamese syllable (any case, NFC or NFD).

    Checks onset + rhyme against the inventory above and the spelling rules, one tone mark at
    most and on the main vowel, and only the sắc or nặng tone on syllables ending in c, ch, p
    or t.
    """
    split = _split_tone(word)
    if split is None:
        return False
    base, tones = split
    if len(tones) > 1:
        return False
    tone, tone_index = tones[0] if tones else ("", -1)
    for onset in _ONSETS:
        if not base.startswith(onset):
            continue
        rhyme = base[len(onset) :]
        positions = _RHYMES.get(rhyme)
        if positions is None:
            continue
        allows = _ONSET_ALLOWS.get(onset)
        if allows is not None and not allows(rhyme):
            continue
        if rhyme.endswith(_STOP_FINALS) and tone not in (_SAC, _NANG):
            continue
        if tone and tone_index - len(onset) not in positions:
            continue
        return True
    return False


# Characters a legacy-font text can contain: ASCII, Latin-1 and the extra Windows-1252 ones
# (typographic quotes and dashes that Word substitutes as you type).
_CP1252_EXTRA = frozenset(bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore"))
_WORD = re.compile(r"[A-Za-z\u00a1-\u00ff]+")


def _plausible(word: str) -> bool:
    """A Vietnamese syllable in lower case, upper case or capitalised ("tÕ" is not: the
    capital-looking letters of TCVN3 are lower-case Vietnamese letters)."""
    natural_case = word in (word.lower(), word.upper(), word.capitalize())
    return natural_case and is_vietnamese_syllable(word)


def _score(s: str, encoding: LegacyEncoding) -> tuple[int, int]:
    """Count, over the words with non-ASCII letters, those that are Vietnamese only once
    converted (evidence) and those that are not Vietnamese once converted (contradictions)."""
    evidence = contradictions = 0
    for match in _WORD.finditer(s):
        word = match.group()
        if word.isascii() or (len(word) == 1 and not word.isalpha()):
            continue  # a lone "§" or "·" is more likely a symbol
        if not _plausible(legacy_to_unicode(word, encoding)):
            contradictions += 1
        elif not _plausible(word):
            evidence += 1
    return evidence, contradictions


def detect_legacy(s: str | None) -> LegacyEncoding | None:
    """Return ``"tcvn3"`` or ``"vni"`` if ``s`` looks typed in that legacy font, else None.

    At least one word must become a Vietnamese syllable only after conversion, and at least
    80 % of the non-ASCII words must be syllables after conversion (a foreign name may remain).
    When both encodings fit equally well (short texts such as "sö", which is "sư" in VNI and
    "sử" in TCVN3) the answer is None: detect on as much text as possible, e.g. a whole column.
    """
    if not s or s.isascii():
        return None
    if any(ord(ch) > 0xFF and ch not in _CP1252_EXTRA for ch in s):
        return None  # real Unicode text: "ế", "ư", combining marks, other scripts...
    best: LegacyEncoding | None = None
    best_score = (0, 0)
    tie = False
    for encoding in ENCODINGS:
        evidence, contradictions = _score(s, encoding)
        if evidence == 0 or evidence < 4 * contradictions:
            continue
        score = (evidence - contradictions, evidence)
        if score > best_score:
            best, best_score, tie = encoding, score, False
        elif score == best_score:
            tie = True
    return None if tie else best


def fix_legacy(s: str) -> tuple[str, LegacyEncoding | None]:
    """Convert ``s`` if it is legacy-font text: returns (text, detected encoding or None)."""
    encoding = detect_legacy(s)
    if encoding is None:
        return s, None
    return legacy_to_unicode(s, encoding), encoding
