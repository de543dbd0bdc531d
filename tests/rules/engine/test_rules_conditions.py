"""Table-driven tests of every configured target's conditions (legal-rules.md §3)."""

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
    person,
    rating,
)

D152 = "2026-01-20"  # decree152
D98 = "2025-01-20"  # decree98
D91 = "2023-01-20"  # decree91

Row = tuple[str, int, str, dict[str, Any] | None, list[dict[str, Any]], set[str]]

# (target, year, decision_date, subject, history, failing rules) -- empty set means eligible
ROWS: dict[str, Row] = {
    # ---- LĐTT (Law Art. 24; Circular 01/2024; Decree 91 Art. 10)
    "ldtt HTTNV": ("LDTT", 2025, D152, person(12), [rating(2025)], set()),
    "ldtt HTXSNV no months given": ("LDTT", 2025, D152, None, [rating(2025, "HTXSNV")], set()),
    "ldtt HTNV": ("LDTT", 2025, D152, person(12), [rating(2025, "HTNV")], {"task_rating"}),
    "ldtt KHTNV": ("LDTT", 2025, D152, person(12), [rating(2025, "KHTNV")], {"task_rating"}),
    "ldtt no rating": ("LDTT", 2025, D152, person(12), [], {"task_rating"}),
    "ldtt rating of another year": (
        "LDTT",
        2025,
        D152,
        person(12),
        [rating(2024)],
        {"task_rating"},
    ),
    "ldtt 6 months ok": ("LDTT", 2025, D152, person(6), [rating(2025)], set()),
    "ldtt 5.5 months": ("LDTT", 2025, D152, person(5.5), [rating(2025)], {"months_in_service"}),
    "ldtt maternity counted (7 months incl.)": (
        "LDTT",
        2024,
        D98,
        person(7),
        [rating(2024)],
        set(),
    ),
    "ldtt decree91 9 months": ("LDTT", 2022, D91, person(9), [rating(2022)], {"months_in_service"}),
    "ldtt decree91 10 months": ("LDTT", 2022, D91, person(10), [rating(2022)], set()),
    "ldtt discipline in year": (
        "LDTT",
        2025,
        D152,
        person(12),
        [rating(2025), discipline("2025-03-01", "2025-08-31")],
        {"no_discipline"},
    ),
    "ldtt discipline ended last year": (
        "LDTT",
        2025,
        D152,
        person(12),
        [rating(2025), discipline("2024-01-01", "2024-12-31")],
        set(),
    ),
    "ldtt discipline from prior year into year": (
        "LDTT",
        2025,
        D152,
        person(12),
        [rating(2025), discipline("2024-10-01", "2025-01-31", "canh_cao")],
        {"no_discipline"},
    ),
    "cstt judged as ldtt": ("CSTT", 2025, D152, person(12), [rating(2025)], set()),
    "ldtt for a collective": (
        "LDTT",
        2025,
        D152,
        collective(5, 5, 5, 1),
        [rating(2025)],
        {"subject_kind"},
    ),
    # ---- CSTĐCS (Law Art. 23; Decree 91 Art. 9)
    "cstdcs excellence": ("CSTDCS", 2025, D152, None, [rating(2025, "HTXSNV")], set()),
    "cstdcs initiative": (
        "CSTDCS",
        2025,
        D152,
        None,
        [rating(2025), initiative(2025, "SK1")],
        set(),
    ),
    "cstdcs initiative of last year": (
        "CSTDCS",
        2025,
        D152,
        None,
        [rating(2025), initiative(2024, "SK1")],
        {"excellence_or_initiative"},
    ),
    "cstdcs no ldtt standard": (
        "CSTDCS",
        2025,
        D152,
        None,
        [rating(2025, "HTNV"), initiative(2025, "SK1")],
        {"ldtt_standard"},
    ),
    "cstdcs too few months": (
        "CSTDCS",
        2025,
        D152,
        person(4),
        [rating(2025, "HTXSNV")],
        {"ldtt_standard"},
    ),
    "cstdcs ldtt held without rating": (
        "CSTDCS",
        2025,
        D152,
        None,
        [award(2025, "LDTT"), initiative(2025, "SK1")],
        set(),
    ),
    "cstdcs decree91 excellence not enough": (
        "CSTDCS",
        2022,
        D91,
        None,
        [rating(2022, "HTXSNV")],
        {"initiative_required"},
    ),
    "cstdcs decree91 initiative": (
        "CSTDCS",
        2022,
        D91,
        None,
        [rating(2022), initiative(2022, "SK1")],
        set(),
    ),
    # ---- CSTĐ tỉnh (Law Art. 22)
    "cstd_tinh ok": (
        "CSTD_TINH",
        2025,
        D152,
        None,
        [award(y, "CSTDCS") for y in (2023, 2024, 2025)] + [initiative(2023, "SKT", "tinh")],
        set(),
    ),
    "cstd_tinh national initiative also ok": (
        "CSTD_TINH",
        2025,
        D152,
        None,
        [award(y, "CSTDCS") for y in (2023, 2024, 2025)] + [initiative(2024, "SKQ", "toan_quoc")],
        set(),
    ),
    "cstd_tinh gap": (
        "CSTD_TINH",
        2025,
        D152,
        None,
        [award(y, "CSTDCS") for y in (2022, 2023, 2025)] + [initiative(2025, "SKT", "tinh")],
        {"cstdcs_chain"},
    ),
    "cstd_tinh initiative too low": (
        "CSTD_TINH",
        2025,
        D152,
        None,
        [award(y, "CSTDCS") for y in (2023, 2024, 2025)] + [initiative(2025, "SK", "co_so")],
        {"initiative_scope"},
    ),
    "cstd_tinh initiative before the period": (
        "CSTD_TINH",
        2025,
        D152,
        None,
        [award(y, "CSTDCS") for y in (2023, 2024, 2025)] + [initiative(2022, "SKT", "tinh")],
        {"initiative_scope"},
    ),
    "cstd_tinh years already used by an earlier cstd_tinh": (
        "CSTD_TINH",
        2025,
        D152,
        None,
        [award(y, "CSTDCS") for y in range(2021, 2026)]
        + [award(2023, "CSTD_TINH"), initiative(2025, "SKT", "tinh")],
        {"cstdcs_chain"},
    ),
    "cstd_tinh decree91": (
        "CSTD_TINH",
        2022,
        D91,
        None,
        [award(y, "CSTDCS") for y in (2020, 2021, 2022)] + [initiative(2021, "SKT", "tinh")],
        set(),
    ),
    # ---- CSTĐ toàn quốc (Law Art. 21)
    "cstdtq ok": (
        "CSTDTQ",
        2025,
        D152,
        None,
        [award(y, "CSTDCS") for y in range(2020, 2026)]
        + [
            award(2022, "CSTD_TINH"),
            award(2025, "CSTD_TINH"),
            initiative(2024, "SKQ", "toan_quoc"),
        ],
        set(),
    ),
    "cstdtq only one cstd_tinh": (
        "CSTDTQ",
        2025,
        D152,
        None,
        [award(y, "CSTDCS") for y in range(2020, 2026)]
        + [award(2025, "CSTD_TINH"), initiative(2024, "SKQ", "toan_quoc")],
        {"cstd_tinh_chain"},
    ),
    "cstdtq provincial initiative only": (
        "CSTDTQ",
        2025,
        D152,
        None,
        [award(y, "CSTDCS") for y in range(2020, 2026)]
        + [award(2022, "CSTD_TINH"), award(2025, "CSTD_TINH"), initiative(2024, "SKT", "tinh")],
        {"initiative_scope"},
    ),
    "cstdtq cstdcs gap": (
        "CSTDTQ",
        2025,
        D152,
        None,
        [award(y, "CSTDCS") for y in (2020, 2021, 2023, 2024, 2025)]
        + [
            award(2022, "CSTD_TINH"),
            award(2025, "CSTD_TINH"),
            initiative(2024, "SKQ", "toan_quoc"),
        ],
        {"cstdcs_chain"},
    ),
    # ---- TTLĐTT (Law Art. 28 [R]; old law Art. 28 [V])
    "ttldtt ok": ("TTLDTT", 2025, D152, collective(20, 20, 10, 0), [rating(2025)], set()),
    "ttldtt not all completed": (
        "TTLDTT",
        2025,
        D152,
        collective(20, 19, 12, 0),
        [rating(2025)],
        {"members_completed_tasks"},
    ),
    "ttldtt below half": (
        "TTLDTT",
        2025,
        D152,
        collective(20, 20, 9, 0),
        [rating(2025)],
        {"members_ldtt"},
    ),
    "ttldtt decree91 exactly half": (
        "TTLDTT",
        2022,
        D91,
        collective(20, 19, 10, 0),
        [rating(2022)],
        {"members_ldtt"},
    ),
    "ttldtt decree91 warning": (
        "TTLDTT",
        2022,
        D91,
        collective(20, 19, 11, 0),
        [rating(2022), discipline("2022-05-01", "2022-11-01", "canh_cao")],
        {"no_discipline"},
    ),
    "ttldtt decree91 reprimand tolerated": (
        "TTLDTT",
        2022,
        D91,
        collective(20, 19, 11, 0),
        [rating(2022), discipline("2022-05-01", "2022-11-01", "khien_trach")],
        set(),
    ),
    "dvtt judged as ttldtt": ("DVTT", 2025, D152, collective(20, 20, 10, 0), [rating(2025)], set()),
    # ---- TTLĐXS (Law Art. 27)
    "ttldxs ok": ("TTLDXS", 2025, D152, collective(30, 30, 21, 1), [rating(2025, "HTXSNV")], set()),
    "ttldxs HTTNV": (
        "TTLDXS",
        2025,
        D152,
        collective(30, 30, 21, 1),
        [rating(2025)],
        {"task_rating"},
    ),
    "ttldxs no cstdcs": (
        "TTLDXS",
        2025,
        D152,
        collective(30, 30, 21, 0),
        [rating(2025, "HTXSNV")],
        {"members_cstdcs"},
    ),
    "ttldxs someone failed tasks": (
        "TTLDXS",
        2025,
        D152,
        collective(30, 29, 21, 1),
        [rating(2025, "HTXSNV")],
        {"members_completed_tasks"},
    ),
    "ttldxs discipline": (
        "TTLDXS",
        2025,
        D152,
        collective(30, 30, 21, 1),
        [rating(2025, "HTXSNV"), discipline("2025-01-10", "2025-02-10")],
        {"no_discipline"},
    ),
    "ttldxs decree91 needs ttldtt standard": (
        "TTLDXS",
        2022,
        D91,
        collective(30, 30, 21, 1),
        [rating(2022, "HTXSNV")],
        set(),
    ),
    "ttldxs for an individual": (
        "TTLDXS",
        2025,
        D152,
        None,
        [rating(2025, "HTXSNV")],
        {"subject_kind"},
    ),
    # ---- Cờ thi đua tỉnh (Law Art. 26)
    "co_tinh leading": (
        "CO_TINH",
        2025,
        D152,
        collective(30, 30, 25, 3, emulation_result={"leading": True}),
        [rating(2025, "HTXSNV")],
        set(),
    ),
    "co_tinh rank 1": (
        "CO_TINH",
        2025,
        D152,
        collective(30, 30, 25, 3, emulation_result={"rank": 1}),
        [rating(2025, "HTXSNV")],
        set(),
    ),
    "co_tinh rank 2": (
        "CO_TINH",
        2025,
        D152,
        collective(30, 30, 25, 3, emulation_result={"rank": 2}),
        [rating(2025, "HTXSNV")],
        {"cluster_leading"},
    ),
    "co_tinh no cluster result": (
        "CO_TINH",
        2025,
        D152,
        collective(30, 30, 25, 3),
        [rating(2025, "HTXSNV")],
        {"cluster_leading"},
    ),
    # ---- Bằng khen tỉnh (Law Art. 74(1)(d))
    "bk_tinh two cstdcs": (
        "BK_TINH",
        2025,
        D152,
        None,
        [
            award(2024, "CSTDCS"),
            award(2025, "CSTDCS"),
            initiative(2024, "A"),
            initiative(2025, "B"),
        ],
        set(),
    ),
    "bk_tinh two excellent years": (
        "BK_TINH",
        2025,
        D152,
        None,
        [
            rating(2024, "HTXSNV"),
            rating(2025, "HTXSNV"),
            initiative(2025, "A"),
            initiative(2025, "B"),
        ],
        set(),
    ),
    "bk_tinh one initiative": (
        "BK_TINH",
        2025,
        D152,
        None,
        [award(2024, "CSTDCS"), award(2025, "CSTDCS"), initiative(2025, "A")],
        {"initiatives"},
    ),
    "bk_tinh initiatives already used for cstdcs": (
        "BK_TINH",
        2025,
        D152,
        None,
        [
            award(2024, "CSTDCS"),
            award(2025, "CSTDCS"),
            initiative(2024, "A", used_by="CSTDCS"),
            initiative(2025, "B", used_by="CSTDCS"),
        ],
        {"initiatives"},
    ),
    "bk_tinh neither chain": (
        "BK_TINH",
        2025,
        D152,
        None,
        [
            award(2025, "CSTDCS"),
            rating(2024, "HTXSNV"),
            rating(2025, "HTTNV"),
            initiative(2024, "A"),
            initiative(2025, "B"),
        ],
        {"cstdcs_or_excellence_chain"},
    ),
    "bk_tinh decree91 cstdcs chain not enough": (
        "BK_TINH",
        2022,
        D91,
        None,
        [
            award(2021, "CSTDCS"),
            award(2022, "CSTDCS"),
            rating(2021),
            rating(2022),
            initiative(2021, "A"),
            initiative(2022, "B"),
        ],
        {"excellence_chain"},
    ),
    # ---- Bằng khen Thủ tướng (Law Art. 73(1)(b); Decree 91 Art. 38)
    "bk_ttg ok": (
        "BK_TTG",
        2025,
        D152,
        None,
        [award(2020, "BK_TINH")]
        + [rating(y) for y in range(2021, 2026)]
        + [award(y, "CSTDCS") for y in (2021, 2023, 2025)],
        set(),
    ),
    "bk_ttg bk too recent": (
        "BK_TTG",
        2025,
        D152,
        None,
        [award(2021, "BK_TINH")]
        + [rating(y) for y in range(2021, 2026)]
        + [award(y, "CSTDCS") for y in (2021, 2023, 2025)],
        {"prior_bk_tinh"},
    ),
    "bk_ttg two cstdcs": (
        "BK_TTG",
        2025,
        D152,
        None,
        [award(2019, "BK_TINH")]
        + [rating(y) for y in range(2021, 2026)]
        + [award(y, "CSTDCS") for y in (2023, 2025)],
        {"cstdcs_count"},
    ),
    "bk_ttg HTNV year": (
        "BK_TTG",
        2025,
        D152,
        None,
        [award(2019, "BK_TINH"), rating(2021), rating(2022, "HTNV")]
        + [rating(y) for y in range(2023, 2026)]
        + [award(y, "CSTDCS") for y in (2021, 2023, 2025)],
        {"rating_chain"},
    ),
    "bk_ttg bk before previous bk_ttg": (
        "BK_TTG",
        2025,
        D152,
        None,
        [award(2012, "BK_TINH"), award(2018, "BK_TTG")]
        + [rating(y) for y in range(2021, 2026)]
        + [award(y, "CSTDCS") for y in (2021, 2023, 2025)],
        {"prior_bk_tinh"},
    ),
    "bk_ttg decree91 needs 5 initiatives": (
        "BK_TTG",
        2022,
        D91,
        None,
        [award(2017, "BK_TINH")]
        + [rating(y, "HTXSNV") for y in range(2018, 2023)]
        + [initiative(y, f"S{y}") for y in range(2018, 2022)],
        {"initiatives"},
    ),
    "bk_ttg decree91 ok": (
        "BK_TTG",
        2022,
        D91,
        None,
        [award(2017, "BK_TINH")]
        + [rating(y, "HTXSNV") for y in range(2018, 2023)]
        + [initiative(y, f"S{y}") for y in range(2018, 2023)],
        set(),
    ),
    # ---- Huân chương Lao động hạng Ba (Law Art. 44(1)(e))
    "hcld3 ok": (
        "HCLD3",
        2025,
        D152,
        None,
        [award(2020, "BK_TTG"), rating(2021, "HTXSNV")]
        + [rating(y) for y in range(2022, 2026)]
        + [award(y, "CSTDCS") for y in (2021, 2022, 2025)],
        set(),
    ),
    "hcld3 no excellent year": (
        "HCLD3",
        2025,
        D152,
        None,
        [award(2020, "BK_TTG")]
        + [rating(y) for y in range(2021, 2026)]
        + [award(y, "CSTDCS") for y in (2021, 2022, 2025)],
        {"excellence_count"},
    ),
    "hcld3 without bk_ttg": (
        "HCLD3",
        2025,
        D152,
        None,
        [award(2020, "BK_TINH"), rating(2021, "HTXSNV")]
        + [rating(y) for y in range(2022, 2026)]
        + [award(y, "CSTDCS") for y in (2021, 2022, 2025)],
        {"prior_bk_ttg"},
    ),
    # ---- Giấy khen (Law Art. 75 [R])
    "gk individual": ("GK", 2025, D152, None, [rating(2025)], set()),
    "gk collective": ("GK", 2025, D152, collective(10, 10, 5, 0), [rating(2025)], set()),
    "gk HTNV": ("GK", 2025, D152, None, [rating(2025, "HTNV")], {"task_rating"}),
    "gk household": ("GK", 2025, D152, {"kind": "household"}, [], {"subject_kind"}),
    # ---- not configured: judged manually
    "hcdl3 not configured": (
        "HCDL3",
        2025,
        D152,
        None,
        [rating(2025, "HTXSNV")],
        {"rule_not_configured"},
    ),
}


