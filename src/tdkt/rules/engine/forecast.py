"""Forecast: the earliest year an ineligible subject could become eligible if its current yearly
rating and titles continue (and, failing that, if it also obtains the initiatives it lacks)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from tdkt.rules.engine.contract import (
    Subject,
    default_decision_date,
    local_today,
    parse_eligibility,
)
from tdkt.rules.engine.eligibility import evaluate, pack_for
from tdkt.rules.engine.history import HistoryIndex
from tdkt.rules.engine.packs import NoRegimeError, Pack, PackSet, load_packs
from tdkt.rules.engine.text import date_text, lower_first

DEFAULT_HORIZON = 12


@dataclass(frozen=True)
class Forecast:
    earliest_year: int | None
    message: str
    assumes_new_initiatives: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"earliest_year": self.earliest_year, "message": self.message}


def forecast(
    request: Any,
    *,
    today: dt.date | None = None,
    overlay: str | None = None,
    packs: PackSet | None = None,
    horizon: int | None = None,
) -> dict[str, Any]:
    """``{"earliest_year": int | None, "message": str}`` for an eligibility request (contract §1
    shape). `earliest_year` is the request's own year when the subject is already eligible."""
    packset = packs if packs is not None else load_packs()
    req = parse_eligibility(request, today=today or local_today(), catalog=packset.catalog)
    field_name = "decision_date" if req.decision_date_given else "year"
    pack = pack_for(packset, req.decision_date, overlay, field_name)
    index = HistoryIndex.build(req.history, packset.catalog)
    return project(
        packset,
        pack,
        req.target,
        req.year,
        subject=req.subject,
        index=index,
        overlay=overlay,
        horizon=horizon,
    ).as_dict()


def continuing_titles(pack: Pack, index: HistoryIndex, target: str, year: int) -> list[str]:
    """The yearly titles held in `year` that are assumed to continue (never the target itself)."""
    catalog = index.catalog
    allowed = (pack.data.get("forecast") or {}).get("continuing_titles") or []
    target_group = catalog.canonical(target)
    seen: list[str] = []
    for code in allowed:
        canonical = catalog.canonical(code)
        if canonical != target_group and canonical not in seen and index.holds(code, year):
            seen.append(canonical)
    return seen


def needed_initiative_scope(pack: Pack, target: str, catalog: Any) -> str | None:
    """The highest initiative scope the target's conditions ask for, if any."""
    spec = pack.target(target, catalog) or {}
    scopes: list[str] = []

    def walk(conditions: Iterable[Mapping[str, Any]]) -> None:
        for cond in conditions:
            params = cond.get("params") or {}
            if cond.get("kind") == "initiative":
                scopes.append(params["min_scope"])
            elif cond.get("kind") == "excellence_or_initiative":
                scopes.append(params["initiative_min_scope"])
            elif cond.get("kind") == "any_of":
                walk(params.get("options") or [])

    walk(spec.get("conditions") or [])
    if not scopes:
        return None
    return max(scopes, key=lambda s: catalog.scopes[s])


def first_eligible_year(
    packset: PackSet,
    target: str,
    years: Iterable[int],
    *,
    subject: Subject,
    index: HistoryIndex,
    overlay: str | None,
    pack_cache: dict[int, Pack | None] | None = None,
) -> int | None:
    cache = pack_cache if pack_cache is not None else {}
    for year in years:
        if year not in cache:
            try:
                cache[year] = packset.resolve(default_decision_date(year), overlay)
            except NoRegimeError:
                cache[year] = None
        pack = cache[year]
        if pack is None:
            continue
        if evaluate(
            pack, packset.catalog, target, year, subject=subject, index=index, quiet=True
        ).eligible:
            return year
    return None


def project(
    packset: PackSet,
    pack: Pack,
    target: str,
    year: int,
    *,
    subject: Subject,
    index: HistoryIndex,
    overlay: str | None = None,
    horizon: int | None = None,
) -> Forecast:
    catalog = packset.catalog
    name = catalog.name(target)
    now = evaluate(pack, catalog, target, year, subject=subject, index=index)
    if now.eligible:
        return Forecast(year, f"Đủ điều kiện {name} ngay năm {year}")
    if index.pending:
        return Forecast(
            None,
            "Đang xem xét kỷ luật, điều tra, thanh tra hoặc khiếu nại, tố cáo: "
            "chưa dự báo được cho đến khi có kết luận",
        )
    ongoing = index.ongoing_discipline(year)
    if ongoing is not None:
        return Forecast(
            None,
            f"Đang trong thời gian kỷ luật từ {date_text(ongoing.start)}, "
            "chưa xác định ngày kết thúc: chưa dự báo được",
        )
    horizon = horizon or int(
        (pack.data.get("forecast") or {}).get("horizon_years") or DEFAULT_HORIZON
    )
    future = range(year + 1, year + horizon + 1)
    rating = index.rating(year) or index.latest_rating(year)
    titles = continuing_titles(pack, index, target, year)
    future_subject = replace(subject, months_in_service=None)
    basis_parts = ([f"xếp loại {catalog.name(rating)}"] if rating else []) + [
        catalog.name(t) for t in titles
    ]
    basis = ", ".join(basis_parts) if basis_parts else "kết quả hiện có"
    cache: dict[int, Pack | None] = {}

    extended = index.extended(future, rating=rating, titles=titles)
    found = first_eligible_year(
        packset,
        target,
        future,
        subject=future_subject,
        index=extended,
        overlay=overlay,
        pack_cache=cache,
    )
    if found is not None:
        return Forecast(
            found,
            f"Dự kiến đủ điều kiện {name} sớm nhất năm {found} nếu tiếp tục "
            f"đạt như năm {year} ({basis})",
        )
    scope = needed_initiative_scope(pack, target, catalog)
    if scope is not None:
        with_initiatives = index.extended(
            future, rating=rating, titles=titles, initiative_scope=scope
        )
        found = first_eligible_year(
            packset,
            target,
            future,
            subject=future_subject,
            index=with_initiatives,
            overlay=overlay,
            pack_cache=cache,
        )
        if found is not None:
            return Forecast(
                found,
                f"Dự kiến đủ điều kiện {name} sớm nhất năm {found} nếu tiếp tục đạt như năm {year} "
                f"({basis}) và có thêm sáng kiến, đề tài được công nhận "
                f"{lower_first(catalog.name(scope))} trở lên",
                assumes_new_initiatives=True,
            )
    lacking = "; ".join(lower_first(m) for m in now.missing) or "không đạt tiêu chuẩn"
    return Forecast(
        None,
        f"Chưa thể đủ điều kiện {name} trong {horizon} năm tới nếu chỉ duy trì "
        f"kết quả như năm {year}: {lacking}",
    )
