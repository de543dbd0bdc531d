"""From the registry to the rules contract: the history of subjects as contract §1 dicts.

The engine (`tdkt.rules.engine`) is pure and judges only what it is given; this module reads the
database and builds, for each subject, ``{"subject": {...}, "history": [...]}``:

- ratings (`YearlyRating`, valid), awards (`AwardRecord`, valid, with ``award_type``), the
  initiatives the subject authored (individuals) or recognised in the unit (collectives), with
  ``used_by`` the honour code of the award they already served, and discipline records
  (annulled ones dropped; ``pending`` or in force without an end → ``discipline_pending``);
- individuals: ``months_in_service`` of the judged year from the rating, else from the dates of
  employment; ``female`` from the sex when known;
- collectives: ``members_total``, ``members_completed_tasks``, ``members_ldtt`` and
  ``members_cstdcs`` of the judged year (see :func:`_members`).

`histories_for_scope` reads a whole scope (a unit's subtree, a unit queryset or a user's scope)
in a fixed number of queries whatever its size: tuples from ``values_list``, no model instances.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from tdkt.orgs.models import Unit, UnitSuccession
from tdkt.people.models import Person
from tdkt.registry.models import AwardRecord, DisciplineRecord, Initiative, YearlyRating

INDIVIDUAL, COLLECTIVE, HOUSEHOLD = "individual", "collective", "household"
SUBJECT_FIELDS = {INDIVIDUAL: "person", COLLECTIVE: "collective", HOUSEHOLD: "household"}
VALID = "valid"

#: Ratings that count as "completed tasks" (hoàn thành nhiệm vụ trở lên).
COMPLETED_RATINGS = frozenset({"HTXSNV", "HTTNV", "HTNV"})
#: Titles that prove the Lao động tiên tiến standard of a member (a CSTĐ meets it too).
LDTT_TITLES = frozenset({"LDTT", "CSTT", "CSTDCS", "CSTD_TINH", "CSTDTQ"})
#: Titles that count as Chiến sĩ thi đua cơ sở of a member (or higher).
CSTDCS_TITLES = frozenset({"CSTDCS", "CSTD_TINH", "CSTDTQ"})
#: Unit kinds whose people also count as members of the unit above (internal departments).
INTERNAL_KINDS = frozenset({"phong_ban"})

Key = Hashable


# --------------------------------------------------------------------------- small helpers


def months_worked(start: dt.date | None, end: dt.date | None, year: int) -> float | None:
    """Months worked in `year` between `start` and `end` (either may be None), in whole months
    plus the fraction of partial ones; None when neither date says anything about `year`."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    lo = start if start is not None and start > first else None
    hi = end if end is not None and end < last else None
    if start is not None and start > last:
        return 0.0
    if end is not None and end < first:
        return 0.0
    if lo is None and hi is None:
        return None
    lo, hi = lo or first, hi or last
    if hi < lo:
        return 0.0
    if lo.month == hi.month:
        days = calendar.monthrange(year, lo.month)[1]
        return round((hi.day - lo.day + 1) / days, 2)
    lo_days = calendar.monthrange(year, lo.month)[1]
    hi_days = calendar.monthrange(year, hi.month)[1]
    months = (lo_days - lo.day + 1) / lo_days + (hi.month - lo.month - 1) + hi.day / hi_days
    return round(min(months, 12.0), 2)


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _discipline_entries(state: str, level: str | None, start, end) -> tuple[dict | None, bool]:
    """(the contract's discipline entry or None, whether discipline is pending now)."""
    if state == "annulled":
        return None, False
    if state == "pending":
        return None, True
    if not level:
        return None, state == "in_force" and end is None
    if state == "ended" and end is None:
        end = start
    entry = {"type": "discipline", "from": start.isoformat(), "to": _iso(end), "level": level}
    return entry, state == "in_force" and end is None


# --------------------------------------------------------------------------- the collector


