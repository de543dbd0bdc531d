"""Forecast of the earliest eligible year, and bulk screening over pre-fetched histories."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tdkt.rules.engine import DU, KHONG_DU, SAP_DU, forecast, screen_many
from tdkt.rules.engine import bulk as bulk_module

from .builders import (
    TODAY,
    award,
    collective,
    discipline,
    initiative,
    pending,
    person,
    rating,
    request,
)


def earliest(
    target: str, year: int, history: list[dict[str, Any]], subject: dict[str, Any] | None = None
) -> dict[str, Any]:
    return forecast(request(target, year, history, subject), today=TODAY)


@pytest.mark.parametrize(
    ("target", "history", "subject", "expected"),
    [
        ("LDTT", [rating(2025)], None, 2025),
        ("LDTT", [rating(2025)], person(3), 2026),  # recruited late: next full year
        ("LDTT", [rating(2025), award(2025, "LDTT")], None, 2026),  # already awarded this year
        (
            "CSTD_TINH",
            [award(2024, "CSTDCS"), award(2025, "CSTDCS"), initiative(2025, "T", "tinh")],
            None,
            2026,
        ),
        (
            "CSTD_TINH",
            [award(2023, "CSTDCS"), award(2025, "CSTDCS"), initiative(2025, "T", "tinh")],
            None,
            2027,
        ),  # gap: chain restarts
        (
            "CSTD_TINH",
            [award(y, "CSTDCS") for y in (2023, 2024, 2025)]
            + [initiative(2025, "T", "tinh"), discipline("2024-03-01", "2024-12-31")],
            None,
            2027,
        ),
        (
            "BK_TTG",
            [award(2022, "BK_TINH")]
            + [rating(y) for y in range(2021, 2026)]
            + [award(y, "CSTDCS") for y in (2021, 2023, 2025)],
            None,
            2027,
        ),
        ("TTLDTT", [rating(2025)], collective(10, 10, 5, 0), 2025),
    ],
)
def test_earliest_year_if_results_continue(
    target: str, history: list[dict[str, Any]], subject: dict[str, Any] | None, expected: int
) -> None:
    result = forecast(request(target, 2025, history, subject), today=TODAY)
    assert set(result) == {"earliest_year", "message"}
    assert result["earliest_year"] == expected, result["message"]


def test_a_lacking_initiative_is_named_in_the_forecast() -> None:
    result = earliest("CSTDCS", 2025, [rating(2025), award(2025, "LDTT")])
    assert result["earliest_year"] == 2026
    assert "có thêm sáng kiến" in result["message"]


def test_no_forecast_while_discipline_is_pending() -> None:
    result = earliest("LDTT", 2025, [rating(2025), pending()])
    assert result["earliest_year"] is None
    assert "kết luận" in result["message"]


def test_no_forecast_during_an_open_ended_discipline() -> None:
    result = earliest("LDTT", 2025, [rating(2025), discipline("2025-05-01", None)])
    assert result["earliest_year"] is None


def test_never_when_what_is_lacking_does_not_continue() -> None:
    result = earliest("TTLDXS", 2025, [rating(2025, "HTXSNV")], collective(30, 30, 20, 2))
    assert result["earliest_year"] is None
    assert (
        "Cần thêm 1 thành viên" in result["message"] or "cần thêm 1 thành viên" in result["message"]
    )


def test_message_names_the_year_and_the_target() -> None:
    result = earliest(
        "CSTD_TINH",
        2025,
        [award(2024, "CSTDCS"), award(2025, "CSTDCS"), initiative(2025, "T", "tinh")],
    )
    assert "Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh" in result["message"]
    assert "2026" in result["message"]


# --------------------------------------------------------------------------- bulk


HISTORIES: dict[Any, dict[str, Any]] = {
    "an": {
        "subject": person(12),
        "history": [
            rating(2025, "HTXSNV"),
            award(2025, "LDTT"),
            award(2024, "CSTDCS"),
            award(2023, "CSTDCS"),
            initiative(2024, "T", "tinh"),
        ],
    },
    "binh": {
        "subject": person(12),
        "history": [
            rating(2025),
            award(2025, "LDTT"),
            award(2025, "CSTDCS"),
            award(2024, "CSTDCS"),
            initiative(2025, "T2", "tinh"),
        ],
    },
    "chi": {"subject": person(4), "history": [rating(2025, "HTNV")]},
    "dung": {"history": [rating(2025, "HTXSNV"), pending()]},
    7: {"subject": collective(20, 20, 15, 2), "history": [rating(2025, "HTXSNV")]},
}


def test_screen_many_statuses() -> None:
    result = screen_many(HISTORIES, ["LDTT", "CSTDCS", "CSTD_TINH", "TTLDXS"], 2025, today=TODAY)
    assert result == {
        # titles already held for 2025 are "khong_du" (cannot be proposed again); "an" lacks
        # CSTDCS 2025 (not decided yet), so CSTD_TINH does not follow from continuing titles
        "an": {"LDTT": KHONG_DU, "CSTDCS": DU, "CSTD_TINH": KHONG_DU, "TTLDXS": KHONG_DU},
        "binh": {"LDTT": KHONG_DU, "CSTDCS": KHONG_DU, "CSTD_TINH": SAP_DU, "TTLDXS": KHONG_DU},
        "chi": {"LDTT": KHONG_DU, "CSTDCS": KHONG_DU, "CSTD_TINH": KHONG_DU, "TTLDXS": KHONG_DU},
        "dung": {"LDTT": KHONG_DU, "CSTDCS": KHONG_DU, "CSTD_TINH": KHONG_DU, "TTLDXS": KHONG_DU},
        7: {"LDTT": KHONG_DU, "CSTDCS": KHONG_DU, "CSTD_TINH": KHONG_DU, "TTLDXS": DU},
    }


def test_screen_many_matches_single_checks() -> None:
    from tdkt.rules.engine import check_eligibility

    result = screen_many(
        HISTORIES, ["LDTT", "CSTDCS", "CSTD_TINH", "GK"], 2025, "2026-01-20", today=TODAY
    )
    for sid, entry in HISTORIES.items():
        for target, status in result[sid].items():
            req = {
                "target": target,
                "year": 2025,
                "decision_date": "2026-01-20",
                "subject": entry.get("subject") or {"kind": "individual"},
                "history": entry["history"],
            }
            assert (status == DU) is check_eligibility(req, today=TODAY)["eligible"]


def test_each_history_is_indexed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    original = bulk_module.HistoryIndex.build

    def counting(history: Any, catalog: Any) -> Any:
        calls.append(1)
        return original(history, catalog)

    monkeypatch.setattr(bulk_module.HistoryIndex, "build", staticmethod(counting))
    screen_many(
        HISTORIES, ["LDTT", "CSTDCS", "CSTD_TINH", "TTLDXS", "BK_TINH", "GK"], 2025, today=TODAY
    )
    assert len(calls) == len(HISTORIES)


def test_screen_many_without_projection() -> None:
    result = screen_many(HISTORIES, ["CSTD_TINH"], 2025, today=TODAY, horizon=0)
    assert result["binh"]["CSTD_TINH"] == KHONG_DU


def test_screen_many_scales() -> None:
    histories = {
        i: {
            "subject": person(12),
            "history": [rating(y, "HTXSNV" if (i + y) % 3 else "HTTNV") for y in range(2016, 2026)]
            + [award(y, "CSTDCS") for y in range(2016, 2026) if (i + y) % 3]
            + [award(y, "LDTT") for y in range(2016, 2026)]
            + [initiative(2016 + i % 10, f"S{i}", "tinh")],
        }
        for i in range(1000)
    }
    targets = ["LDTT", "CSTDCS", "CSTD_TINH", "CSTDTQ", "BK_TINH", "BK_TTG", "GK"]
    started = time.perf_counter()
    result = screen_many(histories, targets, 2025, today=TODAY)
    elapsed = time.perf_counter() - started
    assert len(result) == 1000 and all(len(v) == len(targets) for v in result.values())
    assert elapsed < 30  # generous bound; typically well under 2 s for 7,000 judgements
