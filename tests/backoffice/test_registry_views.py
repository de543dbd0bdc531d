"""Back-office registry screens: decisions, awards, ratings, initiatives, discipline, exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from python_calamine import CalamineWorkbook

from tdkt.common.models import AuditLog
from tdkt.registry.enums import RecordStatus
from tdkt.registry.models import AwardRecord, Decision, DisciplineRecord, Initiative, YearlyRating
from tdkt.registry.services import initiative_mark_used
from tests.factories import (
    make_award,
    make_decision,
    make_household,
    make_initiative,
    make_person,
    make_rating,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
TODAY = dt.date.today().strftime("%d/%m/%Y")
HEADER = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Đơn vị",
    "Danh hiệu/Hình thức",
    "Năm",
    "Số quyết định",
    "Ngày quyết định",
    "Tiền thưởng",
    "Trạng thái",
]
SUBJECT_LINK = re.compile(r'<a href="/(?:ca-nhan|don-vi|ho-gia-dinh)/\d+/">([^<]+)</a>')


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(client, bob):
    client.force_login(bob)
    return client


@pytest.fixture
def decision_a(tree):
    return make_decision(
        "15/QĐ-UBND",
        dt.date(2025, 1, 20),
        issuer_unit=tree.commune_a,
        issuer_name="Ủy ban nhân dân xã An Lạc",
        level="co_so",
    )


@pytest.fixture
def award_a(person_a, decision_a):
    return make_award(person_a, "LDTT", 2024, decision=decision_a, bonus_amount=2_340_000)


def sheet_rows(content: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


def csv_rows(response) -> tuple[str, list[list[str]]]:
    raw = b"".join(response.streaming_content)
    text = raw.decode("utf-8")
    return text, list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def header_index(rows: list[list]) -> int:
    return next(i for i, row in enumerate(rows) if row and row[0] == "STT")


# --- decisions ---------------------------------------------------------------------------------


def test_decision_detail_shows_properties_regime_and_awards(alice_client, award_a, decision_a):
    response = alice_client.get(reverse("backoffice:decisions.detail", args=[decision_a.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "15/QĐ-UBND" in html
    assert "20/01/2025" in html
    assert "Nghị định 98/2023/NĐ-CP" in html  # regime in force on the signing date
    assert SUBJECT_LINK.findall(html) == ["Nguyễn Thị Hằng"]
    assert "2.340.000" in html


def test_decision_create_with_pdf_and_download_through_the_view(alice_client, tree, tmp_path):
    upload = SimpleUploadedFile("qd 15.pdf", PDF, content_type="application/pdf")
    with override_settings(MEDIA_ROOT=tmp_path):
        response = alice_client.post(
            reverse("backoffice:decisions.create"),
            {
                "number": "15/QĐ-UBND",
                "signed_on": "20/01/2025",
                "issuer_name": "Ủy ban nhân dân xã An Lạc",
                "issuer_unit": tree.commune_a.pk,
                "level": "co_so",
                "award_type": "cong_trang",
                "attachment": upload,
            },
        )
        decision = Decision.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("backoffice:decisions.detail", args=[decision.pk])
        assert decision.signed_on == dt.date(2025, 1, 20)
        assert decision.regime_id == "decree98"
        assert decision.attachment.name.endswith(".pdf")
        download = alice_client.get(reverse("backoffice:decisions.attachment", args=[decision.pk]))
        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"
        assert download["Content-Disposition"].startswith("attachment;")
        assert b"".join(download.streaming_content) == PDF
    assert AuditLog.objects.filter(action="registry.decision.create").count() == 1


def test_png_named_pdf_is_stored_with_its_real_extension(alice_client, tree, tmp_path):
    upload = SimpleUploadedFile("scan.pdf", PNG, content_type="application/pdf")
    with override_settings(MEDIA_ROOT=tmp_path):
        alice_client.post(
            reverse("backoffice:decisions.create"),
            {
                "number": "16/QĐ-UBND",
                "signed_on": "21/01/2025",
                "issuer_name": "UBND xã",
                "issuer_unit": tree.commune_a.pk,
                "level": "co_so",
                "award_type": "cong_trang",
                "attachment": upload,
            },
        )
    assert Decision.objects.get().attachment.name.endswith("scan.png")


def _post_decision(client, tree, upload):
    return client.post(
        reverse("backoffice:decisions.create"),
        {
            "number": "17/QĐ-UBND",
            "signed_on": "22/01/2025",
            "issuer_name": "UBND xã",
            "issuer_unit": tree.commune_a.pk,
            "level": "co_so",
            "award_type": "cong_trang",
            "attachment": upload,
        },
    )


def test_garbage_named_pdf_is_refused_naming_the_file(alice_client, tree, tmp_path):
    upload = SimpleUploadedFile(
        "bao-cao.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf"
    )
    with override_settings(MEDIA_ROOT=tmp_path):
        response = _post_decision(alice_client, tree, upload)
    assert response.status_code == 200
    errors = response.context["form"].errors["attachment"]
    assert errors == [
        "Tệp “bao-cao.pdf” không phải bản scan PDF, JPEG hoặc PNG hợp lệ (hệ thống "
        "kiểm tra nội dung tệp, không chỉ phần đuôi tên)."
    ]
    assert "bao-cao.pdf" in response.content.decode()
    assert not Decision.objects.exists()


def test_oversized_file_is_refused(alice_client, tree, tmp_path):
    upload = SimpleUploadedFile("lon.pdf", PDF + b"0" * 4096, content_type="application/pdf")
    with override_settings(MEDIA_ROOT=tmp_path, TDKT_UPLOAD_MAX_BYTES=2048):
        response = _post_decision(alice_client, tree, upload)
    errors = response.context["form"].errors["attachment"]
    assert len(errors) == 1
    assert errors[0].startswith("Tệp “lon.pdf” dung lượng")
    assert "vượt quá giới hạn" in errors[0]
    assert not Decision.objects.exists()


def test_decision_number_clash_is_shown_on_the_form(alice_client, tree, decision_a):
    response = alice_client.post(
        reverse("backoffice:decisions.create"),
        {
            "number": "15/QĐ-UBND",
            "signed_on": "20/01/2025",
            "issuer_name": "Ủy ban nhân dân xã An Lạc",
            "issuer_unit": tree.commune_a.pk,
            "level": "co_so",
            "award_type": "cong_trang",
        },
    )
    assert response.context["form"].errors["number"] == [
        "Quyết định số 15/QĐ-UBND ngày 20/01/2025 của Ủy ban nhân dân xã An Lạc đã có trong sổ."
    ]


def test_stranger_gets_404_on_decision_and_attachment(bob_client, decision_a, tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path):
        decision_a.attachment.save("qd.pdf", io.BytesIO(PDF))
        for name in ("decisions.detail", "decisions.attachment"):
            response = bob_client.get(reverse(f"backoffice:{name}", args=[decision_a.pk]))
            assert response.status_code == 404


def test_decision_list_filters(alice_client, tree, decision_a):
    make_decision(
        "99/QĐ-UBND",
        dt.date(2024, 5, 2),
        issuer_unit=tree.commune_a,
        issuer_name="UBND xã An Lạc",
        level="co_so",
        summary="Khen thưởng phong trào",
    )
    url = reverse("backoffice:decisions.list")
    numbers = lambda r: [d.number for d in r.context["page_obj"]]  # noqa: E731
    assert numbers(alice_client.get(url)) == ["15/QĐ-UBND", "99/QĐ-UBND"]
    assert numbers(alice_client.get(url, {"year": 2024})) == ["99/QĐ-UBND"]
    assert numbers(alice_client.get(url, {"q": "phong trào"})) == ["99/QĐ-UBND"]
    assert numbers(alice_client.get(url, {"year": "abc"})) == ["15/QĐ-UBND", "99/QĐ-UBND"]


# --- awards ------------------------------------------------------------------------------------


def test_award_list_filters_by_name_without_diacritics(alice_client, tree, award_a):
    other = make_person("Lê Văn An", tree.commune_a)
    make_award(other, "CSTDCS", 2024)
    url = reverse("backoffice:awards.list")
    assert SUBJECT_LINK.findall(
        alice_client.get(url, {"q": "nguyen thi hang"}).content.decode()
    ) == ["Nguyễn Thị Hằng"]
    assert SUBJECT_LINK.findall(alice_client.get(url, {"honour": "CSTDCS"}).content.decode()) == [
        "Lê Văn An"
    ]
    assert SUBJECT_LINK.findall(alice_client.get(url, {"year": 2023}).content.decode()) == []


def test_award_list_unit_filter_only_offers_units_in_scope(alice_client, tree, award_a):
    response = alice_client.get(reverse("backoffice:awards.list"))
    units = {u.pk for u in response.context["form"].fields["unit"].queryset}
    assert units == {tree.commune_a.pk, tree.school_a.pk}
    outside = alice_client.get(reverse("backoffice:awards.list"), {"unit": tree.commune_b.pk})
    assert [a.pk for a in outside.context["page_obj"]] == [award_a.pk]  # ignored, not a 500


def test_award_create_from_the_form(alice_client, person_a, decision_a):
    response = alice_client.post(
        reverse("backoffice:awards.create"),
        {
            "subject_kind": "individual",
            "subject_id": person_a.pk,
            "honour": "LDTT",
            "year_to": 2024,
            "decision_id": decision_a.pk,
            "bonus_amount": "1.000.000",
        },
    )
    assert response.status_code == 302
    award = AwardRecord.objects.get()
    assert (award.person, award.honour_id, award.year_to, award.decision, award.bonus_amount) == (
        person_a,
        "LDTT",
        2024,
        decision_a,
        1_000_000,
    )
    assert award.created_by.username == "alice"


def test_duplicate_award_shows_the_service_message(alice_client, person_a, award_a):
    response = alice_client.post(
        reverse("backoffice:awards.create"),
        {
            "subject_kind": "individual",
            "subject_id": person_a.pk,
            "honour": "LDTT",
            "year_to": 2024,
        },
    )
    assert response.status_code == 200
    message = (
        "Nguyễn Thị Hằng đã có Lao động tiên tiến năm 2024 (theo Quyết định số 15/QĐ-UBND "
        "ngày 20/01/2025). Mỗi thành tích chỉ được khen một lần: kiểm tra lại hoặc thu hồi "
        "bản ghi cũ trước."
    )
    assert response.context["form"].errors["honour"] == [message]
    assert message in response.content.decode()
    assert AwardRecord.objects.count() == 1


def test_award_for_a_stranger_subject_is_refused(alice_client, person_b):
    response = alice_client.post(
        reverse("backoffice:awards.create"),
        {
            "subject_kind": "individual",
            "subject_id": person_b.pk,
            "honour": "LDTT",
            "year_to": 2024,
        },
    )
    assert response.context["form"].errors["subject_id"] == [
        "Không tìm thấy đối tượng này trong phạm vi bạn được ghi dữ liệu."
    ]
    assert not AwardRecord.objects.exists()


def test_award_create_prefills_the_subject_from_the_person_page(alice_client, person_a):
    response = alice_client.get(reverse("backoffice:awards.create"), {"person": person_a.pk})
    assert response.context["picked"] == person_a
    assert f'name="subject_id" value="{person_a.pk}" checked' in response.content.decode()


def test_subject_search_stays_in_scope(alice_client, person_a, person_b, tree):
    url = reverse("backoffice:subjects.search")
    found = alice_client.get(url, {"subject_kind": "individual", "subject_q": "hang"})
    assert [r[1] for r in found.context["results"]] == ["Nguyễn Thị Hằng"]
    stranger = alice_client.get(url, {"subject_kind": "individual", "subject_q": "binh"})
    assert stranger.context["results"] == []
    units = alice_client.get(url, {"subject_kind": "collective", "subject_q": "an lac"})
    assert [r[1] for r in units.context["results"]] == ["Xã An Lạc", "Trường Tiểu học An Lạc"]


def test_decision_search_returns_scoped_decisions(alice_client, bob, decision_a):
    url = reverse("backoffice:decisions.search")
    assert list(alice_client.get(url, {"decision_q": "15/"}).context["results"]) == [decision_a]
    alice_client.force_login(bob)
    assert list(alice_client.get(url, {"decision_q": "15/"}).context["results"]) == []


def test_revoke_keeps_the_row_with_reason_and_logs(alice_client, alice, award_a):
    response = alice_client.post(
        reverse("backoffice:awards.revoke", args=[award_a.pk]),
        {
            "reason": "Khai man thành tích",
            "on": "03/02/2025",
            "bonus_recovered": "2.340.000",
        },
    )
    assert response.status_code == 302
    award_a.refresh_from_db()
    assert (
        award_a.status,
        award_a.revoked_reason,
        award_a.revoked_on,
        award_a.bonus_recovered,
    ) == (RecordStatus.REVOKED, "Khai man thành tích", dt.date(2025, 2, 3), 2_340_000)
    log = AuditLog.objects.get(action="registry.award.revoke")
    assert (log.actor, log.reason, log.object_id) == (alice, "Khai man thành tích", str(award_a.pk))
    assert (log.before["status"], log.after["status"]) == ("valid", "revoked")


def test_revoke_requires_a_reason(alice_client, award_a):
    response = alice_client.post(
        reverse("backoffice:awards.revoke", args=[award_a.pk]), {"reason": "  "}
    )
    assert response.context["form"].errors["reason"] == ["Cần ghi lý do thu hồi."]
    award_a.refresh_from_db()
    assert award_a.status == RecordStatus.VALID


def test_stranger_gets_404_on_award_revoke(bob_client, award_a):
    response = bob_client.post(
        reverse("backoffice:awards.revoke", args=[award_a.pk]), {"reason": "x"}
    )
    assert response.status_code == 404
    award_a.refresh_from_db()
    assert award_a.status == RecordStatus.VALID


def test_read_only_role_cannot_open_entry_forms(client, auditor):
    client.force_login(auditor)
    assert client.get(reverse("backoffice:awards.create")).status_code == 403
    assert client.get(reverse("backoffice:decisions.create")).status_code == 403


# --- ratings, initiatives, discipline ----------------------------------------------------------


def test_rating_create_then_supersede(alice_client, person_a):
    url = reverse("backoffice:ratings.create")
    data = {
        "subject_kind": "individual",
        "subject_id": person_a.pk,
        "year": 2024,
        "rating": "HTTNV",
        "months_in_service": 12,
    }
    assert alice_client.post(url, data).status_code == 302
    again = alice_client.post(url, {**data, "rating": "HTXSNV"})
    assert again.context["form"].errors["year"] == [
        "Nguyễn Thị Hằng đã được xếp loại năm 2024 (Hoàn thành tốt nhiệm vụ). "
        "Chọn “thay thế” nếu cần sửa."
    ]
    assert alice_client.post(url, {**data, "rating": "HTXSNV", "replace": "on"}).status_code == 302
    assert list(YearlyRating.objects.order_by("pk").values_list("rating_id", "status")) == [
        ("HTTNV", "revoked"),
        ("HTXSNV", "valid"),
    ]


def test_rating_list_filters(alice_client, tree, person_a):
    make_rating(person_a, 2023, "HTXSNV")
    make_rating(make_person("Lê Văn An", tree.school_a), 2023, "HTTNV")
    url = reverse("backoffice:ratings.list")
    rows = alice_client.get(url, {"rating": "HTXSNV"}).context["page_obj"]
    assert [r.person.full_name for r in rows] == ["Nguyễn Thị Hằng"]
    rows = alice_client.get(url, {"unit": tree.school_a.pk}).context["page_obj"]
    assert [r.person.full_name for r in rows] == ["Lê Văn An"]


def test_initiative_create_and_used_label(alice_client, alice, tree, person_a, award_a):
    response = alice_client.post(
        reverse("backoffice:initiatives.create"),
        {
            "code": "sk-2024-01",
            "title": "Số hóa hồ sơ thi đua",
            "kind": "sang_kien",
            "year": 2024,
            "scope": "co_so",
            "unit": tree.commune_a.pk,
            "authors": [person_a.pk],
        },
    )
    assert response.status_code == 302
    initiative = Initiative.objects.get()
    assert (initiative.code, list(initiative.authors.all())) == ("SK-2024-01", [person_a])
    initiative_mark_used(initiative=initiative, award=award_a, actor=alice)
    html = alice_client.get(reverse("backoffice:initiatives.list")).content.decode()
    assert "đã dùng cho Lao động tiên tiến 2024" in html


def test_initiative_authors_must_be_in_scope(alice_client, tree, person_b):
    response = alice_client.post(
        reverse("backoffice:initiatives.create"),
        {
            "code": "SK-1",
            "title": "T",
            "kind": "sang_kien",
            "year": 2024,
            "scope": "co_so",
            "unit": tree.commune_a.pk,
            "authors": [person_b.pk],
        },
    )
    assert response.status_code == 200
    assert "authors" in response.context["form"].errors
    assert not Initiative.objects.exists()


def test_discipline_create_for_a_person(alice_client, person_a):
    url = reverse("backoffice:discipline.create") + f"?person={person_a.pk}"
    response = alice_client.post(
        url,
        {
            "state": "in_force",
            "level": "khien_trach",
            "start": "01/03/2024",
            "end": "01/03/2025",
            "decision_ref": "05/QĐ-KL",
            "reason": "Vi phạm",
        },
    )
    assert response.status_code == 302
    record = DisciplineRecord.objects.get()
    assert (record.person, record.level_id, record.start) == (
        person_a,
        "khien_trach",
        dt.date(2024, 3, 1),
    )
    bad = alice_client.post(url, {"state": "in_force", "start": "01/03/2024"})
    assert bad.context["form"].errors["level"] == ["Cần chọn hình thức kỷ luật."]


def test_discipline_for_a_stranger_is_404(bob_client, person_a):
    url = reverse("backoffice:discipline.create") + f"?person={person_a.pk}"
    assert bob_client.get(url).status_code == 404


# --- constant query counts ---------------------------------------------------------------------


def _fill(tree, n: int) -> None:
    decision = make_decision(issuer_unit=tree.commune_a, level="co_so")
    for i in range(n):
        person = make_person(f"Nguyễn Văn Số {i}", tree.commune_a, birth_year=1980 + i)
        make_award(person, "LDTT", 2024, decision=decision, bonus_amount=1_000_000)
        make_rating(person, 2024, "HTTNV")
        make_initiative(tree.commune_a, 2024, authors=[person])


@pytest.mark.parametrize("n", [1, 5])
@pytest.mark.parametrize(
    ("name", "queries"),
    [("awards.list", 13), ("ratings.list", 13), ("decisions.list", 12), ("initiatives.list", 14)],
)
def test_list_query_count_is_constant(  # noqa: PLR0917 -- fixtures and parameters
    alice_client, tree, django_assert_num_queries, n, name, queries
):
    _fill(tree, n)
    with django_assert_num_queries(queries):
        response = alice_client.get(reverse(f"backoffice:{name}"))
    assert response.status_code == 200


# --- exports -----------------------------------------------------------------------------------


def test_award_export_xlsx_matches_the_screen(alice_client, tree, award_a):
    make_award(
        make_person("Lê Văn An", tree.commune_a, birth_date=dt.date(1990, 4, 5)), "CSTDCS", 2024
    )
    make_award(make_person("Trần Thị Cúc", tree.school_a), "LDTT", 2023)
    params = {"year": 2024}
    screen = SUBJECT_LINK.findall(
        alice_client.get(reverse("backoffice:awards.list"), params).content.decode()
    )
    response = alice_client.get(reverse("backoffice:awards.export"), {**params, "format": "xlsx"})
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="khen-thuong-' in response["Content-Disposition"]
    rows = sheet_rows(b"".join(response.streaming_content))
    assert rows[0][0] == "ỦY BAN NHÂN DÂN TỈNH"
    assert rows[1][0] == "DANH SÁCH KHEN THƯỞNG NĂM 2024"
    assert f"Ngày xuất: {TODAY}" in [r[0] for r in rows[:6]]
    h = header_index(rows)
    assert rows[h] == HEADER
    data = rows[h + 1 :]
    assert [r[1] for r in data] == screen
    assert len(screen) == 2
    first = data[screen.index("Nguyễn Thị Hằng")]
    assert first[3:] == [
        "Xã An Lạc",
        "Lao động tiên tiến",
        2024.0,
        "15/QĐ-UBND",
        dt.date(2025, 1, 20),
        2340000.0,
        "Có hiệu lực",
    ]
    second = data[screen.index("Lê Văn An")]
    assert second[2] == dt.date(1990, 4, 5)


def test_award_export_csv(alice_client, award_a):
    response = alice_client.get(reverse("backoffice:awards.export"), {"format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text, rows = csv_rows(response)
    assert text.startswith("\ufeff")
    h = header_index(rows)
    assert rows[h] == HEADER
    assert rows[h + 1] == [
        "1",
        "Nguyễn Thị Hằng",
        "1985",
        "Xã An Lạc",
        "Lao động tiên tiến",
        "2024",
        "15/QĐ-UBND",
        "20/01/2025",
        "2.340.000",
        "Có hiệu lực",
    ]
    assert f"Ngày xuất: {TODAY}" in text


def test_formula_names_are_neutralised_in_csv_and_xlsx(alice_client, tree):
    person = make_person('=HYPERLINK("http://x.vn","Bấm")', tree.commune_a)
    assert person.full_name.startswith("=")
    make_award(person, "LDTT", 2024)
    url = reverse("backoffice:awards.export")
    _, rows = csv_rows(alice_client.get(url, {"format": "csv"}))
    assert rows[header_index(rows) + 1][1] == "'" + person.full_name
    content = b"".join(alice_client.get(url, {"format": "xlsx"}).streaming_content)
    rows = sheet_rows(content)
    assert rows[header_index(rows) + 1][1] == person.full_name
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml


def test_export_keeps_scope(bob_client, award_a):
    _, rows = csv_rows(bob_client.get(reverse("backoffice:awards.export"), {"format": "csv"}))
    assert rows[header_index(rows) + 1 :] == []


def test_unknown_export_format_is_404(alice_client, award_a):
    response = alice_client.get(reverse("backoffice:awards.export"), {"format": "exe"})
    assert response.status_code == 404


def test_other_exports(alice_client, tree, person_a, award_a):
    make_rating(person_a, 2024, "HTXSNV", months_in_service=12)
    make_initiative(tree.commune_a, 2024, authors=[person_a], code="SK-9")
    make_household("Lò Văn Páo", tree.commune_a)
    expected = {
        "ratings.export": [
            "1",
            "Nguyễn Thị Hằng",
            "1985",
            "Xã An Lạc",
            "2024",
            "Hoàn thành xuất sắc nhiệm vụ",
            "12",
            "",
            "Có hiệu lực",
        ],
        "decisions.export": [
            "1",
            "15/QĐ-UBND",
            "20/01/2025",
            "Ủy ban nhân dân xã An Lạc",
            "Cấp cơ sở (thủ trưởng đơn vị, chủ tịch xã)",
            "Khen thưởng thường xuyên (theo công trạng và thành tích)",
            "",
            "1",
            "Có hiệu lực",
        ],
        "initiatives.export": [
            "1",
            "SK-9",
            "Cải tiến quy trình tiếp nhận hồ sơ",
            "Nguyễn Thị Hằng",
            "Xã An Lạc",
            "2024",
            "Phạm vi cơ sở",
            "",
            "",
            "Có hiệu lực",
        ],
    }
    for name, row in expected.items():
        _, rows = csv_rows(alice_client.get(reverse(f"backoffice:{name}"), {"format": "csv"}))
        assert rows[header_index(rows) + 1 :] == [row], name


def test_people_export_uses_the_list_filters(alice_client, tree, person_a):
    make_person("Lê Văn An", tree.commune_a, birth_year=1990)
    url = reverse("backoffice:people.export")
    _, rows = csv_rows(alice_client.get(url, {"format": "csv", "q": "le van"}))
    h = header_index(rows)
    assert rows[h][:2] == ["STT", "Họ và tên"]
    assert [r[1] for r in rows[h + 1 :]] == ["Lê Văn An"]
    content = b"".join(alice_client.get(url).streaming_content)
    rows = sheet_rows(content)
    assert [r[1] for r in rows[header_index(rows) + 1 :]] == ["Lê Văn An", "Nguyễn Thị Hằng"]
