"""Eligibility of one subject for one title or form (contract §1)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tdkt.rules.engine.conditions import Ctx, run_condition
from tdkt.rules.engine.contract import ContractError, Subject, local_today, parse_eligibility
from tdkt.rules.engine.history import HistoryIndex
from tdkt.rules.engine.packs import Catalog, NoRegimeError, Pack, PackSet, load_packs


@dataclass(frozen=True)
class Check:
    rule: str
    ok: bool
    message: str
    basis: str

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "ok": self.ok, "message": self.message, "basis": self.basis}


@dataclass
class Evaluation:
    target: str
    year: int
    regime: str
    checks: list[Check] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    uses: list[str] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return all(check.ok for check in self.checks)

    def as_dict(self) -> dict[str, Any]:
        eligible = self.eligible
        return {
            "target": self.target,
            "year": self.year,
            "regime": self.regime,
            "eligible": eligible,
            "checks": [check.as_dict() for check in self.checks],
            "missing": list(self.missing),
            "uses_initiatives": list(self.uses) if eligible else [],
        }


def check_eligibility(
    request: Any,
    *,
    today: dt.date | None = None,
    overlay: str | None = None,
    packs: PackSet | None = None,
) -> dict[str, Any]:
    """Judge an eligibility request (contract §1) and return the contract's result shape.

    Raises ContractError for input that breaks the contract.
    """
    packset = packs if packs is not None else load_packs()
    req = parse_eligibility(request, today=today or local_today(), catalog=packset.catalog)
    field_name = "decision_date" if req.decision_date_given else "year"
    pack = pack_for(packset, req.decision_date, overlay, field_name)
    index = HistoryIndex.build(req.history, packset.catalog)
    return evaluate(
        pack, packset.catalog, req.target, req.year, subject=req.subject, index=index
    ).as_dict()


def pack_for(packs: PackSet, on: dt.date, overlay: str | None, field_name: str) -> Pack:
    try:
        return packs.resolve(on, overlay)
    except NoRegimeError as exc:
        raise ContractError(field_name, str(exc)) from exc


def evaluate(
    pack: Pack,
    catalog: Catalog,
    target: str,
    year: int,
    *,
    subject: Subject,
    index: HistoryIndex,
    quiet: bool = False,
    field_prefix: str = "subject",
) -> Evaluation:
    """Judge `target` for `year` under `pack`. Principle checks come first and are listed only
    when they bite; then every condition of the target, met or not."""
    ctx = Ctx(pack, catalog, target, year, subject, index, quiet=quiet, field_prefix=field_prefix)
    result = Evaluation(target=target, year=year, regime=pack.code)
    principles = pack.principles
    law = str((pack.data.get("legal_basis") or {}).get("short", pack.name))

    def principle(rule: str, key: str, missing: bool = False) -> None:
        basis = str((principles.get(key) or {}).get("basis", law))
        result.checks.append(Check(rule, False, ctx.say(rule, "fail"), basis))
        if missing:
            result.missing.append(ctx.say(rule, "missing"))

    if index.pending:
        principle("no_pending_discipline", "block_if_discipline_pending", missing=True)
    if index.awarded(target, year, "cong_trang"):
        principle("not_already_awarded", "one_achievement_one_award")

    spec = pack.target(target, catalog)
    if spec is None:
        result.checks.append(
            Check("rule_not_configured", False, ctx.say("rule_not_configured", "fail"), law)
        )
        return result
    kinds = spec.get("subject_kinds") or []
    if subject.kind not in kinds:
        kind_name = catalog.subject_kinds.get(subject.kind, subject.kind)
        result.checks.append(
            Check(
                "subject_kind",
                False,
                ctx.say("subject_kind", "fail", kind_name=kind_name),
                str(spec.get("basis", law)),
            )
        )
        return result
    for cond in spec.get("conditions") or []:
        outcome = run_condition(ctx, cond)
        result.checks.append(Check(cond["rule"], outcome.ok, outcome.message, str(cond["basis"])))
        result.missing.extend(outcome.missing)
        result.uses.extend(outcome.uses)
    return result
