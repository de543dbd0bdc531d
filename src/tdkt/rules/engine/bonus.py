"""Bonus money (contract §2): coefficient × multiplier × base salary on the decision date,
rounded up to the next 10,000 VND (unit from the pack)."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from tdkt.rules.engine.contract import (
    BonusRequest,
    ContractError,
    as_int,
    as_mapping,
    parse_bonus,
)
from tdkt.rules.engine.packs import NoRegimeError, PackError, PackSet, load_packs


@dataclass(frozen=True)
class BonusResult:
    code: str
    regime: str
    coefficient: float
    multiplier: float
    base_salary: int
    amount: int
    exact: Fraction
    is_title: bool
    pay_highest_only: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "regime": self.regime,
            "coefficient": self.coefficient,
            "multiplier": self.multiplier,
            "base_salary": self.base_salary,
            "amount": self.amount,
            "amount_words": words(self.amount),
        }


def words(amount: int) -> str | None:
    """Amount in Vietnamese words, when the text helper is installed."""
    try:
        from tdkt.common.text.words import amount_in_words
    except ImportError:
        return None
    return amount_in_words(amount)


def round_up(exact: Fraction, unit: int) -> int:
    return math.ceil(exact / unit) * unit


def compute_bonus(
    request: Any, *, overlay: str | None = None, packs: PackSet | None = None
) -> dict[str, Any]:
    """The bonus of one title or form for one subject (contract §2)."""
    packset = packs if packs is not None else load_packs()
    req = parse_bonus(request, catalog=packset.catalog)
    return bonus_of(packset, req, overlay=overlay).as_dict()


def bonus_of(
    packset: PackSet, req: BonusRequest, *, overlay: str | None = None, prefix: str = ""
) -> BonusResult:
    def at(name: str) -> str:
        return f"{prefix}.{name}" if prefix else name

    catalog = packset.catalog
    try:
        pack = packset.resolve(req.decision_date, overlay)
        salary = packset.base_salary_on(req.decision_date)
    except NoRegimeError as exc:
        raise ContractError(at("decision_date"), str(exc)) from exc
    bonus = pack.bonus
    name = catalog.name(req.code)
    kind_name = catalog.subject_kinds.get(req.subject_kind, req.subject_kind)
    row = (bonus.get("coefficients") or {}).get(req.code)
    if row is None:
        raise ContractError(at("code"), f"Chưa có hệ số tiền thưởng cho {name} theo {pack.name}")
    is_title = catalog.is_title(req.code)
    if is_title:
        value = row.get(req.subject_kind)
        if value is None:
            raise ContractError(at("subject_kind"), f"{name} không áp dụng cho {kind_name}")
        coefficient, multiplier = value, 1.0
    else:
        by_issuer = row.get("by_issuer") or {}
        coefficient = by_issuer.get(req.issuer_level, row.get("individual"))
        if coefficient is None:
            raise ContractError(
                at("code"), f"Chưa có hệ số tiền thưởng cho {name} theo {pack.name}"
            )
        multiplier = 1.0
        if req.subject_kind != "individual":
            rule = (bonus.get("multipliers") or {}).get(req.subject_kind)
            if rule is None:
                raise ContractError(
                    at("subject_kind"),
                    f"{pack.name} chưa quy định mức thưởng {name} cho {kind_name}",
                )
            multiplier = float(rule["value"])
    rounding = bonus.get("rounding") or {}
    if rounding.get("mode", "ceil") != "ceil":
        raise PackError(f"{pack.code}: bonus.rounding.mode chỉ hỗ trợ 'ceil' (làm tròn lên)")
    unit = int(rounding.get("unit", 10_000))
    exact = Fraction(str(coefficient)) * Fraction(str(multiplier)) * salary.amount
    highest_only = bool((bonus.get("pay_highest_title_only_same_period") or {}).get("value"))
    return BonusResult(
        code=req.code,
        regime=pack.code,
        coefficient=float(coefficient),
        multiplier=multiplier,
        base_salary=salary.amount,
        amount=round_up(exact, unit),
        exact=exact,
        is_title=is_title,
        pay_highest_only=highest_only,
    )


def bonus_for_awards(
    awards: Sequence[Any], *, overlay: str | None = None, packs: PackSet | None = None
) -> dict[str, Any]:
    """Bonuses of several awards at once, applying the Decree 152 rule: several titles for the
    same subject and the same achievement period decided at the same time pay only the highest.

    Each item is a bonus request plus optional ``subject`` (an id) and ``year`` (the achievement
    period); items without both are never grouped. Returns ``{"items": [...], "total": int,
    "total_words": str | None}``; each item is the bonus result plus ``subject``, ``year``,
    ``paid``, ``payable`` and ``note``.
    """
    packset = packs if packs is not None else load_packs()
    if not isinstance(awards, list | tuple):
        raise ContractError("awards", "Sai kiểu dữ liệu: cần một danh sách")
    results: list[tuple[Mapping[str, Any], BonusResult, Hashable | None, int | None]] = []
    for i, raw in enumerate(awards):
        where = f"[{i}]"
        data = as_mapping(raw, where)
        req = parse_bonus(data, catalog=packset.catalog, prefix=where)
        subject = data.get("subject")
        if subject is not None and (
            isinstance(subject, bool) or not isinstance(subject, str | int)
        ):
            raise ContractError(f"{where}.subject", "Sai kiểu dữ liệu: cần mã đối tượng")
        year = data.get("year")
        if year is not None:
            year = as_int(year, f"{where}.year")
        results.append((data, bonus_of(packset, req, overlay=overlay, prefix=where), subject, year))

    groups: dict[tuple[Hashable, int, str, str], list[int]] = {}
    for i, (data, result, subject, year) in enumerate(results):
        if result.is_title and result.pay_highest_only and subject is not None and year is not None:
            key = (subject, year, str(data["decision_date"]), result.regime)
            groups.setdefault(key, []).append(i)
    unpaid: dict[int, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        best = max(members, key=lambda i: (results[i][1].amount, -i))
        best_name = packset.catalog.name(results[best][1].code)
        for i in members:
            if i != best:
                unpaid[i] = (
                    "Cùng thời điểm, cùng thời gian đạt thành tích: chỉ hưởng tiền "
                    f"thưởng của danh hiệu cao nhất ({best_name})"
                )

    items = []
    total = 0
    for i, (_, result, subject, year) in enumerate(results):
        paid = i not in unpaid
        payable = result.amount if paid else 0
        total += payable
        items.append(
            result.as_dict()
            | {
                "subject": subject,
                "year": year,
                "paid": paid,
                "payable": payable,
                "note": unpaid.get(i),
            }
        )
    return {"items": items, "total": total, "total_words": words(total) if items else None}
