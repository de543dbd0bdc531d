"""Acceptance test of issue 4 in Chromium: one year-end round driven from creation to printed
certificates by clicking, with a screenshot at each main step (50–69, looked at).

The office opens a round; commune A adds nominees on screen, its submission is refused for the
ineligible one until the head decides to propose her with a reason; commune B imports its list
from Excel, is returned once with a reason and resubmits; the office receives and appraises
(seeing the head's reason), publishes the list, a citizen comments on the portal; the council
votes in secret (one case refused by a majority), the office drafts and signs the decision, which
lands in the registry, and the certificates are printed to a PDF.

Only people, ratings, users and the council are written beforehand; the clock of the services is
moved forward by monkeypatching (the notice period, the session day, the signing day)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.e2e.conftest import login, open_page
from tests.imports.test_nominee_import import SECTION_PEOPLE, commune_sheet

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OVERRIDE_REASON = "Có thành tích đột xuất trong phòng chống bão số 3."
RETURN_REASON = "Thiếu biên bản họp bình xét của xã, bổ sung và gửi lại."
COMMENT = "Anh Bình nhiệt tình, được bà con trong xã tin yêu; tôi đồng ý."

BINH = [1, "Lý Văn Bình", 1982, None, "001082000111", "Công chức", "LĐTT", 2025, "Xuất sắc"]
MO = [2, "Đỗ Thị Mơ", None, "20/05/1988", None, "Kế toán", "Lao động tiên tiến", 2025, ""]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """One date for every service that asks for today's date; tests move it forward."""
    from django.core.cache import cache

    from tdkt.awarding import services as awarding
    from tdkt.nominations import services as nominations
    from tdkt.portal import services as portal

    holder = {"today": dt.date(2026, 1, 15)}
    for module in (nominations, portal, awarding):
        monkeypatch.setattr(module, "_today", lambda: holder["today"])
    cache.clear()  # the portal's comment rate limit
    yield holder
    cache.clear()


def _people(tree):
    from tests.factories import make_person, make_rating

    def person(name, unit, rating, **kw):
        p = make_person(name, unit, employment_start=dt.date(2010, 1, 1), **kw)
        make_rating(p, 2025, rating)
        return p

    person("Nguyễn Văn Khoa", tree.commune_a, "HTTNV", birth_year=1980)
    person("Trần Thị Lan", tree.commune_a, "HTNV", birth_year=1990)  # not eligible for LĐTT
    person("Lý Văn Bình", tree.commune_b, "HTTNV", birth_year=1982, citizen_id="001082000111")
    person("Đỗ Thị Mơ", tree.commune_b, "HTTNV", birth_date=dt.date(1988, 5, 20))


def _users(tree):
    from tests.council.conftest import make_council
    from tests.factories import grant, make_user

    users = {
        "office": grant(
            make_user("chuyenvien", full_name="Phạm Văn Phòng"), "specialist", tree.province
        ),
        "officer_a": grant(
            make_user("alice", full_name="Nguyễn Thị Ánh"), "officer", tree.commune_a
        ),
        "head_a": grant(make_user("truongxa", full_name="Lê Văn Trưởng"), "head", tree.commune_a),
        "officer_b": grant(make_user("bob", full_name="Trần Văn Bảo"), "officer", tree.commune_b),
    }
    return users, make_council(tree, 3)


