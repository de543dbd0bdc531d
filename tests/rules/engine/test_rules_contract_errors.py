"""Input that breaks the contract raises ContractError naming the field."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from tdkt.rules.engine import (
    ContractError,
    check_eligibility,
    compute_bonus,
    forecast,
    screen_many,
    tally,
)

from .builders import TODAY, award, collective, initiative, rating, request

BASE = request(
    "CSTDCS",
    2025,
    [
        rating(2025),
        award(2025, "LDTT"),
        initiative(2025, "SK1"),
        {"type": "discipline", "from": "2020-01-01", "to": "2020-06-30", "level": "khien_trach"},
    ],
    None,
    "2026-01-20",
)


def mutate(path: list[Any], value: Any) -> dict[str, Any]:
    """A copy of BASE with the value at `path` replaced (or deleted when value is DELETE)."""
    req = copy.deepcopy(BASE)
    node: Any = req
    for key in path[:-1]:
        node = node[key]
    if value is DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return req


class _Delete:
    """Marks a field to remove; a stable repr keeps test ids equal across xdist workers."""

    def __repr__(self) -> str:
        return "DELETE"


DELETE = _Delete()

CASES = [
    # unknown codes
    (["target"], "XYZ", "target"),
    (["history", 0, "code"], "GIOI", "history[0].code"),
    (["history", 1, "code"], "LDTTX", "history[1].code"),
    (["history", 1, "award_type"], "thuong_nong", "history[1].award_type"),
    (["history", 2, "scope"], "huyen", "history[2].scope"),
    (["history", 3, "level"], "phat_tien", "history[3].level"),
    (["history", 0, "type"], "note", "history[0].type"),
    (["subject", "kind"], "robot", "subject.kind"),
    # missing fields
    (["target"], DELETE, "target"),
    (["year"], DELETE, "year"),
    (["subject"], DELETE, "subject"),
    (["subject", "kind"], DELETE, "subject.kind"),
    (["history", 0, "year"], DELETE, "history[0].year"),
    (["history", 0, "type"], DELETE, "history[0].type"),
    (["history", 2, "id"], DELETE, "history[2].id"),
    (["history", 3, "from"], DELETE, "history[3].from"),
    (["target"], None, "target"),
    # bad dates
    (["decision_date"], "2026/01/20", "decision_date"),
    (["decision_date"], "2026-02-30", "decision_date"),
    (["decision_date"], "20260120", "decision_date"),
    (["decision_date"], 20260120, "decision_date"),
    (["history", 3, "to"], "2019-12-31", "history[3].to"),
    (["history", 3, "from"], "hôm qua", "history[3].from"),
    # years in the future (today is 2026-11-01)
    (["year"], 2027, "year"),
    (["history", 0, "year"], 2030, "history[0].year"),
    (["year"], 1900, "year"),
    # wrong types
    (["year"], "2025", "year"),
    (["year"], 2025.0, "year"),
    (["year"], True, "year"),
    (["target"], 7, "target"),
    (["subject"], "individual", "subject"),
    (["history"], {"type": "rating"}, "history"),
    (["history", 0], "HTTNV", "history[0]"),
    (["subject", "months_in_service"], "12", "subject.months_in_service"),
    (["subject", "months_in_service"], 13, "subject.months_in_service"),
    (["subject", "female"], "yes", "subject.female"),
    (["history", 2, "id"], 14, "history[2].id"),
    (["history", 2, "used_by"], 3, "history[2].used_by"),
]


@pytest.mark.parametrize(
    ("path", "value", "field"),
    CASES,
    ids=[f"{'.'.join(map(str, c[0]))}={c[1]!r}"[:60] for c in CASES],
)
def test_eligibility_contract_errors(path: list[Any], value: Any, field: str) -> None:
    with pytest.raises(ContractError) as err:
        check_eligibility(mutate(path, value), today=TODAY)
    assert err.value.field == field
    assert err.value.message
    assert err.value.as_dict() == {"field": field, "message": err.value.message}


def test_the_request_must_be_an_object() -> None:
    with pytest.raises(ContractError) as err:
        check_eligibility(["CSTDCS"], today=TODAY)
    assert err.value.field == "request"


def test_unknown_fields_are_ignored() -> None:
    req = mutate(["subject", "nickname"], "Hằng") | {"comment": "x", "version": 1}
    req["history"][0]["source"] = "import"
    assert check_eligibility(req, today=TODAY)["eligible"]


def test_history_may_be_absent() -> None:
    result = check_eligibility(mutate(["history"], DELETE), today=TODAY)
    assert not result["eligible"]


def test_duplicate_rating_for_a_year() -> None:
    with pytest.raises(ContractError) as err:
        check_eligibility(mutate(["history", 1], rating(2025, "HTXSNV")), today=TODAY)
    assert err.value.field == "history[1].year"


def test_duplicate_initiative_id() -> None:
    with pytest.raises(ContractError) as err:
        check_eligibility(mutate(["history", 1], initiative(2024, "SK1")), today=TODAY)
    assert err.value.field == "history[2].id"  # the second occurrence


def test_year_of_today_is_accepted() -> None:
    req = request("LDTT", 2026, [rating(2026)], None, "2026-12-20")
    assert check_eligibility(req, today=TODAY)["eligible"]


def test_today_defaults_to_the_vietnamese_calendar_date() -> None:
    req = request("LDTT", dt.date.today().year + 2, [])
    with pytest.raises(ContractError) as err:
        check_eligibility(req)
    assert err.value.field == "year"


def test_collective_member_counts() -> None:
    with pytest.raises(ContractError) as err:
        check_eligibility(
            request("TTLDXS", 2025, [rating(2025, "HTXSNV")], collective(10, 10, 11, 1)),
            today=TODAY,
        )
    assert err.value.field == "subject.members_ldtt"
    subject = collective(10, 10, 7, 1)
    del subject["members_cstdcs"]
    with pytest.raises(ContractError) as err:
        check_eligibility(request("TTLDXS", 2025, [rating(2025, "HTXSNV")], subject), today=TODAY)
    assert err.value.field == "subject.members_cstdcs"
    with pytest.raises(ContractError) as err:
        check_eligibility(
            request("TTLDXS", 2025, [rating(2025, "HTXSNV")], collective(-1, 0, 0, 0)), today=TODAY
        )
    assert err.value.field == "subject.members_total"


def test_emulation_result_types() -> None:
    subject = collective(10, 10, 7, 1, emulation_result={"leading": "có"})
    with pytest.raises(ContractError) as err:
        check_eligibility(request("CO_TINH", 2025, [rating(2025, "HTXSNV")], subject), today=TODAY)
    assert err.value.field == "subject.emulation_result.leading"


@pytest.mark.parametrize(
    ("req", "field"),
    [
        ({"code": "NOPE", "subject_kind": "individual", "decision_date": "2026-01-20"}, "code"),
        ({"subject_kind": "individual", "decision_date": "2026-01-20"}, "code"),
        ({"code": "LDTT", "decision_date": "2026-01-20"}, "subject_kind"),
        ({"code": "LDTT", "subject_kind": "person", "decision_date": "2026-01-20"}, "subject_kind"),
        ({"code": "LDTT", "subject_kind": "individual"}, "decision_date"),
        (
            {"code": "LDTT", "subject_kind": "individual", "decision_date": "20/01/2026"},
            "decision_date",
        ),
        (
            {"code": "LDTT", "subject_kind": "individual", "decision_date": "2016-01-20"},
            "decision_date",
        ),
        (
            {
                "code": "GK",
                "subject_kind": "individual",
                "decision_date": "2026-01-20",
                "issuer_level": "huyen",
            },
            "issuer_level",
        ),
        ({"code": ["GK"], "subject_kind": "individual", "decision_date": "2026-01-20"}, "code"),
    ],
)
def test_bonus_contract_errors(req: dict[str, Any], field: str) -> None:
    with pytest.raises(ContractError) as err:
        compute_bonus(req)
    assert err.value.field == field


@pytest.mark.parametrize(
    ("req", "field"),
    [
        ({"target": "XX", "members_total": 10, "members_present": 8, "votes_yes": 8}, "target"),
        ({"members_total": 10, "members_present": 8, "votes_yes": 8}, "target"),
        ({"target": "CSTD_TINH", "members_present": 8, "votes_yes": 8}, "members_total"),
        (
            {"target": "CSTD_TINH", "members_total": 0, "members_present": 0, "votes_yes": 0},
            "members_total",
        ),
        (
            {"target": "CSTD_TINH", "members_total": 10, "members_present": 11, "votes_yes": 8},
            "members_present",
        ),
        (
            {"target": "CSTD_TINH", "members_total": 10, "members_present": 8, "votes_yes": 11},
            "votes_yes",
        ),
        (
            {"target": "CSTD_TINH", "members_total": "10", "members_present": 8, "votes_yes": 8},
            "members_total",
        ),
        (
            {"target": "CSTD_TINH", "members_total": 10, "members_present": 8, "votes_yes": -1},
            "votes_yes",
        ),
        (
            {
                "target": "CSTD_TINH",
                "members_total": 10,
                "members_present": 8,
                "votes_yes": 8,
                "decision_date": "2026-13-01",
            },
            "decision_date",
        ),
    ],
)
def test_tally_contract_errors(req: dict[str, Any], field: str) -> None:
    with pytest.raises(ContractError) as err:
        tally(req, today=TODAY)
    assert err.value.field == field


def test_forecast_validates_like_eligibility() -> None:
    with pytest.raises(ContractError) as err:
        forecast(mutate(["year"], 2030), today=TODAY)
    assert err.value.field == "year"


def test_screen_many_prefixes_the_field_with_the_subject_id() -> None:
    histories = {
        "a": {"history": [rating(2025)]},
        "b": {"history": [rating(2025), {"type": "rating", "year": 2024, "code": "X"}]},
    }
    with pytest.raises(ContractError) as err:
        screen_many(histories, ["LDTT"], 2025, today=TODAY)
    assert err.value.field == "b.history[1].code"
    with pytest.raises(ContractError) as err:
        screen_many(histories, ["LDTT", "NOPE"], 2025, today=TODAY)
    assert err.value.field == "targets[1]"
