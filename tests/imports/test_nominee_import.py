"""A proposal's nominee list imported from the Excel sheet a commune keeps: title block, merged
two-row header, Vietnamese names; matching to the registry, rules-engine warnings, duplicates,
all-or-nothing confirm into the proposal, scope (404) and the upload checks."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tdkt.imports.models import BatchStatus, ImportBatch, ImportRow
from tdkt.imports.services import batch_confirm, nominee_batch_create
from tdkt.nominations.models import Nominee
from tests.imports.helpers import tcvn3, xlsx

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OPENS = dt.date(2026, 1, 5)
DEADLINE = dt.date(2026, 1, 30)


# --- the registry and the round -------------------------------------------------------------


@pytest.fixture
def round_(tree, specialist):
    from tdkt.nominations.services import round_create, set_round_state

    r = round_create(
        code="TK-2025",
        name="Xét khen thưởng tổng kết năm 2025",
        year=2025,
        issuing_unit=tree.province,
        award_type="cong_trang",
        targets=["LDTT", "CSTDCS", "GK", "TTLDTT"],
        opens_on=OPENS,
        submit_deadline=DEADLINE,
        actor=specialist,
    )
    return set_round_state(r, "open", actor=specialist)


@pytest.fixture
def proposal(round_, tree, alice):
    from tdkt.nominations.services import proposal_create

    return proposal_create(round=round_, unit=tree.commune_a, actor=alice, number="15/TTr-UBND")


@pytest.fixture
def people(tree):
    """Khoa (eligible for LĐTT 2025, known by CCCD), Lan (only "hoàn thành nhiệm vụ": not
    eligible), two Lê Văn Hùng born 1985 (commune A and its school) and Bình of commune B."""
    from tests.factories import make_person, make_rating

    khoa = make_person(
        "Nguyễn Văn Khoa",
        tree.commune_a,
        birth_year=1980,
        sex="M",
        citizen_id="001080012345",
        employment_start=dt.date(2010, 1, 1),
    )
    make_rating(khoa, 2025, "HTTNV")
    lan = make_person(
        "Trần Thị Lan",
        tree.commune_a,
        birth_date=dt.date(1990, 3, 15),
        sex="F",
        employment_start=dt.date(2015, 3, 1),
    )
    make_rating(lan, 2025, "HTNV")
    hung_a = make_person("Lê Văn Hùng", tree.commune_a, birth_year=1985, sex="M")
    hung_b = make_person("Lê Văn Hùng", tree.school_a, birth_year=1985, sex="M")
    binh = make_person("Trần Văn Bình", tree.commune_b, birth_year=1979, citizen_id="001079000111")
    return {"khoa": khoa, "lan": lan, "hung_a": hung_a, "hung_b": hung_b, "binh": binh}


# --- the sheet a commune sends --------------------------------------------------------------

HEADER_TOP = [
    "STT",
    "Họ và tên cá nhân, tập thể",
    "Ngày sinh",
    None,
    "Số CCCD",
    "Chức vụ, đơn vị công tác",
    "Đề nghị khen thưởng",
    None,
    "Tóm tắt thành tích",
]
HEADER_SUB = [None, None, "Nam", "Nữ", None, None, "Danh hiệu/Hình thức", "Năm thành tích", None]


def commune_sheet(rows: list[list]) -> bytes:
    """The real-world layout: national motto and unit name, a title, the proposal reference, a
    two-row header with merged cells (Ngày sinh over Nam | Nữ, Đề nghị khen thưởng over its two
    columns), a row numbering the columns, sections "I. CÁ NHÂN" / "II. TẬP THỂ", signatures."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    sheet["A1"] = "ỦY BAN NHÂN DÂN XÃ AN LẠC"
    sheet["F1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    sheet["F2"] = "Độc lập – Tự do – Hạnh phúc"
    sheet["A4"] = "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025"
    sheet.merge_cells("A4:I4")
    sheet["A5"] = "(Kèm theo Tờ trình số 15/TTr-UBND ngày 10/01/2026 của UBND xã An Lạc)"
    sheet.merge_cells("A5:I5")
    for c, value in enumerate(HEADER_TOP, start=1):
        if value:
            sheet.cell(row=7, column=c, value=value)
    for c, value in enumerate(HEADER_SUB, start=1):
        if value:
            sheet.cell(row=8, column=c, value=value)
    for merge in ("A7:A8", "B7:B8", "C7:D7", "E7:E8", "F7:F8", "G7:H7", "I7:I8"):
        sheet.merge_cells(merge)
    for c in range(1, 10):
        sheet.cell(row=9, column=c, value=f"({c})")
    r = 10
    for row in rows:
        for c, value in enumerate(row, start=1):
            if value is not None:
                cell = sheet.cell(row=r, column=c, value=value)
                if c == 5:
                    cell.number_format = "@"
        r += 1
    sheet.cell(row=r + 1, column=2, value="Người lập biểu")
    sheet.cell(row=r + 1, column=6, value="CHỦ TỊCH")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


SECTION_PEOPLE = ["I", "CÁ NHÂN"]
KHOA = [1, "Nguyễn Văn Khoa", 1980, None, "001080012345", "Công chức", "LĐTT", 2025, "Xuất sắc"]
LAN = [2, "Trần Thị Lan", None, "15/03/1990", None, "Kế toán", "Lao động tiên tiến", None, ""]
HUNG = [3, "Lê Văn Hùng", 1985, None, None, "Giáo viên", "lao dong tien tien", 2025, None]
KHONG = [4, "Phạm Văn Không", 1970, None, None, "Bảo vệ", "Lao động tiên tiến", 2025, None]
SECTION_UNITS = ["II", "TẬP THỂ"]
SCHOOL = [5, "Trường Tiểu học An Lạc", None, None, None, None, "Tập thể LĐTT", 2025, "Dạy tốt"]


def good_rows() -> list[list]:
    return [SECTION_PEOPLE, KHOA, LAN, SECTION_UNITS, SCHOOL]


def start(user, proposal, data: bytes, name: str = "danh-sach-de-nghi.xlsx") -> ImportBatch:
    return nominee_batch_create(user=user, proposal=proposal, file_name=name, data=data)


def problems(batch) -> dict[int, list[str]]:
    return {
        row.row_number: [p["message"] for p in row.problems]
        for row in ImportRow.objects.filter(batch=batch).order_by("row_number")
    }


# --- preview ----------------------------------------------------------------------------------


@pytest.mark.usefixtures("people")
def test_preview_matches_the_registry_and_explains_every_problem(alice, proposal):
    data = commune_sheet([SECTION_PEOPLE, KHOA, LAN, HUNG, KHONG, SECTION_UNITS, SCHOOL])
    batch = start(alice, proposal, data)

    assert (batch.status, batch.proposal, batch.unit, batch.kind) == (
        BatchStatus.PREVIEW,
        proposal,
        proposal.unit,
        "nominees",
    )
    fields = {c["label"]: c["field"] for c in batch.mapping["columns"]}
    assert fields == {
        "STT": "stt",
        "Họ và tên cá nhân, tập thể": "full_name",
        "Ngày sinh – Nam": "male_mark",
        "Ngày sinh – Nữ": "female_mark",
        "Số CCCD": "citizen_id",
        "Chức vụ, đơn vị công tác": "position",
        "Đề nghị khen thưởng – Danh hiệu/Hình thức": "honour",
        "Đề nghị khen thưởng – Năm thành tích": "year",
        "Tóm tắt thành tích": "achievement",
    }
    assert batch.mapping["header_row"] == 6 and batch.mapping["data_row"] == 9
    assert (batch.total_rows, batch.ok_count, batch.warning_count, batch.error_count) == (
        5,
        1,
        2,
        2,
    )
    rows = {r.row_number: r for r in ImportRow.objects.filter(batch=batch)}
    assert {n: r.status for n, r in rows.items()} == {
        11: "ok",
        12: "warning",
        13: "error",
        14: "error",
        16: "warning",
    }
    khoa = rows[11]
    assert khoa.resolved["target"] == "Lao động tiên tiến (LDTT)"
    assert khoa.resolved["eligibility"] == "Đủ điều kiện Lao động tiên tiến"
    assert khoa.resolved["subject"].startswith("Nguyễn Văn Khoa (sinh 1980, Xã An Lạc, mã ")
    assert problems(batch)[12] == [
        "Dòng 12, cột “Đề nghị khen thưởng – Danh hiệu/Hình thức”: chưa đủ điều kiện Lao động "
        "tiên tiến năm 2025: Cần xếp loại Hoàn thành tốt nhiệm vụ trở lên năm 2025. Vẫn thêm "
        "được vào tờ trình; khi gửi, lãnh đạo đơn vị phải quyết định đề nghị và ghi rõ lý do."
    ]
    assert rows[12].cells["year"] == "2025"  # the round's year when the cell is empty
    (ambiguous,) = problems(batch)[13]
    assert ambiguous.startswith(
        "Dòng 13, cột “Họ và tên cá nhân, tập thể”: có 2 cá nhân cùng họ tên “Lê Văn Hùng” "
        "(sinh 1985) trong “Xã An Lạc”: Lê Văn Hùng (sinh 1985, Xã An Lạc, mã "
    )
    assert "Lê Văn Hùng (sinh 1985, Trường Tiểu học An Lạc, mã " in ambiguous
    assert ambiguous.endswith("Nhập số định danh (CCCD) của người được đề nghị để chọn đúng người.")
    assert problems(batch)[14] == [
        "Dòng 14, cột “Họ và tên cá nhân, tập thể”: không tìm thấy cá nhân “Phạm Văn Không” "
        "(sinh 1970) trong “Xã An Lạc” và các đơn vị trực thuộc. Kiểm tra lại họ tên, năm sinh, "
        "số định danh; nếu người này chưa có trong sổ, hãy thêm vào danh sách cá nhân trước "
        "(hoặc nhập danh sách cá nhân từ Excel) rồi tải lại tệp này."
    ]
    school = rows[16]
    assert school.resolved["subject"] == "Tập thể Trường Tiểu học An Lạc (mã TH-A)"
    assert school.resolved["target"] == "Tập thể lao động tiên tiến (TTLDTT)"
    assert batch.mapping["notes"] == [
        "Đã bỏ qua 1 dòng không phải dữ liệu (tiêu đề nhóm, chữ ký, tổng cộng).",
        "Đã bỏ qua 2 dòng tiêu đề nhóm (ví dụ “I. Cá nhân”, “II. Tập thể”).",
        "1 dòng nêu cá nhân chưa có trong sổ. Không tạo mới người từ danh sách đề nghị: thêm họ "
        "vào danh sách cá nhân trước (hoặc nhập danh sách cá nhân từ Excel), rồi tải lại tệp "
        "này.",
    ]
    # never creates people, never writes a nominee before confirmation
    assert Nominee.objects.count() == 0


def test_preview_page_shows_rows_problems_and_the_proposal(client, alice, proposal, people):
    batch = start(alice, proposal, commune_sheet([KHOA, LAN, KHONG]))
    client.force_login(alice)
    response = client.get(reverse("imports:detail", args=[batch.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Danh sách đề nghị khen thưởng" in html
    assert "Tờ trình số 15/TTr-UBND" in html
    assert (
        "Dòng 12, cột “Họ và tên cá nhân, tập thể”: không tìm thấy cá nhân “Phạm Văn Không”" in html
    )
    assert "chưa đủ điều kiện Lao động tiên tiến năm 2025" in html
    assert "Xác nhận thêm 2 đối tượng vào tờ trình" in html
    assert "Bỏ qua các dòng lỗi" not in html  # all or nothing: no skipping
    assert reverse("imports:new") + "?kind=people" in html


def test_cccd_identifies_the_person_and_a_cccd_outside_the_unit_is_refused(alice, proposal, people):
    hung_b = people["hung_b"]
    hung_b.citizen_id = "001085099999"
    hung_b.save(update_fields=["citizen_id"])
    rows = [
        [1, "Lê Văn Hùng", 1985, None, "001085099999", "Giáo viên", "GK", 2025, None],
        [2, "Trần Văn Bình", 1979, None, "001079000111", "", "Giấy khen", 2025, None],
        [3, "Nguyễn Khoa", None, None, "001080012345", "", "CSTĐCS", 2025, None],
    ]
    batch = start(alice, proposal, commune_sheet(rows))
    found = {r.row_number: r for r in ImportRow.objects.filter(batch=batch)}
    assert (
        found[10]
        .resolved["subject"]
        .startswith("Lê Văn Hùng (sinh 1985, Trường Tiểu học An Lạc, mã ")
    )
    assert problems(batch)[11] == [
        "Dòng 11, cột “Số CCCD”: số định danh 001079000111 thuộc một cá nhân ngoài “Xã An Lạc” "
        "và các đơn vị trực thuộc. Kiểm tra lại số định danh: chỉ đề nghị người của đơn vị mình."
    ]
    assert found[12].resolved["target"] == "Chiến sĩ thi đua cơ sở (CSTDCS)"
    assert problems(batch)[12][0] == (
        "Dòng 12, cột “Họ và tên cá nhân, tập thể”: họ tên “Nguyễn Khoa” khác với họ tên "
        "trong sổ “Nguyễn Văn Khoa” (cùng số định danh 001080012345). Dòng này được đề nghị cho "
        "“Nguyễn Văn Khoa”."
    )


def test_targets_outside_the_round_and_unknown_names_are_errors(alice, proposal, people):
    rows = [
        [1, "Nguyễn Văn Khoa", 1980, None, None, "", "Bằng khen UBND tỉnh", 2025, None],
        [2, "Trần Thị Lan", None, "15/03/1990", None, "", "Lao động tiên tiếng", 2025, None],
        [3, "Trường Tiểu học An Lạc", None, None, None, None, "LDTT", 2025, None],
        [4, "Nguyễn Văn Khoa", 1980, None, None, "", "LDTT", 2026, None],
    ]
    batch = start(alice, proposal, commune_sheet(rows))
    column = "Dòng %s, cột “Đề nghị khen thưởng – Danh hiệu/Hình thức”: "
    offered = (
        "Đợt xét nhận: Lao động tiên tiến (LDTT), Chiến sĩ thi đua cơ sở (CSTDCS), Tập thể lao "
        "động tiên tiến (TTLDTT), Giấy khen (GK)."
    )
    found = problems(batch)
    assert found[10] == [
        column % 10 + "“Bằng khen của bộ, ban, ngành, tỉnh” không thuộc các danh hiệu, hình thức "
        "của đợt xét “Xét khen thưởng tổng kết năm 2025”. " + offered
    ]
    assert found[11] == [
        column % 11 + "“Lao động tiên tiếng” không có trong danh mục danh hiệu, hình thức. Có "
        "phải là “Lao động tiên tiến”? " + offered
    ]
    assert found[12] == [column % 12 + "Lao động tiên tiến không xét cho tập thể."]
    assert found[13] == [
        "Dòng 13, cột “Đề nghị khen thưởng – Năm thành tích”: năm thành tích 2026 sau năm 2025 "
        "của đợt xét. Kiểm tra lại."
    ]


def test_duplicates_in_the_file_the_proposal_and_the_round(alice, bob, tree, proposal, people):
    from tdkt.nominations.services import nominee_add, proposal_create

    nominee_add(proposal=proposal, subject=people["lan"], target="LDTT", actor=alice)
    other = proposal_create(round=proposal.round, unit=tree.commune_a, actor=alice, number="16")
    nominee_add(proposal=other, subject=people["khoa"], target="CSTDCS", actor=alice)
    rows = [
        [1, "Nguyễn Văn Khoa", 1980, None, None, "", "LDTT", 2025, None],
        [2, "Nguyễn Văn Khoa", None, None, "001080012345", "", "Lao động tiên tiến", 2025, None],
        [3, "Trần Thị Lan", None, "15/03/1990", None, "", "LDTT", 2025, None],
        [4, "Nguyễn Văn Khoa", 1980, None, None, "", "CSTDCS", 2025, None],
    ]
    batch = start(alice, proposal, commune_sheet(rows))
    found = problems(batch)
    assert found[11] == [
        "Dòng 11: trùng với dòng 10 (cùng đối tượng, cùng Lao động tiên tiến). Mỗi đối tượng chỉ "
        "đề nghị một lần cho một danh hiệu: xóa một trong hai dòng."
    ]
    assert found[12] == [
        "Dòng 12, cột “Đề nghị khen thưởng – Danh hiệu/Hình thức”: đã có trong tờ trình này với "
        "Lao động tiên tiến. Xóa dòng này khỏi tệp (muốn sửa, sửa trực tiếp trên tờ trình)."
    ]
    assert found[13] == [
        "Dòng 13, cột “Đề nghị khen thưởng – Danh hiệu/Hình thức”: đã được đề nghị Chiến sĩ thi "
        "đua cơ sở trong đợt xét này (Tờ trình số 16 của Xã An Lạc). Mỗi đối tượng chỉ được đề "
        "nghị một lần cho một danh hiệu trong một đợt xét."
    ]
    assert (batch.ok_count, batch.error_count) == (1, 3)


def test_legacy_font_and_a_plain_one_row_header(alice, proposal, people):
    data = xlsx(
        [
            ["TT", "Họ tên", "Năm sinh", "Danh hiệu đề nghị", "Thành tích"],
            [1, tcvn3("Trần Thị Lan"), 1990, "LDTT", tcvn3("Hoàn thành nhiệm vụ")],
        ],
        titles=["DANH SÁCH ĐỀ NGHỊ CÔNG NHẬN DANH HIỆU LAO ĐỘNG TIÊN TIẾN NĂM 2025"],
        header_row=3,
    )
    batch = start(alice, proposal, data, "lan.xlsx")
    (row,) = ImportRow.objects.filter(batch=batch)
    assert row.cells["full_name"] == "Trần Thị Lan"
    assert [c["encoding"] for c in row.conversions] == ["TCVN3", "TCVN3"]
    assert row.resolved["subject"].startswith("Trần Thị Lan (sinh 15/03/1990, Xã An Lạc")
    assert row.status == "warning"


# --- confirm ----------------------------------------------------------------------------------


def test_confirm_adds_every_nominee_with_its_judgement_and_returns_to_the_proposal(
    client, alice, proposal, people
):
    client.force_login(alice)
    response = client.post(
        reverse("backoffice:proposals.import", args=[proposal.pk]),
        {"file": SimpleUploadedFile("ds.xlsx", commune_sheet(good_rows()), XLSX)},
    )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:detail", args=[batch.pk])
    assert (batch.ok_count, batch.warning_count, batch.error_count) == (1, 2, 0)

    response = client.post(reverse("imports:confirm", args=[batch.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:proposals.detail", args=[proposal.pk])
    batch.refresh_from_db()
    assert (batch.status, batch.written_count) == (BatchStatus.CONFIRMED, 3)
    assert batch.message == "Đã thêm 3 đối tượng vào Tờ trình số 15/TTr-UBND."
    nominees = list(Nominee.objects.filter(proposal=proposal).order_by("order"))
    assert [
        (n.subject_name, n.target_id, n.year_from, n.year_to, n.eligible, n.state, n.order)
        for n in nominees
    ] == [
        ("Nguyễn Văn Khoa", "LDTT", 2025, 2025, True, "draft", 1),
        ("Trần Thị Lan", "LDTT", 2025, 2025, False, "draft", 2),
        ("Trường Tiểu học An Lạc", "TTLDTT", 2025, 2025, nominees[2].eligible, "draft", 3),
    ]
    assert nominees[0].achievement_summary == "Xuất sắc"
    assert nominees[2].achievement_summary == "Dạy tốt"
    assert nominees[2].subject_kind == "collective"
    lan = nominees[1]
    assert lan.eligibility["missing"] == ["Cần xếp loại Hoàn thành tốt nhiệm vụ trở lên năm 2025"]
    assert (lan.eligibility["target"], lan.eligibility["year"], lan.eligibility["override"]) == (
        "LDTT",
        2025,
        None,
    )
    from tdkt.common.models import AuditLog

    actions = list(
        AuditLog.objects.filter(action__startswith="imports.batch").values_list("action", flat=True)
    )
    assert actions == ["imports.batch.confirm"]
    assert AuditLog.objects.filter(action="nominations.nominee.create").count() == 3


def test_a_file_with_any_error_writes_nothing(client, alice, proposal, people):
    batch = start(alice, proposal, commune_sheet([KHOA, LAN, KHONG]))
    with pytest.raises(ValidationError) as exc:
        batch_confirm(batch=batch, actor=alice, skip_errors=True)
    assert exc.value.messages == [
        "Chưa thể thêm vào tờ trình: còn 1 dòng lỗi. Danh sách được thêm một lần cho tất cả các "
        "dòng (có lỗi thì không thêm dòng nào): sửa tệp theo hướng dẫn ở từng dòng rồi tải lên "
        "lại."
    ]
    client.force_login(alice)
    response = client.post(reverse("imports:confirm", args=[batch.pk]), {"skip_errors": "on"})
    assert response["Location"] == reverse("imports:detail", args=[batch.pk])
    batch.refresh_from_db()
    assert (batch.status, Nominee.objects.count()) == (BatchStatus.PREVIEW, 0)


def test_a_failure_while_writing_rolls_every_row_back(alice, proposal, people, monkeypatch):
    from tdkt.nominations import services as nominations

    real = nominations.nominee_add
    calls = []

    def failing(**kwargs):
        calls.append(kwargs["subject"])
        if len(calls) == 3:
            raise ValidationError({"subject": "Lỗi giả lập khi ghi."})
        return real(**kwargs)

    monkeypatch.setattr(nominations, "nominee_add", failing)
    batch = start(alice, proposal, commune_sheet(good_rows()))
    batch = batch_confirm(batch=batch, actor=alice)
    assert batch.status == BatchStatus.FAILED
    assert batch.message == (
        "Không thêm được, chưa có dòng nào được thêm vào tờ trình: Dòng 14: Lỗi giả lập khi ghi."
    )
    assert (len(calls), Nominee.objects.count()) == (3, 0)


def test_changes_since_the_preview_are_shown_again_before_writing(alice, proposal, people):
    from tdkt.nominations.services import nominee_add

    batch = start(alice, proposal, commune_sheet(good_rows()))
    nominee_add(proposal=proposal, subject=people["lan"], target="LDTT", actor=alice)
    batch = batch_confirm(batch=batch, actor=alice)
    assert batch.status == BatchStatus.PREVIEW
    assert batch.message.startswith(
        "Chưa ghi gì: dữ liệu trong sổ đã thay đổi từ lúc xem trước (các dòng 12)."
    )
    assert batch.error_count == 1
    assert Nominee.objects.count() == 1


def test_a_proposal_no_longer_editable_refuses_upload_and_confirm(client, alice, proposal, people):
    from tdkt.nominations.services import set_proposal_state

    batch = start(alice, proposal, commune_sheet([KHOA]))
    set_proposal_state(proposal, "submitted", actor=alice)
    with pytest.raises(ValidationError) as exc:
        batch_confirm(batch=batch, actor=alice)
    message = (
        "Tờ trình số 15/TTr-UBND đang ở trạng thái «Đã gửi»: không thêm được đối tượng đề nghị. "
        "Chỉ nhập danh sách khi tờ trình đang soạn hoặc bị trả lại để bổ sung."
    )
    assert exc.value.messages == [message]
    client.force_login(alice)
    url = reverse("backoffice:proposals.import", args=[proposal.pk])
    page = client.get(url).content.decode()
    assert "Tờ trình đang ở trạng thái «Đã gửi»: không thêm được đối tượng đề nghị." in page
    response = client.post(
        url, {"file": SimpleUploadedFile("ds.xlsx", commune_sheet([KHOA]), XLSX)}, follow=True
    )
    assert ImportBatch.objects.count() == 1
    assert "không thêm được đối tượng đề nghị" in response.content.decode()
    assert Nominee.objects.count() == 0


# --- screens: scope, upload checks, template ---------------------------------------------------


def test_stranger_gets_404_everywhere(client, bob, alice, proposal, people):
    batch = start(alice, proposal, commune_sheet([KHOA]))
    client.force_login(bob)
    for url in (
        reverse("backoffice:proposals.import", args=[proposal.pk]),
        reverse("backoffice:proposals.import.template", args=[proposal.pk]),
        reverse("imports:detail", args=[batch.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("backoffice:proposals.import", args=[proposal.pk]),
        {"file": SimpleUploadedFile("ds.xlsx", commune_sheet([KHOA]), XLSX)},
    )
    assert response.status_code == 404
    assert client.post(reverse("imports:confirm", args=[batch.pk])).status_code == 404
    assert (ImportBatch.objects.count(), Nominee.objects.count()) == (1, 0)


def test_viewer_without_edit_right_is_refused(client, auditor, proposal):
    client.force_login(auditor)
    url = reverse("backoffice:proposals.import", args=[proposal.pk])
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "ds.pdf",
            b"%PDF-1.4 fake",
            "Tệp “ds.pdf” không phải bảng tính. Chỉ nhận tệp .xlsx, .xls, .ods hoặc .csv.",
        ),
        (
            "ds.xlsx",
            b"%PDF-1.4 renamed",
            "Tệp “ds.xlsx” không phải tệp Excel hợp lệ: nội dung không khớp với phần đuôi tên tệp "
            "(có thể tệp đã bị đổi tên hoặc bị hỏng). Hãy mở tệp bằng Excel rồi chọn “Lưu thành” "
            "(Save As) dạng Excel Workbook (.xlsx).",
        ),
    ],
)
def test_wrong_file_type_is_explained(client, alice, proposal, *, name, data, message):
    client.force_login(alice)
    response = client.post(
        reverse("backoffice:proposals.import", args=[proposal.pk]),
        {"file": SimpleUploadedFile(name, data, "application/octet-stream")},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [message]
    assert ImportBatch.objects.count() == 0


def test_upload_page_and_blank_template_round_trip(client, alice, proposal, people):
    client.force_login(alice)
    page = client.get(reverse("backoffice:proposals.import", args=[proposal.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'Lao động tiên tiến <span class="muted">(LDTT)</span>' in html
    assert reverse("backoffice:proposals.import.template", args=[proposal.pk]) in html

    response = client.get(reverse("backoffice:proposals.import.template", args=[proposal.pk]))
    assert response["Content-Type"] == XLSX
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert sheet["A1"].value == "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG – XÉT KHEN THƯỞNG TỔNG KẾT NĂM 2025"
    assert [c.value for c in sheet[4]] == [
        "STT",
        "Họ và tên (hoặc tên tập thể)",
        "Ngày sinh (hoặc năm sinh)",
        "Giới tính",
        "Số định danh (CCCD)",
        "Chức vụ",
        "Đơn vị",
        "Danh hiệu/Hình thức đề nghị",
        "Năm thành tích",
        "Tóm tắt thành tích",
    ]
    assert [r[0].value for r in workbook.worksheets[1].iter_rows(min_row=2)] == [
        "LDTT",
        "CSTDCS",
        "TTLDTT",
        "GK",
    ]
    # the example row, filled with a real person, imports as it is
    sheet["B5"], sheet["C5"], sheet["E5"] = "Nguyễn Văn Khoa", "1980", "001080012345"
    buffer = io.BytesIO()
    workbook.save(buffer)
    batch = start(alice, proposal, buffer.getvalue(), "mau.xlsx")
    (row,) = ImportRow.objects.filter(batch=batch)
    assert (row.row_number, row.status, row.resolved["target"]) == (
        5,
        "ok",
        "Lao động tiên tiến (LDTT)",
    )


def test_header_merged_down_under_a_group_label(alice, proposal, people):
    """STT and Danh hiệu đề nghị merged down over two rows, Thông tin cá nhân over Họ và tên |
    Năm sinh | Số CCCD: the lower row scores best, the upper one is its group."""
    data = xlsx(
        [
            ["STT", "Thông tin cá nhân", None, None, "Danh hiệu đề nghị"],
            [None, "Họ và tên", "Năm sinh", "Số CCCD", None],
            [1, "Nguyễn Văn Khoa", 1980, "001080012345", "Lao động tiên tiến"],
        ],
        titles=["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"],
        header_row=3,
        merges=("A3:A4", "B3:D3", "E3:E4"),
    )
    batch = start(alice, proposal, data)
    assert [(c["label"], c["field"]) for c in batch.mapping["columns"]] == [
        ("STT", "stt"),
        ("Thông tin cá nhân – Họ và tên", "full_name"),
        ("Thông tin cá nhân – Năm sinh", "birth_year"),
        ("Thông tin cá nhân – Số CCCD", "citizen_id"),
        ("Danh hiệu đề nghị", "honour"),
    ]
    (row,) = ImportRow.objects.filter(batch=batch)
    assert (row.row_number, row.status) == (5, "ok")


def test_big_lists_run_as_background_tasks(client, alice, proposal, people, monkeypatch):
    from tdkt.imports import services

    monkeypatch.setattr(services, "INLINE_MAX_NOMINEES", 1)
    batch = start(alice, proposal, commune_sheet(good_rows()))
    assert (batch.status, bool(batch.task_id)) == (BatchStatus.PREVIEW, True)
    preview_task = batch.task_id
    batch = batch_confirm(batch=batch, actor=alice)
    assert (batch.status, batch.written_count) == (BatchStatus.CONFIRMED, 3)
    assert batch.task_id != preview_task
    assert Nominee.objects.filter(proposal=proposal).count() == 3
