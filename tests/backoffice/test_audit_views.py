"""Audit log screens (per-object history, global log) and the read-only admin."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings
from django.urls import reverse

from tdkt.catalog.models import Honour
from tdkt.common.models import AuditLog
from tdkt.registry.models import AwardRecord, Decision
from tdkt.registry.services import award_revoke
from tests.factories import make_award, make_decision, make_person, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def decision_a(tree):
    return make_decision(
        "15/QĐ-UBND",
        dt.date(2025, 1, 20),
        issuer_unit=tree.commune_a,
        issuer_name="UBND xã An Lạc",
        level="co_so",
    )


@pytest.fixture
def award_a(person_a, decision_a):
    return make_award(person_a, "LDTT", 2024, decision=decision_a, bonus_amount=2_340_000)


def audit_url(obj) -> str:
    return reverse(
        "backoffice:audit.object", args=[obj._meta.app_label, obj._meta.model_name, obj.pk]
    )


def test_object_history_shows_who_what_why_and_diff(alice_client, alice, award_a):
    award_revoke(record=award_a, reason="Khai man thành tích", actor=alice, on=dt.date(2025, 3, 1))
    response = alice_client.get(audit_url(award_a))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r["action"] for r in rows] == ["Thu hồi khen thưởng", "Ghi khen thưởng"]
    revoke = rows[0]
    assert revoke["entry"].actor == alice
    assert revoke["entry"].reason == "Khai man thành tích"
    assert ("Trạng thái", "Có hiệu lực", "Đã hủy bỏ, thu hồi") in revoke["changes"]
    assert ("Ngày thu hồi", "—", "01/03/2025") in revoke["changes"]
    assert ("Lý do thu hồi", "—", "Khai man thành tích") in revoke["changes"]
    created = {label: after for label, _, after in rows[1]["changes"]}
    assert created["Tiền thưởng (đồng)"] == "2.340.000 đ"
    assert created["Năm thành tích"] == "2024"
    assert created["Danh hiệu, hình thức"] == "Lao động tiên tiến"
    assert created["Đơn vị khi khen"] == "Xã An Lạc"
    assert created["Quyết định"] == "Quyết định số 15/QĐ-UBND ngày 20/01/2025"
    assert "Id" not in created
    html = response.content.decode()
    assert "Thu hồi khen thưởng" in html
    assert "Khai man thành tích" in html
    assert "Alice" in html


def test_person_history_uses_field_verbose_names(alice_client, person_a):
    response = alice_client.get(audit_url(person_a))
    rows = response.context["rows"]
    assert [r["action"] for r in rows] == ["Thêm cá nhân"]
    assert ("Họ và tên", "—", "Nguyễn Thị Hằng") in rows[0]["changes"]
    assert ("Năm sinh", "—", "1985") in rows[0]["changes"]
    assert ("Đơn vị", "—", "Xã An Lạc") in rows[0]["changes"]


@pytest.mark.parametrize("which", ["person", "award", "decision", "unit"])
@pytest.mark.usefixtures("award_a")
def test_stranger_gets_404_on_history(client, bob, tree, person_a, which):
    objects = {
        "person": person_a,
        "decision": Decision.objects.get(),
        "unit": tree.commune_a,
        "award": AwardRecord.objects.get(),
    }
    client.force_login(bob)
    assert client.get(audit_url(objects[which])).status_code == 404


def test_unknown_model_or_bad_id_is_404(alice_client, person_a):
    assert (
        alice_client.get(
            reverse("backoffice:audit.object", args=["accounts", "user", 1])
        ).status_code
        == 404
    )
    assert (
        alice_client.get(
            reverse("backoffice:audit.object", args=["people", "person", "abc"])
        ).status_code
        == 404
    )


def test_global_log_only_for_auditing_roles(client, alice, auditor, specialist, award_a):
    url = reverse("backoffice:audit.list")
    client.force_login(alice)
    assert client.get(url).status_code == 404
    for user in (auditor, specialist):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert {r["action"] for r in response.context["rows"]} >= {"Ghi khen thưởng"}


def test_global_log_filters(client, auditor, alice, award_a):
    award_revoke(record=award_a, reason="Sai đối tượng", actor=alice)
    client.force_login(auditor)
    url = reverse("backoffice:audit.list")
    rows = client.get(url, {"action": "registry.award.revoke"}).context["rows"]
    assert [(r["entry"].action, r["entry"].actor) for r in rows] == [
        ("registry.award.revoke", alice)
    ]
    assert rows[0]["history_url"] == audit_url(award_a)
    rows = client.get(url, {"actor": alice.pk}).context["rows"]
    assert [r["entry"].action for r in rows] == ["registry.award.revoke"]
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    assert client.get(url, {"date_from": tomorrow}).context["rows"] == []
    response = client.get(url, {"date_from": "32/13/2025"})  # bad input: message, no 500
    assert response.status_code == 200
    assert response.context["form"].errors["date_from"]


@pytest.mark.parametrize("n", [1, 5])
def test_global_log_has_constant_queries(client, auditor, tree, django_assert_num_queries, n):
    for i in range(n):
        person = make_person(f"Nguyễn Văn Số {i}", tree.commune_a)
        award = make_award(
            person, "LDTT", 2024, decision=make_decision(issuer_unit=tree.commune_a, level="co_so")
        )
        award_revoke(record=award, reason="Sai", actor=auditor)
    client.force_login(auditor)
    with django_assert_num_queries(16):
        response = client.get(reverse("backoffice:audit.list"))
    assert len(response.context["rows"]) == len(AuditLog.objects.all()[:50])


# --- the audit log is append-only --------------------------------------------------------------


def test_orm_cannot_edit_or_delete(award_a):
    entry = AuditLog.objects.first()
    entry.reason = "sửa lén"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditLog.objects.filter(pk=entry.pk).update(reason="x")
    with pytest.raises(PermissionError):
        AuditLog.objects.all().delete()
    assert AuditLog.objects.get(pk=entry.pk).reason == ""


@pytest.fixture
def admin_client_verified(client, admin_user):
    client.force_login(admin_user)
    with override_settings(TDKT_OTP_REQUIRED_ROLES=[]):
        yield client


def test_admin_cannot_edit_or_delete_audit_entries(admin_client_verified, award_a):
    client = admin_client_verified
    entry = AuditLog.objects.first()
    count = AuditLog.objects.count()
    change = reverse("admin:common_auditlog_change", args=[entry.pk])
    assert client.get(change).status_code == 200  # viewable, read-only
    assert client.post(change, {"reason": "sửa lén"}).status_code == 403
    delete = reverse("admin:common_auditlog_delete", args=[entry.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:common_auditlog_add")).status_code == 403
    changelist = client.post(
        reverse("admin:common_auditlog_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert changelist.status_code in (200, 302)
    entry_after = AuditLog.objects.get(pk=entry.pk)
    assert (entry_after.reason, AuditLog.objects.count()) == (entry.reason, count)


def test_admin_registry_is_read_only(admin_client_verified, award_a):
    client = admin_client_verified
    assert client.get(reverse("admin:registry_awardrecord_add")).status_code == 403
    change = reverse("admin:registry_awardrecord_change", args=[award_a.pk])
    assert client.get(change).status_code == 200
    assert client.post(change, {"status": "revoked"}).status_code == 403
    assert (
        client.get(reverse("admin:registry_awardrecord_delete", args=[award_a.pk])).status_code
        == 403
    )


@pytest.mark.parametrize(
    "model",
    [
        "catalog_honour",
        "catalog_regime",
        "catalog_rating",
        "catalog_bonuscoefficient",
        "catalog_basesalary",
        "registry_decision",
        "registry_awardrecord",
        "registry_yearlyrating",
        "registry_initiative",
        "registry_disciplinerecord",
        "orgs_unit",
        "orgs_unitsuccession",
        "people_person",
        "people_household",
        "accounts_user",
        "accounts_apitoken",
        "common_auditlog",
    ],
)
def test_admin_changelists_load(admin_client_verified, award_a, model):
    response = admin_client_verified.get(reverse(f"admin:{model}_changelist"))
    assert response.status_code == 200


def test_admin_catalog_code_is_read_only_after_creation(admin_client_verified):
    client = admin_client_verified
    honour = Honour.objects.get(pk="LDTT")
    response = client.get(reverse("admin:catalog_honour_change", args=["LDTT"]))
    assert "code" not in response.context["adminform"].form.fields
    assert (
        "code" in client.get(reverse("admin:catalog_honour_add")).context["adminform"].form.fields
    )
    data = {
        "name": "Lao động tiên tiến (sửa)",
        "category": honour.category,
        "subject_kinds": '["individual"]',
        "level": honour.level,
        "rank": honour.rank,
        "valid_from": "",
        "valid_to": "",
        "legal_basis": "Luật TĐKT 2022",
        "order": honour.order,
        "is_active": "on",
        "code": "HACKED",
    }
    response = client.post(reverse("admin:catalog_honour_change", args=["LDTT"]), data)
    assert response.status_code == 302
    assert Honour.objects.get(pk="LDTT").name == "Lao động tiên tiến (sửa)"
    assert not Honour.objects.filter(pk="HACKED").exists()
    log = AuditLog.objects.get(action="catalog.honour.update")
    assert (log.before["name"], log.after["name"]) == (honour.name, "Lao động tiên tiến (sửa)")


def test_admin_user_with_role_grant_inline(admin_client_verified, admin_user, tree):
    user = make_user("canbo")
    response = admin_client_verified.get(reverse("admin:accounts_user_change", args=[user.pk]))
    assert response.status_code == 200
    assert "role_grants-TOTAL_FORMS" in response.content.decode()
    ct = ContentType.objects.get_for_model(type(user))
    assert ct.app_label == "accounts"
