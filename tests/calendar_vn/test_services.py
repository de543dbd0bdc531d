import datetime as dt

import pytest
from django.db import transaction

from tdkt.calendar_vn import services
from tdkt.calendar_vn.models import HolidayOverride, OverrideKind
from tdkt.calendar_vn.services import (
    add_working_days,
    due_soon,
    holidays_in,
    is_working_day,
    working_days_between,
    working_weekends_in,
)

pytestmark = pytest.mark.django_db

D = dt.date


def override(day, kind, name="Điều chỉnh"):
    return HolidayOverride.objects.create(date=day, kind=kind, name=name)


def test_tet_2026_is_five_days_off():
    tet = [D(2026, 2, d) for d in range(16, 21)]  # Mon 16 – Fri 20
    assert [is_working_day(d) for d in tet] == [False] * 5
    assert is_working_day(D(2026, 2, 13)) is True  # the Friday before
    assert is_working_day(D(2026, 2, 23)) is True  # the Monday after
    names = dict(holidays_in(2026))
    assert names[D(2026, 2, 17)] == "Tết Nguyên Đán"
    assert names[D(2026, 2, 16)] == "Giao thừa Tết Nguyên Đán"


def test_hung_kings_2026_on_sunday_with_compensatory_monday():
    names = dict(holidays_in(2026))
    assert names[D(2026, 4, 26)] == "Ngày Giỗ Tổ Hùng Vương"
    assert is_working_day(D(2026, 4, 26)) is False
    assert names[D(2026, 4, 27)] == "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"
    assert is_working_day(D(2026, 4, 27)) is False
    assert is_working_day(D(2026, 4, 28)) is True


def test_national_day_and_the_day_next_to_it():
    names = dict(holidays_in(2026))
    assert names[D(2026, 9, 2)] == "Quốc khánh"
    assert names[D(2026, 9, 1)] == "Quốc khánh"
    assert not is_working_day(D(2026, 9, 1)) and not is_working_day(D(2026, 9, 2))
    assert is_working_day(D(2026, 9, 3))


def test_holidays_in_is_sorted_vietnamese_and_has_no_plain_weekends():
    days = holidays_in(2026)
    assert days == sorted(days)
    assert days[0] == (D(2026, 1, 1), "Tết Dương lịch")
    assert D(2026, 1, 3) not in dict(days)  # an ordinary Saturday


def test_library_make_up_saturday_is_a_working_day():
    # holidays.VN knows 31/08/2026 is off in exchange for Saturday 22/08/2026.
    assert not is_working_day(D(2026, 8, 31))
    assert is_working_day(D(2026, 8, 22))
    assert D(2026, 8, 22) in dict(working_weekends_in(2026))


def test_weekends():
    assert not is_working_day(D(2026, 3, 7))  # Saturday
    assert not is_working_day(D(2026, 3, 8))  # Sunday
    assert is_working_day(D(2026, 3, 9))


def test_ten_working_days_skip_the_tet_week():
    start = D(2026, 2, 13)  # Friday before Tết
    # 23–27 Feb (5) + 2–6 Mar (5): without Tết it would be 27 Feb.
    assert add_working_days(start, 10) == D(2026, 3, 6)
    assert working_days_between(start, D(2026, 3, 6)) == 10


def test_start_is_not_counted_and_zero_is_start():
    assert add_working_days(D(2026, 3, 9), 1) == D(2026, 3, 10)
    assert add_working_days(D(2026, 3, 7), 1) == D(2026, 3, 9)  # from a Saturday
    assert add_working_days(D(2026, 3, 9), 0) == D(2026, 3, 9)
    assert add_working_days(D(2026, 3, 9), -1) == D(2026, 3, 6)