@pytest.mark.parametrize(
    ("target", "year", "decided", "subject", "history", "failed"),
    list(ROWS.values()),
    ids=list(ROWS),
)
def test_conditions(
    *,
    target: str,
    year: int,
    decided: str,
    subject: dict[str, Any] | None,
    history: list[dict[str, Any]],
    failed: set[str],
) -> None:
    result = judge(target, year, history, subject, decided)
    assert failing(result) == failed, result["checks"]
    assert result["eligible"] is (not failed)
    if failed:
        assert result["uses_initiatives"] == []


def test_missing_says_which_year_is_lacking() -> None:
    result = judge(
        "CSTD_TINH",
        2025,
        [award(2024, "CSTDCS"), award(2025, "CSTDCS"), initiative(2025, "SKT", "tinh")],
    )
    assert result["missing"] == ["Cần thêm 1 năm Chiến sĩ thi đua cơ sở liên tục (năm 2023)"]


def test_missing_lists_every_lacking_year() -> None:
    result = judge("CSTD_TINH", 2025, [award(2025, "CSTDCS"), initiative(2025, "SKT", "tinh")])
    assert "Cần thêm 2 năm Chiến sĩ thi đua cơ sở liên tục (năm 2023, 2024)" in result["missing"]


def test_excellence_is_preferred_over_consuming_an_initiative() -> None:
    result = judge("CSTDCS", 2025, [rating(2025, "HTXSNV"), initiative(2025, "SK1")])
    assert result["eligible"]
    assert result["uses_initiatives"] == []
    assert result["checks"][1]["message"] == "Hoàn thành xuất sắc nhiệm vụ năm 2025"


