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
    with django_assert_num_queries(14):
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


# --- sessions created by the office, agenda from a round, council file, minutes ---------------


@pytest.fixture
def rnd(tree, monkeypatch):
    from tests.council.round_setup import appraised_round

    return appraised_round(tree, monkeypatch)


@pytest.fixture
def notice(monkeypatch):
    from tests.council.round_setup import patch_notice

    return patch_notice(monkeypatch)


@pytest.fixture
def empty_session(council):
    return session_create(
        council=council.council, date=SESSION_DATE, title="Phiên họp xét khen thưởng năm 2025"
    )


def test_office_creates_a_session_from_the_list(client, council, specialist, alice, bob):
    as_user(client, specialist)
    page = client.get(reverse("backoffice:council.list")).content.decode()
    assert "Tạo phiên họp" in page
    create = reverse("backoffice:council.session_create", args=[council.council.pk])
    response = client.post(
        create, {"date": "31/02/2026", "title": "Phiên 1", "location": ""}, follow=True
    )
    assert len(msgs(response)) == 1 and council.council.sessions.count() == 0
    response = client.post(
        create,
        {"date": "22/01/2026", "title": "  Phiên họp cuối năm ", "location": "Hội trường"},
        follow=True,
    )
    session = council.council.sessions.get()
    assert (session.date.isoformat(), session.title, session.location, session.state) == (
        "2026-01-22",
        "Phiên họp cuối năm",
        "Hội trường",
        "draft",
    )
    assert msgs(response) == ["Đã tạo phiên họp «Phiên họp cuối năm»."]
    assert response.redirect_chain[-1][0] == url("session", session)
    # A plain member sees the council but creates nothing; a stranger does not see it at all.
    as_user(client, council.members[3].user)
    assert "Tạo phiên họp" not in client.get(reverse("backoffice:council.list")).content.decode()
    response = client.post(create, {"date": "23/01/2026", "title": "Phiên 2"}, follow=True)
    assert msgs(response) == [
        "Chỉ cán bộ thi đua – khen thưởng của Tỉnh Hòa Bình Xanh mới được tạo phiên họp."
    ]
    for stranger in (alice, bob):
        as_user(client, stranger)
        assert client.post(create, {"date": "23/01/2026", "title": "X"}).status_code == 404
    assert council.council.sessions.count() == 1


def test_agenda_from_round_on_the_session_page(client, council, empty_session, rnd, monkeypatch):
    from tests.council.round_setup import APPRAISAL_NOTE, OVERRIDE_REASON, patch_notice

    patch_notice(monkeypatch, {rnd.duc.pk: "Đang công khai đến 25/01/2026."})
    session = empty_session
    as_user(client, council.chair.user)
    page = client.get(url("session", session)).content.decode()
    assert "Thêm từ đợt xét" in page
    response = client.get(url("session", session), {"round": rnd.round.pk})
    rows = [
        (r["nominee"].subject_name, r["honour"].code, r["eligible"], r["blocked"])
        for r in response.context["candidates"]
    ]
    assert rows == [
        ("Nguyễn Văn Khoa", "LDTT", True, ""),
        ("Trần Thị Lan", "GK", True, ""),
        ("Hoàng Minh Đức", "CSTDCS", False, "Đang công khai đến 25/01/2026."),
        ("Lý Văn Bình", "LDTT", True, ""),
    ]
    html = response.content.decode()
    assert re.findall(r'name="nominee" value="(\d+)"', html) == [
        str(rnd.khoa.pk),
        str(rnd.lan.pk),
        str(rnd.binh.pk),
    ]
    assert "Đang công khai đến 25/01/2026." in html

    # Adding a blocked one is refused with the reason, nothing added.
    add = url("from_round", session)
    response = client.post(
        add, {"round": rnd.round.pk, "nominee": [rnd.khoa.pk, rnd.duc.pk]}, follow=True
    )
    assert msgs(response) == [
        "Chưa hoàn thành công khai, chưa đưa vào phiên họp: Hoàng Minh Đức (Xã An Lạc): "
        "Đang công khai đến 25/01/2026.."
    ]
    assert session.cases.count() == 0
    response = client.post(add, {"round": rnd.round.pk, "nominee": []}, follow=True)
    assert msgs(response) == ["Chọn ít nhất một đối tượng."]
    response = client.post(
        add, {"round": rnd.round.pk, "nominee": [rnd.khoa.pk, rnd.lan.pk]}, follow=True
    )
    assert msgs(response) == [
        "Đã đưa 2 đối tượng của đợt xét «Xét khen thưởng tổng kết năm 2025» vào chương trình "
        "phiên họp."
    ]
    agenda = response.context["agenda"]
    assert [
        (r["case"].subject_name, r["nominee"].proposal.unit.name, r["proposed"].code,
         r["case"].honour_id)
        for r in agenda
    ] == [
        ("Nguyễn Văn Khoa", "Xã An Lạc", "LDTT", "LDTT"),
        ("Trần Thị Lan", "Xã An Lạc", "LDTT", "GK"),
    ]  # fmt: skip
    html = response.content.decode()
    detail = reverse("backoffice:proposals.detail", args=[rnd.prop_a.pk])
    assert f'href="{detail}#nominee-{rnd.khoa.pk}"' in html
    assert f'href="{detail}#nominee-{rnd.lan.pk}"' in html
    # The council file: the head's override and the appraisal note.
    assert agenda[0]["appraisal_note"] == APPRAISAL_NOTE
    assert agenda[0]["override"] is None
    assert agenda[1]["override"]["reason"] == OVERRIDE_REASON
    assert agenda[1]["override"]["by"] == rnd.head_a
    assert OVERRIDE_REASON in html and APPRAISAL_NOTE in html


