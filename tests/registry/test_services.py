import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tdkt.common.models import AuditLog
from tdkt.registry.enums import RecordStatus
from tdkt.registry.models import AwardRecord, Initiative, YearlyRating
from tdkt.registry.selectors import subject_history
from tdkt.registry.services import award_revoke, initiative_mark_used
from tests.factories import (
    make_award,
    make_decision,
    make_household,
    make_initiative,
    make_rating,
)

pytestmark = pytest.mark.django_db


def test_decision_regime_derived_from_date(tree):
    assert make_decision(signed_on=dt.date(2023, 12, 31)).regime_id == "decree91"
    assert make_decision(signed_on=dt.date(2024, 1, 1)).regime_id == "decree98"
    assert make_decision(signed_on=dt.date(2025, 6, 30)).regime_id == "decree98"
    assert make_decision(signed_on=dt.date(2025, 7, 1)).regime_id == "decree152"


def test_duplicate_decision_number_refused(tree):
    make_decision("12/QĐ-UBND", dt.date(2025, 1, 20))
    with pytest.raises(ValidationError) as err:
        make_decision("12/QĐ-UBND", dt.date(2025, 1, 20))
    assert err.value.message_dict["number"] == [
        "Quyết định số 12/QĐ-UBND ngày 20/01/2025 của Ủy ban nhân dân tỉnh đã có trong sổ."
    ]


def test_duplicate_award_refused_with_clear_message(tree, person_a):
    decision = make_decision("5/QĐ-UBND", dt.date(2025, 1, 20))
    make_award(person_a, "LDTT", 2024, decision=decision)
    with pytest.raises(ValidationError) as err:
        make_award(person_a, "LDTT", 2024)
    assert err.value.message_dict["honour"] == [
        "Nguyễn Thị Hằng đã có Lao động tiên tiến năm 2024 (theo Quyết định số 5/QĐ-UBND "
        "ngày 20/01/2025). Mỗi thành tích chỉ được khen một lần: kiểm tra lại hoặc thu hồi "
        "bản ghi cũ trước."
    ]


def test_database_constraint_blocks_duplicate_even_without_service(tree, person_a):
    award = make_award(person_a, "LDTT", 2024)
    clone = AwardRecord(
        subject_kind="individual",
        person=person_a,
        honour_id="LDTT",
        award_type_id="cong_trang",
        year_from=2024,
        year_to=2024,
        unit_at_time=tree.commune_a,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        clone.save()
    assert award.pk is not None


def test_revoked_award_frees_the_period_and_initiative(tree, alice, person_a):
    award = make_award(person_a, "CSTDCS", 2024)
    initiative = make_initiative(tree.commune_a, 2024, authors=[person_a])
    initiative_mark_used(initiative=initiative, award=award, actor=alice)
    award_revoke(record=award, reason="Khai man thành tích", actor=alice, bonus_recovered=2340000)
    award.refresh_from_db()
    assert (award.status, award.revoked_reason, award.bonus_recovered) == (
        RecordStatus.REVOKED,
        "Khai man thành tích",
        2340000,
    )
    assert Initiative.objects.get(pk=initiative.pk).used_for_id is None
    again = make_award(person_a, "CSTDCS", 2024)
    assert again.pk != award.pk
    log = AuditLog.objects.filter(action="registry.award.revoke").get()
    assert (log.before["status"], log.after["status"], log.reason) == (
        "valid",
        "revoked",
        "Khai man thành tích",
    )


def test_initiative_serves_once(tree, alice, person_a):
    first = make_award(person_a, "CSTDCS", 2023)
    second = make_award(person_a, "CSTDCS", 2024)
    initiative = make_initiative(tree.commune_a, 2023, authors=[person_a])
    initiative_mark_used(initiative=initiative, award=first, actor=alice)
    with pytest.raises(ValidationError):
        initiative_mark_used(initiative=initiative, award=second, actor=alice)


def test_award_kind_must_fit_subject(tree, person_a):
    with pytest.raises(ValidationError) as err:
        make_award(person_a, "TTLDTT", 2024)
    assert err.value.message_dict["honour"] == [
        "Tập thể lao động tiên tiến không áp dụng cho đối tượng cá nhân."
    ]
    household = make_household("Lò Văn Páo", tree.commune_a)
    assert make_award(household, "GD_VAN_HOA", 2024).subject_kind == "household"


def test_rating_supersede_keeps_old_row(tree, person_a):
    make_rating(person_a, 2024, "HTTNV")
    with pytest.raises(ValidationError):
        make_rating(person_a, 2024, "HTXSNV")
    make_rating(person_a, 2024, "HTXSNV", replace=True, reason="Sửa theo biên bản")
    rows = list(
        YearlyRating.objects.filter(person=person_a)
        .order_by("pk")
        .values_list("rating_id", "status")
    )
    assert rows == [("HTTNV", "revoked"), ("HTXSNV", "valid")]


def test_future_year_refused(tree, person_a):
    with pytest.raises(ValidationError):
        make_award(person_a, "LDTT", dt.date.today().year + 1)


def test_history_time_line_and_year_table(tree, person_a):
    make_rating(person_a, 2023, "HTXSNV")
    make_rating(person_a, 2024, "HTTNV")
    make_award(person_a, "LDTT", 2023)
    make_award(person_a, "CSTDCS", 2023)
    make_award(person_a, "LDTT", 2024)
    make_initiative(tree.commune_a, 2023, authors=[person_a], code="SK-2023-1")
    history = subject_history("individual", [person_a.pk])
    assert [(r.year, r.rating, r.titles, r.initiatives) for r in history.years] == [
        (2024, "HTTNV", ["LDTT"], []),
        (2023, "HTXSNV", ["CSTDCS", "LDTT"], ["SK-2023-1"]),
    ]
    assert history.counts == {"rating": 2, "title": 3, "initiative": 1}


def test_history_constant_queries(tree, person_a, django_assert_num_queries):
    for year in range(2015, 2025):
        make_rating(person_a, year, "HTTNV")
        make_award(person_a, "LDTT", year)
    with django_assert_num_queries(4):
        subject_history("individual", [person_a.pk])
