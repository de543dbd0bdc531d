from __future__ import annotations

import io

import pytest

from tests.awarding.conftest import SIGNED

pytestmark = pytest.mark.django_db


def _docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@pytest.fixture
def draft(round_, passed, specialist):
    from tdkt.awarding.services import draft_create

    return draft_create(
        round=round_,
        actor=specialist,
        planned_on=SIGNED,
        signer_name="Lê Hồng Sơn",
        signer_title="Phó Chủ tịch",
        signer_authority="KT. Chủ tịch",
    )


def test_decision_docx_draft_then_signed(draft, specialist):
    from tdkt.awarding.exporters import award_list_docx, decision_docx
    from tdkt.awarding.services import draft_sign

    text = _docx_text(decision_docx(draft))
    assert "DỰ THẢO" in text
    assert "ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH XANH" in text
    assert "Lê Hồng Sơn" in text and "KT. CHỦ TỊCH" in text and "PHÓ CHỦ TỊCH" in text
    listing = _docx_text(award_list_docx(draft))
    for name in ("Nguyễn Văn Khoa", "Phạm Thị Ngọc Ánh", "Trần Văn Bình"):
        assert name in listing
    assert "6.560.000" in listing  # 710.000 + 2.340.000 + 3.510.000

    draft = draft_sign(draft=draft, actor=specialist, signed_on=SIGNED)
    text = _docx_text(decision_docx(draft))
    assert "DỰ THẢO" not in text
    assert "Số: 01/QĐ-UBND" in text
    assert "Hòa Bình Xanh, ngày 20 tháng 01 năm 2026" in text
    assert "Sáu triệu năm trăm sáu mươi nghìn đồng" in text
    listing = _docx_text(award_list_docx(draft))
    assert "Kèm theo Quyết định số 01/QĐ-UBND ngày 20/01/2026" in listing


def test_payment_list_totals_per_unit_and_in_words(draft):
    from tdkt.awarding.exporters import payment_context, payment_list_docx

    context = payment_context(draft)
    groups = [(g["unit"], [r["name"] for r in g["rows"]], g["subtotal"]) for g in context["groups"]]
    assert groups == [
        ("Xã An Lạc", ["Nguyễn Văn Khoa", "Phạm Thị Ngọc Ánh"], "3.050.000"),
        ("Xã Bình Minh", ["Trần Văn Bình"], "3.510.000"),
    ]
    assert context["total"] == "6.560.000"
    assert context["total_words"] == "Sáu triệu năm trăm sáu mươi nghìn đồng"
    text = _docx_text(payment_list_docx(draft))
    assert "Cộng Xã An Lạc" in text and "3.050.000" in text and "6.560.000" in text


def test_payment_list_xlsx(draft):
    from openpyxl import load_workbook

    from tdkt.awarding.exporters import payment_list_xlsx

    ws = load_workbook(io.BytesIO(payment_list_xlsx(draft))).active
    rows = [tuple(c for c in row) for row in ws.iter_rows(values_only=True)]
    data = [r for r in rows if isinstance(r[0], int)]
    assert [(r[0], r[1], r[2], r[3], r[4]) for r in data] == [
        (1, "Nguyễn Văn Khoa", "Xã An Lạc", "Lao động tiên tiến", 710_000),
        (2, "Phạm Thị Ngọc Ánh", "Xã An Lạc", "Chiến sĩ thi đua cơ sở", 2_340_000),
        (3, "Trần Văn Bình", "Xã Bình Minh", "Bằng khen của bộ, ban, ngành, tỉnh", 3_510_000),
    ]
    totals = {r[1]: r[4] for r in rows if r[1] and str(r[1]).startswith(("Cộng", "TỔNG"))}
    assert totals == {
        "Cộng Xã An Lạc": 3_050_000,
        "Cộng Xã Bình Minh": 3_510_000,
        "TỔNG CỘNG": 6_560_000,
    }
    words = [r[0] for r in rows if isinstance(r[0], str) and r[0].startswith("Số tiền bằng chữ")]
    assert words == ["Số tiền bằng chữ: Sáu triệu năm trăm sáu mươi nghìn đồng."]


def test_payment_list_keeps_formula_like_names_as_text(round_, tree, alice, head_a, specialist):
    from openpyxl import load_workbook

    from tdkt.awarding.exporters import payment_list_xlsx
    from tdkt.awarding.services import draft_create
    from tdkt.nominations.services import nominee_add, proposal_create
    from tests.awarding.conftest import pass_all, submit
    from tests.factories import make_person, make_rating

    person = make_person('=HYPERLINK("http://x")', tree.commune_a, birth_year=1980)
    make_rating(person, 2025, "HTTNV")
    proposal = proposal_create(round=round_, unit=tree.commune_a, actor=alice)
    nominee_add(proposal=proposal, subject=person, target="LDTT", actor=alice)
    submit(proposal, officer=alice, head=head_a, specialist=specialist)
    pass_all(round_, specialist)
    draft = draft_create(round=round_, actor=specialist, planned_on=SIGNED)
    ws = load_workbook(io.BytesIO(payment_list_xlsx(draft))).active
    names = [row[1] for row in ws.iter_rows(values_only=True) if isinstance(row[0], int)]
    assert len(names) == 1 and names[0].lower().startswith("=hyperlink")
    assert all(cell.data_type != "f" for row in ws.iter_rows() for cell in row)
