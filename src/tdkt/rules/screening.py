"""Fast bulk screening: `screen_many` judged once per distinct relevant history.

Across a province most people's histories are alike as far as one target is concerned: LĐTT
looks at the judged year's rating, months and discipline; CSTĐ tỉnh at three years of CSTĐCS
and the initiatives of those years ... For each target the regime pack says which records its
conditions read (which ratings and titles, over how many years; initiatives over which window;
which titles at any time; months, member counts, cluster result). `screen_fast` reduces each
subject's history to that *signature*, judges one representative per distinct signature with
the engine's own `screen_many`, and gives every subject the status of its representative.

The result equals `screen_many` on the same histories (tests and the benchmark check it). It
assumes registry-validated histories (codes known, no year after the judged one is needed);
a condition kind it does not know makes that target fall back to one judgement per subject.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tdkt.rules.engine import load_packs, screen_many
from tdkt.rules.engine.contract import default_decision_date
from tdkt.rules.engine.packs import Catalog, NoRegimeError, Pack, PackSet

MAX_DEPTH = 3  # as conditions.title_standard


@dataclass
class Profile:
    """What the conditions of one target read from a history (union over the packs used)."""

    full: bool = False  # an unknown kind: no reduction
    rating_window: int = 0  # years of ratings up to the judged year
    rating_floors: set[str] = field(default_factory=set)  # the thresholds ratings are held to
    month_floors: set[float] = field(default_factory=set)
    buckets: dict[str | None, int] = field(default_factory=dict)
    codes: dict[str, int] = field(default_factory=dict)  # canonical title -> years read
    all_time: set[str] = field(default_factory=set)  # canonical titles read at any year
    initiative_window: int = 0
    initiative_scopes: set[str] = field(default_factory=set)  # the lowest scopes read
    months: bool = False
    members: bool = False
    emulation: bool = False

    def need(self, code: str, years: int) -> None:
        self.codes[code] = max(self.codes.get(code, 0), years)


def _walk(  # noqa: PLR0917 -- a private recursive walk
    pack: Pack, catalog: Catalog, target: str, cond: Mapping[str, Any], prof: Profile, depth: int
) -> None:
    kind = cond.get("kind")
    p = cond.get("params") or {}
    canon = catalog.canonical
    if kind == "min_rating":
        prof.rating_window = max(prof.rating_window, 1)
        prof.rating_floors.add(p["min"])
    elif kind == "min_months_in_service":
        prof.months = True
        prof.month_floors.add(float(p["min"]))
    elif kind == "no_discipline_in_year":
        pass  # disciplines are always part of the signature
    elif kind == "title_standard":
        code = p["code"]
        prof.need(canon(code), 1)
        spec = pack.target(code, catalog)
        if spec is not None and depth + 1 <= MAX_DEPTH:
            for sub in spec.get("conditions") or []:
                _walk(pack, catalog, code, sub, prof, depth + 1)
    elif kind == "excellence_or_initiative":
        prof.rating_window = max(prof.rating_window, 1)
        prof.rating_floors.add(p["min_rating"])
        prof.initiative_window = max(prof.initiative_window, int(p.get("window_years", 1)))
        prof.initiative_scopes.add(p["initiative_min_scope"])
    elif kind == "initiative":
        prof.initiative_window = max(prof.initiative_window, int(p.get("window_years", 1)))
        prof.initiative_scopes.add(p["min_scope"])
    elif kind == "consecutive_titles":
        if "years" in p:
            years = int(p["years"])
        else:
            years = int(p.get("spacing", 1)) * (int(p["count"]) - 1) + 1
        prof.need(canon(p["code"]), years)
        consumer = p.get("consumed_by")
        if consumer:
            prof.all_time.add(canon(consumer["code"]))
    elif kind == "consecutive_ratings":
        prof.rating_window = max(prof.rating_window, int(p["years"]))
        prof.rating_floors.add(p["min"])
    elif kind == "titles_in_window":
        prof.need(canon(p["code"]), int(p["window_years"]))
    elif kind == "ratings_in_window":
        prof.rating_window = max(prof.rating_window, int(p["window_years"]))
        prof.rating_floors.add(p["min"])
    elif kind == "prior_award":
        prof.all_time.add(canon(p["code"]))
        if p.get("after_last_target", True):
            prof.all_time.add(canon(target))
    elif kind == "any_of":
        for option in p.get("options") or []:
            _walk(pack, catalog, target, option, prof, depth)
    elif kind == "collective_ratios":
        prof.members = True
    elif kind == "cluster_result":
        prof.emulation = True
    else:
        prof.full = True


def profile(packs: Iterable[Pack], catalog: Catalog, target: str, *, horizon: int) -> Profile:
    prof = Profile()
    prof.need(catalog.canonical(target), 1)  # "already awarded for the year"
    for pack in packs:
        spec = pack.target(target, catalog)
        if spec is None:
            continue
        for cond in spec.get("conditions") or []:
            _walk(pack, catalog, target, cond, prof, 0)
    # The projection ("sắp đủ") continues the judged year's rating and titles: it only matters
    # through the ratings and titles the conditions read, already in the profile.
    del horizon
    prof.buckets = _rating_buckets(prof, catalog)
    return prof


def _packs(
    packset: PackSet, year: int, decision_date: Any, overlay: str | None, horizon: int
) -> list[Pack]:
    dates = [default_decision_date(year) if decision_date is None else decision_date]
    dates += [default_decision_date(y) for y in range(year + 1, year + horizon + 1)]
    found = []
    for when in dates:
        on = dt.date.fromisoformat(when) if isinstance(when, str) else when
        try:
            found.append(packset.resolve(on, overlay))
        except NoRegimeError:
            continue
    return found


# --------------------------------------------------------------------------- signatures


class _Plan:
    """The signature layout shared by all targets: the longest windows, read once per subject
    and sliced per target.

    Award states per year: 0 none (or only đột xuất / chuyên đề, which never count), 1 counting,
    2 counting with a regular (công trạng) award. Initiatives: only the unused ones of a scope
    some target reads, as (year, scope rank)."""

    def __init__(
        self, profiles: Iterable[Profile], year: int, horizon: int, catalog: Catalog
    ) -> None:
        profiles = list(profiles)
        self.year, self.horizon = year, horizon
        self.rating_window = max([p.rating_window for p in profiles] + [0])
        self.codes: dict[str, int] = {}
        for prof in profiles:
            for code, years in prof.codes.items():
                self.codes[code] = max(self.codes.get(code, 0), years)
        self.all_time = sorted({c for p in profiles for c in p.all_time})
        self.initiative_windows = sorted({p.initiative_window for p in profiles} - {0})
        scopes = {s for p in profiles for s in p.initiative_scopes}
        self.scope_rank = dict(catalog.scopes)
        self.min_scope = min((catalog.scopes[s] for s in scopes), default=10**6)
        read = set(self.codes) | set(self.all_time)
        self.canonical = {
            code: catalog.canonical(code)
            for code in [*catalog.titles, *catalog.forms]
            if catalog.canonical(code) in read
        }
        self.first_award = year - max([*self.codes.values(), 1]) + 1
        self.rating_years = range(year - self.rating_window + 1, year + 1)
        self.code_years = [
            (code, range(year - years + 1, year + 1)) for code, years in self.codes.items()
        ]
        self.zeros = {code: (0,) * years for code, years in self.codes.items()}
        self.initiative_firsts = [year - w + 1 for w in self.initiative_windows]
        # positions in the tuple of `assemble`
        self.pos_code = {code: 3 + i for i, code in enumerate(self.codes)}
        self.pos_all = {code: 3 + len(self.codes) + i for i, code in enumerate(self.all_time)}
        first_init = 3 + len(self.codes) + len(self.all_time)
        self.pos_init = {w: first_init + i for i, w in enumerate(self.initiative_windows)}

    def parts(self, history: Sequence[Mapping[str, Any]]) -> tuple:
        """The signature components of a contract history (see `assemble`)."""
        year = self.year
        canonical = self.canonical
        ratings: dict[int, str] = {}
        awards: list[tuple] = []
        initiatives: list[tuple[int, int]] = []
        base: list[Any] = []
        for e in history:
            kind = e["type"]
            if kind == "award":
                code = canonical.get(e["code"])
                if code is not None:
                    y = e["year"]
                    award_type = e.get("award_type") or "cong_trang"
                    awards.append((y, code, award_type))
                    if y > year:
                        base.append(("a", y, code, award_type))
            elif kind == "rating":
                ratings[e["year"]] = e["code"]
                if e["year"] > year:
                    base.append(("r", e["year"], e["code"]))
            elif kind == "initiative":
                if e.get("used_by") is None:
                    rank = self.scope_rank.get(e["scope"], 0)
                    if rank >= self.min_scope:
                        initiatives.append((e["year"], rank))
            elif kind == "discipline":
                # Only years matter: a year overlapping a discipline never counts, chains
                # restart the year after it ends.
                end = e.get("to")
                base.append(
                    ("d", int(str(e["from"])[:4]), int(str(end)[:4]) if end else None, e["level"])
                )
            elif kind == "discipline_pending":
                base.append(("p",))
            else:
                base.append(("?", repr(e)))  # unknown: keep it distinct
        return self.assemble(ratings, awards, initiatives, base)

    def parts_of_rows(self, ratings_rows, award_rows, initiative_rows, discipline_rows) -> tuple:
        """The same components from `adapters.PeopleRows` tuples (registry data, <= year)."""
        canonical = self.canonical
        ratings = {y: code for y, code, _m in ratings_rows}
        awards = []
        for y, code, award_type in award_rows:
            canon = canonical.get(code)
            if canon is not None:
                awards.append((y, canon, award_type))
        initiatives = []
        if initiative_rows:
            scope_rank, floor = self.scope_rank, self.min_scope
            for _code, y, scope, used_by in initiative_rows:
                if used_by is None and scope_rank.get(scope, 0) >= floor:
                    initiatives.append((y, scope_rank[scope]))
        base: list[Any] = []
        for state, level, start, end in discipline_rows:
            if state == "annulled":
                continue
            if state == "pending":
                base.append(("p",))
                continue
            if level:
                stop = start if state == "ended" and end is None else end
                base.append(("d", start.year, stop.year if stop else None, level))
            if state == "in_force" and end is None:
                base.append(("p",))
        return self.assemble(ratings, awards, initiatives, base)

    def assemble(self, ratings, awards, initiatives, base) -> tuple:
        """(base, ratings over the longest window, latest rating, award states per code over
        its longest window..., counting years per all-time code..., initiatives per window...)."""
        year = self.year
        states: dict[tuple[str, int], int] = {}
        counting: dict[str, set[int]] = {}
        for y, code, award_type in awards:
            if award_type in NON_COUNTING:
                state = 0
            else:
                state = 2 if award_type == "cong_trang" else 1
                if y <= year:
                    counting.setdefault(code, set()).add(y)
            key = (code, y)
            if state > states.get(key, 0):
                states[key] = state
        out: list[Any] = [
            tuple(sorted(set(base))) if base else (),
            tuple(ratings.get(y) for y in self.rating_years),
        ]
        if self.horizon > 0:
            past = [y for y in ratings if y <= year]
            out.append(ratings[max(past)] if past else None)
        else:
            out.append(None)
        present = {code for code, _y in states}
        zeros = self.zeros
        for code, years in self.code_years:
            if code in present:
                out.append(tuple(states.get((code, y), 0) for y in years))
            else:
                out.append(zeros[code])
        for code in self.all_time:
            found = counting.get(code)
            out.append(tuple(sorted(found)) if found else ())
        if initiatives:
            initiatives.sort()
            for first in self.initiative_firsts:
                out.append(tuple(i for i in initiatives if first <= i[0] <= year))
        else:
            out.extend(() for _ in self.initiative_firsts)
        return tuple(out)


NON_COUNTING = frozenset({"chuyen_de", "dot_xuat"})


def _rating_buckets(prof: Profile, catalog: Catalog) -> dict[str | None, int]:
    """Each rating as the number of the profile's thresholds it reaches (no rating: 0): the
    conditions only compare ratings with these thresholds."""
    floors = sorted(catalog.ratings[f] for f in prof.rating_floors)
    buckets: dict[str | None, int] = {None: 0}
    for code, rank in catalog.ratings.items():
        buckets[code] = sum(rank >= f for f in floors)
    return buckets


def _signature(prof: Profile, plan: _Plan, subject: Mapping[str, Any], parts: tuple) -> Hashable:
    sig: list[Any] = [subject.get("kind", "individual"), parts[0]]
    if prof.rating_window:
        buckets = prof.buckets
        sig.append(tuple(buckets[c] for c in parts[1][plan.rating_window - prof.rating_window :]))
        if plan.horizon > 0:
            sig.append(buckets[parts[2]])
    for code, years in prof.codes.items():
        sig.append(parts[plan.pos_code[code]][plan.codes[code] - years :])
    for code in prof.all_time:
        sig.append(parts[plan.pos_all[code]])
    if prof.initiative_window:
        rank = min(plan.scope_rank[s] for s in prof.initiative_scopes)
        sig.append(tuple(i for i in parts[plan.pos_init[prof.initiative_window]] if i[1] >= rank))
    if prof.months:
        months = subject.get("months_in_service")
        sig.append(None if months is None else tuple(months >= f for f in prof.month_floors))
    if prof.members:
        sig.append(tuple(sorted((k, v) for k, v in subject.items() if k.startswith("members"))))
    if prof.emulation:
        sig.append(repr(subject.get("emulation_result")))
    return tuple(sig)


def _reduced(
    entry: Mapping[str, Any],
    prof: Profile,
    *,
    year: int,
    horizon: int,
    canon: Any,
    scopes: Mapping[str, int],
) -> dict[str, Any]:
    """`entry` with only the records `prof` reads (what the signature holds): the engine judges
    the representative faster on it, with the same result."""
    first_rating = year - prof.rating_window + 1
    first_init = year - prof.initiative_window + 1
    if prof.initiative_scopes:
        floor = min(scopes[s] for s in prof.initiative_scopes)
        allowed_scopes = {s for s, rank in scopes.items() if rank >= floor}
    else:
        allowed_scopes = set()
    history = entry.get("history") or ()
    latest = None
    if horizon > 0:
        past = [e["year"] for e in history if e["type"] == "rating" and e["year"] <= year]
        latest = max(past) if past else None
    kept = []
    for e in history:
        kind = e["type"]
        if kind == "rating":
            y = e["year"]
            if first_rating <= y <= year or y == latest or y > year:
                kept.append(e)
        elif kind == "award":
            y, code = e["year"], canon(e["code"])
            years = prof.codes.get(code)
            if (
                y > year
                or code in prof.all_time
                or (years is not None and year - years + 1 <= y <= year)
            ):
                kept.append(e)
        elif kind == "initiative":
            if (
                prof.initiative_window
                and first_init <= e["year"] <= year
                and e.get("used_by") is None
                and e["scope"] in allowed_scopes
            ):
                kept.append(e)
        else:
            kept.append(e)
    return {"subject": entry.get("subject") or {"kind": "individual"}, "history": kept}


def _setup(
    packset: PackSet,
    *,
    targets: Sequence[str],
    year: int,
    decision_date: Any,
    overlay: str | None,
    horizon: int,
) -> tuple[dict[str, Profile], _Plan] | None:
    catalog = packset.catalog
    used = _packs(packset, year, decision_date, overlay, horizon)
    if not used or not all(isinstance(t, str) and catalog.is_honour(t) for t in targets):
        return None
    profiles = {t: profile(used, catalog, t, horizon=horizon) for t in targets}
    return profiles, _Plan(profiles.values(), year, horizon, catalog)


def _judge(
    subjects: Iterable[tuple[Hashable, Mapping[str, Any], tuple]],
    entry_of: Any,
    targets: list[str],
    year: int,
    decision_date: Any,
    *,
    profiles: dict[str, Profile],
    plan: _Plan,
    packset: PackSet,
    today: dt.date | None,
    overlay: str | None,
    horizon: int,
) -> dict[Hashable, dict[str, str]]:
    """subjects: (key, subject dict, parts); entry_of(key) -> the contract entry."""
    catalog = packset.catalog
    items = [(t, profiles[t]) for t in targets]
    reps: dict[str, dict[Hashable, Hashable]] = {t: {} for t in targets}
    by_parts: dict[Hashable, tuple] = {}  # the same parts and subject: the same signatures
    chosen: dict[Hashable, tuple] = {}
    for key, subject, parts in subjects:
        memo_key = (parts, subject.get("kind"), subject.get("months_in_service"))
        sigs = by_parts.get(memo_key)
        if sigs is None or any(prof.full or prof.members or prof.emulation for _t, prof in items):
            sigs = tuple(
                (key,) if prof.full else _signature(prof, plan, subject, parts)
                for _t, prof in items
            )
            by_parts[memo_key] = sigs
        for (t, _prof), sig in zip(items, sigs, strict=True):
            seen = reps[t]
            if sig not in seen:
                seen[sig] = key
        chosen[key] = sigs
    decided: dict[str, dict[Hashable, str]] = {}
    for t, prof in items:
        batch = {}
        for rep in reps[t].values():
            entry = entry_of(rep)
            batch[rep] = (
                entry
                if prof.full
                else _reduced(
                    entry,
                    prof,
                    year=year,
                    horizon=horizon,
                    canon=catalog.canonical,
                    scopes=catalog.scopes,
                )
            )
        statuses = screen_many(
            batch,
            [t],
            year,
            decision_date,
            today=today,
            overlay=overlay,
            packs=packset,
            horizon=horizon,
        )
        decided[t] = {sig: statuses[rep][t] for sig, rep in reps[t].items()}
    return {
        key: {t: decided[t][sig] for t, sig in zip(targets, sigs, strict=True)}
        for key, sigs in chosen.items()
    }


def screen_fast(
    subjects_histories: Mapping[Hashable, Mapping[str, Any]],
    targets: Sequence[str],
    year: int,
    decision_date: dt.date | str | None = None,
    *,
    today: dt.date | None = None,
    overlay: str | None = None,
    packs: PackSet | None = None,
    horizon: int = 1,
) -> dict[Hashable, dict[str, str]]:
    """Same result as ``screen_many(subjects_histories, targets, year, ...)``, judging one
    representative per distinct relevant history and target."""
    packset = packs if packs is not None else load_packs()
    targets, horizon = list(targets), max(horizon, 0)
    setup = _setup(
        packset,
        targets=targets,
        year=year,
        decision_date=decision_date,
        overlay=overlay,
        horizon=horizon,
    )
    if setup is None:  # let the engine raise its contract error
        return screen_many(
            subjects_histories,
            targets,
            year,
            decision_date,
            today=today,
            overlay=overlay,
            packs=packset,
            horizon=horizon,
        )
    profiles, plan = setup
    subjects = (
        (
            key,
            entry.get("subject") or {"kind": "individual"},
            plan.parts(entry.get("history") or ()),
        )
        for key, entry in subjects_histories.items()
    )
    return _judge(
        subjects,
        subjects_histories.__getitem__,
        targets,
        year,
        decision_date,
        profiles=profiles,
        plan=plan,
        packset=packset,
        today=today,
        overlay=overlay,
        horizon=horizon,
    )


def screen_people(
    rows: Any,
    targets: Sequence[str],
    year: int,
    *,
    today: dt.date | None = None,
    overlay: str | None = None,
    packs: PackSet | None = None,
    horizon: int = 1,
) -> dict[int, dict[str, str]]:
    """`screen_fast` straight from `adapters.people_rows(scope, year)` (keyed by person id):
    the contract entry is built only for the representatives."""
    packset = packs if packs is not None else load_packs()
    targets, horizon = list(targets), max(horizon, 0)
    setup = _setup(
        packset,
        targets=targets,
        year=year,
        decision_date=None,
        overlay=overlay,
        horizon=horizon,
    )
    people = {row[0]: row for row in rows.people}
    if setup is None:
        entries = {pk: rows.entry(row) for pk, row in people.items()}
        return screen_many(
            entries, targets, year, today=today, overlay=overlay, packs=packset, horizon=horizon
        )
    profiles, plan = setup
    empty: tuple = ()
    ratings, awards = rows.ratings, rows.awards
    initiatives, disciplines = rows.initiatives, rows.disciplines
    parts_of = plan.parts_of_rows
    subject_of = rows.subject

    def subjects():
        for pk, row in people.items():
            rating_rows = ratings.get(pk, empty)
            yield (
                pk,
                subject_of(row, rating_rows),
                parts_of(
                    rating_rows,
                    awards.get(pk, empty),
                    initiatives.get(pk, empty),
                    disciplines.get(pk, empty),
                ),
            )

    return _judge(
        subjects(),
        lambda pk: rows.entry(people[pk]),
        targets,
        year,
        None,
        profiles=profiles,
        plan=plan,
        packset=packset,
        today=today,
        overlay=overlay,
        horizon=horizon,
    )
