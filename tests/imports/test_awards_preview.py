"""Award lists as units send them: title block, header on row 5, mixed dates, legacy font."""

from __future__ import annotations

import datetime as dt

import pytest

from tdkt.imports.models import BatchStatus, ImportRow
from tdkt.imports.services import batch_create
from tdkt.registry.models import AwardRecord
from tests.factories import make_award, make_person
from tests.imports.helpers import tcvn3, xlsx

pytestmark = pytest.mark.django_db

TITLES = [
    "ỦY BAN NHÂN DÂN XÃ AN LẠC",
    "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025",
    "(Kèm theo Tờ trình số 12/TTr-UBND ngày 05/01/2026)",
]
HEADER = ["STT", "Họ và tên", "Ngày, tháng, năm sinh", "Số CCCD", "Danh hiệu/Hình thức", "Năm"]


def award_file(*rows) -> bytes:
    return xlsx([HEADER, *rows], titles=TITLES, header_row=5, text_cols=(3, 4))


def rows_by_number(batch) -> dict[int, ImportRow]:
    return {r.row_number: r for r in ImportRow.objects.filter(batch=batch)}


def messages(row: ImportRow) -> list[str]:
    return [p["message"] for p in row.problems]


@pytest.fixture
def registry(tree, person_a):
    other = make_person("Phạm Minh Tuấn", tree.commune_a, birth_date=dt.date(1990, 3, 12))
    make_award(other, "GK", 2024)
    return other


def test_preview_statuses_and_messages(alice, tree, person_a, registry):
    data = award_file(
        [1, "Nguyễn Thị Hằng", "1985", None, "LĐTT", 2024],
        [2, "Trần Văn Cường", "31/02/1985", None, "Lao động tiên tiến", 2024],
        [3, tcvn3("Nguyễn Văn An"), 31274, None, "CSTĐCS", 2024],
        [4, "Lê Văn Dũng", dt.date(1990, 1, 2), None, "Lao động giỏi", 2024],
        [5, "nguyễn thị hằng", "1985", None, "lao dong tien tien", 2024],
        [6, "Phạm Minh Tuấn", "12/03/1990", None, "Giấy khen", 2024.0],
    )
    batch = batch_create(
        user=alice,
        kind="awards",
        unit=tree.commune_a,
        file_name="ds.xlsx",
        data=data,
        create_missing=True,
    )
    assert batch.status == BatchStatus.PREVIEW
    assert batch.mapping["header_row"] == 4
    rows = rows_by_number(batch)
    assert sorted(rows) == [6, 7, 8, 9, 10, 11]
    assert {n: r.status for n, r in rows.items()} == {
        6: "ok",
        7: "error",
        8: "warning",
        9: "error",
        10: "duplicate",
        11: "duplicate",
    }
    assert rows[6].resolved["honour"] == "Lao động tiên tiến (LDTT)"
    assert rows[6].resolved["person"] == (
        f"Nguyễn Thị Hằng (sinh 1985, Xã An Lạc, mã {person_a.pk})"
    )
    assert messages(rows[7]) == [
        "Dòng 7, cột “Ngày, tháng, năm sinh”: “31/02/1985” không phải ngày hợp lệ. Nhập theo "
        "dạng dd/mm/yyyy, ví dụ 15/08/1985.",
    ]
    assert rows[8].cells["full_name"] == "Nguyễn Văn An"
    assert rows[8].cells["birth_date"] == "31274"
    assert rows[8].conversions == [
        {
            "column": "Họ và tên",
            "original": "NguyÔn V¨n An",
            "converted": "Nguyễn Văn An",
            "encoding": "TCVN3",
        }
    ]
    assert messages(rows[8]) == [
        "Dòng 8, cột “Họ và tên”: “NguyÔn V¨n An” được gõ bằng phông TCVN3 cũ, đã chuyển "
        "thành “Nguyễn Văn An”. Kiểm tra lại trước khi ghi.",
        "Dòng 8, cột “Họ và tên”: chưa có “Nguyễn Văn An” (sinh 15/08/1985) trong sổ: sẽ tạo "
        "mới cá nhân tại “Xã An Lạc”.",
    ]
    assert messages(rows[9]) == [
        "Dòng 9, cột “Họ và tên”: chưa có “Lê Văn Dũng” (sinh 02/01/1990) trong sổ: sẽ tạo mới "
        "cá nhân tại “Xã An Lạc”.",
        "Dòng 9, cột “Danh hiệu/Hình thức”: “Lao động giỏi” không có trong danh mục danh "
        "hiệu, hình thức khen thưởng. Nhập mã (ví dụ LDTT, CSTDCS, BK_TINH, GK) hoặc tên đầy "
        "đủ (ví dụ Lao động tiên tiến).",
    ]
    assert messages(rows[10]) == [
        "Dòng 10: trùng với dòng 6 (cùng cá nhân, danh hiệu và năm). Dòng này sẽ không được "
        "ghi; xóa một trong hai dòng nếu là nhập nhầm.",
    ]
    assert messages(rows[11]) == [
        "Dòng 11, cột “Danh hiệu/Hình thức”: Phạm Minh Tuấn đã có Giấy khen năm 2024. Mỗi "
        "thành tích chỉ được khen một lần: kiểm tra lại hoặc thu hồi bản ghi cũ trước.",
    ]
    assert (
        batch.total_rows,
        batch.ok_count,
        batch.warning_count,
        batch.error_count,
        batch.duplicate_count,
    ) == (6, 1, 1, 2, 2)
    assert AwardRecord.objects.count() == 1  # nothing written by the preview
