"""Reading files by content, coercing cells, finding the header, legacy fonts, CSV encodings."""

from __future__ import annotations

import datetime as dt

import pytest

from tdkt.imports.mapping import detect_layout, header_key
from tdkt.imports.parsing import FileRejected, cell_int, cell_text, sniff
from tests.imports.helpers import xlsx


def test_cell_coercion():
    assert cell_text(1985.0) == "1985"
    assert cell_text("001085012345") == "001085012345"
    assert cell_text(dt.date(1985, 8, 15)) == "15/08/1985"
    assert cell_int("1985.0") == 1985
    assert cell_int(1985.0) == 1985
    assert cell_int(1985.5) is None


def test_header_keys():
    assert header_key("Ngày, tháng, năm sinh (dd/mm/yyyy)*") == "ngay thang nam sinh"
    assert header_key("Danh hiệu/Hình thức") == "danh hieu hinh thuc"


def test_sniff_by_content():
    data = xlsx([["Họ và tên", "Ngày sinh"], ["A", "1"]])
    assert sniff(data, "ds.xlsx") == "xlsx"
    assert sniff(data, "ds.XLS") == "xlsx"  # content wins over the name
    with pytest.raises(FileRejected) as exc:
        sniff(b"GIF89a garbage that is not a workbook", "ds.xlsx")
    assert str(exc.value) == (
        "Tệp “ds.xlsx” không phải tệp Excel hợp lệ: nội dung không khớp với phần đuôi tên tệp "
        "(có thể tệp đã bị đổi tên hoặc bị hỏng). Hãy mở tệp bằng Excel rồi chọn “Lưu thành” "
        "(Save As) dạng Excel Workbook (.xlsx)."
    )
    with pytest.raises(FileRejected) as exc:
        sniff(b"hello", "virus.exe")
    assert str(exc.value) == (
        "Tệp “virus.exe” không phải bảng tính. Chỉ nhận tệp Excel (.xlsx, .xls), OpenDocument "
        "(.ods) hoặc CSV (.csv)."
    )
    with pytest.raises(FileRejected):
        sniff(b"PK\x03\x04not really a zip", "ds.xlsx")
    assert sniff("Họ và tên;Năm\n".encode(), "ds.csv") == "csv"


def test_two_row_header_with_sex_columns():
    rows = [
        ["DANH SÁCH CÁN BỘ"],
        [],
        ["STT", "Họ và tên", "Ngày sinh", None, "Chức vụ"],
        [None, None, "Nam", "Nữ", None],
        ["(1)", "(2)", "(3)", "(4)", "(5)"],
        [1, "Nguyễn Văn An", "15/08/1985", None, "Chuyên viên"],
    ]
    layout = detect_layout(rows, "DS", "people")
    assert (layout.header_row, layout.data_row) == (2, 5)
    assert [(c.label, c.field) for c in layout.columns] == [
        ("STT", "stt"),
        ("Họ và tên", "full_name"),
        ("Ngày sinh – Nam", "male_mark"),
        ("Ngày sinh – Nữ", "female_mark"),
        ("Chức vụ", "position"),
    ]


def test_nam_is_year_unless_next_to_nu():
    layout = detect_layout([["Họ và tên", "Năm", "Xếp loại"]], "DS", "ratings")
    assert [c.field for c in layout.columns] == ["full_name", "year", "rating"]
