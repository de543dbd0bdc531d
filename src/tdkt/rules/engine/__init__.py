"""The stateless TĐKT rules engine: pure Python, law as data (no Django imports).

Public API (contract: /work/shared/domain/eligibility-contract.md, version 1):

- ``check_eligibility(request, *, today=None, overlay=None, packs=None) -> dict``
- ``compute_bonus(request, *, overlay=None, packs=None) -> dict``
- ``bonus_for_awards(awards, *, overlay=None, packs=None) -> dict``
- ``tally(request, *, today=None, overlay=None, packs=None) -> dict``
- ``forecast(request, *, today=None, overlay=None, packs=None, horizon=None) -> dict``
- ``screen_many(subjects_histories, targets, year, decision_date=None, ...) -> dict``
- ``required_documents(target, decision_date, *, overlay=None, packs=None) -> dict``
- ``load_packs(extra_dirs=()) -> PackSet`` and ``resolve_pack(on, overlay=None, ...) -> Pack``

Input that breaks the contract raises ``ContractError(field, message)``; a malformed data pack
raises ``PackError`` when loaded.
"""

from tdkt.rules.engine.bonus import bonus_for_awards, compute_bonus
from tdkt.rules.engine.bulk import DU, KHONG_DU, SAP_DU, screen_many
from tdkt.rules.engine.contract import ContractError
from tdkt.rules.engine.dossier import required_documents
from tdkt.rules.engine.eligibility import check_eligibility
from tdkt.rules.engine.forecast import forecast
from tdkt.rules.engine.packs import (
    Pack,
    PackError,
    PackSet,
    clear_cache,
    load_packs,
    resolve_pack,
)
from tdkt.rules.engine.tally import tally

__all__ = [
    "DU",
    "KHONG_DU",
    "SAP_DU",
    "ContractError",
    "Pack",
    "PackError",
    "PackSet",
    "bonus_for_awards",
    "check_eligibility",
    "clear_cache",
    "compute_bonus",
    "forecast",
    "load_packs",
    "required_documents",
    "resolve_pack",
    "screen_many",
    "tally",
]
