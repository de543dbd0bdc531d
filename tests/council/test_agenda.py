"""The council's agenda from a round: appraised nominees become cases (the right honour, in unit
order, once), public notice blocks, and the close moves the nominees to voted_passed /
voted_failed in the same transaction."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tdkt.council.models import Case
from tdkt.council.services import (
    attendance_record,
    ballot_cast,
    cases_from_round,
    council_create,
    member_add,
    session_cancel,
    session_close,
    session_create,
    set_session_state,
    voting_open,
)
from tdkt.nominations.models import Nominee, ProposalEvent
from tests.council.conftest import SESSION_DATE, make_council
from tests.council.round_setup import appraised_round, patch_notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def rnd(tree, monkeypatch):
    return appraised_round(tree, monkeypatch)


@pytest.fixture
def notice(monkeypatch):
    return patch_notice(monkeypatch)


@pytest.fixture
def council(tree):
    return make_council(tree, 5)


@pytest.fixture
def session(council):
    return session_create(
        council=council.council, date=SESSION_DATE, title="Phiên họp xét khen thưởng năm 2025"
    )


def agenda(session):
    return [
        (c.order, c.subject_name, c.honour_id, c.nominee_id, c.subject_kind)
        for c in Case.objects.filter(session=session).order_by("order")
    ]


def test_agenda_takes_exactly_the_appraised_nominees_with_their_honour(
    rnd, council, session, notice
):
    cases = cases_from_round(session=session, round=rnd.round, actor=council.chair.user)
    expected = [
        (1, "Nguyễn Văn Khoa", "LDTT", rnd.khoa.pk, "individual"),
        (2, "Trần Thị Lan", "GK", rnd.lan.pk, "individual"),  # appraised: lower form
        (3, "Hoàng Minh Đức", "CSTDCS", rnd.duc.pk, "individual"),  # escalated: its target
        (4, "Lý Văn Bình", "LDTT", rnd.binh.pk, "individual"),  # commune B after commune A
    ]
    assert agenda(session) == expected
    assert [c.pk for c in cases] == list(
        Case.objects.filter(session=session).order_by("order").values_list("pk", flat=True)
    )
    assert [c.person_id for c in cases] == [
        rnd.khoa.person_id,
        rnd.lan.person_id,
        rnd.duc.person_id,
        rnd.binh.person_id,
    ]
    # Again: every nominee is already on the agenda, nothing added, nothing changed.
    assert cases_from_round(session=session, round=rnd.round, actor=council.chair.user) == []
    assert agenda(session) == expected
    # Nor on another session of the council.
    other = session_create(council=council.council, date=SESSION_DATE, title="Phiên họp bổ sung")
    assert cases_from_round(session=other, round=rnd.round, actor=council.chair.user) == []


def test_agenda_of_chosen_nominees_and_refusals(rnd, council, session, notice):
    cases = cases_from_round(
        session=session, round=rnd.round, nominees=[rnd.binh], actor=council.chair.user
    )
    assert [(c.subject_name, c.honour_id) for c in cases] == [("Lý Văn Bình", "LDTT")]
    with pytest.raises(ValidationError) as exc:
        cases_from_round(
            session=session,
            round=rnd.round,
            nominees=[rnd.khoa.pk, rnd.mo.pk],
            actor=council.chair.user,
        )
    assert exc.value.message_dict == {
        "nominees": [
            "Chưa thẩm định xong, không đưa vào phiên họp: Đỗ Thị Mơ (Xã An Lạc) – Thẩm định: "
            "không đồng ý."
        ]
    }
    assert agenda(session) == [(1, "Lý Văn Bình", "LDTT", rnd.binh.pk, "individual")]


def test_nominees_whose_notice_is_not_finished_are_refused(rnd, council, session, monkeypatch):
    patch_notice(
        monkeypatch,
        {
            rnd.lan.pk: "Đang công khai đến 25/01/2026.",
            rnd.duc.pk: "Chưa công khai danh sách đề nghị trên cổng thông tin.",
        },
    )
    with pytest.raises(ValidationError) as exc:
        cases_from_round(session=session, round=rnd.round, actor=council.chair.user)
    assert exc.value.message_dict == {
        "nominees": [
            "Chưa hoàn thành công khai, chưa đưa vào phiên họp: "
            "Trần Thị Lan (Xã An Lạc): Đang công khai đến 25/01/2026.; "
            "Hoàng Minh Đức (Xã An Lạc): Chưa công khai danh sách đề nghị trên cổng thông tin.."
        ]
    }
    assert agenda(session) == []  # all or nothing
    added = cases_from_round(
        session=session,
        round=rnd.round,
        nominees=[rnd.khoa, rnd.binh],
        actor=council.chair.user,
    )
    assert [c.subject_name for c in added] == ["Nguyễn Văn Khoa", "Lý Văn Bình"]


def test_only_the_council_of_the_issuing_unit_and_its_runners(tree, rnd, council, session, notice):
    # A plain member does not run the session.
    with pytest.raises(ValidationError) as exc:
        cases_from_round(session=session, round=rnd.round, actor=council.members[3].user)
    assert list(exc.value.message_dict) == ["actor"]
    # A commune's council does not vote on the province's round.
    commune = council_create(name="Hội đồng TĐKT xã An Lạc", unit=tree.commune_a)
    member_add(council=commune, user=rnd.head_a, role="chu_tich")
    small = session_create(council=commune, date=SESSION_DATE, title="Phiên họp xã")
    with pytest.raises(ValidationError) as exc:
        cases_from_round(session=small, round=rnd.round, actor=rnd.head_a)
    assert exc.value.message_dict == {
        "round": [
            "Đợt xét «Xét khen thưởng tổng kết năm 2025» do Tỉnh Hòa Bình Xanh quyết định, "
            "không thuộc thẩm quyền của Hội đồng TĐKT xã An Lạc."
        ]
    }
    # Not once voting has started.
    set_session_state(session, "open", actor=council.chair.user)
    for m in council.members:
        attendance_record(session=session, member=m, present=True)
    cases_from_round(session=session, round=rnd.round, nominees=[rnd.khoa], actor=rnd.office)
    voting_open(session=session, actor=council.chair.user)
    with pytest.raises(ValidationError) as exc:
        cases_from_round(session=session, round=rnd.round, actor=rnd.office)
    assert exc.value.message_dict == {"session": ["Phiên họp đang bỏ phiếu: không thêm nội dung."]}


def test_a_nominee_is_on_one_live_agenda_only(rnd, council, session, notice):
    (case,) = cases_from_round(
        session=session, round=rnd.round, nominees=[rnd.khoa], actor=council.chair.user
    )
    other = session_create(council=council.council, date=SESSION_DATE, title="Phiên họp bổ sung")
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(
            session=other,
            nominee=rnd.khoa,
            honour_id="LDTT",
            subject_kind="individual",
            person_id=rnd.khoa.person_id,
            decision_date=SESSION_DATE,
        )
    # Cancelling the session frees the nominee for another one.
    session_cancel(session=session, actor=council.chair.user, reason="Hoãn họp do bão.")
    case.refresh_from_db()
    assert case.on_agenda is False
    (moved,) = cases_from_round(
        session=other, round=rnd.round, nominees=[rnd.khoa], actor=council.chair.user
    )
    assert (moved.session_id, moved.nominee_id, moved.honour_id) == (other.pk, rnd.khoa.pk, "LDTT")


def test_close_moves_each_nominee_by_its_result(rnd, council, session, notice):
    cases = cases_from_round(session=session, round=rnd.round, actor=council.chair.user)
    by_nominee = {c.nominee_id: c for c in cases}
    set_session_state(session, "open", actor=council.chair.user)
    for m in council.members:
        attendance_record(session=session, member=m, present=True)
    voting_open(session=session, actor=council.chair.user)
    votes = {
        rnd.khoa.pk: ["yes"] * 4 + ["no"],  # LĐTT: more than half of 5 → passed
        rnd.lan.pk: ["yes"] * 2 + ["no"] * 3,  # Giấy khen: 2 of 5 → failed
        rnd.duc.pk: ["yes"] * 5,
        rnd.binh.pk: ["yes"] * 3 + ["abstain"] * 2,
    }
    for nominee_id, choices in votes.items():
        for member, choice in zip(council.members, choices, strict=True):
            ballot_cast(case=by_nominee[nominee_id], member=member, choice=choice)
    closer = council.secretary_user
    session_close(session=session, actor=closer)

    states = dict(Nominee.objects.filter(round=rnd.round).values_list("pk", "state"))
    assert states == {
        rnd.khoa.pk: "voted_passed",
        rnd.lan.pk: "voted_failed",
        rnd.duc.pk: "voted_passed",
        rnd.binh.pk: "voted_passed",
        rnd.mo.pk: "rejected",
    }
    event = ProposalEvent.objects.get(nominee=rnd.lan, to_state="voted_failed")
    assert (event.from_state, event.actor) == ("appraised_lower", closer)
    result = by_nominee[rnd.lan.pk].result
    base = "tổng số thành viên" if result.denominator == "members_total" else "số thành viên có mặt"
    assert event.reason == (
        "Hội đồng bỏ phiếu kín ngày 20/01/2026 (Phiên họp xét khen thưởng năm 2025): "
        f"2 đồng ý, 3 không đồng ý, 0 không biểu quyết; cần ít nhất {result.required_yes} phiếu "
        f"đồng ý ({float(result.threshold) * 100:g}% {base}): Không đạt."
    )
    assert ProposalEvent.objects.get(nominee=rnd.khoa, to_state="voted_passed").reason.endswith(
        ": Đạt."
    )


def test_close_is_all_or_nothing_with_the_nominees(rnd, council, session, notice, monkeypatch):
    """If moving a nominee fails, the session stays in voting and nothing is frozen."""
    from tdkt.council.models import CaseResult
    from tdkt.nominations import services as nominations

    (case,) = cases_from_round(
        session=session, round=rnd.round, nominees=[rnd.khoa], actor=council.chair.user
    )
    set_session_state(session, "open", actor=council.chair.user)
    for m in council.members:
        attendance_record(session=session, member=m, present=True)
    voting_open(session=session, actor=council.chair.user)
    ballot_cast(case=case, member=council.members[0], choice="yes")

    def boom(*args, **kwargs):
        raise ValidationError({"state": "Lỗi thử nghiệm."})

    monkeypatch.setattr(nominations, "set_nominee_state", boom)
    with pytest.raises(ValidationError):
        session_close(session=session, actor=council.chair.user)
    session.refresh_from_db()
    assert session.state == "voting"
    assert CaseResult.objects.filter(case=case).count() == 0
    assert Nominee.objects.get(pk=rnd.khoa.pk).state == "appraised_agree"


def test_a_nominee_reopened_since_is_left_as_it_is(rnd, council, session, notice):
    from tdkt.nominations.services import set_nominee_state

    (case,) = cases_from_round(
        session=session, round=rnd.round, nominees=[rnd.khoa], actor=council.chair.user
    )
    set_session_state(session, "open", actor=council.chair.user)
    for m in council.members:
        attendance_record(session=session, member=m, present=True)
    voting_open(session=session, actor=council.chair.user)
    for m in council.members:
        ballot_cast(case=case, member=m, choice="yes")
    set_nominee_state(rnd.khoa, "accepted", actor=rnd.office, reason="Thẩm định lại.")
    session_close(session=session, actor=council.chair.user)
    assert session.state == "closed"
    assert session.nominees_not_moved == [
        "Nguyễn Văn Khoa (Xã An Lạc) (đang ở trạng thái «Đã tiếp nhận»)"
    ]
    assert Nominee.objects.get(pk=rnd.khoa.pk).state == "accepted"
    assert case.result.passed is True


def test_with_the_portal_check(rnd, council, session):
    """The portal's own `notice_blockers` (no monkeypatch): none of these targets requires a
    public notice, so every appraised nominee goes on the agenda."""
    cases = cases_from_round(session=session, round=rnd.round, actor=council.chair.user)
    assert [c.nominee_id for c in cases] == [rnd.khoa.pk, rnd.lan.pk, rnd.duc.pk, rnd.binh.pk]
