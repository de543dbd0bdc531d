"""The general principles (legal-rules.md §3.1): engine invariants that no pack can switch off."""

from __future__ import annotations

from typing import Any

import pytest

from .builders import (
    award,
    collective,
    discipline,
    failing,
    initiative,
    judge,
    pending,
    person,
    rating,
)

#: a minimal eligible history per configured target (decree152, judged year 2025)
ELIGIBLE: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {
    "LDTT": (person(12), [rating(2025)]),
    "CSTDCS": (person(), [rating(2025, "HTXSNV")]),
    "CSTD_TINH": (
        person(),
        [award(y, "CSTDCS") for y in (2023, 2024, 2025)] + [initiative(2025, "T", "tinh")],
    ),
    "CSTDTQ": (
        person(),
        [award(y, "CSTDCS") for y in range(2020, 2026)]
        + [award(2022, "CSTD_TINH"), award(2025, "CSTD_TINH"), initiative(2025, "Q", "toan_quoc")],
    ),
    "TTLDTT": (collective(10, 10, 5, 0), [rating(2025)]),
    "TTLDXS": (collective(10, 10, 7, 1), [rating(2025, "HTXSNV")]),
    "CO_TINH": (
        collective(10, 10, 7, 1, emulation_result={"leading": True}),
        [rating(2025, "HTXSNV")],
    ),
    "BK_TINH": (
        person(),
        [
            award(2024, "CSTDCS"),
            award(2025, "CSTDCS"),
            initiative(2024, "A"),
            initiative(2025, "B"),
        ],
    ),
    "BK_TTG": (
        person(),
        [award(2020, "BK_TINH")]
        + [rating(y) for y in range(2021, 2026)]
        + [award(y, "CSTDCS") for y in (2021, 2023, 2025)],
    ),
    "HCLD3": (
        person(),
        [award(2020, "BK_TTG"), rating(2021, "HTXSNV")]
        + [rating(y) for y in range(2022, 2026)]
        + [award(y, "CSTDCS") for y in (2021, 2022, 2025)],
    ),
    "GK": (person(), [rating(2025)]),
}


@pytest.mark.parametrize("target", sorted(ELIGIBLE))
def test_minimal_histories_are_eligible(target: str) -> None:
    subject, history = ELIGIBLE[target]
    assert judge(target, 2025, history, subject)["eligible"]


@pytest.mark.parametrize("target", sorted(ELIGIBLE))
def test_discipline_pending_blocks_every_target(target: str) -> None:
    subject, history = ELIGIBLE[target]
    result = judge(target, 2025, [*history, pending()], subject)
    assert not result["eligible"]
    assert failing(result) == {"no_pending_discipline"}
    assert result["checks"][0]["rule"] == "no_pending_discipline"
    assert result["checks"][0]["basis"] == "Khoản 4 Điều 4 Nghị định 152/2025/NĐ-CP"
    assert result["missing"][0].startswith("Chờ kết luận")


@pytest.mark.parametrize("target", sorted(ELIGIBLE))
def test_one_achievement_one_award(target: str) -> None:
    subject, history = ELIGIBLE[target]
    result = judge(target, 2025, [*history, award(2025, target)], subject)
    assert failing(result) == {"not_already_awarded"}
    assert "Đã được khen" in result["checks"][0]["message"]


def test_principle_checks_are_listed_only_when_they_bite() -> None:
    result = judge("LDTT", 2025, [rating(2025)])
    assert {c["rule"] for c in result["checks"]} == {
        "task_rating",
        "months_in_service",
        "no_discipline",
    }


def test_a_twin_title_of_the_same_year_counts_as_the_same_achievement() -> None:
    result = judge("LDTT", 2025, [rating(2025), award(2025, "CSTT")])
    assert failing(result) == {"not_already_awarded"}


def test_a_dot_xuat_award_does_not_block_the_regular_one() -> None:
    result = judge("GK", 2025, [rating(2025), award(2025, "GK", "dot_xuat")])
    assert result["eligible"]