class _Collector:
    """Accumulates contract history entries per output key."""

    def __init__(self) -> None:
        self.history: dict[Key, list[dict[str, Any]]] = defaultdict(list)
        self.pending: set[Key] = set()
        self.rating_years: dict[Key, dict[int, tuple[int, str]]] = defaultdict(dict)
        self.months: dict[Key, int] = {}

    def ratings(self, rows: Iterable[tuple], key_of: Callable, rank_of: Callable, year: int):
        """rows: (subject id, year, rating code, months). With several units in one lineage the
        rating of the unit nearest to the subject (lowest rank) wins: one rating per year."""
        for sid, y, code, months in rows:
            key = key_of(sid)
            if key is None:
                continue
            rank = rank_of(sid)
            seen = self.rating_years[key].get(y)
            if seen is not None and seen[0] <= rank:
                continue
            self.rating_years[key][y] = (rank, code)
            if y == year and months is not None:
                self.months[key] = months

    def awards(self, rows: Iterable[tuple], key_of: Callable) -> None:
        for sid, y, code, award_type in rows:
            key = key_of(sid)
            if key is not None:
                self.history[key].append(
                    {"type": "award", "year": y, "code": code, "award_type": award_type}
                )

    def initiatives(self, rows: Iterable[tuple], key_of: Callable) -> None:
        for sid, code, y, scope, used_by in rows:
            key = key_of(sid)
            if key is not None:
                self.history[key].append(
                    {
                        "type": "initiative",
                        "year": y,
                        "id": code,
                        "scope": scope,
                        "used_by": used_by,
                    }
                )

    def disciplines(self, rows: Iterable[tuple], key_of: Callable) -> None:
        for sid, state, level, start, end in rows:
            key = key_of(sid)
            if key is None:
                continue
            entry, pending = _discipline_entries(state, level, start, end)
            if entry is not None:
                self.history[key].append(entry)
            if pending:
                self.pending.add(key)

    def history_of(self, key: Key) -> list[dict[str, Any]]:
        entries = [
            {"type": "rating", "year": y, "code": code}
            for y, (_rank, code) in sorted(self.rating_years.get(key, {}).items())
        ]
        entries.extend(self.history.get(key, ()))
        if key in self.pending:
            entries.append({"type": "discipline_pending"})
        return entries


def _read(
    collector: _Collector,
    kind: str,
    where: Q,
    *,
    key_of: Callable,
    rank_of: Callable,
    year: int,
    initiatives_where: Q | None,
) -> None:
    """The four history queries of one subject kind (three for households)."""
    field = SUBJECT_FIELDS[kind]
    sid = f"{field}_id"
    collector.ratings(
        YearlyRating.objects.filter(where, status=VALID, year__lte=year)
        .values_list(sid, "year", "rating_id", "months_in_service")
        .order_by(),
        key_of,
        rank_of,
        year,
    )
    collector.awards(
        AwardRecord.objects.filter(where, status=VALID, year_to__lte=year)
        .values_list(sid, "year_to", "honour_id", "award_type_id")
        .order_by(),
        key_of,
    )
    if initiatives_where is not None:
        if kind == INDIVIDUAL:
            rows = (
                Initiative.authors.through.objects.filter(
                    initiatives_where, initiative__status=VALID, initiative__year__lte=year
                )
                .values_list(
                    "person_id",
                    "initiative__code",
                    "initiative__year",
                    "initiative__scope_id",
                    "initiative__used_for__honour_id",
                )
                .order_by()
            )
        else:
            rows = (
                Initiative.objects.filter(initiatives_where, status=VALID, year__lte=year)
                .values_list("unit_id", "code", "year", "scope_id", "used_for__honour_id")
                .order_by()
            )
        collector.initiatives(rows, key_of)
    collector.disciplines(
        DisciplineRecord.objects.filter(where)
        .values_list(sid, "state", "level_id", "start", "end")
        .order_by(),
        key_of,
    )


