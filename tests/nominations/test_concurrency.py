"""Two officers of the receiving office act on the same proposal at the same moment: exactly one
wins, the other learns who acted first and what they did, and nothing is half-written."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from tdkt.common.audit import history_for
from tdkt.nominations.models import Nominee, Proposal, ProposalEvent
from tdkt.nominations.services import (
    nominee_add,
    nominee_return,
    proposal_receive,
    proposal_return,
    proposal_submit,
)

only_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)"
)
REASON = "Thiếu biên bản bình xét."


def _submitted(proposal, worker, alice):
    nominee = nominee_add(proposal=proposal, subject=worker, target="LDTT", actor=alice)
    proposal_submit(proposal=proposal, actor=alice)
    return nominee


def _proposal_events(proposal):
    return list(
        ProposalEvent.objects.filter(proposal=proposal, nominee=None)
        .order_by("at", "id")
        .values_list("kind", flat=True)
    )


@pytest.mark.django_db
def test_stale_return_after_receive_is_refused_whole(proposal, worker, alice, specialist2):
    specialist = proposal.round.created_by
    nominee = _submitted(proposal, worker, alice)
    seen_by_second = Proposal.objects.get(pk=proposal.pk)  # both opened the page: "Đã gửi"
    proposal_receive(proposal=proposal, actor=specialist)

    with pytest.raises(ValidationError) as exc:
        proposal_return(proposal=seen_by_second, actor=specialist2, reason=REASON)
    (message,) = exc.value.message_dict["state"]
    assert message.startswith("Tờ trình số 15/TTr-UBND đã được Chuyenvien tiếp nhận lúc ")
    assert message.endswith(
        "(trạng thái hiện tại: «Đã tiếp nhận»); không thể chuyển sang «Bị trả lại». "
        "Tải lại trang để xem thông tin mới."
    )
    proposal.refresh_from_db()
    assert (proposal.state, proposal.return_reason, proposal.received_by) == (
        "received",
        "",
        specialist,
    )
    assert Nominee.objects.get(pk=nominee.pk).state == "accepted"
    assert _proposal_events(proposal) == ["created", "submitted", "received"]
    assert not history_for(proposal).filter(action="nominations.proposal.returned").exists()
    assert not ProposalEvent.objects.filter(kind="returned").exists()


@pytest.mark.django_db
def test_stale_receive_after_return_names_who_returned(proposal, worker, alice, specialist2):
    specialist = proposal.round.created_by
    _submitted(proposal, worker, alice)
    seen_by_first = Proposal.objects.get(pk=proposal.pk)
    proposal_return(proposal=proposal, actor=specialist2, reason=REASON)
    with pytest.raises(ValidationError) as exc:
        proposal_receive(proposal=seen_by_first, actor=specialist)
    assert "đã được Phạm Thu Hà trả lại lúc " in exc.value.messages[0]
    proposal.refresh_from_db()
    assert (proposal.state, proposal.received_by, proposal.due_on) == ("returned", None, None)
    assert _proposal_events(proposal) == ["created", "submitted", "returned"]


@pytest.mark.django_db
def test_stale_nominee_return(proposal, worker, alice, specialist2):
    specialist = proposal.round.created_by
    nominee = _submitted(proposal, worker, alice)
    proposal_receive(proposal=proposal, actor=specialist)
    first = Nominee.objects.get(pk=nominee.pk)
    second = Nominee.objects.get(pk=nominee.pk)
    nominee_return(nominee=first, actor=specialist, reason=REASON)
    with pytest.raises(ValidationError) as exc:
        nominee_return(nominee=second, actor=specialist2, reason="Lý do khác")
    assert exc.value.messages[0].startswith("Nguyễn Văn Khoa đã được Chuyenvien trả lại lúc ")
    assert Nominee.objects.get(pk=nominee.pk).return_reason == REASON


def race(*calls):
    """Run the calls at the same moment in threads (one connection each); return the outcomes."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            call()
        except Exception as exc:
            outcomes[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return outcomes


@only_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("attempt", range(3))
def test_concurrent_receive_and_return_one_wins(attempt, monkeypatch):
    from tdkt.nominations import services
    from tests.factories import grant, make_person, make_province, make_rating, make_user

    monkeypatch.setattr(services, "_today", lambda: dt.date(2026, 1, 15))
    tree = make_province()
    alice = grant(make_user("alice"), "officer", tree.commune_a)
    first = grant(make_user("cv1", full_name="Đỗ Minh Tâm"), "specialist", tree.province)
    second = grant(make_user("cv2", full_name="Phạm Thu Hà"), "specialist", tree.province)
    round_ = services.round_create(
        code=f"TK-{attempt}",
        name="Xét khen thưởng năm 2025",
        year=2025,
        issuing_unit=tree.province,
        award_type="cong_trang",
        targets=["LDTT"],
        opens_on=dt.date(2026, 1, 5),
        submit_deadline=dt.date(2026, 1, 30),
        actor=first,
    )
    services.set_round_state(round_, "open", actor=first)
    proposal = services.proposal_create(round=round_, unit=tree.commune_a, actor=alice)
    worker = make_person("Nguyễn Văn Khoa", tree.commune_a, birth_year=1980)
    make_rating(worker, 2025, "HTTNV")
    nominee = _submitted(proposal, worker, alice)
    a = Proposal.objects.get(pk=proposal.pk)
    b = Proposal.objects.get(pk=proposal.pk)

    outcomes = race(
        lambda: proposal_receive(proposal=a, actor=first),
        lambda: proposal_return(proposal=b, actor=second, reason=REASON),
    )

    errors = [o for o in outcomes if o is not None]
    assert len(errors) == 1, outcomes
    assert isinstance(errors[0], ValidationError), errors[0]
    proposal.refresh_from_db()
    nominee.refresh_from_db()
    if outcomes[0] is None:  # receive won
        assert "đã được Đỗ Minh Tâm tiếp nhận lúc" in errors[0].messages[0]
        assert (proposal.state, nominee.state, proposal.return_reason) == (
            "received",
            "accepted",
            "",
        )
        assert _proposal_events(proposal) == ["created", "submitted", "received"]
    else:  # return won
        assert "đã được Phạm Thu Hà trả lại lúc" in errors[0].messages[0]
        assert (proposal.state, nominee.state, proposal.received_by) == (
            "returned",
            "returned",
            None,
        )
        assert _proposal_events(proposal) == ["created", "submitted", "returned"]
    # The loser wrote nothing: one nominee event after submission, one audit entry per step.
    assert ProposalEvent.objects.filter(nominee=nominee).count() == 2
    assert history_for(proposal).count() == 3
