"""`tdkt demo` and `tdkt demo_logins` on an empty database (the module fixture of
test_builder.py keeps its province to its own module)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from tdkt.orgs.models import Unit
from tdkt.people.models import Person
from tdkt.registry.models import AwardRecord, YearlyRating

pytestmark = pytest.mark.django_db


def test_demo_logins_without_demo_data():
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert out.getvalue().strip() == "Chưa có tài khoản dùng thử: chạy “tdkt demo” trước."


def test_demo_command_if_empty_is_a_no_op_the_second_time():
    out = StringIO()
    call_command("demo", people=40, years=3, if_empty=True, stdout=out)
    assert "Đã tạo dữ liệu mẫu" in out.getvalue()
    counts = (Unit.objects.count(), Person.objects.count(), AwardRecord.objects.count())
    assert counts[1] == 40
    today = timezone.localdate()
    last = today.year - 1 if today >= dt.date(today.year, 1, 26) else today.year - 2
    # Three years of history, and the demo commune's ratings of the year in progress.
    years = set(YearlyRating.objects.values_list("year", flat=True))
    assert years == {last - 2, last - 1, last, last + 1}
    out = StringIO()
    call_command("demo", people=40, if_empty=True, stdout=out)
    assert out.getvalue().strip() == "Cơ sở dữ liệu đã có dữ liệu: bỏ qua tạo dữ liệu mẫu."
    assert (Unit.objects.count(), Person.objects.count(), AwardRecord.objects.count()) == counts
    with pytest.raises(CommandError, match="đã có đơn vị"):
        call_command("demo", people=40, stdout=StringIO())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--people", "0"], "--people"),
        (["--years", "0"], "--years"),
    ],
)
def test_demo_command_rejects_bad_numbers(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("demo", *args, stdout=StringIO())