def _person_subject(row: tuple, months: int | None, year: int) -> dict[str, Any]:
    """row: (id, employment_start, left_on, sex)."""
    _pk, start, left_on, sex = row
    subject: dict[str, Any] = {"kind": INDIVIDUAL}
    if months is None:
        months = months_worked(start, left_on, year)
    if months is not None:
        subject["months_in_service"] = months
    if sex in ("F", "M"):
        subject["female"] = sex == "F"
    return subject


# --------------------------------------------------------------------------- collectives


def _collapse(paths: Iterable[str]) -> list[str]:
    """The shortest set of path prefixes covering `paths` (a subtree inside another goes)."""
    result: list[str] = []
    for path in sorted(set(paths)):
        if not result or not path.startswith(result[-1]):
            result.append(path)
    return result


def _ranges_q(prefix: str, paths: Iterable[str]) -> Q:
    """Units (at relation `prefix`, e.g. "unit_at_time__") inside the subtrees of `paths`."""
    q = Q(**{f"{prefix}pk__in": []})
    for path in _collapse(paths):
        q |= Q(**{f"{prefix}path__gte": path, f"{prefix}path__lt": path + "~"})
    return q


def _lineages(unit_ids: Iterable[int]) -> dict[int, list[int]]:
    """unit id -> [itself, the units it succeeded, transitively] (one query)."""
    links: dict[int, list[int]] = defaultdict(list)
    for pred, succ in UnitSuccession.objects.values_list("predecessor_id", "successor_id"):
        links[succ].append(pred)
    result = {}
    for uid in unit_ids:
        seen, stack = [uid], [uid]
        while stack:
            for pred in links.get(stack.pop(), ()):
                if pred not in seen:
                    seen.append(pred)
                    stack.append(pred)
        result[uid] = seen
    return result


def _collective_histories(
    lineages: dict[int, list[int]], year: int, units: dict[int, tuple[int | None, str, str]]
) -> dict[int, dict[str, Any]]:
    """Contract entries of the collectives `lineages` (current unit -> [itself, predecessors]);
    `units`: id -> (parent id, kind, path) of every unit (or at least of the lineages and their
    subtrees). Six queries."""
    owner_of: dict[int, int] = {}  # a lineage unit -> the current collective it belongs to
    rank: dict[int, int] = {}
    for uid, lineage in lineages.items():
        for i, member in enumerate(lineage):
            if member not in owner_of or i < rank[member]:
                owner_of[member], rank[member] = uid, i
    paths = [units[u][2] for u in owner_of if u in units]
    collector = _Collector()
    _read(
        collector,
        COLLECTIVE,
        _ranges_q("collective__", paths),
        key_of=owner_of.get,
        rank_of=lambda sid: rank.get(sid, 0),
        year=year,
        initiatives_where=_ranges_q("unit__", paths),
    )
    # Member units: the lineage units and the internal departments below them.
    tree = {pk: (parent, kind) for pk, (parent, kind, _path) in units.items()}
    owners = _owners(tree, set(owner_of))
    member_units = {
        uid: sorted({owner_of[o] for o in chain}) for uid, chain in owners.items() if chain
    }
    people = (
        Person.objects.filter(_ranges_q("unit__", paths), is_active=True)
        .values_list("pk", "unit_id", "employment_start")
        .order_by()
    )
    counts = _members(year, member_units, paths, people)
    empty = {
        "members_total": 0,
        "members_completed_tasks": 0,
        "members_ldtt": 0,
        "members_cstdcs": 0,
    }
    return {
        uid: {
            "subject": {"kind": COLLECTIVE, **counts.get(uid, empty)},
            "history": collector.history_of(uid),
        }
        for uid in lineages
    }


