"""Built-in DOCX templates, rendering, and the versioned uploads of templates."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile

import pytest
from django.core.exceptions import ValidationError

from tdkt.common.models import AuditLog
from tdkt.documents import default_templates as dtp
from tdkt.documents.models import DocumentTemplate
from tdkt.documents.services import (
    BuiltinTemplate,
    DocumentError,
    award_list_context,
    payment_list_context,
    render_docx,
    render_template_bytes,
    template_deactivate,
    template_for,
    template_upload,
)
from tests.documents.helpers import docx_lines, docx_text, squash

pytestmark = pytest.mark.django_db

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def custom_docx(*paragraphs: str) -> bytes:
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_sample(code: str) -> bytes:
    return render_docx(code, dtp.SAMPLE_CONTEXTS[code], on=dt.date(2026, 1, 20))


@pytest.mark.parametrize("code", dtp.BUILTIN_CODES)
def test_every_builtin_renders_the_national_header(code):
    lines = docx_lines(render_sample(code))
    assert QUOC_HIEU in lines
    assert TIEU_NGU in lines
    assert not [line for line in lines if "{{" in line or "{%" in line]


@pytest.mark.parametrize("code", dtp.BUILTIN_CODES)
def test_builtin_page_setup_follows_decree_30(code):
    from docx import Document
    from docx.shared import Pt

    document = Document(io.BytesIO(dtp.build_template(code)))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= round(section.top_margin.mm) <= 25
    assert 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35
    assert 15 <= round(section.right_margin.mm) <= 20
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman"
    assert Pt(13) <= normal.size <= Pt(14)


def test_decision_contains_the_exact_vietnamese_strings():
    lines = docx_lines(render_sample("quyet_dinh_khen_thuong"))
    for expected in [
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
        "Số: 15/QĐ-UBND",
        "Hà Nội, ngày 20 tháng 01 năm 2026",
        "QUYẾT ĐỊNH",
        "Về việc khen thưởng các cá nhân, tập thể có thành tích xuất sắc năm 2025",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Xét đề nghị của Giám đốc Sở Nội vụ.",
        "QUYẾT ĐỊNH:",
        "Nơi nhận:",
        "- Như Điều 3;",
        "- Lưu: VT, TĐKT.",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Lê Hồng Sơn",
    ]:
        assert expected in lines, expected
    articles = [line for line in lines if line.startswith("Điều ")]
    assert [a[:7] for a in articles] == ["Điều 1.", "Điều 2.", "Điều 3."]
    assert articles[0].startswith("Điều 1. Tặng Bằng khen của Chủ tịch")
    # The empty optional superior body leaves no paragraph behind.
    assert "" not in lines[:1]


def test_award_list_has_every_row_and_the_total_in_words():
    lines = docx_lines(render_sample("danh_sach_kem_theo"))
    assert "DANH SÁCH" in lines
    assert (
        "(Kèm theo Quyết định số 15/QĐ-UBND ngày 20/01/2026 của Chủ tịch Ủy ban nhân dân "
        "thành phố Hà Nội)"
    ) in lines
    assert (
        "STT | Họ và tên / Tập thể | Chức vụ, đơn vị | Danh hiệu/Hình thức | Số tiền (đồng)"
    ) in lines
    assert (
        "1 | Nguyễn Thị Hằng | Giáo viên, Trường Tiểu học Đống Đa | Bằng khen | 1.170.000"
    ) in lines
    assert (
        "2 | Trần Văn Đức | Chủ tịch Ủy ban nhân dân phường Ô Chợ Dừa | Bằng khen | 1.170.000"
    ) in lines
    assert (
        "3 | Phòng Kinh tế, Hạ tầng và Đô thị | Ủy ban nhân dân phường Ô Chợ Dừa | Bằng khen "
        "| 2.340.000"
    ) in lines
    assert "Tổng cộng | 4.680.000" in lines
    assert "(Tổng số tiền bằng chữ: Bốn triệu sáu trăm tám mươi nghìn đồng.)" in lines


def test_minutes_show_the_session_and_every_secret_ballot():
    lines = docx_lines(render_sample("bien_ban_hop_hoi_dong"))
    for expected in [
        "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG THÀNH PHỐ HÀ NỘI",
        "Hà Nội, ngày 15 tháng 01 năm 2026",
        "BIÊN BẢN",
        "Chủ trì: Lê Hồng Sơn.",
        "Thư ký: Phạm Thị Ngọc Ánh.",
        "Thành viên Hội đồng: 9 người; có mặt: 7 người; vắng mặt: 2 người "
        "(Đỗ Văn Hùng, Vũ Thị Yến).",
        "KẾT QUẢ BỎ PHIẾU KÍN",
        "1 | Chiến sĩ thi đua thành phố | Nguyễn Thị Hằng | 6 | 1 | 0 | 85,71 | 70 | Đạt",
        "2 | Chiến sĩ thi đua thành phố | Trần Văn Đức | 4 | 3 | 0 | 57,14 | 70 | Không đạt",
    ]:
        assert expected in lines, expected


def test_minutes_without_absent_members():
    context = {**dtp.SAMPLE_CONTEXTS["bien_ban_hop_hoi_dong"], "members_absent": []}
    lines = docx_lines(render_docx("bien_ban_hop_hoi_dong", context))
    assert "Thành viên Hội đồng: 9 người; có mặt: 7 người; vắng mặt: 0 người." in lines


def test_payment_list_builder_groups_units_with_subtotals_and_total_in_words():
    rows = [
        {"unit": "Trường Tiểu học Đống Đa", "name": "Nguyễn Thị Hằng", "honour": "Bằng khen",
         "amount": 1_170_000},
        {"unit": "UBND phường Ô Chợ Dừa", "name": "Trần Văn Đức", "honour": "Bằng khen",
         "amount": 1_170_000},
        {"unit": "Trường Tiểu học Đống Đa", "name": "Lê Thị Mai", "honour": "Giấy khen",
         "amount": 351_000},
        {"unit": "UBND phường Ô Chợ Dừa", "name": "Phòng Văn hóa - Xã hội",
         "honour": "Giấy khen", "amount": 702_000},
    ]  # fmt: skip
    context = payment_list_context(
        rows,
        **{k: v for k, v in dtp.SAMPLE_CONTEXTS["danh_sach_chi_tien_thuong"].items()
           if k not in {"groups", "total", "total_words"}},
    )  # fmt: skip
    assert [g["unit"] for g in context["groups"]] == [
        "Trường Tiểu học Đống Đa",
        "UBND phường Ô Chợ Dừa",
    ]
    assert [g["subtotal"] for g in context["groups"]] == ["1.521.000", "1.872.000"]
    assert context["total"] == "3.393.000"
    assert context["total_words"] == "Ba triệu ba trăm chín mươi ba nghìn đồng"
    lines = docx_lines(render_docx("danh_sach_chi_tien_thuong", context))
    assert "I | Trường Tiểu học Đống Đa" in lines
    assert "1 | Nguyễn Thị Hằng | Bằng khen | 1.170.000 | " in lines
    assert "3 | Trần Văn Đức | Bằng khen | 1.170.000 | " in lines
    assert "2 | Lê Thị Mai | Giấy khen | 351.000 | " in lines
    assert " | Cộng Trường Tiểu học Đống Đa |  | 1.521.000 | " in lines
    assert "II | UBND phường Ô Chợ Dừa" in lines
    assert "4 | Phòng Văn hóa - Xã hội | Giấy khen | 702.000 | " in lines
    assert " | Cộng UBND phường Ô Chợ Dừa |  | 1.872.000 | " in lines
    assert " | TỔNG CỘNG |  | 3.393.000 | " in lines
    assert "Số tiền bằng chữ: Ba triệu ba trăm chín mươi ba nghìn đồng." in lines
    assert "Hà Nội, ngày 20 tháng 01 năm 2026" in lines


def test_award_list_builder_numbers_rows_and_formats_amounts():
    context = award_list_context(
        [
            {"name": "Nguyễn Văn An", "position_unit": "Xã A", "honour": "LĐTT", "amount": 0},
            {"name": "Đặng Ưng Đức", "position_unit": "Xã B", "honour": "CSTĐCS",
             "amount": 2_005_000},
        ],
        number="15/QĐ-UBND",
    )  # fmt: skip
    assert [r["stt"] for r in context["rows"]] == [1, 2]
    assert [r["amount"] for r in context["rows"]] == ["", "2.005.000"]
    assert context["total_words"] == "Hai triệu không trăm linh năm nghìn đồng"
    text = docx_text(render_docx("danh_sach_kem_theo", context))
    assert "2 | Đặng Ưng Đức | Xã B | CSTĐCS | 2.005.000" in text


def test_context_is_nfc_escaped_and_dates_are_day_first():
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hằng")
    context = {
        **dtp.SAMPLE_CONTEXTS["quyet_dinh_khen_thuong"],
        "signer_name": nfd,
        "issuer": "Sở Nội vụ & <Ban> Thi đua",
        "date": dt.date(2026, 3, 5),
        "day": None,
    }
    context.pop("day")
    context.pop("month")
    context.pop("year")
    context["article_2"] = dt.date(2026, 1, 20)
    lines = docx_lines(render_docx("quyet_dinh_khen_thuong", context))
    assert "Nguyễn Thị Hằng" in lines
    assert nfd not in docx_text(render_docx("quyet_dinh_khen_thuong", context))
    assert "SỞ NỘI VỤ & <BAN> THI ĐUA" in lines
    # Decree 30: a zero before days below 10 and months 1 and 2 only.
    assert "Hà Nội, ngày 05 tháng 3 năm 2026" in lines
    assert "Điều 2. 20/01/2026" in lines


def test_filters_are_available_in_uploaded_templates():
    data = custom_docx("{{ d|ngay_thang_nam }}", "{{ amount|vnd }} đồng", "{{ amount|bang_chu }}")
    lines = docx_lines(render_template_bytes(data, {"d": dt.date(2026, 2, 1), "amount": 1_500_000}))
    assert lines[:3] == [
        "ngày 01 tháng 02 năm 2026",
        "1.500.000 đồng",
        "Một triệu năm trăm nghìn đồng",
    ]


# --- uploads --------------------------------------------------------------------------------


def test_upload_with_a_jinja_syntax_error_is_refused_naming_the_error(admin_user):
    data = custom_docx("Số: {{ number }}", "Kính gửi {{ recipient }")
    with pytest.raises(ValidationError) as info:
        template_upload(
            code="quyet_dinh_khen_thuong", file=data, actor=admin_user, reason="Mẫu mới"
        )
    message = " ".join(info.value.message_dict["file"])
    assert "Mẫu có lỗi cú pháp Jinja" in message
    assert "Kính gửi {{ recipient }" in message
    assert DocumentTemplate.objects.count() == 0


def test_upload_with_an_unknown_tag_is_refused(admin_user):
    data = custom_docx("{% if number %}Số: {{ number }}")
    with pytest.raises(ValidationError) as info:
        template_upload(code="quyet_dinh_khen_thuong", file=data, actor=admin_user)
    message = " ".join(info.value.message_dict["file"])
    assert "Mẫu có lỗi cú pháp Jinja" in message
    assert "endif" in message


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n1 0 obj\n", "không phải tài liệu Word .docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "không phải tài liệu Word .docx"),
        (b"PK\x03\x04 truncated", "bị hỏng"),
        (None, "thiếu word/document.xml"),
        (b"", "không phải tài liệu Word .docx"),
    ],
)
def test_non_docx_upload_is_refused(admin_user, data, expected):
    if data is None:  # a real zip, but not a Word document (e.g. an .xlsx)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("xl/workbook.xml", "<workbook/>")
        data = buffer.getvalue()
    with pytest.raises(ValidationError) as info:
        template_upload(code="quyet_dinh_khen_thuong", file=data, actor=admin_user)
    assert expected in " ".join(info.value.message_dict["file"])
    assert DocumentTemplate.objects.count() == 0


def test_bad_code_is_refused(admin_user):
    with pytest.raises(ValidationError) as info:
        template_upload(code="Quyết định", file=custom_docx("x"), actor=admin_user)
    assert "Mã mẫu" in info.value.message_dict["code"][0]


def test_upload_from_a_django_file(admin_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("mau-qd.docx", custom_docx("Mẫu riêng {{ number }}"))
    template = template_upload(code="quyet_dinh_khen_thuong", file=upload, actor=admin_user)
    assert (template.version, template.original_name, template.uploaded_by) == (
        1,
        "mau-qd.docx",
        admin_user,
    )
    assert template.name == "Quyết định khen thưởng"
    assert template.read_bytes() == upload.file.getvalue()


def test_new_version_supersedes_the_old_which_stays_available(admin_user):
    on_2025 = dt.date(2025, 6, 1)
    assert isinstance(template_for("quyet_dinh_khen_thuong", on=on_2025), BuiltinTemplate)

    v1 = template_upload(
        code="quyet_dinh_khen_thuong",
        file=custom_docx("Mẫu 2025 số {{ number }}"),
        actor=admin_user,
        reason="Mẫu theo Nghị định 98",
        valid_from=dt.date(2025, 1, 1),
    )
    v2 = template_upload(
        code="quyet_dinh_khen_thuong",
        file=custom_docx("Mẫu 2026 số {{ number }}"),
        actor=admin_user,
        reason="Mẫu theo Nghị định 152",
        valid_from=dt.date(2026, 1, 1),
    )
    v1.refresh_from_db()
    assert (v1.version, v2.version) == (1, 2)
    assert v1.valid_to == dt.date(2025, 12, 31)
    assert v2.valid_to is None

    assert template_for("quyet_dinh_khen_thuong", on=dt.date(2024, 12, 31)).is_builtin
    assert template_for("quyet_dinh_khen_thuong", on=on_2025) == v1
    assert template_for("quyet_dinh_khen_thuong", on=dt.date(2025, 12, 31)) == v1
    assert template_for("quyet_dinh_khen_thuong", on=dt.date(2026, 1, 1)) == v2
    assert template_for("quyet_dinh_khen_thuong", on=dt.date(2027, 5, 1)) == v2

    context = {"number": "15/QĐ-UBND"}
    old = docx_lines(render_docx("quyet_dinh_khen_thuong", context, on=on_2025))
    new = docx_lines(render_docx("quyet_dinh_khen_thuong", context, on=dt.date(2026, 1, 20)))
    assert old[0] == "Mẫu 2025 số 15/QĐ-UBND"
    assert new[0] == "Mẫu 2026 số 15/QĐ-UBND"
    # Other codes are not affected.
    assert template_for("danh_sach_kem_theo", on=dt.date(2026, 1, 20)).is_builtin

    assert list(
        DocumentTemplate.objects.filter(code="quyet_dinh_khen_thuong").values_list(
            "version", flat=True
        )
    ) == [2, 1]
    logs = AuditLog.objects.filter(object_id__in=[str(v1.pk), str(v2.pk)]).order_by("pk")
    assert [(log.object_id, log.action, log.reason) for log in logs] == [
        (str(v1.pk), "create", "Mẫu theo Nghị định 98"),
        (str(v2.pk), "create", "Mẫu theo Nghị định 152"),
        (str(v1.pk), "update", "Thay bằng phiên bản 2"),
    ]


def test_deactivated_version_falls_back_to_the_previous(admin_user):
    v1 = template_upload(
        code="danh_sach_kem_theo",
        file=custom_docx("v1"),
        actor=admin_user,
        valid_from=dt.date(2025, 1, 1),
    )
    v2 = template_upload(
        code="danh_sach_kem_theo",
        file=custom_docx("v2"),
        actor=admin_user,
        valid_from=dt.date(2025, 1, 1),
    )
    assert template_for("danh_sach_kem_theo", on=dt.date(2026, 1, 1)) == v2
    with pytest.raises(ValidationError):
        template_deactivate(template=v2, actor=admin_user, reason="")
    template_deactivate(template=v2, actor=admin_user, reason="Sai mẫu")
    assert template_for("danh_sach_kem_theo", on=dt.date(2026, 1, 1)) == v1
    assert DocumentTemplate.objects.filter(code="danh_sach_kem_theo").count() == 2


def test_template_of_another_regime_is_not_used(admin_user):
    from tdkt.catalog.models import Regime

    regimes = list(Regime.objects.order_by("valid_from"))
    if len(regimes) < 2:
        pytest.skip("the catalogue has one regime only")
    old_regime, current = regimes[0], regimes[-1]
    on = current.valid_from or dt.date(2026, 1, 20)
    template_upload(
        code="quyet_dinh_khen_thuong",
        file=custom_docx("cũ"),
        actor=admin_user,
        regime=old_regime,
        valid_from=dt.date(2000, 1, 1),
    )
    assert template_for("quyet_dinh_khen_thuong", on=on).is_builtin
    assert not template_for("quyet_dinh_khen_thuong", on=on, regime=old_regime).is_builtin


def test_unknown_code_without_upload_is_a_clear_error():
    with pytest.raises(DocumentError) as info:
        template_for("to_trinh", on=dt.date(2026, 1, 1))
    assert "Chưa có mẫu văn bản “to_trinh”" in info.value.messages[0]


def test_upload_of_a_new_code_renders_with_the_merged_sample(admin_user):
    template = template_upload(
        code="to_trinh",
        file=custom_docx("Tờ trình số {{ number }} — {{ council_name }}"),
        actor=admin_user,
        name="Tờ trình đề nghị khen thưởng",
    )
    assert template_for("to_trinh") == template
    text = docx_lines(render_docx("to_trinh", {"number": "7/TTr", "council_name": "HĐ"}))
    assert text[0] == "Tờ trình số 7/TTr — HĐ"


def test_render_time_template_error_is_a_document_error():
    data = custom_docx("{{ rows.first.name.upper() }}")
    with pytest.raises(DocumentError) as info:
        render_template_bytes(data, {"rows": None})
    assert "Không điền được dữ liệu" in info.value.messages[0] or "biến" in squash(
        info.value.messages[0]
    )
