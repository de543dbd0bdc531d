import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from tdkt.accounts.models import ApiToken
from tdkt.api.services import api_token_create, api_token_revoke
from tdkt.common.models import AuditLog
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db

UNAUTHENTICATED = "Chưa xác thực: gửi khóa API (Authorization: Bearer <khóa>) hoặc đăng nhập."
BAD_TOKEN = "Khóa API không hợp lệ hoặc đã bị thu hồi."


def test_valid_token_is_accepted_and_only_its_hash_stored(alice, person_a):
    token, key = api_token_create(user=alice, name="Phần mềm nhân sự")
    assert token.key_hash == ApiToken.hash_key(key)
    assert key not in {token.key_hash, token.name}
    assert token.prefix == key[:8]
    response = ApiClient(key).get(f"/api/v1/people/{person_a.pk}")
    assert response.status_code == 200
    assert response.json()["full_name"] == "Nguyễn Thị Hằng"


def test_missing_token_is_refused():
    response = ApiClient().get("/api/v1/units")
    assert response.status_code == 401
    assert response.json() == {"detail": UNAUTHENTICATED}


def test_wrong_token_is_refused(alice):
    response = ApiClient("khong-phai-khoa-that").get("/api/v1/units")
    assert response.status_code == 401
    assert response.json() == {"detail": BAD_TOKEN}


def test_revoked_token_is_refused(alice):
    token, key = api_token_create(user=alice, name="Cũ")
    api_token_revoke(token=token)
    response = ApiClient(key).get("/api/v1/units")
    assert response.status_code == 401
    assert response.json() == {"detail": BAD_TOKEN}
    # POST too: a revoked token is not a CSRF failure, it is 401.
    response = ApiClient(key).post("/api/v1/awards", {"honour": "LDTT", "year": 2024})
    assert response.status_code == 401


def test_token_of_inactive_user_is_refused(alice):
    _token, key = api_token_create(user=alice, name="Khóa")
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    assert ApiClient(key).get("/api/v1/units").status_code == 401


def test_last_used_written_at_most_once_a_minute(alice):
    token, key = api_token_create(user=alice, name="Khóa")
    client = ApiClient(key)
    client.get("/api/v1/units")
    token.refresh_from_db()
    first = token.last_used
    assert first is not None
    client.get("/api/v1/units")
    token.refresh_from_db()
    assert token.last_used == first
    ApiToken.objects.filter(pk=token.pk).update(last_used=first - dt.timedelta(minutes=2))
    client.get("/api/v1/units")
    token.refresh_from_db()
    assert token.last_used > first - dt.timedelta(minutes=1)


def test_session_login_works_for_reads_and_needs_csrf_for_writes(alice, person_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.get(f"/api/v1/people/{person_a.pk}")
    assert response.status_code == 200
    response = client.post(
        "/api/v1/awards",
        {"person_id": person_a.pk, "honour": "LDTT", "year": 2024},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Kiểm tra CSRF không thành công: tải lại trang rồi thử lại."
    }


def test_session_with_csrf_token_can_write(alice, person_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    client.get("/api/v1/docs")  # sets the CSRF cookie, as the docs page does
    csrf = client.cookies["csrftoken"].value
    response = client.post(
        "/api/v1/awards",
        {"person_id": person_a.pk, "honour": "LDTT", "year": 2024},
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 201, response.content
    assert response.json()["honour"] == "LDTT"


def test_admin_session_without_second_factor_is_refused(admin_user):
    client = Client()
    client.force_login(admin_user)
    response = client.get("/api/v1/units")
    assert response.status_code == 401


def test_command_creates_prints_once_and_revokes(alice):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "api_token", "create", "alice", "--name", "Cổng dịch vụ công", stdout=out, stderr=err
    )
    key = out.getvalue().strip()
    token = ApiToken.objects.get(user=alice)
    assert token.key_hash == ApiToken.hash_key(key)
    assert token.name == "Cổng dịch vụ công"
    assert token.prefix in err.getvalue()
    assert ApiClient(key).get("/api/v1/units").status_code == 200

    out = io.StringIO()
    call_command("api_token", "revoke", token.prefix, stdout=out)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.revoked_at <= timezone.now()
    assert ApiClient(key).get("/api/v1/units").status_code == 401
    assert list(
        AuditLog.objects.filter(object_id=str(token.pk), action__startswith="accounts.")
        .values_list("action", flat=True)
        .order_by("pk")
    ) == ["accounts.api_token.create", "accounts.api_token.revoke"]


def test_command_errors_are_vietnamese(alice):
    with pytest.raises(CommandError, match="Không có người dùng “nobody”"):
        call_command("api_token", "create", "nobody", "--name", "X")
    with pytest.raises(CommandError, match="Không có khóa API đang hiệu lực"):
        call_command("api_token", "revoke", "ABCDEFGH")


def test_key_never_starts_with_a_dash(alice, monkeypatch):
    keys = iter(["-abcdefghijk", "Zabcdefghijk"])
    monkeypatch.setattr("tdkt.api.services.secrets.token_urlsafe", lambda n: next(keys))
    token, key = api_token_create(user=alice, name="Khóa")
    assert key == "Zabcdefghijk"
    assert token.prefix == "Zabcdefg"