def _owners(units: dict[int, tuple[int | None, str]], roots: set[int]) -> dict[int, list[int]]:
    """For each unit, the collectives among `roots` its people are members of: itself and,
    through internal departments (phòng, ban, khoa, tổ), the units above."""
    owners: dict[int, list[int]] = {}
    for uid in units:
        chain = [uid]
        cur = uid
        while units[cur][1] in INTERNAL_KINDS and units[cur][0] in units:
            cur = units[cur][0]
            chain.append(cur)
        owners[uid] = [u for u in chain if u in roots]
    return owners


def _members(
    year: int,
    member_units: dict[int, list[int]],
    paths: list[str],
    people: Iterable[tuple[int, int, dt.date | None]],
) -> dict[int, dict[str, int]]:
    """The member counts of each collective for `year`.

    Members of a collective are the people rated for `year` in one of its member units
    (`member_units`: unit id -> the collectives it belongs to), plus the people working there
    now (`people`: (id, unit id, employment start)) who have no rating for `year` and had
    started by then. Completed tasks: rated HTNV or better; LĐTT: holding LĐTT (or CSTT, or a
    Chiến sĩ thi đua title) for `year`; CSTĐCS: holding CSTĐCS or higher for `year`.
    """
    members: dict[int, set[int]] = defaultdict(set)  # person -> collectives
    completed: set[int] = set()
    for person_id, unit_id, code in (
        YearlyRating.objects.filter(
            _ranges_q("unit_at_time__", paths), subject_kind=INDIVIDUAL, status=VALID, year=year
        )
        .values_list("person_id", "unit_at_time_id", "rating_id")
        .order_by()
    ):
        owners = member_units.get(unit_id)
        if owners:
            members[person_id].update(owners)
            if code in COMPLETED_RATINGS:
                completed.add(person_id)
    rated = set(members)
    for person_id, unit_id, start in people:
        if person_id in rated or (start is not None and start.year > year):
            continue
        owners = member_units.get(unit_id)
        if owners:
            members[person_id].update(owners)
    ldtt: set[int] = set()
    cstdcs: set[int] = set()
    awards = (
        AwardRecord.objects.filter(
            _ranges_q("unit_at_time__", paths) | _ranges_q("person__unit__", paths),
            subject_kind=INDIVIDUAL,
            status=VALID,
            year_to=year,
            honour_id__in=sorted(LDTT_TITLES | CSTDCS_TITLES),
        )
        .values_list("person_id", "honour_id")
        .order_by()
    )
    for person_id, code in awards:
        if code in LDTT_TITLES:
            ldtt.add(person_id)
        if code in CSTDCS_TITLES:
            cstdcs.add(person_id)
    counts: dict[int, dict[str, int]] = {}
    for person_id, owners in members.items():
        for owner in owners:
            row = counts.get(owner)
            if row is None:
                row = counts[owner] = {
                    "members_total": 0,
                    "members_completed_tasks": 0,
                    "members_ldtt": 0,
                    "members_cstdcs": 0,
                }
            row["members_total"] += 1
            row["members_completed_tasks"] += person_id in completed
            row["members_ldtt"] += person_id in ldtt
            row["members_cstdcs"] += person_id in cstdcs
    return counts


# --------------------------------------------------------------------------- one subject


def history_for_subject(
    kind: str, ids: list[int] | tuple[int, ...] | int, *, year: int
) -> dict[str, Any]:
    """The contract entry ``{"subject": {...}, "history": [...]}`` of one subject for `year`.

    `ids`: the person (or household) id, or a unit and the units it succeeded
    (``unit_lineage_ids``) whose records make one collective's history; when two of them were
    rated for the same year, the first one's rating counts.
    """
    if kind not in SUBJECT_FIELDS:
        raise ValueError(f"Loại đối tượng không hợp lệ: {kind!r}")
    ids = [ids] if isinstance(ids, int) else list(ids)
    if kind == COLLECTIVE:
        paths = list(Unit.objects.filter(pk__in=ids).values_list("path", flat=True))
        units = {
            pk: (parent, kind_, path)
            for pk, parent, kind_, path in Unit.objects.filter(_ranges_q("", paths))
            .values_list("pk", "parent_id", "kind", "path")
            .order_by()
        }
        return _collective_histories({ids[0]: ids}, year, units)[ids[0]]
    collector = _Collector()
    field = SUBJECT_FIELDS[kind]
    _read(
        collector,
        kind,
        Q(**{f"{field}_id__in": ids}),
        key_of=_zero,
        rank_of=_zero,
        year=year,
        initiatives_where=Q(person_id__in=ids) if kind == INDIVIDUAL else None,
    )
    history = collector.history_of(0)
    if kind == HOUSEHOLD:
        return {"subject": {"kind": HOUSEHOLD}, "history": history}
    row = (
        Person.objects.filter(pk=ids[0])
        .values_list("pk", "employment_start", "left_on", "sex")
        .first()
    )
    subject = _person_subject(row, collector.months.get(0), year) if row else {"kind": INDIVIDUAL}
    return {"subject": subject, "history": history}


