"""Legacy Vietnamese font encodings (TCVN3/ABC and VNI-Windows) to Unicode."""

from __future__ import annotations

import random
import unicodedata

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tdkt.common.text.legacy import (
    detect_legacy,
    fix_legacy,
    is_vietnamese_syllable,
    legacy_to_unicode,
    unicode_to_legacy,
)

ENCODINGS = ("tcvn3", "vni")
TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")


def _all_vietnamese_letters() -> list[str]:
    """The 134 letters outside ASCII: 60 toned vowels and ă â ê ô ơ ư đ, in both cases."""
    lower = {unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưy" for t in TONES}
    lower = {c for c in lower if not c.isascii()} | {"đ"}
    return sorted(lower | {c.upper() for c in lower})


VIETNAMESE_LETTERS = _all_vietnamese_letters()


def test_there_are_134_letters() -> None:
    assert len(VIETNAMESE_LETTERS) == 134
    assert all(len(c) == 1 for c in VIETNAMESE_LETTERS)


# --- Conversion ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [
        ("NguyÔn V¨n An", "Nguyễn Văn An"),
        ("TrÇn ThÞ B×nh", "Trần Thị Bình"),
        ("§Æng", "Đặng"),
        ("Hµ Néi", "Hà Nội"),
        ("§Æng ¦ng §øc", "Đặng Ưng Đức"),
        ("QuyÕt ®Þnh khen th\u00adëng", "Quyết định khen thưởng"),
        ("Ph\u00ad¬ng", "Phương"),
        ("Tr\u00adêng", "Trường"),
        ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
        ("Ngµy 20 th¸ng 01 n¨m 2026", "Ngày 20 tháng 01 năm 2026"),
        ("¡n ¢u £m ¤ng ¥n ¦ng", "Ăn Âu Êm Ông Ơn Ưng"),
        # Upper-case toned letters only exist in the all-capitals font: case from context.
        ("NGUYÔN V¡N AN", "NGUYỄN VĂN AN"),
        ("CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("Hå CHÝ MINH", "HỒ CHÍ MINH"),
        ("NguyÔn ThÞ ¸nh", "Nguyễn Thị Ánh"),
        ("T«i lµ ¸nh", "Tôi là ánh"),
        ("Hå", "Hồ"),
        ("Email: abc@example.com", "Email: abc@example.com"),
    ],
)
def test_tcvn3_to_unicode(legacy: str, unicode: str) -> None:
    assert legacy_to_unicode(legacy, "tcvn3") == unicode


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [
        ("Nguyeãn Vaên An", "Nguyễn Văn An"),
        ("Traàn Thò Bình", "Trần Thị Bình"),
        ("Ñaëng", "Đặng"),
        ("Haø Noäi", "Hà Nội"),
        ("Ñaëng Öng Ñöùc", "Đặng Ưng Đức"),
        ("Quyeát ñònh khen thöôûng", "Quyết định khen thưởng"),
        ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
        ("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("Huyønh Kyø Tuyù Phöôïng", "Huỳnh Kỳ Tuý Phượng"),
        ("Nguyễn", "Nguyễn"),  # Unicode letters pass through
    ],
)
def test_vni_to_unicode(legacy: str, unicode: str) -> None:
    assert legacy_to_unicode(legacy, "vni") == unicode


@pytest.mark.parametrize(
    ("letter", "tcvn3", "vni"),
    [
        ("à", "µ", "aø"),
        ("ả", "¶", "aû"),
        ("ã", "·", "aõ"),
        ("á", "¸", "aù"),
        ("ạ", "¹", "aï"),
        ("ặ", "Æ", "aë"),
        ("ấ", "Ê", "aá"),
        ("ế", "Õ", "eá"),
        ("ị", "Þ", "ò"),
        ("ĩ", "Ü", "ó"),
        ("ỉ", "Ø", "æ"),
        ("ợ", "î", "ôï"),
        ("ư", "\u00ad", "ö"),
        ("ữ", "÷", "öõ"),
        ("ỵ", "þ", "î"),
        ("đ", "®", "ñ"),
        ("Đ", "§", "Ñ"),
        ("Ă", "¡", "AÊ"),
        ("Â", "¢", "AÂ"),
        ("Ê", "£", "EÂ"),
        ("Ô", "¤", "OÂ"),
        ("Ơ", "¥", "Ô"),
        ("Ư", "¦", "Ö"),
        ("Ặ", "Æ", "AË"),  # TCVN3 has no upper-case toned letters
        ("Ỵ", "þ", "Î"),
    ],
)
def test_known_codes(letter: str, tcvn3: str, vni: str) -> None:
    assert unicode_to_legacy(letter, "tcvn3") == tcvn3
    assert unicode_to_legacy(letter, "vni") == vni


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("letter", VIETNAMESE_LETTERS)
def test_every_letter_round_trips(encoding: str, letter: str) -> None:
    # Between two letters of the same case, so TCVN3 can tell the case of toned letters.
    word = f"n{letter}n" if letter.islower() else f"N{letter}N"
    legacy = unicode_to_legacy(word, encoding)
    assert all(ord(c) <= 0xFF for c in legacy)
    assert legacy_to_unicode(legacy, encoding) == word


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_codes_are_distinct(encoding: str) -> None:
    lower = [c for c in VIETNAMESE_LETTERS if c.islower()]
    codes = {unicode_to_legacy(c, encoding) for c in lower}
    assert len(codes) == len(lower)


