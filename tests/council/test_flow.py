"""The council flow: attendance, electronic and written ballots, paper counts, close and the
frozen results computed by the rules engine (contract §3 examples)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tdkt.common.models import AuditLog
from tdkt.council.enums import SessionState
from tdkt.council.models import Ballot, BallotParticipation, CaseResult
from tdkt.council.selectors import minutes_context, participation_status, session_results
from tdkt.council.services import (
    ballot_cast,
    paper_count_enter,
    session_close,
    set_session_state,
    voting_open,
    written_ballot_enter,
)
from tests.council.conftest import make_council, open_session

pytestmark = pytest.mark.django_db

LDTT_PRESENT = ["yes"] * 9 + ["no", "abstain"]


def run_15(c, nominees):
    """15 voting members, 11 present, 2 absent with written opinions, 2 absent.

    Case 1 CSTĐ tỉnh: 11 present yes + 2 written yes = 13 < 14 (90 % of 15) → not passed.
    Case 2 LĐTT (more than half of the total): 9 yes, 1 no, 1 abstain in the room, written
    1 yes and 1 no → 10 yes ≥ 8 → passed.
    """
    session, (cstd, ldtt) = open_session(
        c, present=11, written=2, cases=[("CSTD_TINH", nominees[0]), ("LDTT", nominees[1])]
    )
    present, writers = c.members[:11], c.members[11:13]
    for member in writers:
        written_ballot_enter(case=cstd, member=member, choice="yes", entered_by=c.secretary_user)
    written_ballot_enter(case=ldtt, member=writers[0], choice="yes", entered_by=c.secretary_user)
    written_ballot_enter(case=ldtt, member=writers[1], choice="no", entered_by=c.secretary_user)
    voting_open(session=session, actor=c.chair.user)
    for member, choice in zip(present, LDTT_PRESENT, strict=True):
        ballot_cast(case=cstd, member=member, choice="yes")
        ballot_cast(case=ldtt, member=member, choice=choice)
    return session, cstd, ldtt


def test_full_flow_15_members(c15, nominees):
    session, cstd, ldtt = run_15(c15, nominees)

    status = {row["case"].pk: row for row in participation_status(session)}
    assert len(status[cstd.pk]["voted"]) == 13
    assert status[cstd.pk]["waiting"] == []
    assert "Nguyễn Văn An" in status[cstd.pk]["voted"]
    # the secretary does not vote; the two absent members without a written opinion neither
    assert "Nguyễn Thị Thư Ký" not in status[cstd.pk]["voted"]

    before = session_results(session)
    assert [(r["ballots"], r["participations"], r["counts"], r["result"]) for r in before] == [
        (13, 13, None, None),
        (13, 13, None, None),
    ]

    session_close(session=session, actor=c15.chair.user)
    session.refresh_from_db()
    assert session.state == SessionState.CLOSED

    r1, r2 = CaseResult.objects.get(case=cstd), CaseResult.objects.get(case=ldtt)
    assert (r1.members_total, r1.members_present, r1.votes_yes, r1.votes_no, r1.votes_abstain) == (
        15,
        11,
        13,
        0,
        0,
    )
    assert (r1.quorum_met, float(r1.threshold), r1.denominator, r1.required_yes, r1.passed) == (
        True,
        0.9,
        "members_total",
        14,
        False,
    )
    assert r1.votes_written == 2
    assert "Nghị định 152/2025/NĐ-CP" in r1.rule_basis
    assert (r2.votes_yes, r2.votes_no, r2.votes_abstain, r2.required_yes, r2.passed) == (
        10,
        2,
        1,
        8,
        True,
    )

    after = session_results(session)
    assert after[0]["counts"] == {"yes": 13, "no": 0, "abstain": 0, "written": 2, "total": 13}
    assert after[1]["counts"] == {"yes": 10, "no": 2, "abstain": 1, "written": 2, "total": 13}
    assert after[0]["result"] == r1

    ctx = minutes_context(session)
    assert ctx["council_name"] == "Hội đồng Thi đua – Khen thưởng tỉnh"
    assert ctx["session_date"] == "20/01/2026"
    assert ctx["chair"] == "Nguyễn Văn An"
    assert ctx["secretary"] == "Nguyễn Thị Thư Ký"
    assert (ctx["members_total"], ctx["members_present"], ctx["members_absent"]) == (15, 11, 4)
    assert len(ctx["present_names"]) == 11
    assert ctx["written_names"] == ["Dương Thị Mai", "Lý Văn Nam"]
    assert sorted(ctx["absent_names"]) == sorted(
        ["Dương Thị Mai", "Lý Văn Nam", "Phan Thị Oanh", "Trịnh Văn Phúc"]
    )
    first, second = ctx["cases"]
    assert {k: first[k] for k in ("order", "subject", "target_name", "votes_yes")} == {
        "order": 1,
        "subject": "Phạm Minh Tuấn",
        "target_name": "Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh",
        "votes_yes": 13,
    }
    assert (first["percent"], first["percent_text"], first["threshold_text"]) == (
        86.67,
        "86,67%",
        "90%",
    )
    assert (first["passed"], first["passed_text"]) == (False, "Không đạt")
    assert (second["passed_text"], second["percent_text"]) == ("Đạt", "66,67%")
    assert first["legal_basis"] == r1.rule_basis
    assert ctx["passed_count"] == 1
    assert ctx["members"][0] == {
        "name": "Nguyễn Văn An",
        "role": "Chủ tịch",
        "title": "",
        "present": True,
        "written": False,
        "votes": True,
    }


def test_contract_example_20_members_passes(tree, nominees):
    """20 members, 15 present (paper ballots: 15 yes), 3 written yes → 18 ≥ 18 → passed."""
    c = make_council(tree, 20, prefix="hd20_")
    session, (case,) = open_session(c, present=15, written=3, cases=[("CSTD_TINH", nominees[2])])
    for member in c.members[15:18]:
        written_ballot_enter(case=case, member=member, choice="yes", entered_by=c.secretary_user)
    voting_open(session=session, actor=c.secretary_user)
    paper_count_enter(case=case, yes=15, no=0, abstain=0, entered_by=c.secretary_user)
    case.refresh_from_db()
    assert case.paper_counted is True
    with pytest.raises(ValidationError, match="đã kiểm phiếu giấy"):
        ballot_cast(case=case, member=c.members[0], choice="no")
    session_close(session=session, actor=c.chair.user)
    result = CaseResult.objects.get(case=case)
    assert (result.members_total, result.members_present, result.votes_yes) == (20, 15, 18)
    assert (result.required_yes, result.passed) == (18, True)
    assert Ballot.objects.filter(case=case).count() == 18  # 15 paper + 3 written
    assert result.votes_written == 3
    assert BallotParticipation.objects.filter(case=case).count() == 18


def test_paper_count_must_cover_present_members_and_not_mix(c15, nominees):
    session, (case, other) = open_session(
        c15, present=11, written=0, cases=[("LDTT", nominees[0]), ("LDTT", nominees[1])]
    )
    voting_open(session=session, actor=c15.chair.user)
    with pytest.raises(ValidationError, match=r"Tổng số phiếu \(10\) phải bằng .* \(11\)"):
        paper_count_enter(case=case, yes=8, no=1, abstain=1, entered_by=c15.secretary_user)
    with pytest.raises(ValidationError, match="Thư ký"):
        paper_count_enter(case=case, yes=9, no=1, abstain=1, entered_by=c15.chair.user)
    with pytest.raises(ValidationError, match="số nguyên không âm"):
        paper_count_enter(case=case, yes=-1, no=11, abstain=1, entered_by=c15.secretary_user)
    ballot_cast(case=other, member=c15.members[0], choice="yes")
    with pytest.raises(ValidationError, match="đã có phiếu điện tử"):
        paper_count_enter(case=other, yes=9, no=1, abstain=1, entered_by=c15.secretary_user)
    paper_count_enter(case=case, yes=9, no=1, abstain=1, entered_by=c15.secretary_user)
    with pytest.raises(ValidationError, match="đã nhập kết quả kiểm phiếu giấy"):
        paper_count_enter(case=case, yes=9, no=1, abstain=1, entered_by=c15.secretary_user)
    assert Ballot.objects.filter(case=case).count() == 11


def test_double_vote_refused(c15, nominees):
    session, (case,) = open_session(c15, present=11, written=0, cases=[("LDTT", nominees[0])])
    voting_open(session=session, actor=c15.chair.user)
    member = c15.members[3]
    ballot_cast(case=case, member=member, choice="yes")
    with pytest.raises(ValidationError) as err:
        ballot_cast(case=case, member=member, choice="no")
    assert err.value.message_dict == {
        "member": [
            "Phạm Thị Dung đã bỏ phiếu cho nội dung này; mỗi thành viên chỉ được bỏ phiếu một lần."
        ]
    }
    assert Ballot.objects.filter(case=case).count() == 1
    assert BallotParticipation.objects.filter(case=case).count() == 1


def test_voting_outside_the_window_refused(c15, nominees):
    session, (case,) = open_session(c15, present=11, written=2, cases=[("LDTT", nominees[0])])
    member = c15.members[0]
    with pytest.raises(ValidationError, match="Ngoài thời gian bỏ phiếu"):
        ballot_cast(case=case, member=member, choice="yes")
    voting_open(session=session, actor=c15.chair.user)
    # an absent member cannot vote electronically; the secretary enters their written opinion
    with pytest.raises(ValidationError, match="không có mặt"):
        ballot_cast(case=case, member=c15.members[11], choice="yes")
    # an absent member without a written opinion has no ballot at all
    with pytest.raises(ValidationError, match="vắng mặt có gửi phiếu"):
        written_ballot_enter(
            case=case, member=c15.members[14], choice="yes", entered_by=c15.secretary_user
        )
    # a present member cannot send a written opinion
    with pytest.raises(ValidationError, match="vắng mặt có gửi phiếu"):
        written_ballot_enter(
            case=case, member=c15.members[1], choice="yes", entered_by=c15.secretary_user
        )
    # only the secretary enters written ballots
    with pytest.raises(ValidationError, match="Thư ký"):
        written_ballot_enter(
            case=case, member=c15.members[11], choice="yes", entered_by=c15.chair.user
        )
    # the secretary (not a voting member) cannot vote
    with pytest.raises(ValidationError, match="không có quyền biểu quyết"):
        ballot_cast(case=case, member=c15.secretary, choice="yes")
    with pytest.raises(ValidationError, match="Lựa chọn không hợp lệ"):
        ballot_cast(case=case, member=member, choice="maybe")
    assert Ballot.objects.filter(case=case).count() == 0


def test_results_frozen_after_close(c15, nominees):
    session, cstd, ldtt = run_15(c15, nominees)
    session_close(session=session, actor=c15.chair.user)
    frozen = list(CaseResult.objects.order_by("case__order").values())
    with pytest.raises(ValidationError, match="Ngoài thời gian bỏ phiếu"):
        ballot_cast(case=ldtt, member=c15.members[0], choice="no")
    with pytest.raises(ValidationError, match="không nhập phiếu bằng văn bản"):
        written_ballot_enter(
            case=ldtt, member=c15.members[11], choice="no", entered_by=c15.secretary_user
        )
    with pytest.raises(ValidationError, match="Không thể chuyển phiên họp"):
        set_session_state(session, "voting", actor=c15.chair.user)
    with pytest.raises(PermissionError):
        CaseResult.objects.update(passed=True)
    result = CaseResult.objects.get(case=cstd)
    result.passed = True
    with pytest.raises(PermissionError):
        result.save()
    assert list(CaseResult.objects.order_by("case__order").values()) == frozen


def test_stale_state_change_names_who_came_first(c15, nominees):
    session, _ = open_session(c15, present=11, written=0, cases=[("LDTT", nominees[0])])
    voting_open(session=session, actor=c15.chair.user)
    from tdkt.council.models import Session

    stale = Session.objects.get(pk=session.pk)  # a second officer's page, loaded while voting
    session_close(session=session, actor=c15.chair.user)
    with pytest.raises(ValidationError) as err:
        set_session_state(stale, "cancelled", actor=c15.secretary_user, reason="Mất điện")
    message = err.value.message_dict["state"][0]
    assert message.startswith(
        "Phiên họp đã được Nguyễn Văn An chuyển sang trạng thái «Đã kết thúc (khóa kết quả)» lúc "
    )
    assert message.endswith("không thể chuyển sang «Đã hủy». Tải lại trang để xem trạng thái mới.")
    assert CaseResult.objects.count() == 1


def test_voting_needs_attendance_and_a_runner(c15, nominees, bob):
    from tdkt.council.services import case_add, session_create

    session = session_create(council=c15.council, date=session_date(), title="Phiên bổ sung")
    case_add(session=session, honour_id="LDTT", subject=nominees[0])
    set_session_state(session, "open", actor=c15.secretary_user)
    with pytest.raises(ValidationError, match="Chưa điểm danh: "):
        voting_open(session=session, actor=c15.chair.user)
    with pytest.raises(ValidationError, match="Chỉ Chủ tịch"):
        voting_open(session=session, actor=bob)  # an officer of another unit
    with pytest.raises(ValidationError, match="Chỉ Chủ tịch"):
        voting_open(session=session, actor=c15.members[5].user)  # an ordinary member


def test_case_add_validates(c15, nominees):
    from tdkt.council.services import case_add, session_create

    session = session_create(council=c15.council, date=session_date(), title="Phiên họp")
    with pytest.raises(ValidationError, match="Không có danh hiệu"):
        case_add(session=session, honour_id="KHONG_CO", subject=nominees[0])
    with pytest.raises(ValidationError, match="ghi tên đối tượng"):
        case_add(session=session, honour_id="LDTT", subject_label="  ")
    labelled = case_add(
        session=session, honour_id="TTLDXS", subject_label="Phòng Nội vụ", subject_kind="collective"
    )
    assert (labelled.subject_name, labelled.order, labelled.decision_date) == (
        "Phòng Nội vụ",
        1,
        session_date(),
    )


def test_audit_log_has_no_choice(c15, nominees):
    session, _cstd, _ldtt = run_15(c15, nominees)
    session_close(session=session, actor=c15.chair.user)
    votes = AuditLog.objects.filter(action__startswith="council.ballot")
    assert votes.count() == 26
    for entry in votes:
        text = f"{entry.action} {entry.object_repr} {entry.reason} {entry.before} {entry.after}"
        for word in ("yes", "no'", "abstain", "Đồng ý", "Không đồng ý", "Không biểu quyết"):
            assert word not in text
        assert entry.after["note"] == "đã bỏ phiếu"
        assert set(entry.after) == {"member", "note"}


def session_date():
    from tests.council.conftest import SESSION_DATE

    return SESSION_DATE


def test_minutes_and_status_before_close_reveal_no_counts(c15, nominees):
    session, (case,) = open_session(c15, present=11, written=2, cases=[("LDTT", nominees[0])])
    voting_open(session=session, actor=c15.chair.user)
    ballot_cast(case=case, member=c15.members[0], choice="no")
    (row,) = participation_status(session)
    assert row["voted"] == ["Nguyễn Văn An"]
    assert len(row["waiting"]) == 12  # 10 present + 2 written opinions
    ctx = minutes_context(session)
    assert (ctx["closed"], ctx["state_label"]) == (False, "Đang bỏ phiếu")
    (entry,) = ctx["cases"]
    assert (entry["votes_yes"], entry["votes_no"], entry["passed"], entry["passed_text"]) == (
        None,
        None,
        None,
        "",
    )