def test_overrides_win_and_change_the_deadline():
    start = D(2026, 2, 13)
    assert add_working_days(start, 10) == D(2026, 3, 6)
    override(D(2026, 2, 21), OverrideKind.WORKING_DAY, "Đi làm bù")  # a Saturday
    assert is_working_day(D(2026, 2, 21))
    assert add_working_days(start, 10) == D(2026, 3, 5)
    override(D(2026, 3, 2), OverrideKind.DAY_OFF, "Nghỉ theo Thông báo của Thủ tướng")  # Monday
    assert not is_working_day(D(2026, 3, 2))
    assert add_working_days(start, 10) == D(2026, 3, 6)
    assert dict(holidays_in(2026))[D(2026, 3, 2)] == "Nghỉ theo Thông báo của Thủ tướng"
    assert D(2026, 2, 21) in dict(working_weekends_in(2026))


def test_override_can_turn_a_library_holiday_into_a_working_day():
    override(D(2026, 8, 31), OverrideKind.WORKING_DAY)
    assert is_working_day(D(2026, 8, 31))
    assert D(2026, 8, 31) not in dict(holidays_in(2026))


def test_changing_and_deleting_an_override_invalidates_the_cache():
    day = D(2026, 3, 10)  # Tuesday
    assert is_working_day(day)
    row = override(day, OverrideKind.DAY_OFF)
    assert not is_working_day(day)
    row.kind = OverrideKind.WORKING_DAY
    row.save()
    assert is_working_day(day)
    row.kind = OverrideKind.DAY_OFF
    row.save()
    assert not is_working_day(day)
    row.delete()
    assert is_working_day(day)


def test_year_is_cached(django_assert_num_queries):
    is_working_day(D(2026, 5, 4))
    with django_assert_num_queries(0):
        for month in range(1, 13):
            is_working_day(D(2026, month, 15))
        add_working_days(D(2026, 2, 13), 10)


def test_deadline_across_the_year_boundary():
    # 25, 26, 29, 30, 31 Dec 2025; 1 Jan 2026 is off; 2, 5, 6, 7, 8 Jan 2026.
    assert add_working_days(D(2025, 12, 24), 10) == D(2026, 1, 8)
    assert working_days_between(D(2025, 12, 24), D(2026, 1, 8)) == 10
    assert working_days_between(D(2026, 1, 8), D(2025, 12, 24)) == -10


def test_override_in_the_next_year_counts_across_the_boundary():
    override(D(2026, 1, 2), OverrideKind.DAY_OFF, "Nghỉ bù Tết Dương lịch")
    assert add_working_days(D(2025, 12, 24), 10) == D(2026, 1, 9)


def test_datetime_is_taken_as_its_local_date():
    aware = dt.datetime(2026, 2, 13, 20, 0, tzinfo=dt.UTC)  # 03:00 on Sat 14 Feb in Hà Nội
    assert is_working_day(aware) is False
    with pytest.raises(TypeError):
        is_working_day("2026-02-13")


def test_due_soon_splits_overdue_and_soon():
    today = D(2026, 2, 12)  # Thursday before Tết
    items = [
        ("far", D(2026, 3, 31)),
        ("friday", D(2026, 2, 13)),
        ("after-tet", D(2026, 2, 23)),
        ("today", D(2026, 2, 12)),
        ("late", D(2026, 2, 10)),
        ("none", None),
        ("tuesday-after", D(2026, 2, 24)),
    ]
    report = due_soon(items, today=today)
    assert [(i.obj, i.working_days_left) for i in report.overdue] == [("late", -2)]
    assert [(i.obj, i.working_days_left) for i in report.due_soon] == [
        ("today", 0),
        ("friday", 1),
        ("after-tet", 2),
    ]
    assert bool(report)
    assert not due_soon([("far", D(2026, 3, 31))], today=today)
    assert [i.obj for i in due_soon(items, within_working_days=0, today=today).due_soon] == [
        "today"
    ]
    with pytest.raises(ValueError):
        due_soon(items, within_working_days=-1, today=today)


def test_stamp_is_dropped_again_on_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        override(D(2026, 3, 11), OverrideKind.DAY_OFF)
    assert len(callbacks) == 1
    assert not is_working_day(D(2026, 3, 11))
    assert services.overrides_stamp()[0] == 1