def test_vni_single_letters_round_trip_without_context() -> None:
    for letter in VIETNAMESE_LETTERS:
        assert legacy_to_unicode(unicode_to_legacy(letter, "vni"), "vni") == letter


def test_vni_mark_in_other_case() -> None:
    assert legacy_to_unicode("NGUYEãN", "vni") == "NGUYỄN"
    assert legacy_to_unicode("nguyeÃn", "vni") == "nguyễn"


def test_nfd_input_is_encoded() -> None:
    text = unicodedata.normalize("NFD", "Nguyễn Văn An")
    assert unicode_to_legacy(text, "tcvn3") == "NguyÔn V¨n An"
    assert unicode_to_legacy(text, "vni") == "Nguyeãn Vaên An"


@pytest.mark.parametrize("encoding", ["VNI-Windows", "TCVN3", "abc", "vni"])
def test_encoding_aliases(encoding: str) -> None:
    assert legacy_to_unicode("abc", encoding) == "abc"


def test_unknown_encoding() -> None:
    with pytest.raises(ValueError, match="Bảng mã không được hỗ trợ"):
        legacy_to_unicode("abc", "viqr")


# --- Syllables ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "word",
    [
        "Nguyễn", "Trần", "Thị", "Bình", "Đặng", "Ưng", "Đức", "Hà", "Nội", "quốc", "Quỳnh",
        "khuya", "khuỷu", "nghiêng", "người", "giường", "gì", "Huỳnh", "Thuỷ", "Thủy", "khuynh",
        "uyên", "yêu", "ước", "ích", "NGHĨA", "hoà", "Hòa", "oẳn", "thuở", "Niê", "luật",
        "bệnh", "kênh", "ngoài", "khuấy", "rượu", "hiếu", "yếu", "ngoẹo", "kỹ", "ghế", "ở",
    ],
)  # fmt: skip
def test_valid_syllables(word: str) -> None:
    assert is_vietnamese_syllable(word)
    assert is_vietnamese_syllable(unicodedata.normalize("NFD", word))


@pytest.mark.parametrize(
    "word",
    [
        "NguyÔn", "Nguyeãn", "Vaên", "Müller", "José", "café", "Straße", "ac", "àc", "bànhs",
        "hoàà", "Mỹller", "xyz", "", "Ksor", "ng", "ơnh", "quan1", "ñua", "haì", "tóan",
        "nghóa", "ka", "ghă", "cem", "qoan", "leõ",
    ],
)  # fmt: skip
def test_invalid_syllables(word: str) -> None:
    assert not is_vietnamese_syllable(word)


