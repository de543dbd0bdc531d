"""Fixtures of the public-notice tests (imported by tests/portal/conftest.py and by
tests/backoffice/test_notice_views.py): a provincial round for 2025 (Huân chương Lao động hạng
Ba, Bằng khen tỉnh, LĐTT) with commune A's proposal under appraisal and appraised nominees."""

from __future__ import annotations

import datetime as dt

import pytest

TODAY = dt.date(2026, 1, 15)  # a Thursday


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    from tdkt.nominations import services as nominations_services
    from tdkt.portal import services

    holder = {"today": TODAY}
    monkeypatch.setattr(services, "_today", lambda: holder["today"])
    monkeypatch.setattr(nominations_services, "_today", lambda: holder["today"])
    return holder


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def hc_round(tree, specialist):
    from tdkt.nominations.services import round_create, set_round_state

    r = round_create(
        code="TK-2025-HC",
        name="Xét khen thưởng cấp Nhà nước năm 2025",
        year=2025,
        issuing_unit=tree.province,
        award_type="cong_trang",
        targets=["HCLD3", "BK_TINH", "LDTT"],
        opens_on=dt.date(2026, 1, 5),
        submit_deadline=dt.date(2026, 1, 30),
        actor=specialist,
    )
    return set_round_state(r, "open", actor=specialist)


@pytest.fixture
def hc_proposal(hc_round, tree, alice, specialist):
    from tdkt.nominations.models import Proposal

    return Proposal.objects.create(
        round=hc_round,
        unit=tree.commune_a,
        number="20/TTr-UBND",
        state="appraising",
        assigned_specialist=specialist,
        created_by=alice,
    )


def add_nominee(proposal, subject, target, state="appraised_agree", **kw):
    from tdkt.nominations.models import Nominee
    from tdkt.orgs.models import Unit
    from tdkt.people.models import Household, Person

    if isinstance(subject, Person):
        fields = {"subject_kind": "individual", "person": subject}
    elif isinstance(subject, Household):
        fields = {"subject_kind": "household", "household": subject}
    else:
        assert isinstance(subject, Unit)
        fields = {"subject_kind": "collective", "collective": subject}
    return Nominee.objects.create(
        round=proposal.round,
        proposal=proposal,
        target_id=target,
        year_from=kw.pop("year_from", 2021),
        year_to=kw.pop("year_to", 2025),
        state=state,
        achievement_summary=kw.pop(
            "achievement_summary", "Hoàn thành xuất sắc nhiệm vụ 5 năm liên tục."
        ),
        **fields,
        **kw,
    )


@pytest.fixture
def hero(tree, hc_proposal):
    """Appraised for Huân chương Lao động hạng Ba (notice required)."""
    from tests.factories import make_person

    person = make_person(
        "Nguyễn Văn Anh",
        tree.commune_a,
        citizen_id="001080123456",
        birth_date=dt.date(1980, 3, 7),
        position="Chủ tịch Ủy ban nhân dân xã",
    )
    return add_nominee(hc_proposal, person, "HCLD3")


@pytest.fixture
def modest(tree, hc_proposal):
    """Appraised for the provincial Bằng khen (notice optional)."""
    from tests.factories import make_person

    person = make_person("Trần Thị Bé", tree.commune_a, birth_year=1990)
    return add_nominee(hc_proposal, person, "BK_TINH", year_from=2025)


@pytest.fixture
def pending(tree, hc_proposal):
    """Accepted but not yet appraised (cannot be published)."""
    from tests.factories import make_person

    person = make_person("Lê Văn Chờ", tree.commune_a, birth_year=1975)
    return add_nominee(hc_proposal, person, "HCLD3", state="accepted")


@pytest.fixture
def specialist2(tree):
    from tests.factories import grant, make_user

    return grant(make_user("chuyenvien2", full_name="Phạm Thu Hà"), "specialist", tree.province)
