"""Receive / return / resubmit round trips, partial return, appraisal, deadlines, dashboard."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tdkt.calendar_vn.services import add_working_days
from tdkt.nominations import services
from tdkt.nominations.models import Nominee, Proposal, ProposalEvent
from tdkt.nominations.selectors import dashboard_counts, proposal_history, proposals_for
from tdkt.nominations.services import (
    nominee_accept,
    nominee_add,
    nominee_appraise,
    nominee_return,
    proposal_receive,
    proposal_resubmit,
    proposal_return,
    proposal_submit,
    round_create,
    set_round_state,
    specialist_assign,
)

pytestmark = pytest.mark.django_db

RETURN_REASON = "Thiếu biên bản họp Hội đồng thi đua – khen thưởng xã."


def _steps(proposal):
    return [
        (e.kind, e.from_state, e.to_state, e.version, e.reason)
        for e in proposal_history(proposal).filter(nominee=None)
    ]


def test_receive_return_resubmit_keeps_every_round_trip(
    proposal, worker, alice, specialist, specialist2
):
    nominee = nominee_add(proposal=proposal, subject=worker, target="LDTT", actor=alice)
    proposal_submit(proposal=proposal, actor=alice)
    proposal_receive(proposal=proposal, actor=specialist)
    proposal_return(proposal=proposal, actor=specialist, reason=RETURN_REASON)
    proposal.refresh_from_db()
    assert (proposal.state, proposal.return_reason, proposal.version) == (
        "returned",
        RETURN_REASON,
        1,
    )
    assert Nominee.objects.get(pk=nominee.pk).state == "returned"

    proposal_resubmit(proposal=proposal, actor=alice)
    proposal_receive(proposal=proposal, actor=specialist2)
    proposal.refresh_from_db()
    assert (proposal.state, proposal.version, proposal.received_by) == ("received", 2, specialist2)
    assert proposal.return_reason == ""
    assert _steps(proposal) == [
        ("created", "", "", 1, ""),
        ("submitted", "draft", "submitted", 1, ""),
        ("received", "submitted", "received", 1, ""),
        ("returned", "received", "returned", 1, RETURN_REASON),
        ("resubmitted", "returned", "submitted", 2, ""),
        ("received", "submitted", "received", 2, ""),
    ]
    assert [
        (e.from_state, e.to_state, e.version, e.actor)
        for e in ProposalEvent.objects.filter(nominee=nominee).order_by("at", "id")
    ] == [
        ("draft", "submitted", 1, alice),
        ("submitted", "accepted", 1, specialist),
        ("accepted", "returned", 1, specialist),
        ("returned", "submitted", 2, alice),
        ("submitted", "accepted", 2, specialist2),
    ]
    # Every transition is in the audit log too.
    from tdkt.common.audit import history_for

    assert list(history_for(proposal).order_by("id").values_list("action", flat=True)) == [
        "nominations.proposal.create",
        "nominations.proposal.submitted",
        "nominations.proposal.received",
        "nominations.proposal.returned",
        "nominations.proposal.submitted",
        "nominations.proposal.received",
    ]


def test_return_needs_a_reason_and_the_office(proposal, worker, alice, bob, specialist):
    nominee_add(proposal=proposal, subject=worker, target="LDTT", actor=alice)
    proposal_submit(proposal=proposal, actor=alice)
    with pytest.raises(ValidationError) as exc:
        proposal_return(proposal=proposal, actor=specialist, reason=" ")
    assert exc.value.message_dict == {"reason": ["Ghi lý do trả lại tờ trình."]}
    for stranger in (alice, bob):
        with pytest.raises(PermissionDenied):
            proposal_receive(proposal=proposal, actor=stranger)
    assert Proposal.objects.get(pk=proposal.pk).state == "submitted"


def test_partial_return_of_one_nominee(proposal, tree, worker, alice, specialist2):
    from tests.factories import make_person, make_rating

    specialist = proposal.round.created_by

    other = make_person("Hoàng Minh Đức", tree.school_a, birth_year=1975)
    make_rating(other, 2025, "HTXSNV")
    khoa = nominee_add(proposal=proposal, subject=worker, target="LDTT", actor=alice)
    duc = nominee_add(proposal=proposal, subject=other, target="LDTT", actor=alice)
    proposal_submit(proposal=proposal, actor=alice)
    proposal_receive(proposal=proposal, actor=specialist)
    duc.refresh_from_db()
    nominee_return(nominee=duc, actor=specialist, reason="Báo cáo thành tích chưa có chữ ký.")

    proposal.refresh_from_db()
    assert proposal.state == "received"
    assert dict(Nominee.objects.values_list("pk", "state")) == {
        khoa.pk: "accepted",
        duc.pk: "returned",
    }
    assert Nominee.objects.get(pk=duc.pk).return_reason == "Báo cáo thành tích chưa có chữ ký."
    assert dashboard_counts(alice)["returned_nominees"] == 1

    proposal_resubmit(proposal=proposal, actor=alice)
    proposal.refresh_from_db()
    assert (proposal.state, proposal.version) == ("received", 2)
    duc.refresh_from_db()
    assert duc.state == "submitted"
    nominee_accept(nominee=duc, actor=specialist)

    # Appraisal: the assigned specialist agrees with one, rejects the other.
    specialist_assign(proposal=proposal, specialist=specialist2, actor=specialist)
    proposal.refresh_from_db()
    assert (proposal.state, proposal.assigned_specialist) == ("appraising", specialist2)
    khoa.refresh_from_db()
    duc.refresh_from_db()
    nominee_appraise(nominee=khoa, actor=specialist2, decision="agree", note="Đủ hồ sơ.")
    with pytest.raises(ValidationError):
        nominee_appraise(nominee=duc, actor=specialist2, decision="reject")
    nominee_appraise(
        nominee=duc, actor=specialist2, decision="reject", note="Trùng đề nghị ở cấp khác."
    )
    proposal.refresh_from_db()
    assert proposal.state == "appraised"
    assert dict(Nominee.objects.values_list("pk", "state")) == {
        khoa.pk: "appraised_agree",
        duc.pk: "rejected",
    }
    assert ("resubmitted", "received", "received", 2, "") in _steps(proposal)


def test_appraise_lower_target(proposal, worker, alice, specialist):
    nominee = nominee_add(proposal=proposal, subject=worker, target="LDTT", actor=alice)
    proposal_submit(proposal=proposal, actor=alice)
    proposal_receive(proposal=proposal, actor=specialist)
    nominee.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        nominee_appraise(nominee=nominee, actor=specialist, decision="lower")
    assert exc.value.message_dict == {"lower_target": ["Chọn hình thức khen thấp hơn."]}
    nominee_appraise(nominee=nominee, actor=specialist, decision="lower", lower_target="GK")
    nominee.refresh_from_db()
    assert (nominee.state, nominee.lower_target_id, nominee.appraised_by) == (
        "appraised_lower",
        "GK",
        specialist,
    )


def test_due_date_skips_tet(tree, specialist, alice, worker, monkeypatch):
    monkeypatch.setattr(services, "_today", lambda: dt.date(2026, 2, 2))
    round_ = round_create(
        code="DX-2026",
        name="Khen thưởng đột xuất phòng chống thiên tai",
        year=2025,
        issuing_unit=tree.province,
        award_type="dot_xuat",
        targets=["LDTT"],
        simplified=True,
        opens_on=dt.date(2026, 2, 1),
        submit_deadline=dt.date(2026, 2, 10),
        appraisal_working_days=5,
        actor=specialist,
    )
    set_round_state(round_, "open", actor=specialist)
    proposal = services.proposal_create(round=round_, unit=tree.commune_a, actor=alice)
    nominee_add(proposal=proposal, subject=worker, target="LDTT", actor=alice)
    proposal_submit(proposal=proposal, actor=alice)
    monkeypatch.setattr(services, "_today", lambda: dt.date(2026, 2, 12))
    proposal_receive(proposal=proposal, actor=specialist)
    # Thursday 12/02: Friday 13 is day 1, Tết closes 16–20/02, then 23, 24, 25, 26.
    assert Proposal.objects.get(pk=proposal.pk).due_on == dt.date(2026, 2, 26)


def test_round_defaults_by_procedure(tree, specialist, alice):
    common = {
        "name": "Đợt xét",
        "year": 2025,
        "issuing_unit": tree.province,
        "award_type": "cong_trang",
        "targets": ["LDTT"],
        "opens_on": dt.date(2026, 1, 1),
        "submit_deadline": dt.date(2026, 1, 31),
        "actor": specialist,
    }
    assert round_create(code="A", **common).appraisal_working_days == 20
    assert round_create(code="B", simplified=True, **common).appraisal_working_days == 10
    with pytest.raises(PermissionDenied):
        round_create(code="C", **{**common, "actor": alice})
    with pytest.raises(ValidationError) as exc:
        round_create(code="D", **{**common, "submit_deadline": dt.date(2025, 12, 1)})
    assert exc.value.message_dict == {
        "submit_deadline": [
            "Hạn gửi hồ sơ (01/12/2025) không được trước ngày bắt đầu (01/01/2026)."
        ]
    }


def test_scope_and_dashboard(proposal, worker, alice, bob, specialist):
    assert list(proposals_for(alice)) == [proposal]
    assert list(proposals_for(bob)) == []
    assert list(proposals_for(specialist)) == []  # a draft stays with the unit
    nominee_add(proposal=proposal, subject=worker, target="LDTT", actor=alice)
    proposal_submit(proposal=proposal, actor=alice)
    assert list(proposals_for(specialist)) == [proposal]
    assert dashboard_counts(specialist)["waiting"] == 1
    proposal_receive(proposal=proposal, actor=specialist)
    due = add_working_days(dt.date(2026, 1, 15), 20)
    assert Proposal.objects.get(pk=proposal.pk).due_on == due
    assert dashboard_counts(specialist, today=due) == {
        "waiting": 0,
        "due": 1,
        "overdue": 0,
        "returned": 0,
        "returned_nominees": 0,
    }
    later = add_working_days(due, 1)
    counts = dashboard_counts(specialist, today=later)
    assert (counts["due"], counts["overdue"]) == (0, 1)
    proposal_return(proposal=proposal, actor=specialist, reason=RETURN_REASON)
    assert dashboard_counts(alice)["returned"] == 1


def test_transition_audit_names_foreign_keys_by_column(proposal, worker, alice):
    from tdkt.common.audit import history_for

    specialist = proposal.round.created_by
    nominee_add(proposal=proposal, subject=worker, target="LDTT", actor=alice)
    proposal_submit(proposal=proposal, actor=alice)
    proposal_receive(proposal=proposal, actor=specialist)
    entry = history_for(proposal).get(action="nominations.proposal.received")
    assert entry.before == {
        "state": "submitted",
        "received_at": None,
        "received_by_id": None,
        "due_on": None,
    }
    assert entry.after["received_by_id"] == specialist.pk
    assert entry.after["due_on"] == "2026-02-12"
