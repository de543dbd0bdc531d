"""Secret ballot: nothing stored links a member to a choice, and ballots equal participations."""

from __future__ import annotations

import itertools
import uuid
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, models

from tdkt.council.enums import SessionState
from tdkt.council.models import Ballot, BallotParticipation
from tdkt.council.services import ballot_cast, session_close, voting_open
from tests.council.conftest import open_session

pytestmark = pytest.mark.django_db


def columns(model) -> set[str]:
    with connection.cursor() as cursor:
        return {
            col.name
            for col in connection.introspection.get_table_description(cursor, model._meta.db_table)
        }


def test_ballot_table_has_no_member_user_or_time_column():
    fields = {f.name: f for f in Ballot._meta.concrete_fields}
    assert set(fields) == {"id", "case", "choice"}
    assert [f.name for f in fields.values() if f.is_relation] == ["case"]
    assert not [f for f in fields.values() if isinstance(f, models.DateField | models.TimeField)]
    assert isinstance(fields["id"], models.UUIDField) and fields["id"].primary_key
    assert columns(Ballot) == {"id", "case_id", "choice"}
    # the participation says who voted, with no choice, channel or time either
    assert columns(BallotParticipation) == {"id", "case_id", "member_id"}
    part_fields = BallotParticipation._meta.concrete_fields
    assert not [f for f in part_fields if isinstance(f, models.DateField | models.TimeField)]
    # the only column with a shared meaning is the case (both ids are independent random UUIDs)
    assert columns(Ballot) & columns(BallotParticipation) == {"id", "case_id"}


def stored(case):
    """What the database holds for a case, without the random keys."""
    members = frozenset(
        BallotParticipation.objects.filter(case=case).values_list("member_id", flat=True)
    )
    ballots = Counter(
        row["choice"]
        for row in Ballot.objects.filter(case=case)
        .order_by()
        .values("choice")
        .annotate(n=models.Count("pk"))
        for _ in range(row["n"])
    )
    return members, ballots


@pytest.mark.parametrize("closed", [False, True])
def test_no_join_reconstructs_who_voted_what(c15, nominees, closed):
    """Three cases, the same three voters, 2 yes / 1 no each, but a different member says no in
    each: the stored rows of the three cases are identical, so they cannot tell who said no."""
    session, cases = open_session(
        c15,
        present=11,
        written=0,
        cases=[("LDTT", nominees[0]), ("LDTT", nominees[1]), ("LDTT", nominees[2])],
    )
    voting_open(session=session, actor=c15.chair.user)
    voters = c15.members[4:7]
    for dissenter, case in enumerate(cases):
        for i, member in enumerate(voters):
            ballot_cast(case=case, member=member, choice="no" if i == dissenter else "yes")
    if closed:
        session_close(session=session, actor=c15.chair.user)
        session.refresh_from_db()
        assert session.state == SessionState.CLOSED

    views = [stored(case) for case in cases]
    assert views[0] == views[1] == views[2]
    members, ballots = views[0]
    assert members == {m.pk for m in voters}
    assert ballots == Counter({"yes": 2, "no": 1})

    # every assignment of the stored choices to the stored members is consistent with the rows:
    # each one yields exactly the stored (members, ballot multiset) of the case
    choices = [c for c, n in ballots.items() for _ in range(n)]
    assignments = set(itertools.permutations(choices))
    assert len(assignments) == 3
    for assignment in assignments:
        hypothetical = dict(zip(sorted(members), assignment, strict=True))
        assert (
            frozenset(hypothetical),
            Counter(hypothetical.values()),
        ) == (members, ballots)

    # joining on the only shared column pairs each member with every ballot of the case
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.member_id, b.choice FROM council_ballotparticipation p "
            "JOIN council_ballot b ON p.case_id = b.case_id WHERE p.case_id = %s",
            [cases[0].pk],
        )
        pairs = cursor.fetchall()
    assert len(pairs) == 9
    for member in voters:
        assert sorted(c for m, c in pairs if m == member.pk) == ["no", "yes", "yes"]
    # and the keys are random UUIDs (version 4), never equal across the two tables
    ballot_ids = {uuid.UUID(str(pk)) for pk in Ballot.objects.values_list("id", flat=True)}
    part_ids = {
        uuid.UUID(str(pk)) for pk in BallotParticipation.objects.values_list("id", flat=True)
    }
    assert {u.version for u in ballot_ids | part_ids} == {4}
    assert not ballot_ids & part_ids


def test_ballots_equal_participations_in_the_database(c15, nominees):
    from tests.council.test_flow import run_15

    session, cstd, ldtt = run_15(c15, nominees)
    session_close(session=session, actor=c15.chair.user)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.id, "
            "(SELECT COUNT(*) FROM council_ballot b WHERE b.case_id = c.id), "
            "(SELECT COUNT(*) FROM council_ballotparticipation p WHERE p.case_id = c.id) "
            "FROM council_case c ORDER BY c.id"
        )
        rows = cursor.fetchall()
    assert rows == [(cstd.pk, 13, 13), (ldtt.pk, 13, 13)]


def test_close_refuses_ballots_without_participation(c15, nominees):
    session, (case,) = open_session(c15, present=11, written=0, cases=[("LDTT", nominees[0])])
    voting_open(session=session, actor=c15.chair.user)
    ballot_cast(case=case, member=c15.members[0], choice="yes")
    Ballot.objects.create(case=case, choice="yes")  # a stuffed ballot
    with pytest.raises(
        ValidationError, match=r"số phiếu \(2\) khác số thành viên đã bỏ phiếu \(1\)"
    ):
        session_close(session=session, actor=c15.chair.user)
    session.refresh_from_db()
    assert session.state == SessionState.VOTING
