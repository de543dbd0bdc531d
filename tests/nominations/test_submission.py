"""Eligibility at submission, the head's override, the deadline and the unique nominee."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tdkt.common.audit import history_for
from tdkt.nominations import services
from tdkt.nominations.models import Nominee, Proposal
from tdkt.nominations.services import (
    nominee_add,
    nominee_override,
    proposal_submit,
    set_nominee_state,
)

pytestmark = pytest.mark.django_db


def test_live_judgement_is_stored_while_drafting(proposal, worker, laggard, alice):
    ok = nominee_add(proposal=proposal, subject=worker, target="LDTT", actor=alice)
    ko = nominee_add(proposal=proposal, subject=laggard, target="LDTT", actor=alice)
    assert (ok.eligible, ko.eligible) == (True, False)
    assert ko.eligibility["missing"] == ["Cần xếp loại Hoàn thành tốt nhiệm vụ trở lên năm 2025"]
    assert ko.eligibility["regime"] == "decree152"
    assert ko.state == "draft"


def test_submit_refused_for_an_ineligible_nominee_naming_them(proposal, worker, laggard, alice):
    nominee_add(proposal=proposal, subject=worker, target="LDTT", actor=alice)
    nominee_add(proposal=proposal, subject=laggard, target="LDTT", actor=alice)
    with pytest.raises(ValidationError) as exc:
        proposal_submit(proposal=proposal, actor=alice)
    messages = exc.value.message_dict["nominees"]
    assert messages == [
        "Không gửi được tờ trình: 1 đối tượng chưa đủ điều kiện; chỉ lãnh đạo đơn vị được "
        "quyết định đề nghị, kèm lý do bằng văn bản.",
        "Trần Thị Lan – Lao động tiên tiến: chưa đủ điều kiện (Cần xếp loại Hoàn thành tốt "
        "nhiệm vụ trở lên năm 2025).",
    ]
    proposal.refresh_from_db()
    assert (proposal.state, proposal.submitted_at) == ("draft", None)
    assert set(Nominee.objects.values_list("state", flat=True)) == {"draft"}


@pytest.mark.usefixtures("worker")
def test_head_override_allows_submission_and_is_recorded(
    proposal, laggard, alice, head_a, django_capture_on_commit_callbacks
):
    specialist = proposal.round.created_by
    from tdkt.notifications.models import Notification

    lan = nominee_add(proposal=proposal, subject=laggard, target="LDTT", actor=alice)
    reason = "Có thành tích đột xuất trong phòng chống bão số 3, đề nghị xem xét."
    nominee_override(nominee=lan, head=head_a, reason=reason)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_submit(proposal=proposal, actor=alice)

    proposal.refresh_from_db()
    lan.refresh_from_db()
    assert proposal.state == "submitted" and proposal.submitted_at is not None
    assert lan.state == "submitted"
    assert lan.eligible is False
    assert lan.eligibility["override"] == {
        "by": head_a.pk,
        "by_name": "Lê Văn Trưởng",
        "reason": reason,
        "at": lan.override_at.isoformat(),
    }
    entry = history_for(lan).get(action="nominations.nominee.override")
    assert (entry.actor, entry.reason) == (head_a, reason)
    assert entry.after["override_by_id"] == head_a.pk
    # The province's specialist hears of it.
    note = Notification.objects.get(recipient=specialist, kind="nominations.submitted")
    assert note.title == "Xã An Lạc gửi Tờ trình số 15/TTr-UBND"


def test_officer_cannot_override_and_head_needs_a_reason(proposal, laggard, alice, head_a, bob):
    lan = nominee_add(proposal=proposal, subject=laggard, target="LDTT", actor=alice)
    with pytest.raises(PermissionDenied):
        nominee_override(nominee=lan, head=alice, reason="Tôi muốn đề nghị")
    with pytest.raises(PermissionDenied):
        nominee_override(nominee=lan, head=bob, reason="Tôi muốn đề nghị")
    with pytest.raises(ValidationError) as exc:
        nominee_override(nominee=lan, head=head_a, reason="   ")
    assert exc.value.message_dict == {
        "override_reason": ["Ghi rõ lý do đề nghị Trần Thị Lan khi chưa đủ điều kiện."]
    }
    lan.refresh_from_db()
    assert lan.override_by is None
    assert not history_for(lan).filter(action="nominations.nominee.override").exists()


def test_submit_refused_after_the_deadline(proposal, worker, alice, monkeypatch):
    nominee_add(proposal=proposal, subject=worker, target="LDTT", actor=alice)
    monkeypatch.setattr(services, "_today", lambda: dt.date(2026, 1, 31))
    with pytest.raises(ValidationError) as exc:
        proposal_submit(proposal=proposal, actor=alice)
    assert exc.value.message_dict == {
        "round": [
            "Đã quá hạn gửi hồ sơ của đợt xét «Xét khen thưởng tổng kết năm 2025» (hạn 30/01/2026)."
        ]
    }
    assert Proposal.objects.get(pk=proposal.pk).state == "draft"


def test_stranger_cannot_add_to_or_submit_a_proposal(proposal, worker, bob):
    with pytest.raises(PermissionDenied):
        nominee_add(proposal=proposal, subject=worker, target="LDTT", actor=bob)
    with pytest.raises(PermissionDenied):
        proposal_submit(proposal=proposal, actor=bob)


def test_target_and_subject_checked(proposal, worker, person_b, alice):
    with pytest.raises(ValidationError) as exc:
        nominee_add(proposal=proposal, subject=worker, target="CSTDTQ", actor=alice)
    assert "không thuộc các danh hiệu, hình thức của đợt xét" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        nominee_add(proposal=proposal, subject=person_b, target="LDTT", actor=alice)
    assert exc.value.message_dict == {"subject": ["Trần Văn Bình không thuộc Xã An Lạc."]}
    with pytest.raises(ValidationError) as exc:
        nominee_add(proposal=proposal, subject=worker, target="TTLDTT", actor=alice)
    assert exc.value.message_dict == {
        "target": ["Tập thể lao động tiên tiến không xét cho cá nhân."]
    }


def test_one_active_nominee_per_round_subject_target(proposal, round_, tree, worker, alice):
    from tests.factories import grant, make_user

    first = nominee_add(proposal=proposal, subject=worker, target="LDTT", actor=alice)
    with pytest.raises(ValidationError) as exc:
        nominee_add(proposal=proposal, subject=worker, target="LDTT", actor=alice)
    assert exc.value.message_dict == {
        "subject": [
            "Nguyễn Văn Khoa đã được đề nghị Lao động tiên tiến trong đợt xét này "
            "(Tờ trình số 15/TTr-UBND của Xã An Lạc)."
        ]
    }
    # Another target for the same person is fine.
    nominee_add(proposal=proposal, subject=worker, target="GK", actor=alice)
    # The database refuses a second active row even past the service's check.
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Nominee.objects.create(
            round=round_,
            proposal=proposal,
            target_id="LDTT",
            year_from=2025,
            year_to=2025,
            subject_kind="individual",
            person=worker,
        )
    # Once withdrawn, the place is free again (here from the school's officer, same subtree).
    set_nominee_state(first, "withdrawn", actor=alice)
    again = nominee_add(proposal=proposal, subject=worker, target="LDTT", actor=alice)
    assert again.state == "draft"
    officer = grant(make_user("canbo_truong"), "officer", tree.school_a)
    assert officer.pk


def test_collective_nominee_judged(proposal, tree, alice):
    nominee = nominee_add(proposal=proposal, subject=tree.school_a, target="TTLDTT", actor=alice)
    assert nominee.subject_kind == "collective"
    assert nominee.eligibility["target"] == "TTLDTT"
    assert isinstance(nominee.eligible, bool)
