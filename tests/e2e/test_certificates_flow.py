"""An officer prints the certificates of a decision and watches the progress bar; a provincial
specialist adjusts a certificate layout."""

import datetime as dt

import pytest

from tests.e2e.conftest import login, open_page
from tests.factories import make_award, make_decision, make_person

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_officer_prints_and_progress_bar_refreshes(live_server, shot, tree, alice):
    from tdkt.documents import batches
    from tdkt.documents.models import BatchState, CertificateBatch

    decision = make_decision(
        "15/QĐ-UBND",
        dt.date(2025, 1, 20),
        issuer_unit=tree.commune_a,
        issuer_name="Ủy ban nhân dân xã An Lạc",
        signer_name="Lê Văn Sơn",
        signer_title="Chủ tịch",
        level="co_so",
    )
    for i in range(4):
        person = make_person(f"Nguyễn Thị Hằng {i}", tree.commune_a, position="Giáo viên")
        make_award(person, "GK", 2024, decision=decision, issuer_level="xa")
    running = batches.batch_create(decision=decision, actor=alice, run=False)
    CertificateBatch.objects.filter(pk=running.pk).update(state=BatchState.RUNNING, done=1)

    with open_page() as page:
        login(page, live_server, "alice")
        page.goto(f"{live_server.url}/quyet-dinh/{decision.pk}/")
        page.click("text=In bằng khen / giấy khen")
        page.wait_for_load_state("networkidle")
        shot(page, "h7-01-in-bang-khen")
        page.click("button:has-text('Bắt đầu in')")
        page.wait_for_load_state("networkidle")
        assert "Đã in 4/4 trang" in page.locator("main").inner_text()
        shot(page, "h7-02-luot-in-xong")

        page.goto(f"{live_server.url}/bang-khen/{running.pk}/")
        assert "Đã in 1/4 trang" in page.locator("#progress").inner_text()
        shot(page, "h7-03-dang-in")
        CertificateBatch.objects.filter(pk=running.pk).update(state=BatchState.QUEUED)
        batches.run_batch(running.pk)
        page.wait_for_selector("text=Tải tệp PDF", timeout=10_000)
        assert "Đã in 4/4 trang" in page.locator("#progress").inner_text()

        page.goto(f"{live_server.url}/bang-khen/")
        shot(page, "h7-04-danh-sach-luot-in")


def test_specialist_edits_a_layout(live_server, shot, tree, specialist):
    with open_page(width=1400) as page:
        login(page, live_server, "chuyenvien")
        page.goto(f"{live_server.url}/bang-khen/bo-cuc/bang_khen/")
        page.fill("input[name=name__y]", "400")
        page.click("button:has-text('Lưu bố cục')")
        page.wait_for_load_state("networkidle")
        assert "nằm ngoài trang 297 x 210 mm" in page.locator("main").inner_text()
        shot(page, "h7-05-bo-cuc-loi")
        page.fill("input[name=name__y]", "82,5")
        page.click("button:has-text('Lưu bố cục')")
        page.wait_for_load_state("networkidle")
        assert "Đã lưu bố cục in" in page.locator("body").inner_text()
        page.goto(f"{live_server.url}/mau-van-ban/")
        shot(page, "h7-06-mau-van-ban")
