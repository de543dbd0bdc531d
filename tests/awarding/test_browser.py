"""The office drafts and signs a round's decision in Chromium (screenshots looked at)."""

import pytest

from tests.e2e.conftest import login, open_page, shot  # noqa: F401 -- shared fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_office_drafts_and_signs(live_server, shot, round_, passed, specialist):  # noqa: F811
    from django.urls import reverse

    from tdkt.awarding.models import DecisionDraft

    with open_page() as page:
        page.on("dialog", lambda dialog: dialog.accept())
        login(page, live_server, specialist.username)
        page.goto(live_server.url + reverse("backoffice:awarding.round", args=[round_.pk]))
        shot(page, "awarding-round")
        page.fill("#id_planned_on", "20/01/2026")
        page.click("text=Lập dự thảo quyết định >> nth=-1")
        page.wait_for_load_state("networkidle")
        page.fill("#id_signer_name", "Lê Hồng Sơn")
        page.fill("#id_signer_authority", "KT. Chủ tịch")
        page.fill("#id_signer_title", "Phó Chủ tịch")
        page.click("text=Lưu dự thảo")
        page.wait_for_load_state("networkidle")
        shot(page, "awarding-draft")
        page.fill("#id_signed_on", "20/01/2026")
        page.click("button:has-text('Ký ban hành')")
        page.wait_for_load_state("networkidle")
        shot(page, "awarding-signed")
        assert "01/QĐ-UBND" in page.content()
    assert DecisionDraft.objects.get().state == "signed"
