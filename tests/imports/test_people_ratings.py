"""People lists (two-row "Nam | Nữ" header, CSV in Windows-1258) and yearly ratings."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from tdkt.imports.models import BatchStatus, ImportRow
from tdkt.imports.services import batch_confirm, batch_create
from tdkt.people.models import Person
from tdkt.registry.models import YearlyRating
from tests.factories import make_person, make_rating
from tests.imports.helpers import ods, xlsx

pytestmark = pytest.mark.django_db


def statuses(batch) -> dict[int, str]:
    return dict(ImportRow.objects.filter(batch=batch).values_list("row_number", "status"))


def problems(batch, row_number) -> list[str]:
    row = ImportRow.objects.get(batch=batch, row_number=row_number)
    return [p["message"] for p in row.problems]


def test_people_two_row_header(alice, tree):
    make_person("Đỗ Thị Lan", tree.commune_a, citizen_id="001190000001")
    data = xlsx(
        [
            ["STT", "Họ và tên", "Ngày sinh", None, "Số định danh", "Chức vụ", "Đơn vị"],
            [None, None, "Nam", "Nữ", None, None, None],
            [1, "nguyễn văn an", dt.date(1985, 8, 15), None, "001085012345", "Chuyên viên", None],
            [2, "Trần Thị Bích", None, "x", 10900123456, "Giáo viên", "TH-A"],
            [3, "Lê Văn Cường", "1979", "x", None, None, "Trường tiểu học an lạc"],
            [4, "Đỗ Thị Lan", None, "12/03/1990", "001190000001", None, None],
            [5, "Vũ Văn Dũng", None, None, None, None, "Xã Bình Minh"],
        ],
        titles=["DANH SÁCH CÁN BỘ, CÔNG CHỨC"],
        header_row=3,
        text_cols=(5,),
        merges=["C3:D3"],
    )
    batch = batch_create(
        user=alice, kind="people", unit=tree.commune_a, file_name="cb.xlsx", data=data
    )
    assert statuses(batch) == {5: "ok", 6: "warning", 7: "error", 8: "duplicate", 9: "error"}
    assert problems(batch, 6) == [
        "Dòng 6, cột “Số định danh”: “10900123456” mất số 0 ở đầu vì ô được định dạng số; "
        "đã hiểu là 010900123456. Nên định dạng cột này là Văn bản (Text).",
    ]
    assert problems(batch, 7) == [
        "Dòng 7, cột “Ngày sinh – Nữ”: cá nhân được đánh dấu cả ở cột Nam và cột Nữ. Chỉ đánh "
        "dấu một cột.",
    ]
    assert problems(batch, 9) == [
        "Dòng 9, cột “Đơn vị”: không tìm thấy đơn vị “Xã Bình Minh” trong phạm vi bạn được "
        "nhập liệu. Ghi đúng tên hoặc mã đơn vị như trong danh mục đơn vị, hoặc để trống để "
        "dùng đơn vị “Xã An Lạc”.",
    ]
    batch = batch_confirm(batch=batch, actor=alice, skip_errors=True)
    assert batch.status == BatchStatus.CONFIRMED
    an = Person.objects.get(citizen_id="001085012345")
    assert (an.full_name, an.sex, an.birth_date, an.unit, an.position) == (
        "Nguyễn Văn An",
        "M",
        dt.date(1985, 8, 15),
        tree.commune_a,
        "Chuyên viên",
    )
    assert Person.objects.get(full_name="Trần Thị Bích").unit == tree.school_a


def test_people_numeric_citizen_id_is_padded(alice, tree):
    data = xlsx([["Họ và tên", "Ngày sinh", "CCCD"], ["Trần Thị Bích", "01/02/1990", 1090012345]])
    batch = batch_create(
        user=alice, kind="people", unit=tree.commune_a, file_name="a.xlsx", data=data
    )
    assert problems(batch, 2) == [
        "Dòng 2, cột “CCCD”: “1090012345” không phải số định danh hợp lệ. Số định danh cá nhân "
        "(CCCD) gồm 12 chữ số, ví dụ 001085012345 (CMND cũ: 9 chữ số).",
    ]
    data = xlsx(
        [["Họ và tên", "Ngày sinh", "CCCD"], ["Trần Thị Bích", "01/02/1990", 1090012345678 // 100]]
    )  # 11 digits
    batch = batch_create(
        user=alice, kind="people", unit=tree.commune_a, file_name="b.xlsx", data=data
    )
    assert problems(batch, 2) == [
        "Dòng 2, cột “CCCD”: “10900123456” mất số 0 ở đầu vì ô được định dạng số; đã hiểu là "
        "010900123456. Nên định dạng cột này là Văn bản (Text).",
    ]


def _cp1258(text: str) -> bytes:
    """Windows-1258 as old Vietnamese Windows wrote it: vowels precomposed, tones combining."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", ch)
            shape = [m for m in marks if m in "\u0302\u0306\u031b"]
            tones = [m for m in marks if m not in shape]
            out.append(unicodedata.normalize("NFC", base + "".join(shape)).encode("cp1258"))
            out.append("".join(tones).encode("cp1258"))
    return b"".join(out)


