"""Concurrent double submits and concurrent closes: exactly one wins."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from tdkt.council import services
from tdkt.council.models import Ballot, BallotParticipation, CaseResult
from tdkt.council.services import ballot_cast, session_close, voting_open
from tests.council.conftest import open_session

only_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)"
)


@pytest.mark.django_db
def test_double_submit_past_the_check_hits_the_unique_constraint(c15, nominees, monkeypatch):
    """Both submits pass the "already voted?" check (as two transactions would): the unique
    constraint refuses the second, whose ballot is never written."""
    session, (case,) = open_session(c15, present=11, written=0, cases=[("LDTT", nominees[0])])
    voting_open(session=session, actor=c15.chair.user)
    monkeypatch.setattr(services, "_already_voted", lambda case, member: False)
    member = c15.members[2]
    ballot_cast(case=case, member=member, choice="yes")
    with pytest.raises(ValidationError, match="chỉ được bỏ phiếu một lần"):
        ballot_cast(case=case, member=member, choice="no")
    assert Ballot.objects.filter(case=case).count() == 1
    assert BallotParticipation.objects.filter(case=case).count() == 1


def race(*calls):
    """Run the calls at the same moment in threads; return their outcomes (None or exception)."""
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
        t.join(30)
    return outcomes


@only_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_double_submit_one_ballot(tree):
    from tests.council.conftest import make_council
    from tests.factories import make_person

    c = make_council(tree, 15)
    nominee = make_person("Phạm Minh Tuấn", tree.dept, birth_year=1980)
    session, (case,) = open_session(c, present=11, written=0, cases=[("LDTT", nominee)])
    voting_open(session=session, actor=c.chair.user)
    member = c.members[1]
    outcomes = race(
        lambda: ballot_cast(case=case, member=member, choice="yes"),
        lambda: ballot_cast(case=case, member=member, choice="no"),
    )
    errors = [o for o in outcomes if o is not None]
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    assert "chỉ được bỏ phiếu một lần" in str(errors[0])
    assert Ballot.objects.filter(case=case).count() == 1
    assert BallotParticipation.objects.filter(case=case).count() == 1


@only_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_close_one_wins_and_xmin_sealed(tree):
    from tests.council.conftest import make_council
    from tests.factories import make_person

    c = make_council(tree, 15)
    nominee = make_person("Phạm Minh Tuấn", tree.dept, birth_year=1980)
    session, (case,) = open_session(c, present=11, written=0, cases=[("LDTT", nominee)])
    voting_open(session=session, actor=c.chair.user)
    for i, member in enumerate(c.members[:11]):
        ballot_cast(case=case, member=member, choice="yes" if i % 3 else "no")

    queries = {
        "ballot": "SELECT DISTINCT xmin::text FROM council_ballot WHERE case_id = %s",
        "ballotparticipation": (
            "SELECT DISTINCT xmin::text FROM council_ballotparticipation WHERE case_id = %s"
        ),
    }

    def xmins(table):
        with connection.cursor() as cursor:
            cursor.execute(queries[table], [case.pk])
            return {row[0] for row in cursor.fetchall()}

    # while open, each vote's transaction ids (the participation's savepoint is the next one)
    # follow the order of voting …
    assert len(xmins("ballot")) == len(xmins("ballotparticipation")) == 11
    outcomes = race(
        lambda: session_close(session=session, actor=c.chair.user),
        lambda: session_close(session=session, actor=c.secretary_user),
    )
    errors = [o for o in outcomes if o is not None]
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    assert "chuyển sang trạng thái «Đã kết thúc (khóa kết quả)»" in str(errors[0])
    assert CaseResult.objects.filter(case=case).count() == 1
    # … after the close everything was rewritten in one transaction: nothing links them
    assert len(xmins("ballot")) == 1 and xmins("ballot") == xmins("ballotparticipation")
    assert Ballot.objects.filter(case=case).count() == 11
