"""The public examples of the rules contract (eligibility-contract.md), shared by the CLI, API
and screen tests of tests/rules/: (id, action, request, expected subset of the result)."""

from __future__ import annotations

from typing import Any

DATE = "2026-01-20"


def _individual(months: int | None = None) -> dict[str, Any]:
    subject: dict[str, Any] = {"kind": "individual"}
    if months is not None:
        subject["months_in_service"] = months
    return subject


def _eligibility(target: str, history: list, subject: dict, eligible: bool) -> tuple:
    request = {
        "target": target,
        "year": 2025,
        "decision_date": DATE,
        "subject": subject,
        "history": history,
    }
    return "eligibility", request, {"target": target, "eligible": eligible, "regime": "decree152"}


def rating(year: int, code: str) -> dict[str, Any]:
    return {"type": "rating", "year": year, "code": code}


def award(year: int, code: str) -> dict[str, Any]:
    return {"type": "award", "year": year, "code": code, "award_type": "cong_trang"}


EXAMPLES: list[tuple[str, str, dict[str, Any], dict[str, Any]]] = [
    ("ldtt-12-months", *_eligibility("LDTT", [rating(2025, "HTTNV")], _individual(12), True)),
    ("ldtt-3-months", *_eligibility("LDTT", [rating(2025, "HTXSNV")], _individual(3), False)),
    (
        "cstdcs-excellence",
        *_eligibility("CSTDCS", [rating(2025, "HTXSNV"), award(2025, "LDTT")], _individual(), True),
    ),
    (
        "cstdcs-no-initiative",
        *_eligibility("CSTDCS", [rating(2025, "HTTNV"), award(2025, "LDTT")], _individual(), False),
    ),
    (
        "cstd-tinh",
        *_eligibility(
            "CSTD_TINH",
            [
                award(2023, "CSTDCS"),
                award(2024, "CSTDCS"),
                award(2025, "CSTDCS"),
                {
                    "type": "initiative",
                    "year": 2025,
                    "id": "SK-T-1",
                    "scope": "tinh",
                    "used_by": None,
                },
            ],
            _individual(),
            True,
        ),
    ),
    (
        "ttldxs-20-of-30",
        *_eligibility(
            "TTLDXS",
            [rating(2025, "HTXSNV")],
            {
                "kind": "collective",
                "members_total": 30,
                "members_completed_tasks": 30,
                "members_ldtt": 20,
                "members_cstdcs": 2,
            },
            False,
        ),
    ),
    (
        "bonus-cstdcs",
        "bonus",
        {"code": "CSTDCS", "subject_kind": "individual", "decision_date": DATE},
        {"code": "CSTDCS", "coefficient": 1.0, "base_salary": 2340000, "amount": 2340000},
    ),
    (
        "bonus-ttldtt-august",
        "bonus",
        {"code": "TTLDTT", "subject_kind": "collective", "decision_date": "2026-08-03"},
        {"coefficient": 0.8, "multiplier": 1.0, "base_salary": 2530000, "amount": 2030000},
    ),
    (
        "bonus-ldtt",
        "bonus",
        {
            "code": "LDTT",
            "subject_kind": "individual",
            "decision_date": DATE,
            "issuer_level": "other",
        },
        # The §2 sample prints 702,000, the unrounded product; the contract's rule (rounded up
        # to the next 10,000 VND) gives 710,000, as the engine's own tests settle.
        {
            "code": "LDTT",
            "regime": "decree152",
            "coefficient": 0.3,
            "multiplier": 1.0,
            "base_salary": 2340000,
            "amount": 710000,
            "amount_words": "Bảy trăm mười nghìn đồng",
        },
    ),
    (
        "tally-passed",
        "tally",
        {
            "target": "CSTD_TINH",
            "decision_date": DATE,
            "members_total": 20,
            "members_present": 15,
            "votes_yes": 18,
        },
        {"quorum_met": True, "passed": True, "required_yes": 18},
    ),
    (
        "tally-not-passed",
        "tally",
        {
            "target": "CSTD_TINH",
            "decision_date": DATE,
            "members_total": 15,
            "members_present": 11,
            "votes_yes": 13,
        },
        {
            "quorum_met": True,
            "threshold": 0.9,
            "denominator": "members_total",
            "required_yes": 14,
            "passed": False,
        },
    ),
]

#: Requests that break the contract: (id, action, raw body, the field named by the error).
BAD_REQUESTS: list[tuple[str, str, str, str]] = [
    (
        "unknown-code",
        "eligibility",
        '{"target": "XYZ", "year": 2025, "subject": {"kind": "individual"}}',
        "target",
    ),
    ("missing-field", "eligibility", '{"target": "LDTT", "year": 2025}', "subject"),
    (
        "future-year",
        "eligibility",
        '{"target": "LDTT", "year": 2099, "subject": {"kind": "individual"}}',
        "year",
    ),
    ("malformed-json", "eligibility", '{"target": "LDTT", "year": 2025,', "request"),
    ("not-an-object", "bonus", "[1, 2]", "request"),
    (
        "unknown-history-code",
        "eligibility",
        '{"target": "LDTT", "year": 2025, "subject": {"kind": "individual"}, '
        '"history": [{"type": "rating", "year": 2025, "code": "GIOI"}]}',
        "history[0].code",
    ),
    (
        "bonus-missing-date",
        "bonus",
        '{"code": "LDTT", "subject_kind": "individual"}',
        "decision_date",
    ),
    (
        "tally-present-too-many",
        "tally",
        '{"target": "LDTT", "members_total": 5, "members_present": 6, "votes_yes": 1}',
        "members_present",
    ),
]


def subset(result: dict[str, Any], expected: dict[str, Any]) -> dict[str, Any]:
    return {k: result.get(k) for k in expected}
