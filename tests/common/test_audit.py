import pytest
from django.db import connection, transaction

from tdkt.common.audit import history_for
from tdkt.common.models import AuditLog
from tdkt.people.services import person_update

pytestmark = pytest.mark.django_db


def test_update_records_before_after_reason(tree, alice, person_a):
    person_update(person=person_a, actor=alice, reason="Sai chức vụ", position="Kế toán")
    entry = history_for(person_a).first()
    assert (entry.action, entry.actor, entry.reason) == (
        "people.person.update",
        alice,
        "Sai chức vụ",
    )
    assert entry.changes == [("position", "", "Kế toán")]


def test_audit_log_refuses_edit_and_delete(tree, person_a):
    entry = history_for(person_a).first()
    entry.reason = "sửa lén"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditLog.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditLog.objects.update(reason="x")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigger is PostgreSQL only")
def test_postgres_trigger_blocks_raw_sql(tree, person_a):
    from django.db import DatabaseError

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE common_auditlog SET reason = 'x'")
