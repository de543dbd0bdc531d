"""The commune officer drafts a proposal in the browser: picks people by name, checks each one
live, adds them; the submission is refused for the ineligible one until the commune head decides
to propose them with a reason, which the provincial specialist then sees on the page."""

# ruff: noqa: F811, PLR0917
import pytest

from tests.e2e.conftest import login, open_page
from tests.nominations.conftest import (  # noqa: F401 -- fixtures
    _today,
    head_a,
    laggard,
    proposal,
    round_,
    worker,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _add(page, name_query: str, expected: str):
    page.fill("#id_subject_q", name_query)
    page.locator("#subject-results input[type=radio]").first.wait_for()
    page.select_option("#id_target", "LDTT")
    page.click("#nominee-form button:has-text('Kiểm tra')")
    page.locator("#check-result .msg").wait_for()
    assert expected in page.locator("#check-result").inner_text()
    page.click("#nominee-form button:has-text('Thêm vào tờ trình')")
    page.wait_for_load_state("networkidle")


def test_officer_drafts_head_overrides_specialist_sees(
    live_server, shot, proposal, worker, laggard, head_a, specialist
):
    base = live_server.url
    url = f"{base}{proposal.get_absolute_url()}"
    with open_page() as page:
        page.on("dialog", lambda dialog: dialog.accept())
        login(page, live_server, "alice")
        page.goto(url)
        _add(page, "khoa", "Nguyễn Văn Khoa đủ điều kiện Lao động tiên tiến năm 2025.")
        _add(page, "tran thi lan", "Trần Thị Lan chưa đủ điều kiện Lao động tiên tiến năm 2025")
        shot(page, "40-to-trinh-soan")
        page.click("button:has-text('Gửi tờ trình')")
        page.wait_for_load_state("networkidle")
        errors = page.locator(".messages .msg.error").all_inner_texts()
        assert errors[0].startswith("Không gửi được tờ trình: 1 đối tượng chưa đủ điều kiện")
        assert errors[1].startswith("Trần Thị Lan – Lao động tiên tiến: chưa đủ điều kiện")

        page.context.clear_cookies()
        login(page, live_server, head_a.username)
        page.goto(url)
        page.click("summary:has-text('Lãnh đạo quyết định đề nghị')")
        page.fill("textarea[name=reason]", "Có thành tích đột xuất trong phòng chống bão số 3.")
        page.click("button:has-text('Quyết định đề nghị')")
        page.wait_for_load_state("networkidle")

        page.context.clear_cookies()
        login(page, live_server, "alice")
        page.goto(url)
        page.click("button:has-text('Gửi tờ trình')")
        page.wait_for_load_state("networkidle")
        assert "Đã gửi Tờ trình số 15/TTr-UBND." in page.locator(".messages").inner_text()

        page.context.clear_cookies()
        login(page, live_server, specialist.username)
        page.goto(url)
        block = page.locator("tr.override td[colspan]").inner_text()
        assert block.startswith("Lãnh đạo đơn vị quyết định đề nghị: Lê Văn Trưởng")
        assert "lý do: Có thành tích đột xuất trong phòng chống bão số 3." in block
        shot(page, "41-to-trinh-chuyen-vien")
