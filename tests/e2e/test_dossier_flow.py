"""A unit officer completes a proposal's dossier in the browser: uploads the tờ trình, records
the unit's vote and sees the percentages (screenshots looked at)."""

import pytest

from tests.e2e.conftest import login, open_page
from tests.nominations.conftest import (  # noqa: F401 (fixtures)
    _today,
    laggard,
    proposal,
    round_,
    worker,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_officer_fills_the_dossier(live_server, shot, alice, proposal, worker, laggard, tmp_path):  # noqa: F811, PLR0917
    from django.urls import reverse

    from tdkt.nominations.services import nominee_add

    nominee_add(proposal=proposal, subject=worker, target="LDTT", actor=alice)
    nominee_add(proposal=proposal, subject=laggard, target="CSTDCS", actor=alice)
    scan = tmp_path / "to-trinh-15.pdf"
    scan.write_bytes(b"%PDF-1.4\n%%EOF\n")
    fake = tmp_path / "gia-mao.pdf"
    fake.write_bytes(b"khong phai pdf")
    url = live_server.url + reverse("backoffice:proposals.dossier", args=[proposal.pk])

    with open_page() as page:
        login(page, live_server, "alice")
        page.goto(url)
        assert "Hồ sơ còn thiếu" in page.locator("main").inner_text()
        page.set_input_files("#up-to_trinh-", str(fake))
        page.click("#doc-to_trinh- button:has-text('Tải lên')")
        page.wait_for_load_state("networkidle")
        assert "“gia-mao.pdf” không phải tệp PDF" in page.locator(".messages").inner_text()
        page.set_input_files("#up-to_trinh-", str(scan))
        page.click("#doc-to_trinh- button:has-text('Tải lên')")
        page.wait_for_load_state("networkidle")
        assert "to-trinh-15.pdf" in page.locator("#doc-to_trinh-").inner_text()

        page.fill("#id_meeting_on", "10/01/2026")
        page.fill("#id_members_total", "9")
        page.fill("#id_members_present", "7")
        page.locator("#unit-vote input[type=number]").nth(2).fill("6")
        page.click("text=Lưu kết quả bình xét")
        page.wait_for_load_state("networkidle")
        body = page.locator("#unit-vote").inner_text()
        assert "85,71%" in body
        assert "Tải biên bản họp bình xét (DOCX)" in body
        shot(page, "ho-so-01-trang-ho-so")