def test_public_comments_in_the_council_file(client, council, empty_session, rnd, notice):
    from tdkt.council.services import cases_from_round

    cases_from_round(
        session=empty_session, round=rnd.round, nominees=[rnd.khoa], actor=council.chair.user
    )
    as_user(client, council.chair.user)
    agenda = client.get(url("session", empty_session)).context["agenda"]
    try:
        from tdkt.portal.selectors import comments_for_nominees  # noqa: F401
    except ImportError:
        assert agenda[0]["comments"] is None
    else:
        assert agenda[0]["comments"] == []


def test_stranger_gets_404_on_agenda_and_minutes(client, council, empty_session, rnd, bob):
    as_user(client, bob)
    response = client.post(
        url("from_round", empty_session), {"round": rnd.round.pk, "nominee": [rnd.khoa.pk]}
    )
    assert response.status_code == 404
    assert client.get(url("minutes", empty_session)).status_code == 404
    assert empty_session.cases.count() == 0


def test_plain_member_cannot_add_from_round(client, council, empty_session, rnd, notice):
    as_user(client, council.members[3].user)
    page = client.get(url("session", empty_session), {"round": rnd.round.pk})
    assert "round_form" not in page.context
    response = client.post(
        url("from_round", empty_session),
        {"round": rnd.round.pk, "nominee": [rnd.khoa.pk]},
        follow=True,
    )
    assert msgs(response) == [
        "Chỉ Chủ tịch, Phó Chủ tịch thường trực, Thư ký hội đồng hoặc cán bộ thi đua – "
        "khen thưởng của đơn vị mới được điều hành phiên họp."
    ]
    assert empty_session.cases.count() == 0


@pytest.mark.usefixtures("notice")
@pytest.mark.parametrize("count", [1, 4])
def test_session_page_constant_queries(
    client, council, empty_session, rnd, count, *, django_assert_num_queries
):
    from tdkt.council.services import cases_from_round

    chosen = [rnd.khoa, rnd.lan, rnd.duc, rnd.binh][:count]
    cases_from_round(
        session=empty_session, round=rnd.round, nominees=chosen, actor=council.chair.user
    )
    as_user(client, council.chair.user)
    client.get(url("session", empty_session))  # warm caches (content types, packs)
    with django_assert_num_queries(18):
        response = client.get(url("session", empty_session), {"round": rnd.round.pk})
    assert len(response.context["agenda"]) == count
    assert len(response.context["candidates"]) == 4


def test_minutes_docx_after_close(client, council, empty_session, rnd, notice):
    import io

    from docx import Document

    from tdkt.council.services import cases_from_round

    session = empty_session
    cases_from_round(
        session=session,
        round=rnd.round,
        nominees=[rnd.khoa, rnd.lan],
        actor=council.chair.user,
    )
    as_user(client, council.secretary_user)
    response = client.get(url("minutes", session), follow=True)
    assert msgs(response) == ["Phiên họp chưa kết thúc: chưa có biên bản kết quả bỏ phiếu."]
    to_voting(client, council, session)
    khoa, lan = list(session.cases.order_by("order"))
    for member in council.members[:4]:
        vote(client, member, session, {khoa: "yes", lan: "no"})
    as_user(client, council.chair.user)
    response = set_state(client, session, "closed", "voting")
    assert msgs(response) == ["Phiên họp đã chuyển sang trạng thái «Đã kết thúc (khóa kết quả)»."]
    assert "Tải biên bản họp (DOCX)" in response.content.decode()
    from tdkt.nominations.models import Nominee

    assert dict(Nominee.objects.filter(pk__in=[rnd.khoa.pk, rnd.lan.pk]).values_list(
        "pk", "state"
    )) == {rnd.khoa.pk: "voted_passed", rnd.lan.pk: "voted_failed"}  # fmt: skip

    as_user(client, council.secretary_user)
    response = client.get(url("minutes", session))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"].startswith('attachment; filename="bien-ban-hop-')
    doc = Document(io.BytesIO(response.content))
    cells = [[c.text for c in row.cells] for table in doc.tables for row in table.rows]
    assert ["1", "Lao động tiên tiến", "Nguyễn Văn Khoa", "4", "0", "0"] in [r[:6] for r in cells]
    assert any(r[1:3] == ["Giấy khen", "Trần Thị Lan"] and r[-1] == "Không đạt" for r in cells)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Hội đồng Thi đua – Khen thưởng tỉnh" in text
    assert "Thư ký: Nguyễn Thị Thư Ký." in text
    assert "Hoàng Văn Em" in text  # absent (written opinion)
