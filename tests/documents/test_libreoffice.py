"""DOCX -> PDF with LibreOffice (skipped when LibreOffice is not installed)."""

from __future__ import annotations

import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tdkt.documents import default_templates as dtp
from tdkt.documents import services
from tdkt.documents.services import DocumentError, docx_to_pdf, render_docx
from tests.documents.helpers import pdf_page_count, pdf_text, squash

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
needs_libreoffice = pytest.mark.skipif(
    services.libreoffice_path() is None,
    reason="LibreOffice (libreoffice-writer-nogui) is not installed",
)


def sample(code: str) -> bytes:
    return render_docx(code, dtp.SAMPLE_CONTEXTS[code])


@needs_libreoffice
def test_decision_to_pdf_keeps_the_vietnamese_text():
    pdf = docx_to_pdf(sample("quyet_dinh_khen_thuong"))
    assert pdf.startswith(b"%PDF-")
    assert pdf_page_count(pdf) == 1
    text = squash(pdf_text(pdf))
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 15/QĐ-UBND",
        "Hà Nội, ngày 20 tháng 01 năm 2026",
        "QUYẾT ĐỊNH",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Lê Hồng Sơn",
    ]:
        assert expected in text, expected
    exe = shutil.which("pdftoppm")
    if exe:  # a picture for the lead to look at
        out = ROOT / "var" / "screenshots"
        out.mkdir(parents=True, exist_ok=True)
        subprocess.run(  # noqa: S603
            [exe, "-r", "70", "-png", "-singlefile", "-", str(out / "decision")],
            input=pdf,
            check=True,
            capture_output=True,
        )


@needs_libreoffice
def test_two_conversions_at_once_both_succeed():
    """Each run has its own profile: concurrent conversions do not lose files."""
    codes = ["danh_sach_kem_theo", "danh_sach_chi_tien_thuong"]
    documents = [sample(code) for code in codes]
    with ThreadPoolExecutor(max_workers=2) as pool:
        pdfs = list(pool.map(docx_to_pdf, documents))
    list_text, payment_text = (squash(pdf_text(pdf)) for pdf in pdfs)
    assert "Nguyễn Thị Hằng" in list_text
    assert "Bốn triệu sáu trăm tám mươi nghìn đồng" in list_text
    assert "DANH SÁCH CHI TIỀN THƯỞNG" in payment_text
    assert "Cộng Ủy ban nhân dân phường Ô Chợ Dừa" in payment_text


def test_missing_libreoffice_is_a_clear_vietnamese_error(monkeypatch):
    monkeypatch.setattr(services, "libreoffice_path", lambda: None)
    with pytest.raises(DocumentError) as info:
        docx_to_pdf(b"PK\x03\x04")
    message = info.value.messages[0]
    assert "chưa cài LibreOffice" in message
    assert "libreoffice-writer-nogui" in message


def test_libreoffice_timeout_is_a_clear_error(monkeypatch, tmp_path):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 30\n")
    fake.chmod(0o755)
    monkeypatch.setattr(services, "libreoffice_path", lambda: str(fake))
    with pytest.raises(DocumentError) as info:
        docx_to_pdf(b"PK\x03\x04", timeout=0.5)
    assert "LibreOffice không chuyển xong văn bản sang PDF trong 0,5 giây" in info.value.messages[0]


def test_libreoffice_failure_is_a_clear_error(monkeypatch, tmp_path):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setattr(services, "libreoffice_path", lambda: str(fake))
    with pytest.raises(DocumentError) as info:
        docx_to_pdf(b"PK\x03\x04")
    assert info.value.messages[0] == (
        "LibreOffice không chuyển được văn bản sang PDF (mã lỗi 1: "
        "Error: source file could not be loaded)."
    )


@needs_libreoffice
@pytest.mark.parametrize("code", dtp.BUILTIN_CODES)
def test_every_builtin_template_converts_with_its_vietnamese_text(code):
    """Each Decree-30 template (decision, lists, minutes, achievement reports ...) opens in
    LibreOffice, and the body paragraphs of the DOCX come out in the PDF letter for letter."""
    from tests.documents.helpers import docx_lines

    data = sample(code)
    pdf = docx_to_pdf(data)
    assert pdf.startswith(b"%PDF-")
    text = squash(pdf_text(pdf))
    paragraphs = [squash(line) for line in docx_lines(data) if "|" not in line]
    # Paragraphs with letters LibreOffice may hyphenate or justify are compared without spaces.
    wanted = [p for p in paragraphs if any(ch.isalpha() for ch in p)][:12]
    assert wanted
    missing = [p for p in wanted if p.replace(" ", "") not in text.replace(" ", "")]
    assert missing == []
