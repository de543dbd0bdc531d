"""Required dossier documents per target (Law Art. 84), from the regime pack."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tdkt.rules.engine.contract import as_date, honour_code
from tdkt.rules.engine.eligibility import pack_for
from tdkt.rules.engine.packs import PackSet, load_packs


def required_documents(
    target: str,
    decision_date: dt.date | str,
    *,
    overlay: str | None = None,
    packs: PackSet | None = None,
) -> dict[str, Any]:
    """``{"target", "regime", "basis", "documents": [{"code", "name"}]}`` for a proposal of
    `target` decided on `decision_date`."""
    packset = packs if packs is not None else load_packs()
    code = honour_code(target, "target", packset.catalog)
    when = as_date(decision_date, "decision_date")
    pack = pack_for(packset, when, overlay, "decision_date")
    dossier = pack.dossier
    names = dossier.get("documents") or {}
    by_target = dossier.get("by_target") or {}
    spec = by_target.get(code) or by_target.get(packset.catalog.canonical(code))
    if spec is None:
        key = "title_default" if packset.catalog.is_title(code) else "form_default"
        spec = dossier.get(key) or {}
    return {
        "target": code,
        "regime": pack.code,
        "basis": str(spec.get("basis", dossier.get("basis", ""))),
        "documents": [
            {"code": doc, "name": str(names.get(doc, doc))} for doc in spec.get("documents") or []
        ],
    }
