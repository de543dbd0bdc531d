"""Two officers sign at the same moment on PostgreSQL: the body's numbers stay consecutive and
unique, and the same draft is signed once."""

from __future__ import annotations

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from tests.awarding.conftest import SIGNED

only_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)"
)


def race(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            outcomes[i] = call()
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
def test_concurrent_numbers_are_unique_and_consecutive(tree):
    from tdkt.awarding.models import NumberSequence
    from tdkt.awarding.services import next_number

    def take():
        with transaction.atomic():
            number = next_number(unit=tree.province, year=2026)
            time.sleep(0.05)  # hold the lock while the others wait
            return number

    outcomes = race(*[take] * 4)  # the sequence row does not exist yet: creation races too
    assert sorted(outcomes) == [1, 2, 3, 4], outcomes
    assert NumberSequence.objects.get(unit=tree.province, year=2026).last == 4


@only_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_drafts_signed_at_once_get_two_numbers(round_, passed, specialist, specialist2):
    from tdkt.awarding.models import DecisionDraft
    from tdkt.awarding.services import draft_create, draft_sign

    first = draft_create(round=round_, actor=specialist, honour="LDTT", planned_on=SIGNED)
    second = draft_create(round=round_, actor=specialist, planned_on=SIGNED)
    for draft in (first, second):
        draft.signer_name, draft.signer_title = "Lê Hồng Sơn", "Chủ tịch"
        draft.save()
    outcomes = race(
        lambda: draft_sign(draft=first, actor=specialist, signed_on=SIGNED).number,
        lambda: draft_sign(draft=second, actor=specialist2, signed_on=SIGNED).number,
    )
    assert sorted(outcomes) == ["01/QĐ-UBND", "02/QĐ-UBND"], outcomes
    assert DecisionDraft.objects.filter(state="signed").count() == 2


@only_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_draft_signed_twice_at_once(round_, passed, specialist, specialist2):
    from tdkt.awarding.models import DecisionDraft
    from tdkt.awarding.services import draft_create, draft_sign
    from tdkt.registry.models import AwardRecord, Decision

    draft = draft_create(round=round_, actor=specialist, planned_on=SIGNED)
    draft.signer_name, draft.signer_title = "Lê Hồng Sơn", "Chủ tịch"
    draft.save()
    a = DecisionDraft.objects.get(pk=draft.pk)
    b = DecisionDraft.objects.get(pk=draft.pk)
    outcomes = race(
        lambda: draft_sign(draft=a, actor=specialist, signed_on=SIGNED),
        lambda: draft_sign(draft=b, actor=specialist2, signed_on=SIGNED),
    )
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ValidationError), outcomes
    assert "vừa được" in errors[0].messages[0]
    assert Decision.objects.count() == 1
    assert AwardRecord.objects.count() == 3
