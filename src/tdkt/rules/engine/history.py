"""An index over one subject's history, built once and queried by every condition.

Every lookup a condition needs (rating of a year, title held in a year, unused initiatives,
disciplines overlapping a year, where chains restart) is a dictionary access or a walk over a
handful of disciplines, so screening many targets never rescans the raw history.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tdkt.rules.engine.contract import Discipline, History, Initiative
from tdkt.rules.engine.kinds import NON_COUNTING_AWARD_TYPES
from tdkt.rules.engine.packs import Catalog

NO_RESTART = -1


@dataclass
class HistoryIndex:
    catalog: Catalog
    ratings: dict[int, str]
    awards: dict[str, dict[int, frozenset[str]]]  # canonical code -> year -> award types
    initiatives: tuple[Initiative, ...]
    disciplines: tuple[Discipline, ...]
    pending: bool
    _restart_cache: dict[tuple[int, int], tuple[int, Discipline | None]] = field(
        default_factory=dict, repr=False
    )

    @classmethod
    def build(cls, history: History, catalog: Catalog) -> HistoryIndex:
        awards: dict[str, dict[int, set[str]]] = {}
        for award in history.awards:
            years = awards.setdefault(catalog.canonical(award.code), {})
            years.setdefault(award.year, set()).add(award.award_type)
        return cls(
            catalog=catalog,
            ratings={r.year: r.code for r in history.ratings},
            awards={c: {y: frozenset(t) for y, t in ys.items()} for c, ys in awards.items()},
            initiatives=tuple(
                sorted(history.initiatives, key=lambda i: (catalog.scopes[i.scope], i.year, i.id))
            ),
            disciplines=history.disciplines,
            pending=history.pending,
        )

    # ------------------------------------------------------------------ ratings

    def rating(self, year: int) -> str | None:
        return self.ratings.get(year)

    def rating_rank(self, year: int) -> int:
        code = self.ratings.get(year)
        return self.catalog.ratings[code] if code else 0

    def latest_rating(self, up_to: int) -> str | None:
        years = [y for y in self.ratings if y <= up_to]
        return self.ratings[max(years)] if years else None

    # ------------------------------------------------------------------ awards

    def holds(self, code: str, year: int) -> bool:
        """The title/form (or its twin) is held for `year` as a regular (counting) award."""
        types = self.awards.get(self.catalog.canonical(code), {}).get(year)
        return bool(types) and not types <= NON_COUNTING_AWARD_TYPES

    def holds_non_counting_only(self, code: str, year: int) -> bool:
        types = self.awards.get(self.catalog.canonical(code), {}).get(year)
        return bool(types) and types <= NON_COUNTING_AWARD_TYPES

    def awarded(self, code: str, year: int, award_type: str = "cong_trang") -> bool:
        types = self.awards.get(self.catalog.canonical(code), {}).get(year)
        return bool(types) and award_type in types

    def counting_years(self, code: str, up_to: int) -> list[int]:
        years = self.awards.get(self.catalog.canonical(code), {})
        return sorted(
            y for y, t in years.items() if y <= up_to and not t <= NON_COUNTING_AWARD_TYPES
        )

    def any_award_years(self, code: str, up_to: int) -> list[int]:
        years = self.awards.get(self.catalog.canonical(code), {})
        return sorted(y for y in years if y <= up_to)

    # ------------------------------------------------------------------ initiatives

    def usable_initiatives(
        self, first: int, last: int, min_scope: str, exclude: Iterable[str] = ()
    ) -> list[Initiative]:
        """Unused initiatives of scope >= `min_scope` recognised in [first, last], lowest
        adequate scope first (so higher-scope ones stay available for higher awards)."""
        floor = self.catalog.scopes[min_scope]
        excluded = set(exclude)
        return [
            i
            for i in self.initiatives
            if first <= i.year <= last
            and i.used_by is None
            and self.catalog.scopes[i.scope] >= floor
            and i.id not in excluded
        ]

    def used_initiatives(self, first: int, last: int, min_scope: str) -> list[Initiative]:
        floor = self.catalog.scopes[min_scope]
        return [
            i
            for i in self.initiatives
            if first <= i.year <= last
            and i.used_by is not None
            and self.catalog.scopes[i.scope] >= floor
        ]

    # ------------------------------------------------------------------ discipline

    def disciplines_in(self, year: int, min_level: str) -> list[Discipline]:
        floor = self.catalog.discipline_levels[min_level]
        return [
            d
            for d in self.disciplines
            if self.catalog.discipline_levels[d.level] >= floor and d.overlaps_year(year)
        ]

    def restart_year(self, year: int, min_level: str) -> tuple[int, Discipline | None]:
        """First year whose achievements count when judging `year`: achievements restart after
        the end of the last discipline (of level >= `min_level`) begun by the end of `year`;
        a year overlapping a discipline never counts. NO_RESTART when no discipline applies."""
        floor = self.catalog.discipline_levels[min_level]
        key = (year, floor)
        cached = self._restart_cache.get(key)
        if cached is not None:
            return cached
        restart, cause = NO_RESTART, None
        for d in self.disciplines:
            if self.catalog.discipline_levels[d.level] < floor or d.start.year > year:
                continue
            end_year = d.end.year if d.end is not None else 10_000
            if end_year + 1 > restart:
                restart, cause = end_year + 1, d
        self._restart_cache[key] = (restart, cause)
        return restart, cause

    def ongoing_discipline(self, year: int) -> Discipline | None:
        for d in self.disciplines:
            if d.end is None and d.start.year <= year:
                return d
        return None

    # ------------------------------------------------------------------ projection

    def extended(
        self,
        years: Iterable[int],
        *,
        rating: str | None,
        titles: Iterable[str],
        initiative_scope: str | None = None,
    ) -> HistoryIndex:
        """A copy with `years` added as if the current rating and titles continued (and, when
        `initiative_scope` is given, one fresh initiative of that scope each year)."""
        ratings = dict(self.ratings)
        awards = {code: dict(years_) for code, years_ in self.awards.items()}
        initiatives = list(self.initiatives)
        canon_titles = {self.catalog.canonical(t) for t in titles}
        for year in years:
            if rating is not None:
                ratings[year] = rating
            for code in canon_titles:
                awards.setdefault(code, {})[year] = frozenset({"cong_trang"})
            if initiative_scope is not None:
                initiatives.append(Initiative(year, f"(dự kiến {year})", initiative_scope, None))
        return HistoryIndex(
            catalog=self.catalog,
            ratings=ratings,
            awards=awards,
            initiatives=tuple(
                sorted(initiatives, key=lambda i: (self.catalog.scopes[i.scope], i.year, i.id))
            ),
            disciplines=self.disciplines,
            pending=self.pending,
        )
