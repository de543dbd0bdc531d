"""The public examples of the rules contract (eligibility-contract.md), as a table."""

from __future__ import annotations

from typing import Any

import pytest

from tdkt.rules.engine import check_eligibility, compute_bonus, tally

from .builders import TODAY, award, collective, failing, initiative, person, rating, request

ELIGIBILITY_EXAMPLES = [
    pytest.param(
        request("LDTT", 2025, [rating(2025, "HTTNV")], person(12), "2026-01-20"),
        True,
        set(),
        id="LDTT HTTNV 12 months",
    ),
    pytest.param(
        request("LDTT", 2025, [rating(2025, "HTXSNV")], person(3), "2026-01-20"),
        False,
        {"months_in_service"},
        id="LDTT recruited 3 months",
    ),
    pytest.param(
        request(
            "CSTDCS", 2025, [rating(2025, "HTXSNV"), award(2025, "LDTT")], person(), "2026-01-20"
        ),
        True,
        set(),
        id="CSTDCS excellence without initiative",
    ),
    pytest.param(
        request(
            "CSTDCS", 2025, [rating(2025, "HTTNV"), award(2025, "LDTT")], person(), "2026-01-20"
        ),
        False,
        {"excellence_or_initiative"},
        id="CSTDCS HTTNV without initiative",
    ),
    pytest.param(
        request(
            "CSTD_TINH",
            2025,
            [
                award(2023, "CSTDCS"),
                award(2024, "CSTDCS"),
                award(2025, "CSTDCS"),
                initiative(2025, "SK-T-1", "tinh"),
            ],
            person(),
            "2026-01-20",
        ),
        True,
        set(),
        id="CSTD_TINH three CSTDCS and a provincial initiative",
    ),
    pytest.param(
        request("TTLDXS", 2025, [rating(2025, "HTXSNV")], collective(30, 30, 20, 2), "2026-01-20"),
        False,
        {"members_ldtt"},
        id="TTLDXS 20/30 LDTT below 70%",
    ),
]


@pytest.mark.parametrize(("req", "eligible", "failed"), ELIGIBILITY_EXAMPLES)
def test_public_eligibility_examples(req: dict[str, Any], eligible: bool, failed: set[str]) -> None:
    result = check_eligibility(req, today=TODAY)
    assert result["regime"] == "decree152"
    assert result["eligible"] is eligible
    assert failing(result) == failed
    assert bool(result["missing"]) is (not eligible)


BONUS_EXAMPLES = [
    pytest.param(
        {"code": "CSTDCS", "subject_kind": "individual", "decision_date": "2026-01-20"},
        1.0,
        2_340_000,
        2_340_000,
        id="CSTDCS individual",
    ),
    pytest.param(
        {"code": "TTLDTT", "subject_kind": "collective", "decision_date": "2026-08-03"},
        0.8,
        2_530_000,
        2_030_000,
        id="TTLDTT collective after the salary rise",
    ),
]


@pytest.mark.parametrize(("req", "coefficient", "base", "amount"), BONUS_EXAMPLES)
def test_public_bonus_examples(
    req: dict[str, Any], coefficient: float, base: int, amount: int
) -> None:
    result = compute_bonus(req)
    assert result["regime"] == "decree152"
    assert result["coefficient"] == coefficient
    assert result["multiplier"] == 1.0
    assert result["base_salary"] == base
    assert result["amount"] == amount


def test_public_tally_example() -> None:
    result = tally(
        {
            "target": "CSTD_TINH",
            "decision_date": "2026-01-20",
            "members_total": 20,
            "members_present": 15,
            "votes_yes": 18,
        },
        today=TODAY,
    )
    assert result["passed"] is True
    assert result["required_yes"] == 18


def test_contract_eligibility_sample_is_reproduced_exactly() -> None:
    req = {
        "target": "CSTDCS",
        "year": 2025,
        "decision_date": "2026-01-20",
        "subject": {"kind": "individual", "months_in_service": 12},
        "history": [
            {"type": "rating", "year": 2025, "code": "HTTNV"},
            {"type": "award", "year": 2025, "code": "LDTT", "award_type": "cong_trang"},
            {
                "type": "initiative",
                "year": 2025,
                "id": "SK-2025-014",
                "scope": "co_so",
                "used_by": None,
            },
        ],
    }
    assert check_eligibility(req, today=TODAY) == {
        "target": "CSTDCS",
        "year": 2025,
        "regime": "decree152",
        "eligible": True,
        "checks": [
            {
                "rule": "ldtt_standard",
                "ok": True,
                "message": "Đạt tiêu chuẩn Lao động tiên tiến năm 2025",
                "basis": "Điều 23, Điều 24 Luật TĐKT 2022",
            },
            {
                "rule": "excellence_or_initiative",
                "ok": True,
                "message": "Có sáng kiến SK-2025-014 được công nhận phạm vi cơ sở",
                "basis": "Điều 23 Luật TĐKT 2022",
            },
        ],
        "missing": [],
        "uses_initiatives": ["SK-2025-014"],
    }


def test_contract_tally_sample_is_reproduced_exactly() -> None:
    result = tally(
        {
            "target": "CSTD_TINH",
            "decision_date": "2026-01-20",
            "members_total": 15,
            "members_present": 11,
            "votes_yes": 13,
        },
        today=TODAY,
    )
    assert result == {
        "quorum_met": True,
        "threshold": 0.9,
        "denominator": "members_total",
        "required_yes": 14,
        "passed": False,
    }


def test_contract_bonus_sample_follows_the_rounding_rule() -> None:
    """The §2 sample shows LDTT = 702,000, i.e. the unrounded product 0.3 × 2,340,000. The
    contract's own rule (and the TTLDTT example: 2,024,000 → 2,030,000) rounds up to the next
    10,000 VND, so the engine pays 710,000. Flagged to the lead as a contract inconsistency."""
    result = compute_bonus(
        {
            "code": "LDTT",
            "subject_kind": "individual",
            "decision_date": "2026-01-20",
            "issuer_level": "other",
        }
    )
    assert {k: v for k, v in result.items() if k not in ("amount", "amount_words")} == {
        "code": "LDTT",
        "regime": "decree152",
        "coefficient": 0.3,
        "multiplier": 1.0,
        "base_salary": 2_340_000,
    }
    assert result["amount"] == 710_000
    assert set(result) == {
        "code",
        "regime",
        "coefficient",
        "multiplier",
        "base_salary",
        "amount",
        "amount_words",
    }


def test_amount_words_when_the_text_helper_is_available() -> None:
    words = pytest.importorskip("tdkt.common.text.words")
    result = compute_bonus(
        {"code": "CSTDCS", "subject_kind": "individual", "decision_date": "2026-01-20"}
    )
    assert result["amount_words"] == words.amount_in_words(2_340_000)
    assert result["amount_words"].endswith("đồng")