# --- Detection ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "encoding", "fixed"),
    [
        ("NguyÔn V¨n An", "tcvn3", "Nguyễn Văn An"),
        ("TrÇn ThÞ B×nh", "tcvn3", "Trần Thị Bình"),
        ("§Æng", "tcvn3", "Đặng"),
        ("Hµ Néi", "tcvn3", "Hà Nội"),
        ("Niª", "tcvn3", "Niê"),
        ("ë", "tcvn3", "ở"),
        ("tÕ æn", "tcvn3", "tế ổn"),  # "tÕ" is no Unicode word: lower case, then a capital
        ("Së Néi vô tØnh Qu¶ng Ninh", "tcvn3", "Sở Nội vụ tỉnh Quảng Ninh"),
        ("B»ng khen cña Chñ tÞch UBND tØnh", "tcvn3", "Bằng khen của Chủ tịch UBND tỉnh"),
        ("Nguyeãn Vaên An", "vni", "Nguyễn Văn An"),
        ("Traàn Thò Bình", "vni", "Trần Thị Bình"),
        ("Ñaëng", "vni", "Đặng"),
        ("Sôû Noäi vuï tænh Quaûng Ninh", "vni", "Sở Nội vụ tỉnh Quảng Ninh"),
        ("Baèng khen cuûa Chuû tòch UBND tænh", "vni", "Bằng khen của Chủ tịch UBND tỉnh"),
        # A foreign word in a legacy text does not prevent detection.
        ("Nguyeãn Vaên An, Traàn Thò Bình, Leâ Vaên Taùm, Phaïm Minh - José", "vni", None),
    ],
)
def test_detect_and_fix_legacy(text: str, encoding: str, fixed: str | None) -> None:
    assert detect_legacy(text) == encoding
    converted, detected = fix_legacy(text)
    assert detected == encoding
    assert converted == (fixed if fixed is not None else legacy_to_unicode(text, encoding))


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "Hello world",
        "Nguyen Van An",
        "UBND tinh Quang Ninh, 2026",
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Đặng Ưng Đức",
        "Hà Nội",
        "Bình",
        "Tâm",
        "Hà Tâm Bình",
        "Thò",  # VNI for "Thị", but also a valid Unicode word: left alone
        "Võ Thị Sáu",
        "Lê Văn Tám",
        unicodedata.normalize("NFD", "Nguyễn Văn An"),
        "Cộng hòa xã hội chủ nghĩa Việt Nam",
        "José Müller",
        "François Gérard",
        "Björk Guðmundsdóttir",
        "Ångström",
        "Straße",
        "naïve café",
        "Señor Núñez",
        "São Paulo",
        "Gödel, Escher, Bach",
        "Crème brûlée",
        "Zoë Renée Chloé",
        "Jürgen Müller-Lüdenscheidt",
        "Ramón García Sánchez",
        "Søren Kierkegaard",
        "Jérôme Benoît",
        "Conceição",
        "Øresund",
        "Dvořák",
        "© 2026 Sở Nội vụ",
        "Giá: 100.000 ₫ ± 5%",
        "« Bonjour »",
    ],
)
def test_not_legacy(text: str | None) -> None:
    assert detect_legacy(text) is None
    if text is not None:
        assert fix_legacy(text) == (text, None)


_SYLLABLE_TEXT = (
    "nguyễn văn an trần thị bình đặng ưng đức hà nội lê phạm hoàng huỳnh phan vũ võ đỗ hồ ngô "
    "dương lý quyết định khen thưởng bằng giấy chiến sĩ thi đua cơ sở tập thể lao động tiên tiến "
    "xuất sắc huân chương hạng nhất nhì ba chủ tịch ủy ban nhân dân tỉnh thành phố huyện xã "
    "phường cộng hòa hội nghĩa việt nam độc lập tự do hạnh phúc điều ngày tháng năm số trường "
    "học giáo viên bác kỹ sư công người được tặng danh hiệu vì đã có thích trong tác gương mẫu "
    "quốc phòng ninh kinh tế hóa dục y khoa ước mơ ổn ở ấy ạ ơn yêu uống ống ích ướt khuya "
    "quỳnh nghiêng giường thuở ngoẹo"
)
SYLLABLES = _SYLLABLE_TEXT.split()
phrases = st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=8).map(" ".join)


@pytest.mark.parametrize("encoding", ENCODINGS)
@given(phrase=phrases)
def test_encoded_phrases_are_never_misdetected(encoding: str, phrase: str) -> None:
    """Short texts can be ambiguous ("sö" is "sư" in VNI and "sử" in TCVN3): then nothing is
    converted, but a wrong encoding is never chosen."""
    legacy = unicode_to_legacy(phrase, encoding)
    assume(legacy != phrase)
    detected = detect_legacy(legacy)
    assert detected in (encoding, None)
    assert fix_legacy(legacy) == ((phrase, encoding) if detected else (legacy, None))


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize(("words", "minimum_rate"), [(1, 0.80), (3, 0.95), (6, 0.99)])
def test_detection_rate(encoding: str, words: int, minimum_rate: float) -> None:
    rng = random.Random(words)
    detected = total = 0
    while total < 400:
        phrase = " ".join(rng.choice(SYLLABLES) for _ in range(words))
        legacy = unicode_to_legacy(phrase, encoding)
        if legacy == phrase:
            continue
        total += 1
        detected += fix_legacy(legacy) == (phrase, encoding)
    assert detected / total >= minimum_rate


@given(phrase=phrases)
def test_unicode_phrases_are_not_detected(phrase: str) -> None:
    assert detect_legacy(phrase) is None
    assert detect_legacy(phrase.upper()) is None
    assert detect_legacy(phrase.title()) is None


@given(st.text(alphabet=st.characters(max_codepoint=0x2FF)))
def test_never_crashes(text: str) -> None:
    converted, encoding = fix_legacy(text)
    if encoding is None:
        assert converted == text
    else:
        assert converted == legacy_to_unicode(text, encoding)
