"""A provincial round for 2025 (LĐTT, CSTĐCS, Giấy khen, TTLĐTT) open to the communes; commune A
drafts a proposal. Alice is commune A's officer, `head_a` its head; two provincial specialists
receive."""

from __future__ import annotations

import datetime as dt

import pytest

OPENS = dt.date(2026, 1, 5)
DEADLINE = dt.date(2026, 1, 30)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    """Inside the submission window unless a test says otherwise."""
    from tdkt.nominations import services

    monkeypatch.setattr(services, "_today", lambda: dt.date(2026, 1, 15))


@pytest.fixture
def head_a(tree):
    from tests.factories import grant, make_user

    return grant(make_user("truongxa", full_name="Lê Văn Trưởng"), "head", tree.commune_a)


@pytest.fixture
def specialist2(tree):
    from tests.factories import grant, make_user

    return grant(make_user("chuyenvien2", full_name="Phạm Thu Hà"), "specialist", tree.province)


@pytest.fixture
def round_(tree, specialist):
    from tdkt.nominations.services import round_create, set_round_state

    r = round_create(
        code="TK-2025",
        name="Xét khen thưởng tổng kết năm 2025",
        year=2025,
        issuing_unit=tree.province,
        award_type="cong_trang",
        targets=["LDTT", "CSTDCS", "GK", "TTLDTT"],
        opens_on=OPENS,
        submit_deadline=DEADLINE,
        actor=specialist,
    )
    return set_round_state(r, "open", actor=specialist)


@pytest.fixture
def proposal(round_, tree, alice):
    from tdkt.nominations.services import proposal_create

    return proposal_create(round=round_, unit=tree.commune_a, actor=alice, number="15/TTr-UBND")


@pytest.fixture
def worker(tree):
    """Eligible for LĐTT 2025: a full year at work, rated "hoàn thành tốt nhiệm vụ"."""
    from tests.factories import make_person, make_rating

    person = make_person(
        "Nguyễn Văn Khoa", tree.commune_a, birth_year=1980, employment_start=dt.date(2010, 1, 1)
    )
    make_rating(person, 2025, "HTTNV")
    return person


@pytest.fixture
def laggard(tree):
    """Not eligible for LĐTT 2025: rated "hoàn thành nhiệm vụ" only."""
    from tests.factories import make_person, make_rating

    person = make_person(
        "Trần Thị Lan", tree.commune_a, birth_year=1990, employment_start=dt.date(2015, 3, 1)
    )
    make_rating(person, 2025, "HTNV")
    return person
