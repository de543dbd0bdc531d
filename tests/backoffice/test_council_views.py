"""Council screens: the session page of the chair and the secretary, the member's own secret
ballot page, the list of councils; scope (404 for strangers) and secrecy on screen."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tdkt.council.models import CaseResult
from tdkt.council.services import case_add, session_create
from tests.council.conftest import SESSION_DATE, make_council
from tests.factories import grant, make_person, make_user

pytestmark = pytest.mark.django_db

CHOICE_LABELS = ("Đồng ý", "Không đồng ý", "Không biểu quyết")


@pytest.fixture
def council(tree):
    """5 voting members (hd00 chair … hd04) and a non-voting secretary (hdthuky)."""
    return make_council(tree, 5)


@pytest.fixture
def session(council, tree):
    s = session_create(
        council=council.council,
        date=SESSION_DATE,
        title="Phiên họp xét khen thưởng năm 2025",
        location="Hội trường tầng 3",
    )
    tuan = make_person("Phạm Minh Tuấn", tree.dept, birth_year=1980)
    lan = make_person("Võ Thị Lan", tree.dept, birth_year=1984)
    case_add(session=s, honour_id="CSTD_TINH", subject=tuan)
    case_add(session=s, honour_id="LDTT", subject=lan)
    return s


def msgs(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def url(name: str, session) -> str:
    return reverse(f"backoffice:council.{name}", args=[session.pk])


def as_user(client, user):
    client.logout()
    client.force_login(user)
    return client


def set_state(client, session, state: str, seen: str):
    return client.post(url("state", session), {"state": state, "seen": seen}, follow=True)


def attendance(client, council, session, *, absent_written=(4,)):
    data = {f"m_{m.pk}": "present" for m in council.members}
    for i in absent_written:
        data[f"m_{council.members[i].pk}"] = "written"
    data[f"m_{council.secretary.pk}"] = "present"
    return client.post(url("attendance", session), data, follow=True)


def to_voting(client, council, session):
    as_user(client, council.chair.user)
    assert msgs(set_state(client, session, "open", "draft")) == [
        "Phiên họp đã chuyển sang trạng thái «Đang họp (điểm danh)»."
    ]
    assert msgs(attendance(client, council, session)) == ["Đã lưu điểm danh (6 thay đổi)."]
    assert msgs(set_state(client, session, "voting", "open")) == [
        "Phiên họp đã chuyển sang trạng thái «Đang bỏ phiếu»."
    ]


def vote(client, member, session, choices: dict, only=None):
    as_user(client, member.user)
    data = {f"case_{case.pk}": choice for case, choice in choices.items()}
    if only is not None:
        data["only"] = str(only.pk)
    return client.post(url("ballot", session), data, follow=True)


def section(html: str, ident: str) -> str:
    match = re.search(rf'<section id="{ident}".*?</section>', html, re.S)
    assert match, ident
    return match.group(0)


def result_cells(html: str) -> list[str]:
    cells = re.findall(r'<td class="result"><span class="badge \w+">([^<]+)</span>', html)
    return cells


# --- the whole flow --------------------------------------------------------------------------


def test_flow_attendance_vote_close_results(client, council, session):
    cstd, ldtt = list(session.cases.order_by("order"))
    to_voting(client, council, session)

    # Four present members vote on their own ballot page: all at once, or case by case.
    for member in council.members[:2]:
        response = vote(client, member, session, {cstd: "yes", ldtt: "yes"})
        assert msgs(response) == ["Đã ghi nhận phiếu bầu kín cho 2 nội dung."]
    third = council.members[2]
    response = vote(client, third, session, {cstd: "yes", ldtt: "no"}, only=cstd)
    assert msgs(response) == ["Đã ghi nhận phiếu bầu kín cho 1 nội dung."]
    response = vote(client, third, session, {ldtt: "no"}, only=ldtt)
    assert msgs(response) == ["Đã ghi nhận phiếu bầu kín cho 1 nội dung."]
    vote(client, council.members[3], session, {cstd: "yes", ldtt: "abstain"})

    # The secretary enters the written opinion of the absent member.
    as_user(client, council.secretary_user)
    absent = council.members[4]
    for case, choice in ((cstd, "yes"), (ldtt, "no")):
        response = client.post(
            url("written", session),
            {"case": case.pk, "member": absent.pk, "choice": choice},
            follow=True,
        )
        assert msgs(response) == [
            f"Đã ghi nhận phiếu bằng văn bản của Hoàng Văn Em cho nội dung {case.order}."
        ]

    # The chair sees who voted (names only) and closes.
    as_user(client, council.chair.user)
    page = client.get(url("session", session)).content.decode()
    part = section(page, "participation")
    for member in council.members:
        assert member.name in part
    assert not any(label in part for label in CHOICE_LABELS)
    assert 'id="results"' not in page
    response = set_state(client, session, "closed", "voting")
    assert msgs(response) == ["Phiên họp đã chuyển sang trạng thái «Đã kết thúc (khóa kết quả)»."]

    # CSTĐ tỉnh: 5 yes of 5 (≥ 90 %) → Đạt; LĐTT: 2 yes of 5 (needs more than half) → Không đạt.
    html = response.content.decode()
    assert result_cells(html) == ["Đạt", "Không đạt"]
    expected = [
        "Đạt" if r.passed else "Không đạt"
        for r in CaseResult.objects.filter(case__session=session).order_by("case__order")
    ]
    assert result_cells(html) == expected
    results = section(html, "results")
    assert re.findall(r'<td class="num">(\d+)</td>', results) == [
        "1", "5", "0", "0", "1",
        "2", "2", "2", "1", "1",
    ]  # fmt: skip


def test_member_cannot_vote_twice(client, council, session):
    cstd, _ldtt = list(session.cases.order_by("order"))
    to_voting(client, council, session)
    member = council.members[1]
    assert msgs(vote(client, member, session, {cstd: "yes"})) == [
        "Đã ghi nhận phiếu bầu kín cho 1 nội dung."
    ]
    assert msgs(vote(client, member, session, {cstd: "no"})) == [
        f"Nội dung 1: {member.name} đã bỏ phiếu cho nội dung này; mỗi thành viên chỉ được bỏ "
        "phiếu một lần."
    ]


def test_ballot_page_never_shows_a_choice(client, council, session):
    cstd, ldtt = list(session.cases.order_by("order"))
    to_voting(client, council, session)
    member = council.members[1]
    response = vote(client, member, session, {cstd: "no"})
    html = response.content.decode()
    assert "checked" not in html
    voted = re.search(
        rf'<fieldset class="card ballot" id="case-{cstd.pk}">.*?</fieldset>', html, re.S
    )
    assert "Đã bỏ phiếu" in voted.group(0)
    assert 'type="radio"' not in voted.group(0)
    assert f'name="case_{ldtt.pk}"' in html  # the other case is still open
    assert html.count('value="no"') == 1  # the radios of the open case only


def test_ballot_before_voting_and_absent_member(client, council, session):
    as_user(client, council.members[1].user)
    html = client.get(url("ballot", session)).content.decode()
    assert "Phiên họp chưa mở bỏ phiếu." in html
    assert 'type="radio"' not in html
    to_voting(client, council, session)
    as_user(client, council.members[4].user)  # absent, written opinion
    html = client.get(url("ballot", session)).content.decode()
    assert "Bạn được điểm danh vắng mặt: không bỏ phiếu điện tử." in html
    assert 'type="radio"' not in html


# --- scope -----------------------------------------------------------------------------------


def test_non_member_gets_404_on_ballot_page(client, council, session, alice, specialist):
    for user in (alice, specialist, council.secretary_user):  # the secretary does not vote
        as_user(client, user)
        assert client.get(url("ballot", session)).status_code == 404
        assert client.post(url("ballot", session), {}).status_code == 404


def test_stranger_gets_404_on_session_pages(client, council, session, bob):
    as_user(client, bob)
    for name in ("session", "participation"):
        assert client.get(url(name, session)).status_code == 404
    for name in ("attendance", "state", "written", "paper"):
        assert client.post(url(name, session), {}).status_code == 404
    assert client.get(reverse("backoffice:council.list")).context["councils"] == []


def test_specialist_of_the_province_runs_the_session(client, council, session, specialist):
    as_user(client, specialist)
    response = client.get(url("session", session))
    assert response.status_code == 200
    assert response.context["can_run"] is True
    assert response.context["my_ballot"] is False


def test_someone_acted_first(client, council, session):
    to_voting(client, council, session)
    # A vice-chair's page still shows "open" and they click "Mở bỏ phiếu".
    as_user(client, council.members[1].user)
    response = set_state(client, session, "voting", "open")
    [message] = msgs(response)
    assert message.startswith(
        f"Phiên họp đã được {council.chair.name} chuyển sang trạng thái «Đang bỏ phiếu» lúc "
    )
    assert message.endswith(
        "không thể chuyển sang «Đang bỏ phiếu». Tải lại trang để xem trạng thái mới."
    )


def test_plain_member_cannot_run_session(client, council, session):
    as_user(client, council.members[3].user)  # ủy viên
    response = client.get(url("session", session))
    assert response.context["can_run"] is False
    assert 'name="state"' not in response.content.decode()
    response = set_state(client, session, "open", "draft")
    assert msgs(response) == [
        "Chỉ Chủ tịch, Phó Chủ tịch thường trực, Thư ký hội đồng hoặc cán bộ thi đua – khen "
        "thưởng của đơn vị mới được điều hành phiên họp."
    ]


def test_paper_count_by_secretary(client, council, session):
    cstd, _ldtt = list(session.cases.order_by("order"))
    to_voting(client, council, session)
    as_user(client, council.secretary_user)
    data = {"case": cstd.pk, "yes": 3, "no": 0, "abstain": 0}
    response = client.post(url("paper", session), data, follow=True)
    assert msgs(response) == [
        "Tổng số phiếu (3) phải bằng số thành viên có mặt có quyền biểu quyết (4); phiếu không "
        "nộp hoặc không hợp lệ tính là không biểu quyết."
    ]
    data["abstain"] = 1
    response = client.post(url("paper", session), data, follow=True)
    assert msgs(response) == ["Đã nhập kết quả kiểm phiếu giấy cho nội dung 1."]
    bad = client.post(url("paper", session), {"case": cstd.pk, "yes": "a"}, follow=True)
    assert msgs(bad)[0] == "Số phiếu Đồng ý phải là số nguyên."


# --- list ------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 5])
def test_list_constant_queries(client, council, specialist, count, django_assert_num_queries):
    for i in range(count):
        session_create(council=council.council, date=SESSION_DATE, title=f"Phiên {i + 1}")
    client.force_login(specialist)
    with django_assert_num_queries(12):
        response = client.get(reverse("backoffice:council.list"))
    html = response.content.decode()
    assert re.findall(r'<a href="/hoi-dong/phien/\d+/">([^<]+)</a>', html) == [
        f"Phiên {i + 1}" for i in reversed(range(count))
    ]
    assert html.count("Đang chuẩn bị") == count


def test_member_sees_own_council_and_ballot_link(client, council, session, tree):
    to_voting(client, council, session)
    outsider_council_member = council.members[2].user  # no role grant: member only
    as_user(client, outsider_council_member)
    response = client.get(reverse("backoffice:council.list"))
    assert [c.pk for c in response.context["councils"]] == [council.council.pk]
    assert f'href="{url("ballot", session)}"' in response.content.decode()


def test_nav_entry_for_council_roles(client, tree):
    head = grant(make_user("lanhdao"), "head", tree.commune_a)
    client.force_login(head)
    labels = [str(i["label"]) for i in client.get(reverse("backoffice:home")).context["nav_items"]]
    assert "Hội đồng" in labels
