"""The condition kinds a pack can declare, each judged against a subject's indexed history.

A condition receives the evaluation context, its parameters and (optionally) check-level message
overrides, and returns an :class:`Outcome`: ok or not, a Vietnamese message, what is still
missing, and the initiatives it would consume. Messages are templates from the pack
(``messages.<kind>.<variant>``) filled with the variables documented at each kind.

Engine invariants (verified principles, not switchable by a pack): an initiative serves once
(``used_by`` set → unusable; two checks of one target never share an initiative); đột xuất and
chuyên đề awards never count toward chains; a year overlapping a discipline never counts and
achievements restart after the disciplinary period.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tdkt.rules.engine.contract import ContractError, Discipline, Initiative, Subject
from tdkt.rules.engine.history import NO_RESTART, HistoryIndex
from tdkt.rules.engine.kinds import KIND_PARAMS
from tdkt.rules.engine.packs import Catalog, Pack, as_fraction
from tdkt.rules.engine.text import (
    date_text,
    join_alternatives,
    lower_first,
    number_text,
    percent_text,
    period_text,
    render,
    years_text,
)

Overrides = Mapping[str, Any] | None


@dataclass
class Outcome:
    ok: bool
    message: str
    missing: list[str] = field(default_factory=list)
    uses: list[str] = field(default_factory=list)


@dataclass
class Ctx:
    """Everything a condition may look at while judging one target for one year."""

    pack: Pack
    catalog: Catalog
    target: str
    year: int
    subject: Subject
    hist: HistoryIndex
    consumed: list[str] = field(default_factory=list)
    quiet: bool = False
    field_prefix: str = "subject"
    depth: int = 0

    @property
    def chain_level(self) -> str:
        rule = self.pack.principles.get("discipline_breaks_chains") or {}
        return str(rule.get("min_level", "khien_trach"))

    def restart(self) -> tuple[int, Discipline | None]:
        return self.hist.restart_year(self.year, self.chain_level)

    def base_vars(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "target": self.target,
            "target_name": self.catalog.name(self.target),
            "regime_name": self.pack.name,
        }

    def say(self, kind: str, variant: str, overrides: Overrides = None, **values: Any) -> str:
        if self.quiet:
            return ""
        return render(self.pack.template(kind, variant, overrides), self.base_vars() | values)

    def name(self, code: str) -> str:
        return self.catalog.name(code)

    def scope_name(self, code: str) -> str:
        return lower_first(self.catalog.name(code))

    def min_text(self, rating: str) -> str:
        top = max(self.catalog.ratings.values())
        name = self.catalog.name(rating)
        return name if self.catalog.ratings[rating] >= top else f"{name} trở lên"


Condition = Callable[[Ctx, Mapping[str, Any], Overrides], Outcome]


def _discipline_text(ctx: Ctx, d: Discipline | None) -> str:
    if d is None:
        return ""
    level = lower_first(ctx.name(d.level))
    if d.end is None:
        return f"kỷ luật {level} từ {date_text(d.start)}"
    return f"kỷ luật {level} từ {date_text(d.start)} đến {date_text(d.end)}"


def _initiative_items(ctx: Ctx, items: list[Initiative]) -> str:
    return ", ".join(f"{i.id} ({ctx.scope_name(i.scope)})" for i in items)


def _used_note(ctx: Ctx, used: list[Initiative]) -> str:
    if not used:
        return ""
    parts = ", ".join(f"{i.id} đã dùng cho {ctx.name(i.used_by or '')}" for i in used)
    return f" (sáng kiến {parts}; mỗi sáng kiến chỉ dùng một lần)"


def _restart_note(ctx: Ctx, first_nominal: int, restart: int) -> str:
    if restart == NO_RESTART or restart <= first_nominal:
        return ""
    return f" (thành tích chỉ được tính từ năm {restart}, sau thời gian kỷ luật)"


# --------------------------------------------------------------------------- kinds


def min_rating(ctx: Ctx, p: Mapping[str, Any], m: Overrides) -> Outcome:
    """Vars: rating_name, min_name, min_text."""
    kind, floor = "min_rating", p["min"]
    code = ctx.hist.rating(ctx.year)
    values = {
        "min_name": ctx.name(floor),
        "min_text": ctx.min_text(floor),
        "rating_name": ctx.name(code) if code else "",
    }
    if code is None:
        return Outcome(
            False, ctx.say(kind, "none", m, **values), [ctx.say(kind, "missing", m, **values)]
        )
    if ctx.catalog.ratings[code] >= ctx.catalog.ratings[floor]:
        return Outcome(True, ctx.say(kind, "ok", m, **values))
    return Outcome(
        False, ctx.say(kind, "fail", m, **values), [ctx.say(kind, "missing", m, **values)]
    )


def min_months_in_service(ctx: Ctx, p: Mapping[str, Any], m: Overrides) -> Outcome:
    """Vars: months, min."""
    kind, floor = "min_months_in_service", p["min"]
    months = ctx.subject.months_in_service
    values = {"min": number_text(floor), "months": number_text(months or 0)}
    if months is None:
        return Outcome(True, ctx.say(kind, "assumed", m, **values))
    if months >= floor:
        return Outcome(True, ctx.say(kind, "ok", m, **values))
    return Outcome(
        False, ctx.say(kind, "fail", m, **values), [ctx.say(kind, "missing", m, **values)]
    )


def no_discipline_in_year(ctx: Ctx, p: Mapping[str, Any], m: Overrides) -> Outcome:
    """Vars: level_name, discipline."""
    kind = "no_discipline_in_year"
    found = ctx.hist.disciplines_in(ctx.year, str(p.get("min_level", "khien_trach")))
    if not found:
        return Outcome(True, ctx.say(kind, "ok", m))
    worst = max(found, key=lambda d: ctx.catalog.discipline_levels[d.level])
    values = {"level_name": ctx.name(worst.level), "discipline": _discipline_text(ctx, worst)}
    return Outcome(
        False, ctx.say(kind, "fail", m, **values), [ctx.say(kind, "missing", m, **values)]
    )


def title_standard(ctx: Ctx, p: Mapping[str, Any], m: Overrides) -> Outcome:
    """The standard of another target, judged with that target's own conditions (or the title is
    already held for the year and no discipline fell in it). Vars: title_name, reasons."""
    kind, code = "title_standard", p["code"]
    values: dict[str, Any] = {"title_name": ctx.name(code), "reasons": ""}
    spec = ctx.pack.target(code, ctx.catalog)
    if spec is None or ctx.depth > 3:
        held = ctx.hist.holds(code, ctx.year)
        variant = "ok" if held else "fail"
        return Outcome(
            held,
            ctx.say(kind, variant, m, **values),
            [] if held else [ctx.say(kind, "missing", m, **values)],
        )
    sub = Ctx(
        ctx.pack,
        ctx.catalog,
        code,
        ctx.year,
        ctx.subject,
        ctx.hist,
        list(ctx.consumed),
        ctx.quiet,
        ctx.field_prefix,
        ctx.depth + 1,
    )
    results = [(cond, run_condition(sub, cond)) for cond in spec.get("conditions") or []]
    failing = [(cond, out) for cond, out in results if not out.ok]
    held = ctx.hist.holds(code, ctx.year)
    ok = not failing or (
        held and all(cond.get("kind") != "no_discipline_in_year" for cond, _ in failing)
    )
    if ok:
        ctx.consumed[:] = sub.consumed
        uses = [u for _, out in results for u in out.uses]
        return Outcome(True, ctx.say(kind, "ok", m, **values), uses=uses)
    values["reasons"] = "; ".join(lower_first(out.message) for _, out in failing)
    missing = [item for _, out in failing for item in out.missing]
    return Outcome(False, ctx.say(kind, "fail", m, **values), missing)


def excellence_or_initiative(ctx: Ctx, p: Mapping[str, Any], m: Overrides) -> Outcome:
    """Rating >= min_rating, else an unused initiative. Vars: min_name, rating_name, ids, items,
    scope_name, min_scope_name, period, note."""
    kind = "excellence_or_initiative"
    floor, scope = p["min_rating"], p["initiative_min_scope"]
    window = int(p.get("window_years", 1))
    first = ctx.year - window + 1
    restart, _ = ctx.restart()
    code = ctx.hist.rating(ctx.year)
    values: dict[str, Any] = {
        "min_name": ctx.name(floor),
        "rating_name": ctx.name(code) if code else "",
        "min_scope_name": ctx.scope_name(scope),
        "period": period_text(first, ctx.year),
        "note": "",
        "ids": "",
        "items": "",
        "scope_name": "",
    }
    if code is not None and ctx.catalog.ratings[code] >= ctx.catalog.ratings[floor]:
        return Outcome(True, ctx.say(kind, "ok_excellence", m, **values))
    usable = ctx.hist.usable_initiatives(max(first, restart), ctx.year, scope, ctx.consumed)
    if usable:
        chosen = usable[0]
        ctx.consumed.append(chosen.id)
        values.update(
            ids=chosen.id,
            items=_initiative_items(ctx, [chosen]),
            scope_name=ctx.scope_name(chosen.scope),
        )
        return Outcome(True, ctx.say(kind, "ok_initiative", m, **values), uses=[chosen.id])
    used = ctx.hist.used_initiatives(first, ctx.year, scope)
    values["note"] = _used_note(ctx, used) + _restart_note(ctx, first, restart)
    return Outcome(
        False, ctx.say(kind, "fail", m, **values), [ctx.say(kind, "missing", m, **values)]
    )


def initiative(ctx: Ctx, p: Mapping[str, Any], m: Overrides) -> Outcome:
    """`count` unused initiatives of scope >= min_scope in the window. Vars: count, found, lack,
    ids, items, min_scope_name, period, note."""
    kind, scope = "initiative", p["min_scope"]
    count = int(p.get("count", 1))
    window = int(p.get("window_years", 1))
    required = bool(p.get("required", True))
    first = ctx.year - window + 1
    restart, _ = ctx.restart()
    usable = ctx.hist.usable_initiatives(max(first, restart), ctx.year, scope, ctx.consumed)
    values: dict[str, Any] = {
        "count": count,
        "found": min(len(usable), count),
        "lack": max(count - len(usable), 0),
        "min_scope_name": ctx.scope_name(scope),
        "period": period_text(first, ctx.year),
        "ids": "",
        "items": "",
        "note": "",
    }
    if len(usable) >= count:
        chosen = usable[:count]
        ctx.consumed.extend(i.id for i in chosen)
        values.update(ids=", ".join(i.id for i in chosen), items=_initiative_items(ctx, chosen))
        return Outcome(True, ctx.say(kind, "ok", m, **values), uses=[i.id for i in chosen])
    used = ctx.hist.used_initiatives(first, ctx.year, scope)
    values["note"] = _used_note(ctx, used) + _restart_note(ctx, first, restart)
    if not required:
        return Outcome(True, ctx.say(kind, "optional_none", m, **values))
    return Outcome(
        False, ctx.say(kind, "fail", m, **values), [ctx.say(kind, "missing", m, **values)]
    )


def consecutive_titles(ctx: Ctx, p: Mapping[str, Any], m: Overrides) -> Outcome:
    """Vars: title_name, n, unit, years, lack, missing_years, restart, discipline, note."""
    kind, code = "consecutive_titles", p["code"]
    if "years" in p:
        n, spacing, unit = int(p["years"]), 1, "năm"
    else:
        n, spacing, unit = int(p["count"]), int(p.get("spacing", 1)), "lần"
    needed = [ctx.year - spacing * k for k in reversed(range(n))]
    restart, cause = ctx.restart()
    consumed_years: dict[int, int] = {}
    consumer = p.get("consumed_by")
    if consumer:
        span = int(consumer["span"])
        for award_year in ctx.hist.counting_years(consumer["code"], ctx.year - 1):
            for y in range(award_year - span + 1, award_year + 1):
                consumed_years[y] = award_year
    missing_years = [
        y for y in needed if y < restart or not ctx.hist.holds(code, y) or y in consumed_years
    ]
    values: dict[str, Any] = {
        "title_name": ctx.name(code),
        "n": n,
        "unit": unit,
        "years": years_text(needed),
        "lack": len(missing_years),
        "missing_years": years_text(missing_years),
        "restart": restart,
        "discipline": _discipline_text(ctx, cause),
        "note": "",
    }
    if not missing_years:
        return Outcome(True, ctx.say(kind, "ok", m, **values))
    notes = []
    for y in missing_years:
        if y in consumed_years:
            notes.append(
                f"năm {y} đã dùng để xét {ctx.name(consumer['code'])} năm {consumed_years[y]}"
            )
        elif ctx.hist.holds_non_counting_only(code, y):
            notes.append(f"năm {y} chỉ có khen thưởng đột xuất/chuyên đề, không tính")
    values["note"] = f" ({'; '.join(notes)})" if notes else ""
    if any(y < restart for y in missing_years):
        values["ready_year"] = restart + spacing * (n - 1)
        return Outcome(
            False,
            ctx.say(kind, "fail_discipline", m, **values),
            [ctx.say(kind, "missing_discipline", m, **values)],
        )
    return Outcome(
        False, ctx.say(kind, "fail", m, **values), [ctx.say(kind, "missing", m, **values)]
    )


def consecutive_ratings(ctx: Ctx, p: Mapping[str, Any], m: Overrides) -> Outcome:
    """Vars: min_text, n, years, lack, missing_years, restart, discipline, ready_year."""
    kind, floor, n = "consecutive_ratings", p["min"], int(p["years"])
    needed = list(range(ctx.year - n + 1, ctx.year + 1))
    restart, cause = ctx.restart()
    need_rank = ctx.catalog.ratings[floor]
    missing_years = [y for y in needed if y < restart or ctx.hist.rating_rank(y) < need_rank]
    values: dict[str, Any] = {
        "min_text": ctx.min_text(floor),
        "min_name": ctx.name(floor),
        "n": n,
        "years": years_text(needed),
        "lack": len(missing_years),
        "missing_years": years_text(missing_years),
        "restart": restart,
        "discipline": _discipline_text(ctx, cause),
        "ready_year": restart + n - 1,
    }
    if not missing_years:
        return Outcome(True, ctx.say(kind, "ok", m, **values))
    if any(y < restart for y in missing_years):
        return Outcome(
            False,
            ctx.say(kind, "fail_discipline", m, **values),
            [ctx.say(kind, "missing_discipline", m, **values)],
        )
    return Outcome(
        False, ctx.say(kind, "fail", m, **values), [ctx.say(kind, "missing", m, **values)]
    )


def titles_in_window(ctx: Ctx, p: Mapping[str, Any], m: Overrides) -> Outcome:
    """Vars: title_name, count, found, lack, period, found_years, note."""
    kind, code = "titles_in_window", p["code"]
    count, window = int(p["count"]), int(p["window_years"])
    first = ctx.year - window + 1
    restart, _ = ctx.restart()
    found = [y for y in range(max(first, restart), ctx.year + 1) if ctx.hist.holds(code, y)]
    values: dict[str, Any] = {
        "title_name": ctx.name(code),
        "count": count,
        "found": len(found),
        "lack": max(count - len(found), 0),
        "period": period_text(first, ctx.year),
        "found_years": years_text(found),
        "note": _restart_note(ctx, first, restart),
    }
    if len(found) >= count:
        return Outcome(True, ctx.say(kind, "ok", m, **values))
    return Outcome(
        False, ctx.say(kind, "fail", m, **values), [ctx.say(kind, "missing", m, **values)]
    )


def ratings_in_window(ctx: Ctx, p: Mapping[str, Any], m: Overrides) -> Outcome:
    """Vars: min_text, count, found, lack, period, found_years, note."""
    kind, floor = "ratings_in_window", p["min"]
    count, window = int(p["count"]), int(p["window_years"])
    first = ctx.year - window + 1
    restart, _ = ctx.restart()
    need_rank = ctx.catalog.ratings[floor]
    found = [
        y for y in range(max(first, restart), ctx.year + 1) if ctx.hist.rating_rank(y) >= need_rank
    ]
    values: dict[str, Any] = {
        "min_text": ctx.min_text(floor),
        "min_name": ctx.name(floor),
        "count": count,
        "found": len(found),
        "lack": max(count - len(found), 0),
        "period": period_text(first, ctx.year),
        "found_years": years_text(found),
        "note": _restart_note(ctx, first, restart),
    }
    if len(found) >= count:
        return Outcome(True, ctx.say(kind, "ok", m, **values))
    return Outcome(
        False, ctx.say(kind, "fail", m, **values), [ctx.say(kind, "missing", m, **values)]
    )


def prior_award(ctx: Ctx, p: Mapping[str, Any], m: Overrides) -> Outcome:
    """A regular award of `code` at least `min_years_before` years before the judged year (and,
    with after_last_target, after the subject's previous award of the target itself).
    Vars: title_name, prior_year, min_years, latest_year, ready_year, last_target_year."""
    kind, code = "prior_award", p["code"]
    min_years = int(p["min_years_before"])
    latest = ctx.year - min_years
    last_target = None
    if p.get("after_last_target", True):
        earlier = ctx.hist.counting_years(ctx.target, ctx.year - 1)
        last_target = earlier[-1] if earlier else None
    candidates = [
        y for y in ctx.hist.counting_years(code, ctx.year) if last_target is None or y > last_target
    ]
    ready = [y for y in candidates if y <= latest]
    values: dict[str, Any] = {
        "title_name": ctx.name(code),
        "min_years": min_years,
        "latest_year": latest,
        "prior_year": "",
        "ready_year": "",
        "last_target_year": last_target or "",
    }
    if ready:
        values["prior_year"] = ready[-1]
        return Outcome(True, ctx.say(kind, "ok", m, **values))
    if candidates:
        values.update(prior_year=candidates[0], ready_year=candidates[0] + min_years)
        return Outcome(
            False,
            ctx.say(kind, "fail_recent", m, **values),
            [ctx.say(kind, "missing_recent", m, **values)],
        )
    after = last_target is not None
    return Outcome(
        False,
        ctx.say(kind, "none_after" if after else "none", m, **values),
        [ctx.say(kind, "missing_after" if after else "missing", m, **values)],
    )


def any_of(ctx: Ctx, p: Mapping[str, Any], m: Overrides) -> Outcome:
    """The first option that holds (its message is used); else all options' messages.
    Vars: options (failure messages joined), alternatives (missing joined with 'hoặc')."""
    kind = "any_of"
    failures: list[Outcome] = []
    for option in p["options"]:
        trial = list(ctx.consumed)
        sub = Ctx(
            ctx.pack,
            ctx.catalog,
            ctx.target,
            ctx.year,
            ctx.subject,
            ctx.hist,
            trial,
            ctx.quiet,
            ctx.field_prefix,
            ctx.depth,
        )
        out = run_condition(sub, option)
        if out.ok:
            ctx.consumed[:] = trial
            return out
        failures.append(out)
    values = {
        "options": "; ".join(lower_first(f.message) for f in failures),
        "alternatives": join_alternatives([f.missing[0] for f in failures if f.missing]),
    }
    return Outcome(
        False, ctx.say(kind, "fail", m, **values), [ctx.say(kind, "missing", m, **values)]
    )


def collective_ratios(ctx: Ctx, p: Mapping[str, Any], m: Overrides) -> Outcome:
    """Vars: field_name, count, total, pct, min_text, need, lack."""
    kind, name = "collective_ratios", p["field"]
    members = ctx.subject.members
    count = members.get(name)
    field_name = ctx.pack.label("collective_fields", name)
    if count is None:
        raise ContractError(
            f"{ctx.field_prefix}.{name}",
            f"Thiếu số liệu '{field_name}' để xét {ctx.name(ctx.target)}",
        )
    total = members.get("members_total")
    if "min_count" in p:
        need = int(p["min_count"])
        min_text = f"tối thiểu {need}"
    else:
        if total is None:
            raise ContractError(
                f"{ctx.field_prefix}.members_total",
                f"Thiếu tổng số thành viên để xét {ctx.name(ctx.target)}",
            )
        share = as_fraction(p["min_fraction"])
        strict = bool(p.get("strict", False))
        need = math.floor(total * share) + 1 if strict else math.ceil(total * share)
        min_text = f"{'trên' if strict else 'tối thiểu'} {percent_text(share)}"
    values = {
        "field_name": field_name,
        "count": count,
        "total": total if total is not None else "",
        "pct": percent_text(count / total) if total else "0%",
        "min_text": min_text,
        "need": need,
        "lack": max(need - count, 0),
    }
    if count >= need:
        return Outcome(True, ctx.say(kind, "ok_count" if "min_count" in p else "ok", m, **values))
    variant = "fail_count" if "min_count" in p else "fail"
    return Outcome(
        False, ctx.say(kind, variant, m, **values), [ctx.say(kind, "missing", m, **values)]
    )


def cluster_result(ctx: Ctx, p: Mapping[str, Any], m: Overrides) -> Outcome:
    """Vars: rank."""
    del p
    kind = "cluster_result"
    result = ctx.subject.emulation_result or {}
    leading, rank = result.get("leading"), result.get("rank")
    values = {"rank": rank if rank is not None else ""}
    if leading is True or rank == 1:
        return Outcome(True, ctx.say(kind, "ok", m, **values))
    if leading is False or rank is not None:
        return Outcome(
            False, ctx.say(kind, "fail", m, **values), [ctx.say(kind, "missing", m, **values)]
        )
    return Outcome(
        False, ctx.say(kind, "none", m, **values), [ctx.say(kind, "missing", m, **values)]
    )


KINDS: dict[str, Condition] = {
    "min_rating": min_rating,
    "min_months_in_service": min_months_in_service,
    "no_discipline_in_year": no_discipline_in_year,
    "title_standard": title_standard,
    "excellence_or_initiative": excellence_or_initiative,
    "initiative": initiative,
    "consecutive_titles": consecutive_titles,
    "consecutive_ratings": consecutive_ratings,
    "titles_in_window": titles_in_window,
    "ratings_in_window": ratings_in_window,
    "prior_award": prior_award,
    "any_of": any_of,
    "collective_ratios": collective_ratios,
    "cluster_result": cluster_result,
}

assert set(KINDS) == set(KIND_PARAMS), "conditions.KINDS and kinds.KIND_PARAMS diverge"


def run_condition(ctx: Ctx, cond: Mapping[str, Any]) -> Outcome:
    return KINDS[cond["kind"]](ctx, cond.get("params") or {}, cond.get("messages"))
