"""The demo province: structure after the 2025 reform, legal chains of the generated history,
demo accounts, and the `demo`, `demo_logins` and `serve` commands."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count

from tdkt.accounts.models import RoleGrant, User
from tdkt.catalog.models import BaseSalary, BonusCoefficient
from tdkt.common.models import AuditLog
from tdkt.demo.builder import DEMO_PASSWORD, DEMO_USERNAMES, MERGE_REF, build
from tdkt.demo.writer import Table
from tdkt.orgs.models import Unit, UnitSuccession
from tdkt.people.models import Assignment, Household, Person
from tdkt.people.selectors import person_search
from tdkt.registry.models import (
    AwardRecord,
    Decision,
    DisciplineRecord,
    Initiative,
    YearlyRating,
)
from tdkt.registry.services import regime_for

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 21)
REFORM = dt.date(2025, 7, 1)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One 300-person province for the whole module, rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        stats = build(people=300, seed=7, today=TODAY)
        yield stats
        transaction.set_rollback(True)


def test_unit_tree_after_the_2025_reform(demo):
    province = Unit.objects.get(kind="tinh")
    assert province.name == "Tỉnh Hòa Bình Xanh"
    assert province.path == f"{province.pk:08d}."
    departments = Unit.objects.filter(kind="so_nganh", parent=province)
    assert 18 <= departments.count() <= 22
    ban = Unit.objects.get(name="Ban Thi đua – Khen thưởng")
    assert (ban.kind, ban.parent.name) == ("phong_ban", "Sở Nội vụ")
    communes = Unit.objects.filter(kind="xa", valid_from=REFORM)
    assert communes.count() == 60
    assert set(communes.values_list("parent", flat=True)) == {province.pk}
    assert Unit.objects.filter(name="Xã An Lạc", valid_from=REFORM).exists()
    districts = Unit.objects.filter(kind="huyen")
    assert districts.count() == 8
    assert set(districts.values_list("valid_to", flat=True)) == {dt.date(2025, 6, 30)}
    assert Unit.objects.filter(kind="su_nghiep", name__startswith="Trường THPT").count() >= 12
    assert Unit.objects.filter(kind="su_nghiep", name__startswith="Bệnh viện").exists()
    assert Unit.objects.filter(kind="thon").exists()
    # Materialised paths: every unit sits under its parent.
    for unit in Unit.objects.select_related("parent"):
        expected = (unit.parent.path if unit.parent else "") + f"{unit.pk:08d}."
        assert (unit.path, unit.depth) == (expected, unit.parent.depth + 1 if unit.parent else 0)


def test_merged_communes_have_successions_and_history_parents(demo):
    for commune in Unit.objects.filter(kind="xa", valid_from=REFORM):
        links = UnitSuccession.objects.filter(successor=commune).select_related(
            "predecessor__parent"
        )
        assert 2 <= len(links) <= 4, commune
        for link in links:
            assert (link.kind, link.date, link.decision_ref) == ("merge", REFORM, MERGE_REF)
            old = link.predecessor
            assert (old.kind, old.valid_to) == ("xa", dt.date(2025, 6, 30))
            assert (old.parent.kind, old.parent.valid_to) == ("huyen", dt.date(2025, 6, 30))
    assert (
        UnitSuccession.objects.count()
        == Unit.objects.filter(kind="xa", valid_to=dt.date(2025, 6, 30)).count()
    )


def test_commune_staff_moved_from_their_old_commune(demo):
    moved = Assignment.objects.filter(end=dt.date(2025, 6, 30)).select_related("person", "unit")
    assert moved.exists()
    for old in moved:
        current = Assignment.objects.get(person=old.person, start=REFORM)
        commune = current.unit if current.unit.kind == "xa" else current.unit.parent
        assert UnitSuccession.objects.filter(predecessor=old.unit, successor=commune).exists()
        assert current.end is None and old.person.unit_id == current.unit_id
        # Ratings before the reform were made in the old commune, after it in the new unit.
        for rating in YearlyRating.objects.filter(person=old.person):
            expected = old.unit_id if rating.year < 2025 else current.unit_id
            assert rating.unit_at_time_id == expected


def test_people_look_vietnamese(demo):
    people = list(Person.objects.all())
    assert len(people) == 300
    families = Counter(p.full_name.split()[0] for p in people)
    assert families.most_common(1)[0][0] == "Nguyễn"
    assert all(len(p.full_name.split()) >= 3 for p in people)
    assert all(dt.date(1965, 1, 1) <= p.birth_date <= dt.date(2002, 12, 31) for p in people)
    assert Counter(p.ethnicity for p in people).most_common(1)[0][0] == "Kinh"
    ids = [p.citizen_id for p in people if p.citizen_id]
    assert 0.55 * len(people) <= len(ids) <= 0.85 * len(people)
    assert len(ids) == len(set(ids))
    for p in people:
        if p.citizen_id:
            century = 0 if p.birth_year < 2000 else 2
            assert re.fullmatch(r"099\d{9}", p.citizen_id)
            assert p.citizen_id[3] == str(century + (p.sex == "F"))
            assert p.citizen_id[4:6] == f"{p.birth_year % 100:02d}"
        assert p.employment_start <= TODAY
    positions = Counter(p.position for p in people)
    assert "Giáo viên" in positions
    assert any(p.startswith(("Chuyên viên", "Công chức")) for p in positions)
    assert any(p.direct_worker for p in people) and not all(p.direct_worker for p in people)
    # The search keys are the ones the services compute: search works without diacritics.
    sample = people[0]
    plain = sample.search_key
    assert sample in person_search(Person.objects.all(), text=plain)


def test_every_ldtt_rests_on_a_good_rating(demo):
    ratings = {
        (r.person_id, r.year): r
        for r in YearlyRating.objects.filter(subject_kind="individual", status="valid")
    }
    ldtt = AwardRecord.objects.filter(honour_id="LDTT")
    assert ldtt.count() > 300
    for award in ldtt:
        rating = ratings[(award.person_id, award.year_to)]
        assert rating.rating_id in ("HTTNV", "HTXSNV")
        assert rating.months_in_service >= 6
        assert rating.unit_at_time_id == award.unit_at_time_id
    share = Counter(r.rating_id for r in ratings.values())
    total = sum(share.values())
    assert 0.10 <= share["HTXSNV"] / total <= 0.25
    assert share["HTTNV"] > share["HTXSNV"] > share["HTNV"]


def test_cstdcs_follows_ldtt_and_chains(demo):
    held = defaultdict(set)
    for person, honour, year in AwardRecord.objects.filter(subject_kind="individual").values_list(
        "person", "honour", "year_to"
    ):
        held[(person, honour)].add(year)
    cstdcs = AwardRecord.objects.filter(honour_id="CSTDCS").select_related("decision__regime")
    assert cstdcs.exists()
    ratio = cstdcs.count() / AwardRecord.objects.filter(honour_id="LDTT").count()
    assert 0.05 <= ratio <= 0.2
    for award in cstdcs:
        assert award.year_to in held[(award.person_id, "LDTT")]
        regime = award.decision.regime_id
        if regime in (None, "decree91"):  # before 2024 an initiative is mandatory
            assert Initiative.objects.filter(used_for=award, scope_id="co_so").exists()
    for award in AwardRecord.objects.filter(honour_id="CSTD_TINH"):
        years = held[(award.person_id, "CSTDCS")]
        assert {award.year_to, award.year_to - 1, award.year_to - 2} <= years
        assert award.year_from == award.year_to - 2
        assert Initiative.objects.filter(used_for=award, scope_id="tinh").exists()
    for award in AwardRecord.objects.filter(honour_id="BK_TINH"):
        assert Initiative.objects.filter(used_for=award).count() == 2


def test_initiatives_serve_one_award_and_have_authors(demo):
    assert Initiative.objects.filter(used_for__isnull=True).exists()
    assert not Initiative.objects.annotate(n=Count("authors")).filter(n=0).exists()
    for initiative in Initiative.objects.prefetch_related("authors"):
        assert all(a.employment_start.year <= initiative.year for a in initiative.authors.all())
    used = Initiative.objects.filter(used_for__isnull=False).select_related("used_for")
    for initiative in used:
        assert initiative.used_for.person_id in set(initiative.authors.values_list("pk", flat=True))


def test_no_duplicate_awards_and_discipline_breaks_the_year(demo):
    for field in ("person", "collective", "household"):
        dupes = (
            AwardRecord.objects.filter(**{f"{field}__isnull": False})
            .values(field, "honour", "year_from", "year_to")
            .annotate(n=Count("id"))
            .filter(n__gt=1)
        )
        assert not dupes.exists()
    for record in DisciplineRecord.objects.all():
        assert not AwardRecord.objects.filter(
            person=record.person_id, honour_id="LDTT", year_to=record.start.year
        ).exists()
        assert record.end > record.start and record.level_id


def test_collective_and_household_titles(demo):
    assert AwardRecord.objects.filter(honour_id="TTLDTT", subject_kind="collective").exists()
    assert AwardRecord.objects.filter(honour_id="GD_VAN_HOA", subject_kind="household").exists()
    assert Household.objects.filter(unit__kind="thon").exists()
    for award in AwardRecord.objects.filter(honour_id="TTLDXS"):
        assert AwardRecord.objects.filter(
            collective=award.collective_id, honour_id="TTLDTT", year_to=award.year_to
        ).exists()


def test_decisions_are_grouped_dated_and_priced(demo):
    decisions = list(Decision.objects.all())
    assert decisions
    regimes = {}
    for d in decisions:
        assert d.signed_on.month == 1 and 12 <= d.signed_on.day <= 25, d
        assert d.signed_on.weekday() < 5 and d.signed_on <= TODAY
        assert re.fullmatch(r"\d+/QĐ-[A-ZĐ]+", d.number), d.number
        if d.signed_on not in regimes:
            regimes[d.signed_on] = getattr(regime_for(d.signed_on), "code", None)
        assert d.regime_id == regimes[d.signed_on]
        assert d.source == "demo"
    names = {d.issuer_name for d in decisions}
    assert "Ủy ban nhân dân tỉnh Hòa Bình Xanh" in names
    assert "Ủy ban nhân dân xã An Lạc" in names
    assert "Sở Giáo dục và Đào tạo" in names
    # One decision per issuer, year and honour.
    per_key = Counter((a.decision_id, a.honour_id) for a in AwardRecord.objects.all())
    by_decision = defaultdict(set)
    for decision_id, honour in per_key:
        by_decision[decision_id].add(honour)
    assert all(len(h) == 1 for h in by_decision.values())
    # Bonus = coefficient × base salary on the decision date, rounded up to 10,000 đồng.
    salaries = list(BaseSalary.objects.order_by("valid_from"))
    coefficients = {
        (c.regime_id, c.honour_id, c.subject_kind, c.issuer_level): c.coefficient
        for c in BonusCoefficient.objects.all()
    }
    checked = 0
    for award in AwardRecord.objects.select_related("decision").exclude(bonus_amount=None)[:500]:
        d = award.decision
        base = [s.amount for s in salaries if s.valid_from <= d.signed_on][-1]
        coef = (
            coefficients.get((d.regime_id, award.honour_id, award.subject_kind, award.issuer_level))
            or coefficients[(d.regime_id, award.honour_id, award.subject_kind, "")]
        )
        assert award.bonus_amount == math.ceil(Decimal(coef) * base / 10_000) * 10_000
        checked += 1
    assert checked
    ldtt_2024 = AwardRecord.objects.filter(honour_id="LDTT", decision__signed_on__year=2025)
    assert set(ldtt_2024.values_list("bonus_amount", flat=True)) == {710_000}  # 0.3 × 2,34 tr


def test_demo_users_have_grants(demo):
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
    assert set(users) == set(DEMO_USERNAMES)
    roles = {
        g.user.username: (g.role, g.unit.name)
        for g in RoleGrant.objects.select_related("user", "unit")
    }
    assert roles["quantri"] == ("admin", "Tỉnh Hòa Bình Xanh")
    assert roles["canbo.xa"] == ("officer", "Xã An Lạc")
    assert roles["lanhdao.xa"] == ("head", "Xã An Lạc")
    assert {r for r, _u in roles.values()} == {
        "admin",
        "officer",
        "head",
        "specialist",
        "council",
        "cluster_leader",
        "auditor",
    }
    assert users["quantri"].is_superuser and not users["kiemtra"].is_superuser
    assert all(u.check_password(DEMO_PASSWORD) for u in users.values())
    # One summary audit entry for the bulk build, no per-row entries; the year-end round after
    # it goes through the services, which log each step.
    actions = list(AuditLog.objects.values_list("action", flat=True))
    assert actions.count("demo.build") == 1
    assert {a.split(".")[0] for a in actions if a != "demo.build"} == {"nominations", "council"}


def test_demo_year_end_round_in_progress(demo):
    from tdkt.council.models import Council
    from tdkt.nominations.models import Nominee, Proposal, Round

    (round_,) = Round.objects.all()
    assert (round_.state, round_.issuing_unit.parent_id) == ("open", None)
    assert sorted(round_.targets.values_list("code", flat=True)) == sorted(
        ["BK_TINH", "CSTD_TINH", "TTLDXS", "CO_TINH"]
    )
    (proposal,) = Proposal.objects.all()
    assert (proposal.state, proposal.unit.name) == ("draft", "Xã An Lạc")
    nominees = Nominee.objects.filter(proposal=proposal)
    # Up to four people the engine finds eligible for Bằng khen (few in a 300-person province)
    # and one it flags, each with the engine's judgement stored.
    flags = sorted(nominees.values_list("eligible", flat=True))
    assert flags[0] is False and flags.count(False) == 1 and len(flags) <= 5
    assert all(n.eligibility["target"] == "BK_TINH" for n in nominees)
    (council,) = Council.objects.all()
    roles = sorted(council.members.values_list("role", flat=True))
    assert roles == ["chu_tich", "pho_chu_tich_tt", "thu_ky", "uy_vien", "uy_vien"]


def test_demo_logins_prints_the_accounts(demo):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    for username in DEMO_USERNAMES:
        assert username in text
    assert "Xã An Lạc" in text and DEMO_PASSWORD in text
    assert "TOTP" in text
    assert text.strip().endswith("Mở http://127.0.0.1:8000")


def test_table_refuses_to_miss_a_required_column():
    with pytest.raises(RuntimeError, match="full_name"):
        Table(Person, ["id", "unit"])
