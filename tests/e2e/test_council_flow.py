"""A council member votes on their own device through the secret ballot page, the chair closes
the session and the results page shows the outcome of each case."""

import pytest

from tests.e2e.conftest import login, open_page
from tests.factories import make_person

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_member_votes_and_chair_closes(live_server, shot, tree):
    from tdkt.council.services import (
        attendance_record,
        ballot_cast,
        case_add,
        session_create,
        session_open,
        voting_open,
    )
    from tests.council.conftest import SESSION_DATE, make_council

    c = make_council(tree, 3)
    session = session_create(
        council=c.council,
        date=SESSION_DATE,
        title="Phiên họp xét khen thưởng năm 2025",
        location="Hội trường UBND tỉnh",
    )
    cstd = case_add(
        session=session,
        honour_id="CSTD_TINH",
        subject=make_person("Phạm Minh Tuấn", tree.dept, birth_year=1980),
    )
    ldtt = case_add(
        session=session,
        honour_id="LDTT",
        subject=make_person("Võ Thị Lan", tree.dept, birth_year=1984),
    )
    chair = c.chair.user
    session_open(session=session, actor=chair)
    for member in [*c.members, c.secretary]:
        attendance_record(session=session, member=member, present=True, actor=chair)
    voting_open(session=session, actor=chair)
    for member in (c.members[0], c.members[2]):
        ballot_cast(case=cstd, member=member, choice="yes")
        ballot_cast(case=ldtt, member=member, choice="no")

    with open_page() as page:
        page.on("dialog", lambda dialog: dialog.accept())
        _vote_then_close(page, live_server, shot, session, c)


def _vote_then_close(page, live_server, shot, session, c):
    base = live_server.url
    member = c.members[1]
    login(page, live_server, member.user.username)
    page.goto(f"{base}/hoi-dong/")
    page.click("a.btn.primary >> text=Bỏ phiếu")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Phiếu bầu kín"
    fieldsets = page.locator("fieldset.ballot")
    assert fieldsets.count() == 2
    fieldsets.nth(0).get_by_label("Đồng ý", exact=True).check()
    fieldsets.nth(1).get_by_label("Đồng ý", exact=True).check()
    shot(page, "30-phieu-bau-kin")
    page.click("text=Gửi tất cả phiếu đã chọn")
    page.wait_for_load_state("networkidle")
    body = page.locator("main").inner_text()
    assert "Đã ghi nhận phiếu bầu kín cho 2 nội dung." in body
    assert page.locator("fieldset.ballot .badge.ok").all_inner_texts() == [
        "Đã bỏ phiếu",
        "Đã bỏ phiếu",
    ]
    assert page.locator("input[type=radio]").count() == 0

    page.context.clear_cookies()
    login(page, live_server, c.chair.user.username)
    page.goto(f"{base}/hoi-dong/phien/{session.pk}/")
    participation = page.locator("#participation").inner_text()
    assert member.name in participation
    assert "Đồng ý" not in participation
    page.click("text=Kết thúc bỏ phiếu, khóa kết quả")
    page.wait_for_load_state("networkidle")
    assert "Đã kết thúc (khóa kết quả)" in page.locator("main .messages").inner_text()
    assert page.locator("#results td.result").all_inner_texts() == ["Đạt", "Không đạt"]
    shot(page, "31-ket-qua-bo-phieu")
