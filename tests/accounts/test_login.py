import pytest
from django.contrib.auth.hashers import identify_hasher
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import grant, make_user

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-Thu-nghiem-1"


def test_login_then_dashboard_in_vietnamese(client, alice):
    response = client.post(
        reverse("accounts:login"), {"username": "alice", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert "Tổng quan" in response.content.decode()


def test_wrong_password_message_in_vietnamese(client, alice):
    response = client.post(reverse("accounts:login"), {"username": "alice", "password": "sai"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_lockout_after_repeated_failures(client, alice):
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "alice", "password": "sai"})
    response = client.post(reverse("accounts:login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 429
    assert "Tài khoản tạm khóa" in response.content.decode()


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"])
def test_passwords_hashed_with_argon2(db):
    user = make_user("argon")
    assert identify_hasher(user.password).algorithm == "argon2"


def test_admin_must_set_up_totp(client, tree):
    admin = grant(make_user("quantri2", is_superuser=True, is_staff=True), "admin", tree.province)
    client.force_login(admin)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:otp_setup")
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    token = f"{totp(device.bin_key):06d}"
    response = client.post(reverse("accounts:otp_setup"), {"token": token}, follow=True)
    assert "Đã bật xác thực hai lớp." in response.content.decode()
    assert TOTPDevice.objects.get(user=admin).confirmed is True
    assert client.get("/").status_code == 200


def test_officer_without_device_not_forced(client, alice):
    client.force_login(alice)
    assert client.get("/").status_code == 200


def test_officer_with_device_must_verify(client, alice):
    device = TOTPDevice.objects.create(user=alice, name="app", confirmed=True)
    client.force_login(alice)
    assert client.get("/").url == reverse("accounts:otp")
    bad = client.post(reverse("accounts:otp"), {"token": "000000"})
    assert "Mã xác thực không đúng" in bad.content.decode()
    # A failure throttles the device for a second; let that time pass.
    TOTPDevice.objects.get(pk=device.pk).throttle_reset()
    ok = client.post(reverse("accounts:otp"), {"token": f"{totp(device.bin_key):06d}"})
    assert ok.status_code == 302
    assert client.get("/").status_code == 200


def test_anonymous_redirected_to_login(client, db):
    response = client.get("/")
    assert response.url.startswith(reverse("accounts:login"))


def test_csp_header_forbids_external_sources(client, alice):
    client.force_login(alice)
    csp = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "http" not in csp
