"""An officer imports the award list a commune sent: a title block above the header, a name
typed in the old TCVN3 font, a bad date. The preview names the problem; after fixing the file
the whole list is written in one go."""

import datetime as dt

import pytest

from tdkt.registry.models import AwardRecord
from tests.e2e.conftest import login, open_page
from tests.factories import make_person
from tests.imports.helpers import tcvn3, xlsx

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HEADER = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Danh hiệu",
    "Năm",
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan ban hành",
]
TITLES = ["ỦY BAN NHÂN DÂN XÃ AN LẠC", "DANH SÁCH KHEN THƯỞNG NĂM 2024"]


def _sheet(birth: str) -> bytes:
    rows = [
        HEADER,
        [
            1,
            "Nguyễn Thị Hằng",
            "12/03/1985",
            "Lao động tiên tiến",
            2024,
            "15/QĐ-UBND",
            "20/01/2025",
            "Ủy ban nhân dân xã An Lạc",
        ],
        [
            2,
            tcvn3("Trần Văn Bình"),
            birth,
            "LĐTT",
            2024,
            "15/QĐ-UBND",
            "20/01/2025",
            "Ủy ban nhân dân xã An Lạc",
        ],
    ]
    return xlsx(rows, titles=TITLES, header_row=4)


def _upload(page, live_server, tmp_path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    page.goto(f"{live_server.url}/nhap-excel/tai-len/")
    page.check("input[name=kind][value=awards]")
    label = page.locator("select[name=unit] option", has_text="Xã An Lạc").first.inner_text()
    page.select_option("select[name=unit]", label=label)
    page.check("input[name=create_missing]")
    page.set_input_files("input[name=file]", str(path))
    page.click("button:has-text('Tải lên và xem trước')")
    page.wait_for_load_state("networkidle")


def test_import_preview_then_confirm(live_server, shot, tree, alice, tmp_path):
    make_person("Nguyễn Thị Hằng", tree.commune_a, birth_date=dt.date(1985, 3, 12))
    with open_page() as page:
        login(page, live_server, "alice")
        _upload(page, live_server, tmp_path, "ds-khen-thuong.xlsx", _sheet("31/02/1980"))
        body = page.locator("main").inner_text()
        assert "Trần Văn Bình" in body  # converted from TCVN3 and shown
        assert "“31/02/1980” không phải ngày hợp lệ" in body
        shot(page, "10-nhap-excel-xem-truoc-co-loi")
        page.once("dialog", lambda dialog: dialog.accept())
        page.click("button:has-text('Xác nhận ghi')")
        page.wait_for_load_state("networkidle")
        assert "Chưa thể ghi: còn 1 dòng lỗi" in page.locator("main").inner_text()
        assert AwardRecord.objects.count() == 0

        _upload(page, live_server, tmp_path, "ds-khen-thuong-da-sua.xlsx", _sheet("31/01/1980"))
        shot(page, "11-nhap-excel-xem-truoc-hop-le")
        page.once("dialog", lambda dialog: dialog.accept())
        page.click("button:has-text('Xác nhận ghi')")
        page.wait_for_load_state("networkidle")
        shot(page, "12-nhap-excel-da-ghi")
    names = sorted(AwardRecord.objects.values_list("person__full_name", "honour_id", "year_to"))
    assert names == [("Nguyễn Thị Hằng", "LDTT", 2024), ("Trần Văn Bình", "LDTT", 2024)]