def test_an_initiative_serves_once() -> None:
    used = judge("CSTDCS", 2025, [rating(2025), initiative(2025, "SK1", used_by="GK")])
    assert failing(used) == {"excellence_or_initiative"}
    message = used["checks"][1]["message"]
    assert "SK1 đã dùng cho Giấy khen" in message
    fresh = judge("CSTDCS", 2025, [rating(2025), initiative(2025, "SK1")])
    assert fresh["eligible"] and fresh["uses_initiatives"] == ["SK1"]


@pytest.mark.parametrize("award_type", ["chuyen_de", "dot_xuat"])
def test_thematic_and_dot_xuat_awards_do_not_count_toward_chains(award_type: str) -> None:
    history = [
        award(2023, "CSTDCS", award_type),
        award(2024, "CSTDCS"),
        award(2025, "CSTDCS"),
        initiative(2025, "T", "tinh"),
    ]
    result = judge("CSTD_TINH", 2025, history)
    assert failing(result) == {"cstdcs_chain"}
    assert "chỉ có khen thưởng đột xuất/chuyên đề" in result["checks"][0]["message"]


@pytest.mark.parametrize("award_type", ["cong_trang", "cong_hien", "nien_han"])
def test_other_award_types_count(award_type: str) -> None:
    history = [
        award(2023, "CSTDCS", award_type),
        award(2024, "CSTDCS"),
        award(2025, "CSTDCS"),
        initiative(2025, "T", "tinh"),
    ]
    assert judge("CSTD_TINH", 2025, history)["eligible"]


def test_a_discipline_period_breaks_the_chain_and_restarts_it_after() -> None:
    history = [award(y, "CSTDCS") for y in (2023, 2024, 2025)] + [
        initiative(2025, "T", "tinh"),
        discipline("2024-02-01", "2024-07-31"),
    ]
    result = judge("CSTD_TINH", 2025, history)
    assert failing(result) == {"cstdcs_chain"}
    check = result["checks"][0]
    assert "gián đoạn do kỷ luật khiển trách" in check["message"]
    assert "tính lại từ năm 2025" in check["message"]
    assert result["missing"] == [
        "Cần 3 năm Chiến sĩ thi đua cơ sở liên tục tính từ năm 2025 (sớm nhất năm 2027)"
    ]


def test_a_discipline_before_the_chain_does_not_matter() -> None:
    history = [award(y, "CSTDCS") for y in (2023, 2024, 2025)] + [
        initiative(2025, "T", "tinh"),
        discipline("2021-02-01", "2022-01-31"),
    ]
    assert judge("CSTD_TINH", 2025, history)["eligible"]


def test_achievements_before_a_discipline_do_not_count_in_windows() -> None:
    subject, history = ELIGIBLE["BK_TTG"]
    # CSTDCS 2021 and 2023 fall before a discipline that ends in 2023: only 2025 counts
    result = judge("BK_TTG", 2025, [*history, discipline("2023-03-01", "2023-09-30")], subject)
    assert {"rating_chain", "cstdcs_count"} <= failing(result)


def test_an_initiative_recognised_before_a_discipline_is_not_usable_after_it() -> None:
    history = [award(y, "CSTDCS") for y in (2023, 2024, 2025)] + [
        initiative(2023, "T", "tinh"),
        discipline("2022-06-01", "2023-05-31"),
    ]
    result = judge("CSTD_TINH", 2025, history)
    assert "initiative_scope" in failing(result)


def test_an_open_ended_discipline_stops_every_chain() -> None:
    _, history = ELIGIBLE["CSTD_TINH"]
    result = judge("CSTD_TINH", 2025, [*history, discipline("2021-01-01", None, "canh_cao")])
    assert "cstdcs_chain" in failing(result)


def test_maternity_leave_is_counted_inside_months_in_service() -> None:
    # 4 months worked + 6 months maternity leave are reported as 10 months in service
    assert judge("LDTT", 2025, [rating(2025)], person(10))["eligible"]


def test_entries_after_the_judged_year_are_ignored() -> None:
    history = [
        rating(2024),
        award(2025, "LDTT"),
        award(2025, "CSTDCS"),
        discipline("2025-03-01", "2025-06-01"),
    ]
    assert judge("LDTT", 2024, history, decision_date="2025-01-20")["eligible"]
