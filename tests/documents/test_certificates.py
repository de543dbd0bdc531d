"""Certificates (Bằng khen, Giấy khen) with fpdf2: fonts with every Vietnamese letter, exact
text in the PDF, layouts that officers fit to their pre-printed blanks."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from tdkt.common.models import AuditLog
from tdkt.documents import fonts
from tdkt.documents.certificates import (
    DEFAULT_LAYOUTS,
    certificates_pdf,
    layout_for,
    layout_save,
)
from tdkt.documents.models import CertificateLayout
from tests.documents.helpers import (
    _own_pdf_text,
    embedded_fonts,
    pdf_page_count,
    pdf_text,
    squash,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

COMMON = {
    "issuer": "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI\nTẶNG",
    "title": "BẰNG KHEN",
    "decision_number": "15/QĐ-UBND",
    "decision_date": dt.date(2026, 1, 20),
    "place": "Hà Nội",
    "date": dt.date(2026, 1, 20),
    "signer_title": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
    "signer_name": "Lê Hồng Sơn",
}
AWARDEES = [
    {
        "name": "Bà Nguyễn Thị Hằng",
        "position_unit": "Giáo viên Trường Tiểu học Đống Đa, phường Ô Chợ Dừa",
        "achievement": "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm học 2024 - 2025, "
        "góp phần vào sự nghiệp xây dựng và phát triển Thủ đô",
    },
    {
        "name": "Ông Trần Văn Đức",
        "position_unit": "Chủ tịch Ủy ban nhân dân phường Ô Chợ Dừa",
        "achievement": "Đã có thành tích xuất sắc trong công tác năm 2025",
    },
    {
        "name": "Phòng Kinh tế, Hạ tầng và Đô thị",
        "position_unit": "Ủy ban nhân dân phường Ô Chợ Dừa",
        "achievement": "Đã hoàn thành xuất sắc nhiệm vụ năm 2025",
    },
]


# --- fonts -----------------------------------------------------------------------------------


def test_vietnamese_letters_are_the_134_precomposed_letters():
    letters = fonts.VIETNAMESE_LETTERS
    assert len(letters) == 134
    assert len(set(letters)) == 134
    assert letters == unicodedata.normalize("NFC", letters)
    lower = [c for c in letters if c.islower()]
    upper = [c for c in letters if c.isupper()]
    assert len(lower) == len(upper) == 67
    assert {c.upper() for c in lower} == set(upper)
    for sample in "ăâđêôơưằẳẵắặỳỷỹýỵỪỬỮỨỰĐ":
        assert sample in letters


def test_chosen_font_covers_every_vietnamese_letter():
    from fontTools.ttLib import TTFont

    family = fonts.find_font_family()
    assert family.regular.is_file()
    assert family.bold.is_file()
    if Path("/usr/share/fonts/truetype/croscore/Tinos-Regular.ttf").is_file():
        assert family.name == "Tinos"
        assert family.package == "fonts-croscore"
    for path in (family.regular, family.bold):
        cmap = TTFont(path, lazy=True).getBestCmap()
        missing = [c for c in fonts.VIETNAMESE_LETTERS if ord(c) not in cmap]
        assert missing == []
        assert fonts.missing_letters(path) == ""


def test_a_font_without_vietnamese_is_skipped(tmp_path, settings, monkeypatch):
    """A directory with only a Latin-1 font: that font is not chosen."""
    from fontTools.fontBuilder import FontBuilder

    builder = FontBuilder(1000, isTTF=True)
    glyphs = [".notdef", "A"]
    builder.setupGlyphOrder(glyphs)
    builder.setupCharacterMap({ord("A"): "A"})
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    pen = TTGlyphPen(None)
    builder.setupGlyf({g: pen.glyph() for g in glyphs})
    builder.setupHorizontalMetrics(dict.fromkeys(glyphs, (500, 0)))
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Latin", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    target = tmp_path / "truetype" / "croscore"
    target.mkdir(parents=True)
    for name in ("Tinos-Regular.ttf", "Tinos-Bold.ttf"):
        builder.save(str(target / name))
    assert fonts.missing_letters(target / "Tinos-Regular.ttf") == fonts.VIETNAMESE_LETTERS

    monkeypatch.setattr(fonts, "FONT_ROOT", tmp_path)
    fonts._find.cache_clear()
    try:
        with pytest.raises(fonts.FontNotFoundError) as info:
            fonts.find_font_family()
        message = str(info.value)
        assert "fonts-croscore" in message
        assert "apt-get install fonts-croscore" in message
        assert "Không tìm thấy phông chữ" in message
    finally:
        monkeypatch.undo()
        fonts._find.cache_clear()
    assert fonts.find_font_family().regular.is_file()


# --- PDF -------------------------------------------------------------------------------------


def test_certificates_pdf_one_page_per_awardee_with_exact_vietnamese_text():
    pdf = certificates_pdf(AWARDEES, "bang_khen", common=COMMON)
    assert pdf.startswith(b"%PDF-")
    assert pdf_page_count(pdf) == 3
    text = squash(pdf_text(pdf))
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
        "BẰNG KHEN",
        "Bà Nguyễn Thị Hằng",
        "Ông Trần Văn Đức",
        "Phòng Kinh tế, Hạ tầng và Đô thị",
        "Giáo viên Trường Tiểu học Đống Đa, phường Ô Chợ Dừa",
        "Quyết định số 15/QĐ-UBND ngày 20/01/2026",
        "Hà Nội, ngày 20 tháng 01 năm 2026",
        "KT. CHỦ TỊCH",
        "Lê Hồng Sơn",
        # Wrapped over two lines inside its box, nothing lost:
        "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm học 2024 - 2025, góp phần vào "
        "sự nghiệp xây dựng và phát triển Thủ đô",
    ]:
        assert expected in text, expected
    assert text.count("Lê Hồng Sơn") == 3


def test_pdf_text_through_the_fonts_own_unicode_map():
    """Without pypdf/pdftotext (as in CI): the ToUnicode maps give back the exact text, and the
    embedded font subset has a glyph for every letter of the names."""
    from fontTools.ttLib import TTFont

    pdf = certificates_pdf(AWARDEES[:1], "giay_khen", common={**COMMON, "title": "GIẤY KHEN"})
    text = squash(_own_pdf_text(pdf))
    assert "Bà Nguyễn Thị Hằng" in text
    assert "GIẤY KHEN" in text
    assert "Hà Nội, ngày 20 tháng 01 năm 2026" in text
    programs = embedded_fonts(pdf)
    assert programs
    for program in programs:
        font = TTFont(io.BytesIO(program))
        assert font["glyf"] is not None
    assert b"Tinos" in pdf or b"Serif" in pdf


def test_nfd_input_prints_as_nfc():
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hằng")
    pdf = certificates_pdf([{"name": nfd}], "bang_khen", common=COMMON)
    text = pdf_text(pdf)
    assert "Nguyễn Thị Hằng" in text
    assert nfd not in text


def test_hidden_field_is_not_printed(admin_user):
    fields = {k: dict(v) for k, v in DEFAULT_LAYOUTS["bang_khen"]["fields"].items()}
    fields["national_header"]["show"] = False  # pre-printed on the blank
    fields["name"]["y"] = 78
    layout = layout_save(
        code="bang_khen",
        name="Phôi Bằng khen tỉnh 2026",
        fields=fields,
        actor=admin_user,
        reason="Phôi mới",
    )
    assert layout_for("bang_khen").name == "Phôi Bằng khen tỉnh 2026"
    pdf = certificates_pdf(AWARDEES[:1], "bang_khen", common=COMMON)
    text = squash(pdf_text(pdf))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text
    assert "Bà Nguyễn Thị Hằng" in text
    assert AuditLog.objects.filter(object_id=str(layout.pk), action="create").count() == 1


def test_layout_save_names_the_wrong_field():
    fields = {k: dict(v) for k, v in DEFAULT_LAYOUTS["giay_khen"]["fields"].items()}
    fields["name"]["x"] = 400
    fields["signer_name"]["size"] = 200
    fields["decision"]["align"] = "X"
    fields["nickname"] = {"x": 1, "y": 1, "w": 1}
    with pytest.raises(ValidationError) as info:
        layout_save(code="giay_khen", name="Giấy khen", fields=fields)
    messages = info.value.message_dict["fields"]
    assert "Họ tên người hoặc tên tập thể được khen: vị trí (400; 76) mm nằm ngoài trang " in (
        " ".join(messages)
    )
    assert "Họ tên người ký: cỡ chữ phải từ 6 đến 96." in messages
    assert "Quyết định số ... ngày ...: căn lề phải là L, C, R hoặc J." in messages
    assert "Không có trường “nickname” trên bằng khen, giấy khen." in messages
    assert not CertificateLayout.objects.exists()


def test_custom_page_size_for_a_blank():
    fields = {k: dict(v) for k, v in DEFAULT_LAYOUTS["giay_khen"]["fields"].items()}
    layout = layout_save(code="phoi_xa", name="Phôi xã", fields=fields, page_format="300x215")
    assert layout.page_format == "300X215"
    pdf = certificates_pdf(AWARDEES[:1], layout, common=COMMON)
    assert b"/MediaBox [0 0 850.39 609.45]" in pdf
    with pytest.raises(ValidationError):
        layout_save(code="phoi_xa", name="Phôi xã", fields=fields, page_format="B7")


def test_no_awardee_is_a_clear_error():
    with pytest.raises(ValidationError) as info:
        certificates_pdf([], "bang_khen", common=COMMON)
    assert "Không có ai trong danh sách" in info.value.messages[0]


def test_unknown_layout_is_a_clear_error():
    with pytest.raises(ValidationError) as info:
        certificates_pdf(AWARDEES, "huy_chuong")
    assert "Chưa có bố cục in “huy_chuong”" in info.value.messages[0]


def test_certificate_png_for_the_lead():
    """Rendered to var/screenshots/ for a look (skips without poppler-utils)."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    out = ROOT / "var" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    for code, title in (("bang_khen", "BẰNG KHEN"), ("giay_khen", "GIẤY KHEN")):
        pdf = certificates_pdf(AWARDEES[:1], code, common={**COMMON, "title": title})
        target = out / f"certificate_{code}"
        subprocess.run(  # noqa: S603
            [exe, "-r", "80", "-png", "-singlefile", "-", str(target)],
            input=pdf,
            check=True,
            capture_output=True,
        )
        png = target.with_suffix(".png")
        assert png.read_bytes().startswith(b"\x89PNG")
