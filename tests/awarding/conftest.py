"""A provincial round for 2025 whose council passed nominees of two communes: Khoa (LĐTT) and
Lan (CSTĐCS, with an initiative) of commune A, Bình (Bằng khen of the province) of commune B.
The specialist of the province drafts and signs."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.nominations.conftest import (  # noqa: F401 -- shared fixtures
    DEADLINE,
    OPENS,
    _today,
    head_a,
    laggard,
    worker,
)

SIGNED = dt.date(2026, 1, 20)


@pytest.fixture
def round_(tree, specialist):
    from tdkt.nominations.services import round_create, set_round_state

    r = round_create(
        code="TK-2025",
        name="Xét khen thưởng tổng kết năm 2025",
        year=2025,
        issuing_unit=tree.province,
        award_type="cong_trang",
        targets=["LDTT", "CSTDCS", "GK", "TTLDTT", "BK_TINH"],
        opens_on=OPENS,
        submit_deadline=DEADLINE,
        actor=specialist,
    )
    return set_round_state(r, "open", actor=specialist)


@pytest.fixture
def head_b(tree):
    from tests.factories import grant, make_user

    return grant(make_user("truongxab", full_name="Đỗ Thị Bích"), "head", tree.commune_b)


@pytest.fixture
def innovator(tree):
    """Eligible for CSTĐCS 2025 through an initiative recognised in 2025."""
    from tests.factories import make_initiative, make_person, make_rating

    person = make_person(
        "Phạm Thị Ngọc Ánh", tree.commune_a, birth_year=1982, employment_start=dt.date(2008, 9, 1)
    )
    make_rating(person, 2025, "HTTNV")
    make_initiative(tree.commune_a, 2025, authors=[person], code="SK-2025-0099")
    return person


def submit(proposal, *, officer, head, specialist):
    """Submit (the head overriding any nominee the rules refuse), receive, appraise as agreed."""
    from tdkt.nominations.services import (
        nominee_appraise,
        nominee_override,
        proposal_receive,
        proposal_submit,
    )

    for nominee in proposal.nominees.all():
        if not nominee.eligible:
            nominee_override(nominee=nominee, head=head, reason="Thành tích đột xuất.")
    proposal_submit(proposal=proposal, actor=officer)
    proposal.refresh_from_db()
    proposal_receive(proposal=proposal, actor=specialist)
    for nominee in proposal.nominees.all():
        nominee_appraise(nominee=nominee, actor=specialist, decision="agree")


def pass_all(round_, specialist):
    from tdkt.nominations.services import set_nominee_state

    for nominee in round_.nominees.filter(state="appraised_agree"):
        set_nominee_state(nominee, "voted_passed", actor=specialist)


@pytest.fixture
def passed(  # noqa: PLR0917 -- fixtures
    round_,
    tree,
    alice,
    bob,
    head_a,  # noqa: F811
    head_b,
    specialist,
    worker,  # noqa: F811
    innovator,
    person_b,
):
    """Three passed nominees; returns {name: nominee}."""
    from tdkt.nominations.services import nominee_add, proposal_create

    pa = proposal_create(round=round_, unit=tree.commune_a, actor=alice, number="15/TTr-UBND")
    n1 = nominee_add(proposal=pa, subject=worker, target="LDTT", actor=alice)
    n2 = nominee_add(proposal=pa, subject=innovator, target="CSTDCS", actor=alice)
    pb = proposal_create(round=round_, unit=tree.commune_b, actor=bob, number="07/TTr-UBND")
    n3 = nominee_add(proposal=pb, subject=person_b, target="BK_TINH", actor=bob)
    submit(pa, officer=alice, head=head_a, specialist=specialist)
    submit(pb, officer=bob, head=head_b, specialist=specialist)
    pass_all(round_, specialist)
    nominees = {"khoa": n1, "anh": n2, "binh": n3}
    for n in nominees.values():
        n.refresh_from_db()
    return nominees


@pytest.fixture
def specialist2(tree):
    from tests.factories import grant, make_user

    return grant(make_user("chuyenvien2", full_name="Phạm Thu Hà"), "specialist", tree.province)
