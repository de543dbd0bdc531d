"""The dossier of a proposal: checklist per target from the rule pack, uploads checked by content,
size and count, supersede without deleting, the unit's vote and the generated DOCX."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tdkt.common.models import AuditLog
from tdkt.nominations import dossier
from tdkt.nominations.models import DossierFile, Proposal
from tdkt.nominations.services import nominee_add
from tests.documents.helpers import docx_lines

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf(name="to-trinh.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def word_bytes(text="Báo cáo") -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def two_nominees(proposal, worker, laggard, alice):
    ldtt = nominee_add(proposal=proposal, subject=worker, target="LDTT", actor=alice)
    cstdcs = nominee_add(proposal=proposal, subject=laggard, target="CSTDCS", actor=alice)
    return ldtt, cstdcs


def codes(items, required_only=True):
    return [i.code for i in items if i.required or not required_only]


# --------------------------------------------------------------------------- checklist


def test_checklist_per_target(proposal, two_nominees):
    ldtt, cstdcs = two_nominees
    checklist = dossier.dossier_checklist(proposal)
    assert codes(checklist.proposal_items) == ["to_trinh", "bien_ban_binh_xet"]
    assert checklist.proposal_items[1].targets == ["LDTT", "CSTDCS"]
    assert checklist.proposal_items[0].basis == "Khoản 1 Điều 84 Luật TĐKT 2022"
    by_nominee = {e.nominee.pk: e.items for e in checklist.nominees}
    assert codes(by_nominee[ldtt.pk]) == ["bao_cao_thanh_tich"]
    # CSTĐCS needs the certification of the initiative (Law Art. 84(1)(d)).
    assert codes(by_nominee[cstdcs.pk]) == ["bao_cao_thanh_tich", "chung_nhan_sang_kien"]
    assert codes(by_nominee[cstdcs.pk], required_only=False) == [
        "bao_cao_thanh_tich",
        "chung_nhan_sang_kien",
        "chung_nhan_thanh_tich",
    ]
    assert not checklist.complete


def test_commendation_form_needs_the_minutes_of_the_commendation_meeting(proposal, worker, alice):
    nominee_add(proposal=proposal, subject=worker, target="GK", actor=alice)
    checklist = dossier.dossier_checklist(proposal)
    assert codes(checklist.proposal_items) == ["to_trinh", "bien_ban_xet_khen_thuong"]
    assert checklist.proposal_items[1].basis == "Khoản 2 Điều 84 Luật TĐKT 2022"


def test_dossier_status_lists_what_is_missing_in_vietnamese(proposal, two_nominees, alice):
    ldtt, cstdcs = two_nominees
    status = dossier.dossier_status(proposal)
    assert status == {
        "complete": False,
        "missing": [
            "Thiếu Tờ trình (văn bản) đề nghị khen thưởng.",
            "Thiếu Biên bản bình xét thi đua.",
            "Nguyễn Văn Khoa: thiếu Báo cáo thành tích của cá nhân, tập thể.",
            "Trần Thị Lan: thiếu Báo cáo thành tích của cá nhân, tập thể.",
            "Trần Thị Lan: thiếu Văn bản công nhận sáng kiến, đề tài khoa học (bản chính hoặc "
            "bản sao chứng thực).",
        ],
    }
    for code in ("to_trinh", "bien_ban_binh_xet"):
        dossier.dossier_upload(proposal=proposal, document=code, files=[pdf()], actor=alice)
    for nominee, code in [
        (ldtt, "bao_cao_thanh_tich"),
        (cstdcs, "bao_cao_thanh_tich"),
        (cstdcs, "chung_nhan_sang_kien"),
    ]:
        dossier.dossier_upload(
            proposal=proposal, document=code, files=[pdf()], actor=alice, nominee=nominee
        )
    assert dossier.dossier_status(proposal) == {"complete": True, "missing": []}


def test_simplified_round_needs_only_the_proposal_and_a_short_report(proposal, two_nominees):
    proposal.round.simplified = True
    proposal.round.save(update_fields=["simplified"])
    checklist = dossier.dossier_checklist(Proposal.objects.get(pk=proposal.pk))
    assert codes(checklist.proposal_items, required_only=False) == ["to_trinh"]
    for entry in checklist.nominees:
        assert [(i.code, i.name) for i in entry.items] == [
            ("bao_cao_thanh_tich", "Báo cáo tóm tắt thành tích")
        ]
    assert checklist.proposal_items[0].basis == dossier.SIMPLIFIED_BASIS


def test_withdrawn_nominee_leaves_the_checklist(proposal, two_nominees):
    ldtt, cstdcs = two_nominees
    from tdkt.nominations.models import Nominee

    Nominee.objects.filter(pk=cstdcs.pk).update(state="withdrawn")
    checklist = dossier.dossier_checklist(proposal)
    assert [e.nominee.pk for e in checklist.nominees] == [ldtt.pk]
    assert "chung_nhan_sang_kien" not in [i.code for i in checklist.items]


# --------------------------------------------------------------------------- uploads


def test_upload_stores_a_checked_pdf_with_its_hash_and_audit(proposal, two_nominees, alice):
    import hashlib

    (row,) = dossier.dossier_upload(
        proposal=proposal, document="to_trinh", files=[pdf("Tờ trình số 15.pdf")], actor=alice
    )
    row.refresh_from_db()
    assert (row.original_name, row.content_type, row.size) == (
        "Tờ trình số 15.pdf",
        "application/pdf",
        len(PDF),
    )
    assert row.sha256 == hashlib.sha256(PDF).hexdigest()
    assert row.uploaded_by == alice
    assert row.file.name.startswith(f"private/dossiers/{proposal.pk}/")
    assert row.file.name.endswith(".pdf")
    with row.file.open("rb") as handle:
        assert handle.read() == PDF
    entry = AuditLog.objects.get(action="nominations.dossier.upload")
    assert (entry.object_id, entry.actor) == (str(row.pk), alice)


def test_text_named_pdf_is_refused_naming_the_file(proposal, two_nominees, alice):
    fake = pdf("bao-cao.pdf", b"Day khong phai PDF, chi la van ban.")
    with pytest.raises(ValidationError) as exc:
        dossier.dossier_upload(proposal=proposal, document="to_trinh", files=[fake], actor=alice)
    assert exc.value.messages == [
        "Tệp “bao-cao.pdf” không phải tệp PDF, JPEG, PNG hoặc Word (.docx) hợp lệ (hệ thống "
        "kiểm tra nội dung tệp, không dựa vào tên tệp)."
    ]
    assert DossierFile.objects.count() == 0


def test_content_must_match_the_extension(proposal, two_nominees, alice):
    with pytest.raises(ValidationError) as exc:
        dossier.dossier_upload(
            proposal=proposal, document="to_trinh", files=[pdf("anh.pdf", PNG)], actor=alice
        )
    assert exc.value.messages == [
        "Tệp “anh.pdf” có đuôi .pdf nhưng nội dung là tệp PNG: hãy đổi tên tệp cho đúng rồi "
        "tải lên lại."
    ]


def test_images_and_word_files_are_accepted_but_not_any_zip(proposal, two_nominees, alice):
    ldtt, _ = two_nominees
    rows = dossier.dossier_upload(
        proposal=proposal,
        document="bao_cao_thanh_tich",
        nominee=ldtt,
        files=[
            SimpleUploadedFile("trang1.JPG", JPEG),
            SimpleUploadedFile("trang2.png", PNG),
            SimpleUploadedFile("bao-cao.docx", word_bytes()),
        ],
        actor=alice,
    )
    assert [r.content_type for r in rows] == [
        "image/jpeg",
        "image/png",
        dossier.DOCX_TYPE,
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not word")
    with pytest.raises(ValidationError) as exc:
        dossier.dossier_upload(
            proposal=proposal,
            document="bao_cao_thanh_tich",
            nominee=ldtt,
            files=[SimpleUploadedFile("gia.docx", buffer.getvalue())],
            actor=alice,
        )
    assert "Tệp “gia.docx” không phải tệp PDF" in exc.value.messages[0]


def test_too_big_is_refused_and_nothing_is_stored(settings, proposal, two_nominees, alice):
    settings.TDKT_DOSSIER_MAX_BYTES = 1024 * 1024
    big = pdf("scan-lon.pdf", PDF + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError) as exc:
        dossier.dossier_upload(
            proposal=proposal, document="to_trinh", files=[pdf(), big], actor=alice
        )
    assert exc.value.messages == ["Tệp “scan-lon.pdf” dung lượng 1,0 MB, vượt quá giới hạn 1 MB."]
    assert DossierFile.objects.count() == 0


def test_count_limits_per_document_and_per_request(settings, proposal, two_nominees, alice):
    settings.TDKT_DOSSIER_MAX_FILES = 2
    settings.TDKT_DOSSIER_MAX_FILES_PER_REQUEST = 3
    dossier.dossier_upload(
        proposal=proposal, document="to_trinh", files=[pdf(), pdf()], actor=alice
    )
    with pytest.raises(ValidationError) as exc:
        dossier.dossier_upload(proposal=proposal, document="to_trinh", files=[pdf()], actor=alice)
    assert exc.value.messages == [
        "“Tờ trình (văn bản) đề nghị khen thưởng” chỉ được có tối đa 2 tệp; hiện có 2 tệp, "
        "thêm 1 tệp sẽ vượt giới hạn."
    ]
    with pytest.raises(ValidationError) as exc:
        dossier.dossier_upload(
            proposal=proposal, document="bien_ban_binh_xet", files=[pdf()] * 4, actor=alice
        )
    assert exc.value.messages == ["Mỗi lần chỉ tải lên tối đa 3 tệp (đã chọn 4 tệp)."]
    assert DossierFile.objects.count() == 2


def test_replacing_supersedes_and_keeps_the_old_row(settings, proposal, two_nominees, alice):
    settings.TDKT_DOSSIER_MAX_FILES = 1
    (old,) = dossier.dossier_upload(
        proposal=proposal, document="to_trinh", files=[pdf("ban-cu.pdf")], actor=alice
    )
    (new,) = dossier.dossier_upload(
        proposal=proposal,
        document="to_trinh",
        files=[pdf("ban-moi.pdf")],
        actor=alice,
        replace=old,
    )
    old.refresh_from_db()
    assert old.superseded_by == new
    assert list(DossierFile.objects.order_by("pk").values_list("original_name", flat=True)) == [
        "ban-cu.pdf",
        "ban-moi.pdf",
    ]
    assert list(DossierFile.objects.active()) == [new]
    item = dossier.dossier_checklist(proposal).proposal_items[0]
    assert [f.original_name for f in item.files] == ["ban-moi.pdf"]
    entry = AuditLog.objects.get(action="nominations.dossier.supersede")
    assert (entry.object_id, entry.after) == (str(old.pk), {"superseded_by_id": new.pk})
    with pytest.raises(ValidationError) as exc:
        dossier.dossier_upload(
            proposal=proposal, document="to_trinh", files=[pdf()], actor=alice, replace=old
        )
    assert exc.value.messages == ["Tệp “ban-cu.pdf” đã được thay hoặc rút trước đó."]


def test_revoke_keeps_the_file_with_its_reason(proposal, two_nominees, alice):
    (row,) = dossier.dossier_upload(
        proposal=proposal, document="to_trinh", files=[pdf()], actor=alice
    )
    with pytest.raises(ValidationError):
        dossier.dossier_file_revoke(file=row, actor=alice, reason="  ")
    dossier.dossier_file_revoke(file=row, actor=alice, reason="Nộp nhầm tệp")
    row.refresh_from_db()
    assert (row.revoke_reason, row.revoked_by) == ("Nộp nhầm tệp", alice)
    assert not DossierFile.objects.active().exists()
    assert DossierFile.objects.count() == 1


def test_only_the_unit_while_editable(proposal, two_nominees, alice, specialist, bob):
    for user in (specialist, bob):
        with pytest.raises(PermissionDenied):
            dossier.dossier_upload(
                proposal=proposal, document="to_trinh", files=[pdf()], actor=user
            )
    Proposal.objects.filter(pk=proposal.pk).update(state="submitted")
    proposal.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        dossier.dossier_upload(proposal=proposal, document="to_trinh", files=[pdf()], actor=alice)
    assert "chỉ bổ sung, sửa hồ sơ khi tờ trình đang soạn hoặc bị trả lại" in exc.value.messages[0]
    Proposal.objects.filter(pk=proposal.pk).update(state="returned")
    proposal.refresh_from_db()
    assert dossier.dossier_upload(
        proposal=proposal, document="to_trinh", files=[pdf()], actor=alice
    )


def test_document_must_belong_to_the_checklist(proposal, two_nominees, alice):
    ldtt, _cstdcs = two_nominees
    with pytest.raises(ValidationError) as exc:
        dossier.dossier_upload(
            proposal=proposal,
            document="chung_nhan_sang_kien",
            nominee=ldtt,
            files=[pdf()],
            actor=alice,
        )
    assert exc.value.messages == [
        "Thành phần hồ sơ “chung_nhan_sang_kien” không có trong danh mục."
    ]
    with pytest.raises(ValidationError):
        dossier.dossier_upload(
            proposal=proposal, document="bao_cao_thanh_tich", files=[pdf()], actor=alice
        )


# --------------------------------------------------------------------------- unit vote


def test_unit_vote_and_minutes_percentages(proposal, two_nominees, alice):
    ldtt, cstdcs = two_nominees
    dossier.unit_vote_record(
        proposal=proposal,
        actor=alice,
        meeting_on=dt.date(2026, 1, 10),
        members_total=9,
        members_present=7,
        votes={ldtt.pk: 6, cstdcs.pk: 7},
    )
    proposal.refresh_from_db()
    assert (proposal.unit_members_total, proposal.unit_members_present) == (9, 7)
    assert AuditLog.objects.filter(action="nominations.dossier.unit_vote").count() == 1
    name, data = dossier.unit_minutes_docx(proposal)
    assert name == f"bien-ban-binh-xet-to-trinh-{proposal.pk}.docx"
    lines = docx_lines(data)
    assert "BIÊN BẢN" in lines
    assert "Họp bình xét thi đua, khen thưởng" in lines
    assert "XÃ AN LẠC" in lines
    assert "Tổng số thành viên: 9 người; có mặt: 7 người; vắng mặt: 2 người." in lines
    assert "1 | Nguyễn Văn Khoa | Lao động tiên tiến | 6 | 85,71 | 66,67" in lines
    assert "2 | Trần Thị Lan | Chiến sĩ thi đua cơ sở | 7 | 100 | 77,78" in lines
    assert any(line.endswith("ngày 10 tháng 01 năm 2026") for line in lines)


def test_unit_vote_validation(proposal, two_nominees, alice):
    ldtt, _ = two_nominees
    with pytest.raises(ValidationError) as exc:
        dossier.unit_vote_record(
            proposal=proposal,
            actor=alice,
            meeting_on=dt.date(2026, 1, 10),
            members_total=5,
            members_present=6,
            votes={ldtt.pk: 7},
        )
    assert exc.value.messages == [
        "Số thành viên có mặt (6) lớn hơn tổng số thành viên (5).",
        "Nguyễn Văn Khoa: số phiếu đồng ý (7) lớn hơn số thành viên có mặt (6).",
    ]
    with pytest.raises(ValidationError) as exc:
        dossier.unit_minutes_docx(proposal)
    assert exc.value.messages == [
        "Chưa nhập kết quả họp bình xét của đơn vị (ngày họp, số thành viên, số phiếu)."
    ]


def test_percent_format():
    assert [dossier.percent(*p) for p in [(6, 7), (7, 7), (0, 9), (2, 3), (None, 5), (1, 0)]] == [
        "85,71",
        "100",
        "0",
        "66,67",
        "",
        "",
    ]


# --------------------------------------------------------------------------- reports


def test_individual_report_prefilled_from_the_registry(proposal, worker, alice, tree):
    from tests.factories import make_award, make_decision, make_initiative

    decision = make_decision(
        "05/QĐ-UBND",
        signed_on=dt.date(2025, 1, 15),
        issuer_name="Ủy ban nhân dân xã An Lạc",
        level="co_so",
    )
    make_award(worker, "LDTT", 2024, decision=decision)
    make_initiative(
        tree.commune_a,
        2025,
        authors=[worker],
        title="Số hóa sổ theo dõi thi đua",
        recognised_by="Quyết định số 30/QĐ-UBND ngày 01/11/2025",
    )
    worker.position = "Công chức Văn hóa - Xã hội"
    worker.save(update_fields=["position"])
    nominee = nominee_add(proposal=proposal, subject=worker, target="CSTDCS", actor=alice)
    name, data = dossier.achievement_report_docx(nominee)
    assert name == "bao-cao-thanh-tich-nguyen-van-khoa.docx"
    lines = docx_lines(data)
    for expected in [
        "BÁO CÁO THÀNH TÍCH",
        "ĐỀ NGHỊ TẶNG CHIẾN SĨ THI ĐUA CƠ SỞ",
        "- Họ và tên: Nguyễn Văn Khoa",
        "- Ngày, tháng, năm sinh: 1980",
        "- Đơn vị công tác: Xã An Lạc",
        "- Chức vụ (đảng, chính quyền, đoàn thể): Công chức Văn hóa - Xã hội",
        "- Ngày bắt đầu công tác: 01/01/2010",
        "2025 | Hoàn thành tốt nhiệm vụ",
        "2024 | Lao động tiên tiến | Quyết định số 05/QĐ-UBND ngày 15/01/2025 của Ủy ban nhân "
        "dân xã An Lạc",
        "2025 | Số hóa sổ theo dõi thi đua | Phạm vi cơ sở | Quyết định số 30/QĐ-UBND ngày "
        "01/11/2025",
        "NGƯỜI BÁO CÁO THÀNH TÍCH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "XÃ AN LẠC",
    ]:
        assert expected in lines, expected
    assert not [line for line in lines if "{{" in line or "{%" in line]


def test_collective_report(proposal, tree, alice):
    from tests.factories import make_award

    make_award(tree.school_a, "TTLDTT", 2024)
    nominee = nominee_add(proposal=proposal, subject=tree.school_a, target="TTLDTT", actor=alice)
    _name, data = dossier.achievement_report_docx(nominee)
    lines = docx_lines(data)
    for expected in [
        "ĐỀ NGHỊ TẶNG TẬP THỂ LAO ĐỘNG TIÊN TIẾN",
        "Tên tập thể đề nghị: Trường Tiểu học An Lạc",
        "- Đơn vị cấp trên trực tiếp: Xã An Lạc",
        "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH",
        "THỦ TRƯỞNG ĐƠN VỊ",
    ]:
        assert expected in lines, expected
    assert [line for line in lines if line.startswith("2024 | Tập thể lao động tiên tiến |")]
