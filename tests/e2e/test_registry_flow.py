"""A unit officer finds a person without typing diacritics, reads the history and the per-year
table, the way an officer checks eligibility today."""

import pytest

from tests.e2e.conftest import login, open_page
from tests.factories import make_award, make_decision, make_person, make_rating

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_officer_searches_and_reads_history(live_server, shot, tree, alice):
    import datetime as dt

    hang = make_person(
        "Nguyễn Thị Hằng", tree.commune_a, birth_year=1985, position="Công chức Văn hóa – Xã hội"
    )
    make_person("Trần Văn An", tree.commune_a)
    make_person("Lê Thị Thắng", tree.commune_a)
    decision = make_decision(
        "15/QĐ-UBND", dt.date(2025, 1, 20), issuer_name="Ủy ban nhân dân xã An Lạc", level="co_so"
    )
    for year, rating in [(2022, "HTTNV"), (2023, "HTXSNV"), (2024, "HTXSNV")]:
        make_rating(hang, year, rating)
    make_award(hang, "LDTT", 2024, decision=decision)
    make_award(hang, "CSTDCS", 2024, decision=decision)

    with open_page() as page:
        _search_and_read(page, live_server, shot)


def _search_and_read(page, live_server, shot):
    login(page, live_server, "alice")
    page.click("nav >> text=Cá nhân")
    page.fill("input[name=q]", "nguyen thi hang")
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    rows = page.locator("table tbody tr")
    assert rows.count() == 1
    assert "Nguyễn Thị Hằng" in rows.first.inner_text()
    shot(page, "01-tim-kiem-ca-nhan")

    rows.first.locator("a").first.click()
    page.wait_for_load_state("networkidle")
    body = page.locator("main").inner_text()
    assert "Nguyễn Thị Hằng" in body
    assert "Chiến sĩ thi đua cơ sở" in body
    assert "15/QĐ-UBND" in body
    shot(page, "02-lich-su-ca-nhan")

    page.click("text=Tổng hợp theo năm")
    page.wait_for_load_state("networkidle")
    rows = page.locator("main table tbody tr")
    assert rows.count() == 3
    first = rows.first.inner_text()
    assert first.startswith("2024")
    assert "Hoàn thành xuất sắc nhiệm vụ" in first
    assert "Chiến sĩ thi đua cơ sở" in first or "CSTDCS" in first
    shot(page, "03-bang-theo-nam")


def test_stranger_sees_not_found(live_server, tree, alice, bob):
    hang = make_person("Nguyễn Thị Hằng", tree.commune_a)
    with open_page() as page:
        login(page, live_server, "bob")
        response = page.goto(f"{live_server.url}/ca-nhan/{hang.pk}/")
        assert response.status == 404
        assert "Không tìm thấy" in page.locator("h1").inner_text()