# --------------------------------------------------------------------------- a whole scope


def _scope_q(scope: Any) -> Q:
    """A Q over Unit fields for a Unit (its subtree), a Unit queryset (those units) or a
    `tdkt.accounts.selectors.Scope` (its units)."""
    if isinstance(scope, Unit):
        return Q(path__gte=scope.path, path__lt=scope.path + "~")
    if isinstance(scope, QuerySet):
        if scope.model is not Unit:
            raise TypeError("histories_for_scope: cần một QuerySet của Unit")
        return Q(pk__in=scope.order_by().values("pk"))
    if hasattr(scope, "is_global") and hasattr(scope, "q"):
        return scope.q("")
    raise TypeError(f"histories_for_scope: phạm vi không hợp lệ: {scope!r}")


def _prefixed(q: Q, prefix: str) -> Q:
    """`q` over Unit fields ("path__gte", "pk__in" ...) re-rooted at `prefix` ("unit__")."""
    result = Q()
    result.connector, result.negated = q.connector, q.negated
    for child in q.children:
        if isinstance(child, Q):
            result.children.append(_prefixed(child, prefix))
        else:
            name, value = child
            result.children.append((prefix + name, value))
    return result


def histories_for_scope(
    scope: Any,
    year: int,
    *,
    kinds: Iterable[str] = (INDIVIDUAL, COLLECTIVE),
    on: dt.date | None = None,
) -> dict[tuple[str, int], dict[str, Any]]:
    """The contract entries of every subject of `scope` for `year`, keyed ``(kind, id)``: the
    people working in the scope now (individuals) and its units in force on `on` (collectives,
    each with the history of the units it succeeded).

    `scope`: a Unit (its subtree), a Unit queryset (those units) or an access Scope. Runs a fixed
    number of queries (5 for individuals, 9 for collectives) whatever the number of subjects.
    """
    kinds = set(kinds)
    unit_q = _scope_q(scope)
    result: dict[tuple[str, int], dict[str, Any]] = {}
    if INDIVIDUAL in kinds:
        rows = people_rows(scope, year)
        for row in rows.people:
            result[(INDIVIDUAL, row[0])] = rows.entry(row)
    if COLLECTIVE in kinds:
        on = on or timezone.localdate()
        in_scope = set(
            Unit.objects.filter(unit_q)
            .filter(
                Q(valid_from__isnull=True) | Q(valid_from__lte=on),
                Q(valid_to__isnull=True) | Q(valid_to__gte=on),
            )
            .values_list("pk", flat=True)
        )
        units = {
            pk: (parent, kind, path)
            for pk, parent, kind, path in Unit.objects.values_list(
                "pk", "parent_id", "kind", "path"
            ).order_by("path")
        }
        current = [pk for pk in units if pk in in_scope]
        for uid, entry in _collective_histories(_lineages(current), year, units).items():
            result[(COLLECTIVE, uid)] = entry
    return result


def _zero(_sid: int) -> int:
    return 0


# --------------------------------------------------------------------------- raw rows


