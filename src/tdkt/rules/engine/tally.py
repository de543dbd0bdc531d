"""Council tally (contract §3): quorum, threshold and denominator from the regime's vote rule."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from tdkt.rules.engine.contract import ContractError, local_today, parse_tally
from tdkt.rules.engine.eligibility import pack_for
from tdkt.rules.engine.packs import Catalog, Pack, PackSet, as_fraction, load_packs


def vote_rule_for(pack: Pack, target: str, catalog: Catalog) -> Mapping[str, Any]:
    """The vote rule of a target under a pack (by target, its civil twin, else the default)."""
    votes = pack.vote_rules
    rules = votes.get("rules") or {}
    by_target = votes.get("by_target") or {}
    name = by_target.get(target) or by_target.get(catalog.canonical(target)) or votes["default"]
    return rules[name]


def tally(
    request: Any,
    *,
    today: dt.date | None = None,
    overlay: str | None = None,
    packs: PackSet | None = None,
) -> dict[str, Any]:
    """Count a council vote. ``votes_yes`` includes absent members' written ballots when the rule
    allows them; `decision_date` defaults to today."""
    packset = packs if packs is not None else load_packs()
    req = parse_tally(request, today=today or local_today(), catalog=packset.catalog)
    pack = pack_for(packset, req.decision_date, overlay, "decision_date")
    rule = vote_rule_for(pack, req.target, packset.catalog)
    if not rule.get("absent_members_vote_in_writing", True) and req.votes_yes > req.members_present:
        raise ContractError("votes_yes", f"Lớn hơn số thành viên có mặt ({req.members_present})")
    quorum = as_fraction(rule["quorum"])
    threshold = as_fraction(rule["threshold"])
    denominator = str(rule["denominator"])
    base = req.members_total if denominator == "members_total" else req.members_present
    if rule.get("strict"):
        required = math.floor(threshold * base) + 1
    else:
        required = math.ceil(threshold * base)
    quorum_met = req.members_present >= math.ceil(quorum * req.members_total)
    return {
        "quorum_met": quorum_met,
        "threshold": round(float(threshold), 4),
        "denominator": denominator,
        "required_yes": required,
        "passed": quorum_met and req.votes_yes >= required,
    }