def _as(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    login(page, live_server, username)


def _click(page, selector: str) -> None:
    page.click(selector)
    page.wait_for_load_state("networkidle")


def _messages(page) -> str:
    box = page.locator(".messages")
    return box.inner_text() if box.count() else ""


def _no_english(page) -> None:
    """No server error page and none of Django's English defaults on the page."""
    text = page.locator("body").inner_text()
    for leak in ("Server Error", "Page not found", "This field is required", "Traceback"):
        assert leak not in text, f"{leak!r} on {page.url}"


# ----------------------------------------------------------------------------------- steps


def _office_opens_round(page, base, shot, tree) -> int:
    page.goto(f"{base}/dot-xet/moi/")
    page.fill("#id_code", "TK-2025")
    page.fill("#id_name", "Xét khen thưởng tổng kết năm 2025")
    page.fill("#id_year", "2025")
    page.select_option("#id_issuing_unit", str(tree.province.pk))
    page.select_option(
        "#id_award_type", label="Khen thưởng thường xuyên (theo công trạng và thành tích)"
    )
    page.check("input[name=targets][value=LDTT]")
    page.fill("#id_opens_on", "05/01/2026")
    page.fill("#id_submit_deadline", "30/01/2026")
    _click(page, "main button:has-text('Tạo đợt xét')")
    _no_english(page)
    _click(page, "button:has-text('Mở nhận hồ sơ')")
    assert page.locator("h1 .badge").inner_text() == "Đang nhận hồ sơ"
    shot(page, "50-dot-xet-mo-nhan-ho-so")
    return int(page.url.rstrip("/").rsplit("/", 1)[1])


def _create_proposal(page, base, round_pk: int, number: str) -> str:
    page.goto(f"{base}/dot-xet/{round_pk}/")
    _click(page, "a:has-text('Lập tờ trình')")
    page.fill("#id_number", number)
    _click(page, "main form button:has-text('Lập tờ trình')")
    _no_english(page)
    assert "/to-trinh/" in page.url
    return page.url


def _add(page, name_query: str, expected: str) -> None:
    page.fill("#id_subject_q", name_query)
    page.locator("#subject-results input[type=radio]").first.wait_for()
    page.select_option("#id_target", "LDTT")
    page.click("#nominee-form button:has-text('Kiểm tra')")
    page.locator("#check-result .msg").wait_for()
    assert expected in page.locator("#check-result").inner_text()
    _click(page, "#nominee-form button:has-text('Thêm vào tờ trình')")


def _commune_a(page, base, live_server, shot, round_pk: int) -> str:
    url = _create_proposal(page, base, round_pk, "15/TTr-UBND")
    _add(page, "khoa", "Nguyễn Văn Khoa đủ điều kiện Lao động tiên tiến năm 2025.")
    _add(page, "tran thi lan", "Trần Thị Lan chưa đủ điều kiện Lao động tiên tiến năm 2025")
    _click(page, "button:has-text('Gửi tờ trình')")
    errors = page.locator(".messages .msg.error").all_inner_texts()
    assert errors[0].startswith("Không gửi được tờ trình: 1 đối tượng chưa đủ điều kiện")
    assert page.locator("tr.row-error").count() == 1
    shot(page, "51-xa-a-gui-bi-tu-choi")

    _as(page, live_server, "truongxa")
    page.goto(url)
    page.click("summary:has-text('Lãnh đạo quyết định đề nghị')")
    page.fill("textarea[name=reason]", OVERRIDE_REASON)
    _click(page, "button:has-text('Quyết định đề nghị')")
    assert page.locator("tr.override").inner_text().count(OVERRIDE_REASON) == 1
    shot(page, "52-xa-a-lanh-dao-quyet-dinh")

    _as(page, live_server, "alice")
    page.goto(url)
    _click(page, "button:has-text('Gửi tờ trình')")
    assert "Đã gửi Tờ trình số 15/TTr-UBND." in _messages(page)
    return url


def _commune_b(page, base, shot, round_pk: int, tmp_path) -> str:
    url = _create_proposal(page, base, round_pk, "07/TTr-UBND")
    _click(page, "a:has-text('Nhập danh sách từ Excel')")
    sheet = tmp_path / "ds-de-nghi-xa-b.xlsx"
    sheet.write_bytes(commune_sheet([SECTION_PEOPLE, BINH, MO]))
    page.set_input_files("input[name=file]", str(sheet))
    _click(page, "button:has-text('Tải lên và xem trước')")
    body = page.locator("main").inner_text()
    assert "Lý Văn Bình" in body
    assert "Đỗ Thị Mơ" in body
    shot(page, "53-xa-b-nhap-excel-xem-truoc")
    _click(page, "button:has-text('Xác nhận thêm 2 đối tượng vào tờ trình')")
    assert page.url == url
    _click(page, "button:has-text('Gửi tờ trình')")
    assert "Đã gửi Tờ trình số 07/TTr-UBND." in _messages(page)
    return url


def _office_returns_b(page, url_b: str) -> None:
    page.goto(url_b)
    page.click("summary:has-text('Trả lại cả tờ trình')")
    page.fill("#id_return_reason", RETURN_REASON)
    _click(page, "button:has-text('Trả lại tờ trình')")
    _no_english(page)
    assert page.locator("h1 .badge").inner_text() == "Bị trả lại"


def _b_resubmits(page, shot, url_b: str) -> None:
    page.goto(url_b)
    assert RETURN_REASON in page.locator(".msg.warning").first.inner_text()
    shot(page, "54-xa-b-bi-tra-lai")
    _click(page, "button:has-text('Gửi lại tờ trình')")
    _no_english(page)
    assert "Đã gửi" in _messages(page)


def _office_receives_and_appraises(page, shot, url_a: str, url_b: str) -> None:
    for url in (url_a, url_b):
        page.goto(url)
        _click(page, "form button:has-text('Tiếp nhận')")
        _no_english(page)
        _click(page, "a:has-text('Thẩm định')")
        if url == url_a:
            overrides = page.locator("#overrides").inner_text()
            assert "Trần Thị Lan" in overrides
            assert OVERRIDE_REASON in overrides
            shot(page, "55-tham-dinh-thay-ly-do-lanh-dao")
        forms = page.locator("form.appraise-form")
        while forms.count():
            forms.first.locator("input[name$=decision][value=agree]").check()
            _click(page, "form.appraise-form >> nth=0 >> button:has-text('Ghi kết quả thẩm định')")
            _no_english(page)
        assert "Đồng ý: 2" in page.locator("main").inner_text()


def _office_publishes(page, base, shot, round_pk: int) -> None:
    page.goto(f"{base}/dot-xet/{round_pk}/cong-khai/")
    for box in page.locator("input[name=nominees]").all():
        box.check()
    page.fill("#id_title", "Danh sách đề nghị tặng danh hiệu Lao động tiên tiến năm 2025")
    page.fill("#id_working_days", "5")
    _click(page, "button:has-text('Công khai trên cổng thông tin')")
    _no_english(page)
    assert page.locator("section[id^=notice-] tbody tr").count() == 4
    shot(page, "56-cong-khai-danh-sach")


def _citizen_comments(page, base, shot) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/cong-khai/")
    _click(page, "text=Danh sách đề nghị tặng danh hiệu Lao động tiên tiến năm 2025")
    page.select_option("select[name=entry]", label="Lý Văn Bình – Lao động tiên tiến")
    page.fill("input[name=author_name]", "Phạm Văn Dân")
    page.fill("textarea[name=text]", COMMENT)
    _click(page, "button:has-text('Gửi ý kiến')")
    assert "Cảm ơn bạn đã gửi ý kiến góp ý." in page.locator("main").inner_text()
    shot(page, "57-cong-thong-tin-gop-y")


def _council_session(page, base, shot, round_pk: int) -> str:
    page.goto(f"{base}/hoi-dong/")
    page.click("summary:has-text('Tạo phiên họp')")
    page.fill("input[name=date]", "26/01/2026")
    page.fill("input[name=title]", "Phiên họp xét khen thưởng tổng kết năm 2025")
    page.fill("input[name=location]", "Hội trường UBND tỉnh")
    _click(page, "form button:has-text('Tạo phiên họp')")
    _no_english(page)
    session_url = page.url
    page.select_option("#dot-xet select[name=round]", str(round_pk))
    _click(page, "button:has-text('Xem đối tượng đã thẩm định')")
    assert page.locator("#candidates input[name=nominee]:checked").count() == 4
    _click(page, "button:has-text('Thêm vào chương trình')")
    _no_english(page)
    files = page.locator("#agenda tr.case-file")
    for summary in files.locator("summary").all():
        summary.click()
    assert OVERRIDE_REASON in files.nth(1).inner_text()  # Trần Thị Lan
    assert COMMENT in files.nth(2).inner_text()  # Lý Văn Bình
    _click(page, "button:has-text('Khai mạc phiên họp (điểm danh)')")
    for select in page.locator("form[action$='/diem-danh/'] select").all():
        select.select_option("present")
    _click(page, "button:has-text('Lưu điểm danh')")
    _no_english(page)
    shot(page, "58-phien-hop-chuong-trinh-diem-danh")
    _click(page, "button:has-text('Mở bỏ phiếu')")
    assert "Đang bỏ phiếu" in page.locator("h1").inner_text()
    return session_url


def _members_vote(page, base, live_server, shot, council) -> None:
    """Every member agrees on all cases but Trần Thị Lan, whom two of three refuse."""
    for i, member in enumerate(council.members):
        _as(page, live_server, member.user.username)
        page.goto(f"{base}/hoi-dong/")
        _click(page, "a.btn.primary >> text=Bỏ phiếu")
        for fieldset in page.locator("fieldset.ballot").all():
            refuse = "Trần Thị Lan" in fieldset.locator("legend").inner_text() and i < 2
            fieldset.get_by_label("Không đồng ý" if refuse else "Đồng ý", exact=True).check()
        if i == 0:
            shot(page, "59-phieu-bau-kin")
        _click(page, "text=Gửi tất cả phiếu đã chọn")
        assert "Đã ghi nhận phiếu bầu kín cho 4 nội dung." in page.locator("main").inner_text()


def _office_closes(page, shot, session_url: str) -> None:
    page.goto(session_url)
    _click(page, "text=Kết thúc bỏ phiếu, khóa kết quả")
    rows = page.locator("#results tbody tr")
    outcome = {
        rows.nth(i).locator("td").nth(1).inner_text(): rows.nth(i).locator("td.result").inner_text()
        for i in range(rows.count())
    }
    assert outcome == {
        "Nguyễn Văn Khoa": "Đạt",
        "Trần Thị Lan": "Không đạt",
        "Lý Văn Bình": "Đạt",
        "Đỗ Thị Mơ": "Đạt",
    }
    shot(page, "60-ket-qua-bo-phieu")


def _office_decides(page, base, shot, round_pk: int) -> None:
    page.goto(f"{base}/dot-xet/{round_pk}/quyet-dinh/")
    _no_english(page)
    shot(page, "61-quyet-dinh-dot-xet")
    page.fill("#id_planned_on", "27/01/2026")
    _click(page, "text=Lập dự thảo quyết định >> nth=-1")
    _no_english(page)
    page.fill("#id_signer_name", "Lê Hồng Sơn")
    page.fill("#id_signer_authority", "KT. Chủ tịch")
    page.fill("#id_signer_title", "Phó Chủ tịch")
    _click(page, "text=Lưu dự thảo")
    body = page.locator("main").inner_text()
    for name in ("Nguyễn Văn Khoa", "Lý Văn Bình", "Đỗ Thị Mơ"):
        assert name in body
    assert "Trần Thị Lan" not in body
    shot(page, "62-du-thao-quyet-dinh")
    page.fill("#id_signed_on", "27/01/2026")
    _click(page, "button:has-text('Ký ban hành')")
    _no_english(page)
    assert "01/QĐ-UBND" in page.locator("main").inner_text()
    shot(page, "63-quyet-dinh-da-ky")


def _registry_and_certificates(page, shot) -> None:
    _click(page, "a:has-text('Xem quyết định trong sổ')")
    _no_english(page)
    body = page.locator("main").inner_text()
    assert "01/QĐ-UBND" in body
    for name in ("Nguyễn Văn Khoa", "Lý Văn Bình", "Đỗ Thị Mơ"):
        assert name in body
    shot(page, "64-so-quyet-dinh")
    _click(page, "text=In bằng khen / giấy khen")
    _no_english(page)
    shot(page, "65-in-bang-khen")
    _click(page, "button:has-text('Bắt đầu in')")
    page.wait_for_selector("text=Tải tệp PDF", timeout=20_000)
    assert "Đã in 3/3 trang" in page.locator("#progress").inner_text()
    assert "Bằng khen (giấy trắng A4 ngang)" in page.locator("main .props").inner_text()
    shot(page, "66-in-xong")
    href = page.locator("a:has-text('Tải tệp PDF')").get_attribute("href")
    response = page.request.get(page.url.split("/bang-khen/")[0] + href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


# ------------------------------------------------------------------------------------ test


def test_round_from_creation_to_certificates(live_server, shot, tree, clock, tmp_path):
    from tdkt.nominations.models import Nominee
    from tdkt.portal.models import PublicComment
    from tdkt.registry.models import AwardRecord

    _people(tree)
    _, council = _users(tree)
    base = live_server.url

    with open_page(height=1000) as page:
        page.on("dialog", lambda dialog: dialog.accept())
        login(page, live_server, "chuyenvien")
        round_pk = _office_opens_round(page, base, shot, tree)

        _as(page, live_server, "alice")
        url_a = _commune_a(page, base, live_server, shot, round_pk)
        _as(page, live_server, "bob")
        url_b = _commune_b(page, base, shot, round_pk, tmp_path)

        _as(page, live_server, "chuyenvien")
        _office_returns_b(page, url_b)
        _as(page, live_server, "bob")
        _b_resubmits(page, shot, url_b)

        _as(page, live_server, "chuyenvien")
        _office_receives_and_appraises(page, shot, url_a, url_b)
        _office_publishes(page, base, shot, round_pk)
        _citizen_comments(page, base, shot)

        clock["today"] = dt.date(2026, 1, 26)  # the notice period is over, the council meets
        _as(page, live_server, "chuyenvien")
        page.goto(f"{base}/dot-xet/{round_pk}/cong-khai/")
        assert COMMENT in page.locator("main").inner_text()
        session_url = _council_session(page, base, shot, round_pk)
        _members_vote(page, base, live_server, shot, council)

        clock["today"] = dt.date(2026, 1, 27)
        _as(page, live_server, "chuyenvien")
        _office_closes(page, shot, session_url)
        _office_decides(page, base, shot, round_pk)
        _registry_and_certificates(page, shot)

    assert PublicComment.objects.get().text == COMMENT
    states = dict(Nominee.objects.values_list("person__full_name", "state"))
    assert states == {
        "Nguyễn Văn Khoa": "awarded",
        "Trần Thị Lan": "voted_failed",
        "Lý Văn Bình": "awarded",
        "Đỗ Thị Mơ": "awarded",
    }
    assert sorted(AwardRecord.objects.values_list("person__full_name", flat=True)) == sorted(
        ["Nguyễn Văn Khoa", "Lý Văn Bình", "Đỗ Thị Mơ"]
    )
