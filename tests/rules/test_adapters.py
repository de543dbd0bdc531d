"""From the registry to the contract: one subject's history, the bulk read of a scope in a fixed
number of queries, and the DB catalogue (coefficients, base salaries) equal to the rule packs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tdkt.catalog.models import BaseSalary, BonusCoefficient, Regime
from tdkt.orgs.services import units_merge
from tdkt.registry.services import (
    award_revoke,
    discipline_record,
    initiative_mark_used,
)
from tdkt.rules.adapters import histories_for_scope, history_for_subject, months_worked
from tdkt.rules.engine import check_eligibility, load_packs
from tests.factories import make_award, make_initiative, make_person, make_rating, make_unit

pytestmark = pytest.mark.django_db


def test_person_history_has_every_kind_of_record(tree, person_a):
    make_rating(person_a, 2024, "HTTNV", months_in_service=10)
    make_rating(person_a, 2025, "HTXSNV")
    ldtt = make_award(person_a, "LDTT", 2025)
    revoked = make_award(person_a, "GK", 2024)
    award_revoke(record=revoked, reason="Kê khai sai thành tích", actor=None)
    make_award(person_a, "GK", 2023, award_type_id="dot_xuat")
    used = make_initiative(tree.commune_a, 2024, "co_so", authors=[person_a], code="SK-1")
    initiative_mark_used(initiative=used, award=ldtt, actor=None)
    make_initiative(tree.commune_a, 2025, "tinh", authors=[person_a], code="SK-2")
    make_initiative(tree.commune_a, 2025, "tinh", code="SK-KHAC")  # another author's
    discipline_record(
        subject=person_a,
        start=dt.date(2020, 3, 1),
        end=dt.date(2021, 2, 28),
        level_id="khien_trach",
        state="ended",
    )
    discipline_record(subject=person_a, start=dt.date(2026, 5, 1), state="pending")
    discipline_record(
        subject=person_a, start=dt.date(2019, 1, 1), level_id="canh_cao", state="annulled"
    )

    entry = history_for_subject("individual", [person_a.pk], year=2025)

    assert entry["subject"] == {"kind": "individual"}
    history = entry["history"]
    assert history[:2] == [
        {"type": "rating", "year": 2024, "code": "HTTNV"},
        {"type": "rating", "year": 2025, "code": "HTXSNV"},
    ]
    rest = sorted(history[2:], key=lambda e: (e["type"], str(e.get("year", e.get("from")))))
    assert rest == [
        {"type": "award", "year": 2023, "code": "GK", "award_type": "dot_xuat"},
        {"type": "award", "year": 2025, "code": "LDTT", "award_type": "cong_trang"},
        {"type": "discipline", "from": "2020-03-01", "to": "2021-02-28", "level": "khien_trach"},
        {"type": "discipline_pending"},
        {"type": "initiative", "year": 2024, "id": "SK-1", "scope": "co_so", "used_by": "LDTT"},
        {"type": "initiative", "year": 2025, "id": "SK-2", "scope": "tinh", "used_by": None},
    ]
    # The history is a valid contract history: the engine judges it (pending blocks).
    result = check_eligibility({"target": "CSTDCS", "year": 2025, **entry})
    assert result["eligible"] is False
    assert result["checks"][0]["rule"] == "no_pending_discipline"


def test_months_in_service_from_the_rating_else_from_employment(tree):
    rated = make_person("Lê Văn Tâm", tree.commune_a, employment_start=dt.date(2025, 10, 1))
    make_rating(rated, 2025, "HTTNV", months_in_service=7)
    recruited = make_person(
        "Phạm Thu Trang", tree.commune_a, sex="F", employment_start=dt.date(2025, 7, 16)
    )
    assert history_for_subject("individual", [rated.pk], year=2025)["subject"] == {
        "kind": "individual",
        "months_in_service": 7,
    }
    assert history_for_subject("individual", [recruited.pk], year=2025)["subject"] == {
        "kind": "individual",
        "months_in_service": 5.52,
        "female": True,
    }
    assert history_for_subject("individual", [recruited.pk], year=2026)["subject"] == {
        "kind": "individual",
        "female": True,
    }


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (None, None, None),
        (dt.date(2020, 1, 1), None, None),
        (dt.date(2025, 7, 1), None, 6.0),
        (dt.date(2025, 7, 2), None, 5.97),
        (dt.date(2026, 1, 1), None, 0.0),
        (None, dt.date(2025, 3, 31), 3.0),
        (dt.date(2025, 2, 1), dt.date(2025, 2, 14), 0.5),
    ],
)
def test_months_worked(start, end, expected):
    assert months_worked(start, end, 2025) == expected


def _collective_fixture(tree):
    """A school with an internal department: 4 people rated 2025 (one transferred away since),
    a new recruit of 2026, titles of 2025."""
    school = tree.school_a
    team = make_unit("Tổ chuyên môn Toán", "phong_ban", school)
    people = [make_person(f"Giáo viên {i}", team if i % 2 else school) for i in range(4)]
    for i, person in enumerate(people):
        make_rating(person, 2025, "HTXSNV" if i == 0 else ("KHTNV" if i == 3 else "HTTNV"))
    make_award(people[0], "LDTT", 2025)
    make_award(people[0], "CSTDCS", 2025)
    make_award(people[1], "LDTT", 2025)
    make_award(people[2], "LDTT", 2024)  # another year: not counted
    make_person("Giáo viên mới", school, employment_start=dt.date(2026, 9, 1))
    unrated = make_person("Giáo viên chưa xếp loại", team)
    make_rating(school, 2025, "HTXSNV")
    make_award(school, "TTLDTT", 2024)
    return school, team, unrated


def test_collective_members_and_history(tree):
    school, team, _unrated = _collective_fixture(tree)
    entry = history_for_subject("collective", [school.pk], year=2025)
    assert entry == {
        "subject": {
            "kind": "collective",
            "members_total": 5,  # 4 rated + 1 working there without a rating
            "members_completed_tasks": 3,
            "members_ldtt": 2,
            "members_cstdcs": 1,
        },
        "history": [
            {"type": "rating", "year": 2025, "code": "HTXSNV"},
            {"type": "award", "year": 2024, "code": "TTLDTT", "award_type": "cong_trang"},
        ],
    }
    team_entry = history_for_subject("collective", [team.pk], year=2025)
    assert team_entry["subject"]["members_total"] == 3  # 2 rated + the unrated one


def test_merged_unit_inherits_predecessor_history(tree):
    old_a = make_unit("Xã Cũ A", "xa", tree.province)
    old_b = make_unit("Xã Cũ B", "xa", tree.province)
    make_rating(old_a, 2024, "HTXSNV")
    make_rating(old_b, 2024, "HTNV")
    make_award(old_b, "TTLDTT", 2023)
    new = make_unit("Xã Mới", "xa", tree.province)
    units_merge(
        sources=[old_a, old_b],
        successor=new,
        date=dt.date(2025, 7, 1),
        decision_ref="NQ 1656/NQ-UBTVQH15",
        actor=None,
    )
    from tdkt.orgs.selectors import unit_lineage_ids

    entry = history_for_subject("collective", unit_lineage_ids(new), year=2025)
    assert [e for e in entry["history"] if e["type"] == "rating"] == [
        {"type": "rating", "year": 2024, "code": "HTXSNV"}  # one rating a year, the first wins
    ]
    scoped = histories_for_scope(tree.province, 2025, kinds=["collective"])
    assert scoped[("collective", new.pk)]["history"] == entry["history"]
    assert ("collective", old_a.pk) not in scoped  # ended units are not screened


def test_scope_equals_one_subject_at_a_time(tree, person_a, person_b):
    _collective_fixture(tree)
    make_rating(person_a, 2025, "HTTNV", months_in_service=12)
    make_award(person_a, "LDTT", 2024)
    make_initiative(tree.commune_a, 2025, "co_so", authors=[person_a, person_b])
    discipline_record(subject=person_b, start=dt.date(2024, 1, 1), level_id="khien_trach")
    scoped = histories_for_scope(tree.province, 2025)
    people = [k for k in scoped if k[0] == "individual"]
    assert len(people) == 8
    for kind, pk in scoped:
        ids = [pk]
        if kind == "collective":
            from tdkt.orgs.models import Unit
            from tdkt.orgs.selectors import unit_lineage_ids

            ids = unit_lineage_ids(Unit.objects.get(pk=pk))
        one = history_for_subject(kind, ids, year=2025)
        key = (kind, pk)
        assert scoped[key]["subject"] == one["subject"], key

        def order(e):
            return sorted(map(str, e["history"]))

        assert order(scoped[key]) == order(one), key
    commune = histories_for_scope(tree.commune_a, 2025)
    assert ("individual", person_b.pk) not in commune
    assert ("individual", person_a.pk) in commune


@pytest.mark.parametrize("n", [1, 20])
def test_scope_runs_a_constant_number_of_queries(tree, django_assert_num_queries, n):
    unit = make_unit("Phòng Nội vụ", "phong_ban", tree.commune_a)
    for i in range(n):
        person = make_person(f"Cán bộ {i}", unit)
        make_rating(person, 2024, "HTTNV")
        make_rating(person, 2025, "HTXSNV")
        make_award(person, "LDTT", 2025)
        make_initiative(unit, 2025, authors=[person])
        discipline_record(
            subject=person,
            start=dt.date(2023, 1, 1),
            end=dt.date(2023, 6, 30),
            level_id="khien_trach",
            state="ended",
        )
    with django_assert_num_queries(5):
        people = histories_for_scope(tree.commune_a, 2025, kinds=["individual"])
    assert len(people) == n
    with django_assert_num_queries(10):
        units = histories_for_scope(tree.commune_a, 2025, kinds=["collective"])
    assert units[("collective", unit.pk)]["subject"]["members_total"] == n


def test_scope_accepts_a_unit_queryset_and_an_access_scope(tree, person_a, alice):
    from tdkt.accounts.selectors import user_scope
    from tdkt.orgs.models import Unit

    by_qs = histories_for_scope(Unit.objects.filter(pk=tree.commune_a.pk), 2025)
    by_scope = histories_for_scope(user_scope(alice), 2025)
    assert ("individual", person_a.pk) in by_qs
    assert ("collective", tree.school_a.pk) not in by_qs  # only the units of the queryset
    assert ("collective", tree.school_a.pk) in by_scope
    assert set(by_scope) >= set(by_qs)


# --- the DB catalogue and the rule packs never drift --------------------------------------------


def _pack_coefficients() -> dict[tuple[str, str, str, str], Decimal]:
    rows: dict[tuple[str, str, str, str], Decimal] = {}

    def put(key, value):
        value = Decimal(str(value))
        assert rows.setdefault(key, value) == value, f"{key}: {rows[key]} != {value}"

    for pack in load_packs().regimes:
        for code, row in (pack.bonus.get("coefficients") or {}).items():
            for kind in ("individual", "collective", "household"):
                if kind in row:
                    put((pack.code, code, kind, ""), row[kind])
            for level, value in (row.get("by_issuer") or {}).items():
                put((pack.code, code, "individual", "" if level == "other" else level), value)
    return rows


def test_db_bonus_coefficients_equal_the_packs():
    db = {
        (c.regime_id, c.honour_id, c.subject_kind, c.issuer_level): c.coefficient.normalize()
        for c in BonusCoefficient.objects.all()
    }
    packs = {k: v.normalize() for k, v in _pack_coefficients().items()}
    assert db == packs


def test_db_base_salaries_equal_the_packs():
    db = list(BaseSalary.objects.order_by("valid_from").values_list("valid_from", "amount"))
    packs = [(e.valid_from, e.amount) for e in load_packs().base_salaries]
    assert db == packs


def test_db_regimes_and_multipliers_equal_the_packs():
    db = {
        r.code: (
            r.valid_from,
            r.valid_to,
            r.collective_multiplier.normalize(),
            r.household_multiplier.normalize() if r.household_multiplier else None,
        )
        for r in Regime.objects.all()
    }
    packs = {}
    for pack in load_packs().regimes:
        multipliers = pack.bonus.get("multipliers") or {}
        household = multipliers.get("household")
        packs[pack.code] = (
            pack.valid_from,
            pack.valid_to,
            Decimal(str(multipliers["collective"]["value"])).normalize(),
            Decimal(str(household["value"])).normalize() if household else None,
        )
    assert db == packs


# --- the fast bulk screening equals the engine's screen_many ----------------------------------


def _random_history(rng, year: int) -> list[dict]:
    history: list[dict] = []
    for y in range(year - rng.randint(0, 11), year + 1):
        if rng.random() < 0.9:
            history.append(
                {
                    "type": "rating",
                    "year": y,
                    "code": rng.choice(["HTXSNV", "HTTNV", "HTTNV", "HTNV", "KHTNV"]),
                }
            )
        for code in ("LDTT", "CSTT", "CSTDCS", "CSTD_TINH", "BK_TINH", "BK_TTG", "GK", "HCLD3"):
            if rng.random() < {"LDTT": 0.7, "CSTDCS": 0.35}.get(code, 0.08):
                history.append(
                    {
                        "type": "award",
                        "year": y,
                        "code": code,
                        "award_type": rng.choice(["cong_trang"] * 5 + ["dot_xuat", "chuyen_de"]),
                    }
                )
        if rng.random() < 0.3:
            history.append(
                {
                    "type": "initiative",
                    "year": y,
                    "id": f"SK-{y}-{rng.random()}",
                    "scope": rng.choice(["co_so", "co_so", "tinh", "toan_quoc"]),
                    "used_by": rng.choice([None, None, "CSTDCS"]),
                }
            )
    if rng.random() < 0.1:
        start = dt.date(rng.randint(year - 8, year), rng.randint(1, 12), 1)
        end = None if rng.random() < 0.3 else start + dt.timedelta(days=rng.randint(30, 700))
        history.append(
            {
                "type": "discipline",
                "from": start.isoformat(),
                "to": end.isoformat() if end else None,
                "level": rng.choice(["khien_trach", "canh_cao"]),
            }
        )
    if rng.random() < 0.03:
        history.append({"type": "discipline_pending"})
    return history


@pytest.mark.parametrize("year", [2022, 2024, 2025])
def test_screen_fast_equals_screen_many(year):
    import random

    from tdkt.rules.engine import screen_many
    from tdkt.rules.screening import screen_fast
    from tdkt.rules.services import COLLECTIVE_TARGETS, INDIVIDUAL_TARGETS

    rng = random.Random(year)
    people = {}
    for i in range(400):
        subject = {"kind": "individual"}
        if rng.random() < 0.3:
            subject["months_in_service"] = rng.choice([3, 5.5, 6, 9, 12])
        people[i] = {"subject": subject, "history": _random_history(rng, year)}
    fast = screen_fast(people, INDIVIDUAL_TARGETS, year)
    assert fast == screen_many(people, INDIVIDUAL_TARGETS, year)
    units = {}
    for i in range(150):
        total = rng.randint(0, 40)
        subject = {
            "kind": "collective",
            "members_total": total,
            "members_completed_tasks": rng.randint(0, total),
            "members_ldtt": rng.randint(0, total),
            "members_cstdcs": rng.randint(0, 3),
        }
        subject["members_cstdcs"] = min(subject["members_cstdcs"], total)
        history = [e for e in _random_history(rng, year) if e["type"] != "initiative"]
        units[i] = {"subject": subject, "history": history}
    assert screen_fast(units, COLLECTIVE_TARGETS, year) == screen_many(
        units, COLLECTIVE_TARGETS, year
    )


def test_screen_people_equals_screen_many_on_the_registry(tree, person_a, person_b):
    from tdkt.rules.adapters import people_rows
    from tdkt.rules.engine import screen_many
    from tdkt.rules.screening import screen_people
    from tdkt.rules.services import INDIVIDUAL_TARGETS

    _collective_fixture(tree)
    make_rating(person_a, 2025, "HTXSNV", months_in_service=4)
    make_award(person_a, "CSTDCS", 2024)
    make_award(person_a, "LDTT", 2024, award_type_id="dot_xuat")
    make_initiative(tree.commune_a, 2025, "tinh", authors=[person_a])
    discipline_record(subject=person_b, start=dt.date(2024, 3, 1), level_id="khien_trach")
    discipline_record(subject=person_b, start=dt.date(2026, 3, 1), state="pending")
    rows = people_rows(tree.province, 2025)
    entries = {row[0]: rows.entry(row) for row in rows.people}
    assert entries == {
        pk: history_for_subject("individual", [pk], year=2025) | {"history": entries[pk]["history"]}
        for pk in entries
    }
    assert screen_people(rows, INDIVIDUAL_TARGETS, 2025) == screen_many(
        entries, INDIVIDUAL_TARGETS, 2025
    )
