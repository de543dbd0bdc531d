"""Regimes as data: boundaries, pack loading and validation, overlays, a future regime."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tdkt.rules.engine import (
    ContractError,
    PackError,
    check_eligibility,
    compute_bonus,
    load_packs,
    required_documents,
    resolve_pack,
    tally,
)
from tdkt.rules.engine.kinds import KIND_PARAMS

from .builders import TODAY, award, collective, failing, judge, person, rating, request

STATUSES = {"V", "Vtr", "R", "I", "U"}
SRC = Path(__file__).resolve().parents[3] / "src"


# --------------------------------------------------------------------------- boundaries


@pytest.mark.parametrize(
    ("decided", "regime", "eligible"),
    [("2023-12-31", "decree91", False), ("2024-01-01", "decree98", True)],
)
def test_cstdcs_initiative_became_optional_on_2024_01_01(
    decided: str, regime: str, eligible: bool
) -> None:
    result = judge(
        "CSTDCS", 2023, [rating(2023, "HTXSNV"), award(2023, "LDTT")], decision_date=decided
    )
    assert result["regime"] == regime
    assert result["eligible"] is eligible


@pytest.mark.parametrize(("decided", "eligible"), [("2023-12-31", False), ("2024-01-01", True)])
def test_ldtt_minimum_months_changed_from_10_to_6(decided: str, eligible: bool) -> None:
    result = judge("LDTT", 2023, [rating(2023)], person(8), decided)
    assert result["eligible"] is eligible


@pytest.mark.parametrize(("decided", "eligible"), [("2023-12-31", False), ("2024-01-01", True)])
def test_ttldtt_half_ldtt_rule(decided: str, eligible: bool) -> None:
    result = judge("TTLDTT", 2023, [rating(2023)], collective(20, 20, 10, 0), decided)
    assert result["eligible"] is eligible


def test_default_decision_date_is_20_january_of_the_next_year() -> None:
    assert judge("LDTT", 2023, [rating(2023)])["regime"] == "decree98"
    assert judge("LDTT", 2022, [rating(2022)])["regime"] == "decree91"
    assert judge("LDTT", 2025, [rating(2025)])["regime"] == "decree152"


def test_no_regime_before_decree91() -> None:
    with pytest.raises(ContractError) as err:
        judge("LDTT", 2017, [rating(2017)], decision_date="2017-09-30")
    assert err.value.field == "decision_date"
    with pytest.raises(ContractError) as err:
        judge("LDTT", 2016, [rating(2016)])
    assert err.value.field == "year"


def _bonus(code: str, kind: str, decided: str, issuer: str = "other") -> dict[str, Any]:
    return compute_bonus(
        {"code": code, "subject_kind": kind, "decision_date": decided, "issuer_level": issuer}
    )


@pytest.mark.parametrize(
    ("decided", "regime", "coefficient", "amount"),
    [("2025-06-30", "decree98", 0.15, 360_000), ("2025-07-01", "decree152", 0.3, 710_000)],
)
def test_commune_gk_doubled_on_2025_07_01(
    decided: str, regime: str, coefficient: float, amount: int
) -> None:
    result = _bonus("GK", "individual", decided, "xa")
    assert (result["regime"], result["coefficient"], result["amount"]) == (
        regime,
        coefficient,
        amount,
    )


@pytest.mark.parametrize(
    ("decided", "coefficient", "amount"),
    [("2025-06-30", 1.0, 2_340_000), ("2025-07-01", 1.5, 3_510_000)],
)
def test_bk_tinh_coefficient_rose_on_2025_07_01(
    decided: str, coefficient: float, amount: int
) -> None:
    result = _bonus("BK_TINH", "individual", decided)
    assert (result["coefficient"], result["amount"]) == (coefficient, amount)


def test_household_multiplier_exists_only_from_decree152() -> None:
    with pytest.raises(ContractError) as err:
        _bonus("GK", "household", "2025-06-30", "xa")
    assert err.value.field == "subject_kind"
    result = _bonus("GK", "household", "2025-07-01", "xa")
    assert result["multiplier"] == 1.5
    assert result["amount"] == 1_060_000  # 1.5 × 0.3 × 2,340,000 = 1,053,000 rounded up


@pytest.mark.parametrize(
    ("decided", "base", "amount"),
    [("2026-06-30", 2_340_000, 710_000), ("2026-07-01", 2_530_000, 760_000)],
)
def test_base_salary_changes_on_2026_07_01(decided: str, base: int, amount: int) -> None:
    result = _bonus("LDTT", "individual", decided)
    assert (result["regime"], result["base_salary"], result["amount"]) == (
        "decree152",
        base,
        amount,
    )


@pytest.mark.parametrize(
    ("decided", "base"),
    [
        ("2017-10-01", 1_300_000),
        ("2019-06-30", 1_390_000),
        ("2019-07-01", 1_490_000),
        ("2023-06-30", 1_490_000),
        ("2023-07-01", 1_800_000),
        ("2024-06-30", 1_800_000),
        ("2024-07-01", 2_340_000),
    ],
)
def test_base_salary_table(decided: str, base: int) -> None:
    assert _bonus("CSTDCS", "individual", decided)["base_salary"] == base


def test_tally_rule_follows_the_regime() -> None:
    req = {"target": "CSTDTQ", "members_total": 10, "members_present": 7, "votes_yes": 9}
    for decided in ("2023-12-31", "2024-01-01", "2025-07-01"):
        result = tally(req | {"decision_date": decided}, today=TODAY)
        assert result["required_yes"] == 9 and result["passed"]


# --------------------------------------------------------------------------- the shipped packs


def test_shipped_regimes_are_contiguous() -> None:
    packs = load_packs()
    codes = [(p.code, p.valid_from, p.valid_to) for p in packs.regimes]
    assert codes == [
        ("decree91", dt.date(2017, 10, 1), dt.date(2023, 12, 31)),
        ("decree98", dt.date(2024, 1, 1), dt.date(2025, 6, 30)),
        ("decree152", dt.date(2025, 7, 1), None),
    ]
    assert resolve_pack(dt.date(2030, 1, 1)).code == "decree152"


def test_packs_are_cached() -> None:
    assert load_packs() is load_packs()


def test_every_condition_carries_basis_and_status() -> None:
    for pack in load_packs().regimes:
        for code, spec in pack.targets.items():
            assert spec.get("subject_kinds"), (pack.code, code)
            for cond in spec["conditions"]:
                assert cond["kind"] in KIND_PARAMS
                assert cond["basis"]
                assert cond.get("status") in STATUSES, (pack.code, code, cond["rule"])
        for code, row in pack.bonus["coefficients"].items():
            assert row.get("status") in STATUSES, (pack.code, code)


def test_principle_flags_agree_with_the_cstdcs_conditions() -> None:
    for pack in load_packs().regimes:
        kinds = {c["kind"] for c in pack.targets["CSTDCS"]["conditions"]}
        flags = pack.principles
        assert flags["excellence_or_initiative"]["value"] is ("excellence_or_initiative" in kinds)
        assert flags["initiative_required_for_cstdcs"]["value"] is ("initiative" in kinds)


def test_required_documents() -> None:
    docs = required_documents("CSTDTQ", "2026-01-20")
    assert docs["regime"] == "decree152"
    assert [d["code"] for d in docs["documents"]] == [
        "to_trinh",
        "bao_cao_thanh_tich",
        "bien_ban_binh_xet",
        "chung_nhan_sang_kien",
        "ket_qua_bo_phieu_kin",
    ]
    assert all(d["name"] for d in docs["documents"])
    form = required_documents("HCLD3", "2026-01-20")
    assert [d["code"] for d in form["documents"]] == [
        "to_trinh",
        "bao_cao_thanh_tich",
        "bien_ban_xet_khen_thuong",
    ]
    assert required_documents("DVQT", "2026-01-20")["basis"] == "Khoản 1 Điều 84 Luật TĐKT 2022"


# --------------------------------------------------------------------------- extra packs


def _write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


OVERLAY = """\
    kind: overlay
    code: tinh_x
    name: "Quy định thi đua của tỉnh X năm 2026"
    valid_from: 2026-01-01
    valid_to: 2026-12-31
    regimes: [decree152]
    targets:
      LDTT:
        conditions:
          - rule: months_in_service
            params: {min: 8}
            basis: "Quyết định 01/2026/QĐ-UBND tỉnh X"
            status: V
    bonus:
      coefficients:
        GK: {individual: 0.3, by_issuer: {xa: 0.3, other: 0.4}, status: V}
    vote_rules:
      rules:
        high_honours: {threshold: 0.8}
