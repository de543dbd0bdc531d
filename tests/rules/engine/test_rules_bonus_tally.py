"""Bonus calculation (contract §2, Decree 152 Art. 49-54) and council tally (contract §3)."""

from __future__ import annotations

from typing import Any

import pytest

from tdkt.rules.engine import ContractError, bonus_for_awards, compute_bonus, tally

from .builders import TODAY


def bonus(
    code: str, kind: str = "individual", decided: str = "2026-01-20", issuer: str | None = None
) -> dict[str, Any]:
    req = {"code": code, "subject_kind": kind, "decision_date": decided}
    if issuer is not None:
        req["issuer_level"] = issuer
    return compute_bonus(req)


@pytest.mark.parametrize(
    ("code", "kind", "decided", "coefficient", "multiplier", "amount"),
    [
        ("CSTDTQ", "individual", "2026-01-20", 4.5, 1.0, 10_530_000),
        ("CSTD_TINH", "individual", "2026-01-20", 3.0, 1.0, 7_020_000),
        ("TTLDXS", "collective", "2026-01-20", 1.5, 1.0, 3_510_000),
        ("CO_CP", "collective", "2025-08-01", 12.0, 1.0, 28_080_000),  # Bắc Ninh 2025 check
        ("CO_TINH", "collective", "2026-01-20", 8.0, 1.0, 18_720_000),
        ("HCLD3", "individual", "2026-01-20", 4.5, 1.0, 10_530_000),
        ("HCLD3", "collective", "2026-01-20", 4.5, 2.0, 21_060_000),
        ("BK_TTG", "individual", "2026-01-20", 3.5, 1.0, 8_190_000),
        ("BK_TTG", "collective", "2026-01-20", 3.5, 2.0, 16_380_000),
        ("GK", "collective", "2026-08-03", 0.3, 2.0, 1_520_000),  # 1,518,000 rounded up
        ("XA_TIEU_BIEU", "collective", "2024-05-01", 2.0, 1.0, 3_600_000),
        ("THON_VAN_HOA", "collective", "2019-01-20", 1.5, 1.0, 2_090_000),  # 2,085,000 ↑
    ],
)
def test_bonus_amounts(
    *, code: str, kind: str, decided: str, coefficient: float, multiplier: float, amount: int
) -> None:
    result = bonus(code, kind, decided)
    assert (result["coefficient"], result["multiplier"], result["amount"]) == (
        coefficient,
        multiplier,
        amount,
    )


def test_a_title_has_no_multiplier_even_for_a_collective() -> None:
    assert bonus("TTLDTT", "collective")["multiplier"] == 1.0


@pytest.mark.parametrize(
    ("code", "kind", "field"),
    [
        ("LDTT", "collective", "subject_kind"),  # individual title given to a collective
        ("TTLDXS", "individual", "subject_kind"),
        ("KNC", "individual", "code"),  # issuer-set amount, no fixed coefficient
        ("HCHN", "individual", "code"),
        ("GD_VAN_HOA", "household", "code"),
        ("XA_TIEU_BIEU", "collective", "code"),  # not a title before 2024 (decided 2023)
    ],
)
def test_bonus_without_a_coefficient_is_refused(code: str, kind: str, field: str) -> None:
    decided = "2023-05-01" if code == "XA_TIEU_BIEU" else "2026-01-20"
    with pytest.raises(ContractError) as err:
        bonus(code, kind, decided)
    assert err.value.field == field