def test_lowest_adequate_initiative_is_consumed_first() -> None:
    result = judge(
        "CSTDCS",
        2025,
        [rating(2025), initiative(2025, "SK-TINH", "tinh"), initiative(2025, "SK-CS", "co_so")],
    )
    assert result["uses_initiatives"] == ["SK-CS"]


def test_bk_tinh_consumes_two_distinct_initiatives() -> None:
    result = judge(
        "BK_TINH",
        2025,
        [
            award(2024, "CSTDCS"),
            award(2025, "CSTDCS"),
            initiative(2024, "A"),
            initiative(2025, "B"),
            initiative(2025, "C", "tinh"),
        ],
    )
    assert result["eligible"]
    assert sorted(result["uses_initiatives"]) == ["A", "B"]


def test_ttldxs_missing_names_the_extra_members_needed() -> None:
    result = judge("TTLDXS", 2025, [rating(2025, "HTXSNV")], collective(30, 30, 20, 2))
    assert result["missing"] == [
        "Cần thêm 1 thành viên đạt Lao động tiên tiến (yêu cầu tối thiểu 70%)"
    ]
    check = next(c for c in result["checks"] if c["rule"] == "members_ldtt")
    assert "20/30" in check["message"] and "66,7%" in check["message"]


def test_co_tinh_without_cluster_result_asks_for_the_cluster_proposal() -> None:
    result = judge("CO_TINH", 2025, [rating(2025, "HTXSNV")], collective(30, 30, 25, 3))
    check = next(c for c in result["checks"] if c["rule"] == "cluster_leading")
    assert "đề nghị của cụm, khối thi đua" in check["message"]


def test_bk_ttg_recent_bk_says_when_it_will_be_ready() -> None:
    result = judge(
        "BK_TTG",
        2025,
        [award(2022, "BK_TINH")]
        + [rating(y) for y in range(2021, 2026)]
        + [award(y, "CSTDCS") for y in (2021, 2023, 2025)],
    )
    assert any("sớm nhất năm 2027" in m for m in result["missing"])


def test_every_check_carries_a_vietnamese_message_and_a_basis() -> None:
    for target, year, decided, subject, history, _ in ROWS.values():
        result = judge(target, year, history, subject, decided)
        for check in result["checks"]:
            assert check["message"] and "{" not in check["message"], check
            assert check["basis"], check
        for item in result["missing"]:
            assert item and "{" not in item, item