"""


def test_an_overlay_is_merged_while_in_force(tmp_path: Path) -> None:
    _write(tmp_path, "tinh_x.yaml", OVERLAY)
    packs = load_packs([tmp_path])
    inside = resolve_pack(dt.date(2026, 3, 1), "tinh_x", packs=packs)
    assert inside.overlay == "tinh_x" and inside.code == "decree152"
    months = inside.targets["LDTT"]["conditions"][1]
    assert months["params"] == {"min": 8}
    assert months["kind"] == "min_months_in_service"  # merged rule by rule, kind kept
    assert [c["rule"] for c in inside.targets["LDTT"]["conditions"]] == [
        "task_rating",
        "months_in_service",
        "no_discipline",
    ]
    outside = resolve_pack(dt.date(2027, 3, 1), "tinh_x", packs=packs)
    assert outside.overlay is None

    req = request("LDTT", 2025, [rating(2025)], person(7), "2026-01-20")
    assert not check_eligibility(req, today=TODAY, overlay="tinh_x", packs=packs)["eligible"]
    assert check_eligibility(req, today=TODAY, packs=packs)["eligible"]
    late = req | {"decision_date": "2027-01-20"}
    assert check_eligibility(late, today=dt.date(2027, 2, 1), overlay="tinh_x", packs=packs)[
        "eligible"
    ]

    gk = {"code": "GK", "subject_kind": "individual", "decision_date": "2026-03-01"}
    assert compute_bonus(gk, overlay="tinh_x", packs=packs)["coefficient"] == 0.4
    vote = {
        "target": "CSTD_TINH",
        "decision_date": "2026-03-01",
        "members_total": 10,
        "members_present": 10,
        "votes_yes": 8,
    }
    assert tally(vote, today=TODAY, overlay="tinh_x", packs=packs)["passed"]
    assert not tally(vote, today=TODAY, packs=packs)["passed"]


def test_an_unknown_overlay_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PackError):
        resolve_pack(dt.date(2026, 3, 1), "khong_co")


FUTURE = """\
    kind: regime
    code: law2026
    extends: decree152
    name: "Luật TĐKT 2022 sửa đổi 2026"
    valid_from: 2026-10-01
    valid_to: null
    targets:
      CSTDCS:
        conditions:
          - {rule: excellence_or_initiative, remove: true}
          - rule: excellence
            kind: min_rating
            params: {min: HTXSNV}
            basis: "Điều 23 Luật TĐKT (sửa đổi 2026)"
            status: U
          - rule: initiative
            kind: initiative
            params: {min_scope: co_so}
            basis: "Điều 23 Luật TĐKT (sửa đổi 2026)"
            status: U
