"""In Chromium: a citizen comments on a published list without logging in; the specialist sees
the comment on the round's notice screen and marks it handled."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import login, open_page, shot  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.usefixtures("hero")
def test_citizen_comments_and_specialist_handles(live_server, shot, hc_round, modest, specialist):  # noqa: F811
    from tdkt.portal.models import PublicComment
    from tdkt.portal.services import notice_publish

    notice = notice_publish(round=hc_round, nominees=[modest], actor=specialist)
    with open_page(height=1100) as page:
        page.goto(f"{live_server.url}/cong-khai/")
        page.click(f"text={notice.title}")
        page.wait_for_load_state("networkidle")
        body = page.locator("main").inner_text()
        assert "Nguyễn Văn Anh" in body
        assert "001080123456" not in body
        page.select_option(
            "select[name=entry]", label="Nguyễn Văn Anh – Huân chương Lao động hạng Ba"
        )
        page.fill("input[name=author_name]", "Phạm Văn Dân")
        page.fill("textarea[name=text]", "Ông Anh có nhiều đóng góp cho địa phương, tôi đồng ý.")
        shot(page, "portal-notice")
        page.click("button:has-text('Gửi ý kiến')")
        page.wait_for_load_state("networkidle")
        assert "Cảm ơn bạn đã gửi ý kiến góp ý." in page.locator("main").inner_text()

        login(page, live_server, "chuyenvien")
        page.goto(f"{live_server.url}/dot-xet/{hc_round.pk}/cong-khai/")
        assert "Ông Anh có nhiều đóng góp" in page.locator("main").inner_text()
        page.fill("input[name=note]", "Đã ghi nhận, báo cáo Hội đồng.")
        page.click("button:has-text('Đánh dấu đã xử lý')")
        page.wait_for_load_state("networkidle")
        shot(page, "backoffice-notice")
    comment = PublicComment.objects.get()
    assert (comment.state, comment.handled_note) == ("handled", "Đã ghi nhận, báo cáo Hội đồng.")
