import datetime as dt

import pytest

from tdkt.calendar_vn.models import HolidayOverride
from tdkt.calendar_vn.services import is_working_day
from tdkt.common.models import AuditLog

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_no_otp")]


@pytest.fixture
def _no_otp(settings):
    settings.TDKT_OTP_REQUIRED_ROLES = []


def test_admin_creates_override_with_author_and_audit(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/calendar_vn/holidayoverride/add/").status_code == 200
    response = client.post(
        "/admin/calendar_vn/holidayoverride/add/",
        {
            "date": "2026-03-10",
            "kind": "day_off",
            "name": "Nghỉ theo thông báo",
            "legal_basis": "Thông báo số 1/TB-VPCP",
        },
    )
    assert response.status_code == 302
    row = HolidayOverride.objects.get()
    assert (row.date, row.created_by) == (dt.date(2026, 3, 10), admin_user)
    assert not is_working_day(dt.date(2026, 3, 10))
    log = AuditLog.objects.get(action="calendar_vn.override.create")
    assert log.after["name"] == "Nghỉ theo thông báo"
    listing = client.get("/admin/calendar_vn/holidayoverride/")
    assert "Nghỉ theo thông báo" in listing.content.decode()


def test_admin_delete_is_audited(client, admin_user):
    row = HolidayOverride.objects.create(date=dt.date(2026, 3, 10), kind="day_off", name="X")
    client.force_login(admin_user)
    response = client.post(f"/admin/calendar_vn/holidayoverride/{row.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not HolidayOverride.objects.exists()
    assert AuditLog.objects.filter(action="calendar_vn.override.delete").count() == 1
    assert is_working_day(dt.date(2026, 3, 10))