class PeopleRows:
    """The history rows of the people of a scope, grouped by person (tuples, no dicts): the
    bulk screening reads them directly and builds contract entries only where it needs them.

    ratings: (year, code, months); awards: (year, code, award type); initiatives: (code, year,
    scope, used_by); disciplines: (state, level, start, end).
    """

    __slots__ = ("awards", "disciplines", "initiatives", "people", "ratings", "year")

    def __init__(self, year: int) -> None:
        self.year = year
        self.people: list[tuple] = []
        self.ratings: dict[int, list[tuple]] = defaultdict(list)
        self.awards: dict[int, list[tuple]] = defaultdict(list)
        self.initiatives: dict[int, list[tuple]] = defaultdict(list)
        self.disciplines: dict[int, list[tuple]] = defaultdict(list)

    def subject(self, row: tuple, rating_rows: Iterable[tuple]) -> dict[str, Any]:
        """The contract subject of the person of `row`."""
        months = None
        for y, _code, m in rating_rows:
            if y == self.year and m is not None:
                months = m
        return _person_subject(row, months, self.year)

    def entry(self, row: tuple) -> dict[str, Any]:
        """The contract entry of the person of `row` (a row of `people`)."""
        pk, year = row[0], self.year
        history: list[dict[str, Any]] = []
        months = None
        for y, code, m in self.ratings.get(pk, ()):
            history.append({"type": "rating", "year": y, "code": code})
            if y == year and m is not None:
                months = m
        for y, code, award_type in self.awards.get(pk, ()):
            history.append({"type": "award", "year": y, "code": code, "award_type": award_type})
        for code, y, scope, used_by in self.initiatives.get(pk, ()):
            history.append(
                {"type": "initiative", "year": y, "id": code, "scope": scope, "used_by": used_by}
            )
        pending = False
        for state, level, start, end in self.disciplines.get(pk, ()):
            item, open_ = _discipline_entries(state, level, start, end)
            if item is not None:
                history.append(item)
            pending = pending or open_
        if pending:
            history.append({"type": "discipline_pending"})
        return {"subject": _person_subject(row, months, year), "history": history}


def people_rows(scope: Any, year: int) -> PeopleRows:
    """The people working in `scope` now (id, employment start, left on, sex) and their history
    rows up to `year`, in five queries."""
    unit_q = _scope_q(scope)
    rows = PeopleRows(year)
    rows.people = list(
        Person.objects.filter(_prefixed(unit_q, "unit__"), is_active=True)
        .values_list("pk", "employment_start", "left_on", "sex")
        .order_by()
    )
    where = _prefixed(unit_q, "person__unit__") & Q(person__is_active=True)
    ratings = rows.ratings
    for pk, y, code, months in (
        YearlyRating.objects.filter(where, status=VALID, year__lte=year)
        .values_list("person_id", "year", "rating_id", "months_in_service")
        .order_by()
    ):
        ratings[pk].append((y, code, months))
    awards = rows.awards
    for pk, y, code, award_type in (
        AwardRecord.objects.filter(where, status=VALID, year_to__lte=year)
        .values_list("person_id", "year_to", "honour_id", "award_type_id")
        .order_by()
    ):
        awards[pk].append((y, code, award_type))
    initiatives = rows.initiatives
    for pk, code, y, scope_id, used_by in (
        Initiative.authors.through.objects.filter(
            where, initiative__status=VALID, initiative__year__lte=year
        )
        .values_list(
            "person_id",
            "initiative__code",
            "initiative__year",
            "initiative__scope_id",
            "initiative__used_for__honour_id",
        )
        .order_by()
    ):
        initiatives[pk].append((code, y, scope_id, used_by))
    disciplines = rows.disciplines
    for pk, state, level, start, end in (
        DisciplineRecord.objects.filter(where)
        .values_list("person_id", "state", "level_id", "start", "end")
        .order_by()
    ):
        disciplines[pk].append((state, level, start, end))
    return rows
