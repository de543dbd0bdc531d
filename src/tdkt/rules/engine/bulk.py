"""Screening many subjects for many targets over pre-fetched histories.

Each history is validated and indexed once; every target is then judged on the index (dictionary
lookups, no rescans). A subject not eligible now is projected forward once per distinct set of
continuing titles to tell "sắp đủ" (eligible within `horizon` years if the current rating and
titles continue) from "không đủ". A target already held for the judged year is "không đủ".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import replace
from typing import Any, Final

from tdkt.rules.engine.contract import (
    ContractError,
    as_date,
    as_mapping,
    as_year,
    default_decision_date,
    honour_code,
    local_today,
    parse_history,
    parse_subject,
)
from tdkt.rules.engine.eligibility import evaluate, pack_for
from tdkt.rules.engine.forecast import continuing_titles, first_eligible_year
from tdkt.rules.engine.history import HistoryIndex
from tdkt.rules.engine.packs import Pack, PackSet, load_packs

DU: Final = "du"  # đủ điều kiện
SAP_DU: Final = "sap_du"  # sắp đủ: đủ trong `horizon` năm tới nếu duy trì kết quả
KHONG_DU: Final = "khong_du"  # không đủ


def screen_many(
    subjects_histories: Mapping[Hashable, Any],
    targets: Sequence[str],
    year: int,
    decision_date: dt.date | str | None = None,
    *,
    today: dt.date | None = None,
    overlay: str | None = None,
    packs: PackSet | None = None,
    horizon: int = 1,
) -> dict[Hashable, dict[str, str]]:
    """Status ("du" / "sap_du" / "khong_du") of each subject for each target.

    `subjects_histories` maps a subject id to ``{"subject": {...}, "history": [...]}`` (the shapes
    of contract §1; ``subject`` defaults to an individual). Input errors raise ContractError with
    the field prefixed by the subject id (``"42.history[3].code"``).
    """
    packset = packs if packs is not None else load_packs()
    catalog = packset.catalog
    today = today or local_today()
    if isinstance(targets, str) or not isinstance(targets, Sequence):
        raise ContractError("targets", "Sai kiểu dữ liệu: cần danh sách mã")
    codes = [honour_code(t, f"targets[{i}]", catalog) for i, t in enumerate(targets)]
    year = as_year(year, "year", today)
    if decision_date is None:
        when, field_name = default_decision_date(year), "year"
    else:
        when, field_name = as_date(decision_date, "decision_date"), "decision_date"
    pack = pack_for(packset, when, overlay, field_name)
    future = range(year + 1, year + max(horizon, 0) + 1)
    pack_cache: dict[int, Pack | None] = {}

    results: dict[Hashable, dict[str, str]] = {}
    for sid, entry in subjects_histories.items():
        where = str(sid)
        data = as_mapping(entry, where)
        subject = parse_subject(
            data.get("subject") or {"kind": "individual"}, f"{where}.subject", catalog
        )
        history = parse_history(data.get("history", []), f"{where}.history", today, catalog)
        index = HistoryIndex.build(history, catalog)
        projectable = bool(future) and not index.pending and index.ongoing_discipline(year) is None
        rating = index.rating(year) or index.latest_rating(year)
        future_subject = replace(subject, months_in_service=None)
        extensions: dict[tuple[str, ...], HistoryIndex] = {}
        statuses: dict[str, str] = {}
        for code in codes:
            now = evaluate(
                pack,
                catalog,
                code,
                year,
                subject=subject,
                index=index,
                quiet=True,
                field_prefix=f"{where}.subject",
            )
            if now.eligible:
                statuses[code] = DU
                continue
            status = KHONG_DU
            # a title already held for the year cannot be proposed again: nothing to project
            if projectable and not index.awarded(code, year):
                titles = tuple(continuing_titles(pack, index, code, year))
                extended = extensions.get(titles)
                if extended is None:
                    extended = index.extended(future, rating=rating, titles=titles)
                    extensions[titles] = extended
                if (
                    first_eligible_year(
                        packset,
                        code,
                        future,
                        subject=future_subject,
                        index=extended,
                        overlay=overlay,
                        pack_cache=pack_cache,
                    )
                    is not None
                ):
                    status = SAP_DU
            statuses[code] = status
        results[sid] = statuses
    return results
