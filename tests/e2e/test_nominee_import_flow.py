"""A commune officer imports the nominee list of her proposal from the sheet the commune keeps
(title block, merged two-row header): the preview names the unknown person and the ineligible
nominee; after fixing the file the whole list is added to the proposal in one go."""

import datetime as dt

import pytest

from tdkt.nominations.models import Nominee
from tests.e2e.conftest import login, open_page
from tests.imports.test_nominee_import import KHOA, KHONG, LAN, SCHOOL, commune_sheet

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _proposal(tree, alice, specialist):
    from tdkt.nominations.services import proposal_create, round_create, set_round_state
    from tests.factories import make_person, make_rating

    khoa = make_person(
        "Nguyễn Văn Khoa",
        tree.commune_a,
        birth_year=1980,
        citizen_id="001080012345",
        employment_start=dt.date(2010, 1, 1),
    )
    make_rating(khoa, 2025, "HTTNV")
    lan = make_person("Trần Thị Lan", tree.commune_a, birth_date=dt.date(1990, 3, 15))
    make_rating(lan, 2025, "HTNV")
    round_ = round_create(
        code="TK-2025",
        name="Xét khen thưởng tổng kết năm 2025",
        year=2025,
        issuing_unit=tree.province,
        award_type="cong_trang",
        targets=["LDTT", "CSTDCS", "GK", "TTLDTT"],
        opens_on=dt.date(2026, 1, 5),
        submit_deadline=dt.date(2026, 1, 30),
        actor=specialist,
    )
    set_round_state(round_, "open", actor=specialist)
    return proposal_create(round=round_, unit=tree.commune_a, actor=alice, number="15/TTr-UBND")


def _upload(page, url: str, tmp_path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    page.goto(url)
    page.set_input_files("input[name=file]", str(path))
    page.click("button:has-text('Tải lên và xem trước')")
    page.wait_for_load_state("networkidle")


def test_nominee_list_preview_then_confirm(live_server, shot, tree, alice, *, specialist, tmp_path):
    proposal = _proposal(tree, alice, specialist)
    url = f"{live_server.url}/to-trinh/{proposal.pk}/nhap-excel/"
    with open_page() as page:
        login(page, live_server, "alice")
        page.goto(url)
        shot(page, "40-nhap-danh-sach-de-nghi")
        _upload(page, url, tmp_path, "ds-de-nghi.xlsx", commune_sheet([KHOA, LAN, KHONG]))
        body = page.locator("main").inner_text()
        assert "không tìm thấy cá nhân “Phạm Văn Không”" in body
        assert "chưa đủ điều kiện Lao động tiên tiến năm 2025" in body
        assert page.locator("button:has-text('Xác nhận thêm')").is_disabled()
        shot(page, "41-nhap-danh-sach-de-nghi-co-loi")

        _upload(page, url, tmp_path, "ds-de-nghi-da-sua.xlsx", commune_sheet([KHOA, LAN, SCHOOL]))
        shot(page, "42-nhap-danh-sach-de-nghi-hop-le")
        page.once("dialog", lambda dialog: dialog.accept())
        page.click("button:has-text('Xác nhận thêm 3 đối tượng vào tờ trình')")
        page.wait_for_load_state("networkidle")
        assert page.url.rstrip("/").endswith(f"/to-trinh/{proposal.pk}")
        shot(page, "43-nhap-danh-sach-de-nghi-da-them")
    added = sorted(
        Nominee.objects.filter(proposal=proposal).values_list("target_id", "eligible", "order")
    )
    assert added == [("LDTT", False, 2), ("LDTT", True, 1), ("TTLDTT", added[2][1], 3)]