def test_several_titles_same_period_same_decision_pay_the_highest_only() -> None:
    awards = [
        {
            "code": "LDTT",
            "subject_kind": "individual",
            "decision_date": "2026-01-20",
            "subject": "p1",
            "year": 2025,
        },
        {
            "code": "CSTDCS",
            "subject_kind": "individual",
            "decision_date": "2026-01-20",
            "subject": "p1",
            "year": 2025,
        },
        {
            "code": "BK_TINH",
            "subject_kind": "individual",
            "decision_date": "2026-01-20",
            "subject": "p1",
            "year": 2025,
        },
        {
            "code": "LDTT",
            "subject_kind": "individual",
            "decision_date": "2026-01-20",
            "subject": "p2",
            "year": 2025,
        },
    ]
    result = bonus_for_awards(awards)
    paid = [(i["code"], i["subject"], i["paid"], i["payable"]) for i in result["items"]]
    assert paid == [
        ("LDTT", "p1", False, 0),
        ("CSTDCS", "p1", True, 2_340_000),
        ("BK_TINH", "p1", True, 3_510_000),  # a form is paid besides the title
        ("LDTT", "p2", True, 710_000),
    ]
    assert result["items"][0]["note"].startswith("Cùng thời điểm")
    assert result["total"] == 2_340_000 + 3_510_000 + 710_000


def test_before_decree152_every_title_is_paid() -> None:
    awards = [
        {
            "code": "LDTT",
            "subject_kind": "individual",
            "decision_date": "2025-01-20",
            "subject": 7,
            "year": 2024,
        },
        {
            "code": "CSTDCS",
            "subject_kind": "individual",
            "decision_date": "2025-01-20",
            "subject": 7,
            "year": 2024,
        },
    ]
    result = bonus_for_awards(awards)
    assert all(item["paid"] for item in result["items"])


def test_titles_decided_at_different_times_are_all_paid() -> None:
    awards = [
        {
            "code": "LDTT",
            "subject_kind": "individual",
            "decision_date": "2026-01-20",
            "subject": "p",
            "year": 2025,
        },
        {
            "code": "CSTDCS",
            "subject_kind": "individual",
            "decision_date": "2026-02-20",
            "subject": "p",
            "year": 2025,
        },
    ]
    assert all(item["paid"] for item in bonus_for_awards(awards)["items"])


def test_bonus_for_awards_names_the_bad_item() -> None:
    with pytest.raises(ContractError) as err:
        bonus_for_awards(
            [
                {"code": "LDTT", "subject_kind": "individual", "decision_date": "2026-01-20"},
                {"code": "NOPE"},
            ]
        )
    assert err.value.field == "[1].code"


# --------------------------------------------------------------------------- tally


def vote(
    target: str, total: int, present: int, yes: int, decided: str = "2026-01-20"
) -> dict[str, Any]:
    return tally(
        {
            "target": target,
            "decision_date": decided,
            "members_total": total,
            "members_present": present,
            "votes_yes": yes,
        },
        today=TODAY,
    )


@pytest.mark.parametrize(
    ("target", "total", "present", "yes", "quorum", "required", "passed"),
    [
        ("CSTD_TINH", 15, 11, 13, True, 14, False),
        ("CSTD_TINH", 15, 11, 14, True, 14, True),
        ("CSTD_TINH", 15, 9, 15, False, 14, False),  # 9 < 2/3 of 15: no quorum
        ("CSTD_TINH", 15, 10, 15, True, 14, True),  # exactly 2/3
        ("CSTDTQ", 20, 15, 18, True, 18, True),
        ("AHLD", 9, 6, 8, True, 9, False),
        ("CSTDCS", 15, 11, 8, True, 8, True),  # default rule: more than half of all members
        ("CSTDCS", 16, 11, 8, True, 9, False),
        ("BK_TINH", 12, 8, 7, True, 7, True),
    ],
)
def test_tally(
    *, target: str, total: int, present: int, yes: int, quorum: bool, required: int, passed: bool
) -> None:
    result = vote(target, total, present, yes)
    assert (result["quorum_met"], result["required_yes"], result["passed"]) == (
        quorum,
        required,
        passed,
    )
    assert result["denominator"] == "members_total"


def test_tally_threshold_shape() -> None:
    assert vote("CSTD_TINH", 15, 11, 13)["threshold"] == 0.9
    assert vote("GK", 15, 11, 13)["threshold"] == 0.5


def test_tally_decision_date_defaults_to_today() -> None:
    result = tally(
        {"target": "CSTD_TINH", "members_total": 10, "members_present": 7, "votes_yes": 9},
        today=TODAY,
    )
    assert result["passed"] is True