def test_people_from_cp1258_csv(alice, tree):
    text = "Họ và tên;Ngày sinh;Giới tính\r\nNguyễn Thị Hằng;15/08/1985;Nữ\r\n"
    data = _cp1258(text)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    batch = batch_create(
        user=alice, kind="people", unit=tree.commune_a, file_name="ds.csv", data=data
    )
    assert statuses(batch) == {2: "ok"}
    batch_confirm(batch=batch, actor=alice)
    person = Person.objects.get()
    assert (person.full_name, person.sex) == ("Nguyễn Thị Hằng", "F")


def test_utf8_bom_csv(alice, tree):
    data = "\ufeffHọ và tên,Năm sinh\nLê Văn Tám,1980\n".encode()
    batch = batch_create(
        user=alice, kind="people", unit=tree.commune_a, file_name="ds.csv", data=data
    )
    batch_confirm(batch=batch, actor=alice)
    assert Person.objects.get().birth_year == 1980


def test_ratings(alice, tree, person_a):
    other = make_person("Trần Văn Bình", tree.commune_a, birth_year=1979)
    make_rating(other, 2024, "HTNV")
    make_person("Lê Thị Mai", tree.commune_a, birth_year=1990)
    make_person("Lê Thị Mai", tree.school_a, birth_year=1990)
    data = xlsx(
        [
            ["TT", "Họ tên", "Năm sinh", "Mức độ hoàn thành", "Năm"],
            [1, "Nguyễn Thị Hằng", 1985.0, "hoan thanh xuat sac nhiem vu", 2024],
            [2, "Trần Văn Bình", 1979, "HTTNV", 2024],
            [3, "Lê Thị Mai", 1990, "Hoàn thành tốt nhiệm vụ", 2024],
            [4, "Nguyễn Thị Hằng", 1985, "Xuất sắc lắm", "2024"],
        ],
        titles=["KẾT QUẢ XẾP LOẠI NĂM 2024"],
        header_row=3,
    )
    batch = batch_create(
        user=alice, kind="ratings", unit=tree.commune_a, file_name="xl.xlsx", data=data
    )
    assert statuses(batch) == {4: "ok", 5: "duplicate", 6: "error", 7: "error"}
    assert problems(batch, 5) == [
        "Dòng 5, cột “Năm”: Trần Văn Bình đã được xếp loại năm 2024 (Hoàn thành nhiệm vụ) "
        "trong sổ. Dòng này sẽ không được ghi; muốn sửa xếp loại, dùng chức năng “thay thế” ở "
        "hồ sơ cá nhân.",
    ]
    (message,) = problems(batch, 6)
    assert message.startswith(
        "Dòng 6, cột “Họ tên”: có 2 cá nhân trùng họ tên “Lê Thị Mai”: Lê Thị Mai (sinh 1990, "
        "Xã An Lạc, mã "
    )
    assert message.endswith("Nhập thêm ngày sinh hoặc số định danh (CCCD) để phân biệt.")
    assert problems(batch, 7) == [
        "Dòng 7, cột “Mức độ hoàn thành”: “Xuất sắc lắm” không có trong danh mục xếp loại. Nhập "
        "một trong: Hoàn thành xuất sắc nhiệm vụ (HTXSNV), Hoàn thành tốt nhiệm vụ (HTTNV), "
        "Hoàn thành nhiệm vụ (HTNV), Không hoàn thành nhiệm vụ (KHTNV).",
    ]
    batch_confirm(batch=batch, actor=alice, skip_errors=True)
    rating = YearlyRating.objects.get(person=person_a)
    assert (rating.year, rating.rating_id, rating.source, rating.unit_at_time) == (
        2024,
        "HTXSNV",
        "import",
        tree.commune_a,
    )


def test_ratings_year_from_title(alice, tree, person_a):
    data = xlsx(
        [["Họ và tên", "Năm sinh", "Xếp loại"], ["Nguyễn Thị Hằng", 1985, "HTTNV"]],
        titles=["KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI NĂM 2024"],
        header_row=2,
    )
    batch = batch_create(
        user=alice, kind="ratings", unit=tree.commune_a, file_name="x.xlsx", data=data
    )
    assert batch.mapping["notes"] == [
        "Tệp không có cột “Năm”: dùng năm 2024 theo tiêu đề “KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI NĂM 2024”."
    ]
    batch_confirm(batch=batch, actor=alice)
    assert YearlyRating.objects.get().year == 2024


def test_people_from_ods(alice, tree):
    data = ods([["Họ và tên", "Năm sinh", "Giới tính"], ["lê văn tám", 1980, "nam"]])
    batch = batch_create(
        user=alice, kind="people", unit=tree.commune_a, file_name="ds.ods", data=data
    )
    assert batch.file_format == "ods"
    batch_confirm(batch=batch, actor=alice)
    person = Person.objects.get()
    assert (person.full_name, person.birth_year, person.sex) == ("Lê Văn Tám", 1980, "M")


def test_units_matched_without_diacritics(alice, tree):
    data = xlsx(
        [
            ["Họ và tên", "Năm sinh", "Đơn vị công tác"],
            ["Lê Văn Tám", 1980, "truong tieu hoc an lac"],
            ["Lê Văn Chín", 1981, "XÃ AN LẠC"],
        ]
    )
    batch = batch_create(
        user=alice, kind="people", unit=tree.commune_a, file_name="u.xlsx", data=data
    )
    batch_confirm(batch=batch, actor=alice)
    assert dict(Person.objects.values_list("full_name", "unit__code")) == {
        "Lê Văn Tám": "TH-A",
        "Lê Văn Chín": "XA-A",
    }