"""


def test_a_future_regime_is_just_a_new_yaml_file(tmp_path: Path) -> None:
    _write(tmp_path, "law2026.yaml", FUTURE)
    packs = load_packs([tmp_path])
    assert [p.code for p in packs.regimes] == ["decree91", "decree98", "decree152", "law2026"]
    assert packs.regime("decree152").valid_to == dt.date(2026, 9, 30)
    new = packs.regime("law2026")
    assert [c["rule"] for c in new.targets["CSTDCS"]["conditions"]] == [
        "ldtt_standard",
        "excellence",
        "initiative",
    ]
    assert new.bonus["coefficients"]["LDTT"]["individual"] == 0.3  # inherited

    history = [rating(2026, "HTXSNV"), award(2026, "LDTT")]
    today = dt.date(2026, 12, 1)
    before = check_eligibility(
        request("CSTDCS", 2026, history, None, "2026-09-30"), today=today, packs=packs
    )
    after = check_eligibility(
        request("CSTDCS", 2026, history, None, "2026-10-01"), today=today, packs=packs
    )
    assert (before["regime"], before["eligible"]) == ("decree152", True)
    assert (after["regime"], after["eligible"]) == ("law2026", False)
    assert failing(after) == {"initiative"}


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (
            """\
            kind: regime
            code: bad1
            name: "x"
            valid_from: 2040-01-01
            targets:
              LDTT:
                subject_kinds: [individual]
                conditions:
                  - {rule: r, kind: no_such_kind, basis: "b"}
         """,
            "no_such_kind",
        ),
        (
            """\
            kind: regime
            code: bad2
            name: "x"
            valid_from: 2040-01-01
            targets:
              XYZ: {subject_kinds: [individual], conditions: []}
         """,
            "XYZ",
        ),
        (
            """\
            kind: regime
            code: bad3
            name: "x"
            valid_from: 2040-01-01
            targets:
              LDTT:
                subject_kinds: [individual]
                conditions:
                  - {rule: r, kind: min_rating, params: {min: GIOI}, basis: "b"}
         """,
            "GIOI",
        ),
        (
            """\
            kind: regime
            code: bad4
            name: "x"
            valid_from: 2020-01-01
            valid_to: 2020-12-31
         """,
            "chồng lấn",
        ),
        (
            """\
            kind: regime
            code: bad5
            name: "x"
            valid_from: 2040-01-01
            targets:
              LDTT:
                subject_kinds: [individual]
                conditions:
                  - {rule: r, kind: min_rating, params: {min: HTTNV}}
         """,
            "basis",
        ),
        (
            """\
            name: "no kind"
         """,
            "kind",
        ),
        (
            """\
            kind: overlay
            code: o
            name: "x"
            valid_from: 2026-01-01
            regimes: [decree999]
         """,
            "decree999",
        ),
    ],
)
def test_malformed_packs_fail_at_load_time(tmp_path: Path, text: str, fragment: str) -> None:
    _write(tmp_path, "bad.yaml", text)
    with pytest.raises(PackError, match=fragment):
        load_packs([tmp_path])


def test_the_engine_imports_no_django() -> None:
    code = (
        "import sys, tdkt.rules.engine as e; e.load_packs(); "
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run([sys.executable, "-c", code], check=False, env=env)  # noqa: S603
    assert done.returncode == 0
