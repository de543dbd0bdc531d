"""Property tests (Hypothesis): monotonicity, minimality, bonus rounding."""

from __future__ import annotations

import os
from fractions import Fraction
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tdkt.rules.engine import ContractError, check_eligibility, compute_bonus, load_packs

from .builders import TODAY, award, collective, initiative, person, rating, request

#: RULES_HYPOTHESIS_EXAMPLES=3000 for a deeper local run
SETTINGS = settings(
    max_examples=int(os.environ.get("RULES_HYPOTHESIS_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

INDIVIDUAL_TARGETS = ["LDTT", "CSTDCS", "CSTD_TINH", "CSTDTQ", "BK_TINH", "BK_TTG", "HCLD3", "GK"]
RATINGS = ["HTXSNV", "HTTNV", "HTNV", "KHTNV"]
SCOPES = ["co_so", "tinh", "toan_quoc"]
AWARD_CODES = ["LDTT", "CSTDCS", "CSTD_TINH", "BK_TINH", "BK_TTG"]


# --------------------------------------------------------------------------- random histories


@st.composite
def histories(
    draw: st.DrawFn, first: int = 2014, last: int = 2025, max_ratings: int | None = None
) -> list[dict[str, Any]]:
    years = list(range(first, last + 1))
    history: list[dict[str, Any]] = []
    for year in draw(st.sets(st.sampled_from(years), max_size=max_ratings)):
        history.append(rating(year, draw(st.sampled_from(RATINGS))))
    for code, year in draw(
        st.sets(st.tuples(st.sampled_from(AWARD_CODES), st.sampled_from(years)), max_size=14)
    ):
        history.append(
            award(
                year,
                code,
                draw(st.sampled_from([None, "cong_trang", "cong_trang", "dot_xuat", "chuyen_de"])),
            )
        )
    for i, year in enumerate(draw(st.lists(st.sampled_from(years), max_size=6))):
        used = draw(st.sampled_from([None, None, "CSTDCS"]))
        history.append(initiative(year, f"N{i}", draw(st.sampled_from(SCOPES)), used))
    return history


@SETTINGS
@given(history=histories(), target=st.sampled_from(INDIVIDUAL_TARGETS))
def test_result_shape_and_consistency(history: list[dict[str, Any]], target: str) -> None:
    result = check_eligibility(request(target, 2025, history), today=TODAY)
    assert list(result) == [
        "target",
        "year",
        "regime",
        "eligible",
        "checks",
        "missing",
        "uses_initiatives",
    ]
    assert result["eligible"] is all(c["ok"] for c in result["checks"])
    if result["eligible"]:
        assert result["missing"] == []
    else:
        assert result["uses_initiatives"] == []
    for check in result["checks"]:
        assert list(check) == ["rule", "ok", "message", "basis"]
        assert "{" not in check["message"]
    used = {h["id"] for h in history if h["type"] == "initiative" and h["used_by"]}
    assert not used & set(result["uses_initiatives"])
    assert len(set(result["uses_initiatives"])) == len(result["uses_initiatives"])


# --------------------------------------------------------------------------- minimal histories


@st.composite
def minimal_cases(draw: st.DrawFn) -> tuple[str, int, str, dict[str, Any], list[dict[str, Any]]]:
    """A target with a minimal eligible history: every entry is required."""
    target = draw(
        st.sampled_from(
            [
                "LDTT",
                "CSTDCS",
                "CSTD_TINH",
                "CSTDTQ",
                "BK_TINH",
                "BK_TTG",
                "HCLD3",
                "TTLDXS",
                "GK",
                "CSTDCS91",
                "BK_TTG91",
            ]
        )
    )
    if target.endswith("91"):
        year = draw(st.integers(2019, 2022))
        decided = f"{year + 1}-01-20"
    else:
        year = draw(st.integers(2024, 2025))
        decided = f"{year + 1}-01-20"
    subject = person(draw(st.sampled_from([None, 12, 10])))
    good = st.sampled_from(["HTTNV", "HTXSNV"])
    history: list[dict[str, Any]]
    if target == "LDTT":
        history = [rating(year, draw(good))]
    elif target == "CSTDCS":
        if draw(st.booleans()):
            history = [rating(year, "HTXSNV")]
        else:
            history = [rating(year, "HTTNV"), initiative(year, "SK", draw(st.sampled_from(SCOPES)))]
    elif target == "CSTDCS91":
        target = "CSTDCS"
        history = [rating(year, draw(good)), initiative(year, "SK")]
    elif target == "CSTD_TINH":
        history = [award(y, "CSTDCS") for y in range(year - 2, year + 1)] + [
            initiative(
                draw(st.integers(year - 2, year)),
                "SK",
                draw(st.sampled_from(["tinh", "toan_quoc"])),
            )
        ]
    elif target == "CSTDTQ":
        history = [award(y, "CSTDCS") for y in range(year - 5, year + 1)] + [
            award(year - 3, "CSTD_TINH"),
            award(year, "CSTD_TINH"),
            initiative(draw(st.integers(year - 5, year)), "SK", "toan_quoc"),
        ]
    elif target == "BK_TINH":
        if draw(st.booleans()):
            history = [award(year - 1, "CSTDCS"), award(year, "CSTDCS")]
        else:
            history = [rating(year - 1, "HTXSNV"), rating(year, "HTXSNV")]
        history += [
            initiative(draw(st.integers(year - 1, year)), "A"),
            initiative(draw(st.integers(year - 1, year)), "B"),
        ]
    elif target in ("BK_TTG", "HCLD3"):
        prior = "BK_TINH" if target == "BK_TTG" else "BK_TTG"
        window = list(range(year - 4, year + 1))
        history = [award(year - 5 - draw(st.integers(0, 3)), prior)]
        excellent = draw(st.sampled_from(window))
        history += [
            rating(
                y,
                "HTXSNV"
                if y == excellent and target == "HCLD3"
                else ("HTTNV" if target == "HCLD3" else draw(good)),
            )
            for y in window
        ]
        history += [
            award(y, "CSTDCS")
            for y in sorted(draw(st.sets(st.sampled_from(window), min_size=3, max_size=3)))
        ]
    elif target == "BK_TTG91":
        target = "BK_TTG"
        history = [award(year - 5, "BK_TINH")]
        history += [rating(y, "HTXSNV") for y in range(year - 4, year + 1)]
        history += [initiative(y, f"S{y}") for y in range(year - 4, year + 1)]
    elif target == "TTLDXS":
        subject = collective(20, 20, 14, 1)
        history = [rating(year, "HTXSNV")]
    else:  # GK
        history = [rating(year, draw(good))]
    return target, year, decided, subject, history


@SETTINGS
@given(case=minimal_cases())
def test_removing_any_required_element_makes_a_minimal_history_ineligible(
    case: tuple[str, int, str, dict[str, Any], list[dict[str, Any]]],
) -> None:
    target, year, decided, subject, history = case
    full = check_eligibility(request(target, year, history, subject, decided), today=TODAY)
    assert full["eligible"], full["checks"]
    for i in range(len(history)):
        reduced = history[:i] + history[i + 1 :]
        result = check_eligibility(request(target, year, reduced, subject, decided), today=TODAY)
        assert not result["eligible"], (history[i], result["checks"])


@SETTINGS
@given(case=minimal_cases(), noise=histories(first=2012, last=2025, max_ratings=4), data=st.data())
def test_an_extra_good_year_never_makes_an_eligible_subject_ineligible(
    case: tuple[str, int, str, dict[str, Any], list[dict[str, Any]]],
    noise: list[dict[str, Any]],
    data: st.DataObject,
) -> None:
    target, year, decided, subject, history = case
    rated = {h["year"] for h in history if h["type"] == "rating"}
    extra = [
        h
        for h in noise
        if not (h["type"] == "rating" and h["year"] in rated)
        and not (h["type"] == "award" and h["code"] == target)
    ]
    history = history + extra
    base = check_eligibility(request(target, year, history, subject, decided), today=TODAY)
    assume(base["eligible"])
    rated = {h["year"] for h in history if h["type"] == "rating"}
    free = [y for y in range(2005, year) if y not in rated]
    good = data.draw(st.sampled_from(free))
    good_year = [rating(good, "HTXSNV"), award(good, "LDTT"), award(good, "CSTDCS")]
    after = check_eligibility(
        request(target, year, history + good_year, subject, decided), today=TODAY
    )
    assert after["eligible"], (good, after["checks"])


# --------------------------------------------------------------------------- bonus


def _bonus_inputs() -> list[tuple[str, str]]:
    packs = load_packs()
    seen: set[tuple[str, str]] = set()
    for pack in packs.regimes:
        for code, row in pack.bonus["coefficients"].items():
            for kind in ("individual", "collective", "household"):
                if kind in row or not packs.catalog.is_title(code):
                    seen.add((code, kind))
    return sorted(seen)


BONUS_INPUTS = _bonus_inputs()


@SETTINGS
@given(
    pair=st.sampled_from(BONUS_INPUTS),
    day=st.dates(min_value=TODAY.replace(year=2017, month=10, day=1), max_value=TODAY),
    issuer=st.sampled_from(["xa", "other"]),
)
def test_bonus_is_a_multiple_of_10000_and_never_below_the_exact_product(
    pair: tuple[str, str],
    day: Any,
    issuer: str,
) -> None:
    code, kind = pair
    try:
        result = compute_bonus(
            {
                "code": code,
                "subject_kind": kind,
                "decision_date": day.isoformat(),
                "issuer_level": issuer,
            }
        )
    except ContractError:
        assume(False)
        return
    exact = (
        Fraction(str(result["coefficient"]))
        * Fraction(str(result["multiplier"]))
        * result["base_salary"]
    )
    assert result["amount"] % 10_000 == 0
    assert result["amount"] >= exact
    assert result["amount"] - exact < 10_000


def test_bonus_inputs_cover_titles_forms_and_kinds() -> None:
    kinds = {kind for _, kind in BONUS_INPUTS}
    assert kinds == {"individual", "collective", "household"}
    assert ("GK", "household") in BONUS_INPUTS and ("TTLDTT", "collective") in BONUS_INPUTS
