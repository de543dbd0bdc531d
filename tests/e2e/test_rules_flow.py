"""An officer checks a staff member against the law from the history page, then screens the
whole commune: the contract's CSTĐCS example (HTXSNV + LĐTT, no initiative) is eligible."""

import datetime as dt

import pytest

from tests.e2e.conftest import login, open_page
from tests.factories import make_award, make_decision, make_person, make_rating

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_officer_checks_eligibility_and_screens_the_unit(live_server, shot, tree, alice):
    hang = make_person(
        "Nguyễn Thị Hằng", tree.commune_a, birth_year=1985, employment_start=dt.date(2015, 8, 1)
    )
    tam = make_person("Lê Văn Tám", tree.commune_a, employment_start=dt.date(2016, 3, 1))
    decision = make_decision(
        "5/QĐ-UBND", dt.date(2026, 1, 20), level="co_so", issuer_name="Ủy ban nhân dân xã An Lạc"
    )
    make_rating(hang, 2025, "HTXSNV", months_in_service=12)
    make_award(hang, "LDTT", 2025, decision=decision)
    make_rating(tam, 2025, "HTTNV", months_in_service=12)

    with open_page(height=1000) as page:
        login(page, live_server, "alice")
        page.goto(f"{live_server.url}/ca-nhan/{hang.pk}/")
        page.click("text=Kiểm tra điều kiện")
        page.wait_for_load_state("networkidle")
        page.select_option("select[name=year]", "2025")
        page.click("button:has-text('Xem')")
        page.wait_for_load_state("networkidle")
        body = page.locator("main").inner_text()
        assert "Chiến sĩ thi đua cơ sở" in body
        assert "Đủ điều kiện" in body
        assert "Điều 23" in body  # the legal basis is shown with each check
        shot(page, "20-kiem-tra-dieu-kien")

        page.goto(
            f"{live_server.url}/ra-soat-dieu-kien/{tree.commune_a.pk}/?year=2025&target=CSTDCS"
        )
        page.wait_for_load_state("networkidle")
        rows = page.locator("main table tbody tr")
        texts = [rows.nth(i).inner_text() for i in range(rows.count())]
        shot(page, "21-ra-soat-don-vi")
    eligible = [t for t in texts if "Đủ điều kiện" in t]
    assert len(eligible) == 1
    assert "Nguyễn Thị Hằng" in eligible[0]
    assert any("Lê Văn Tám" in t and "Không đủ" in t for t in texts)
