"""Law as data: loading, validating and resolving the rule packs.

``src/tdkt/rules/packs/`` holds YAML files, each with a top-level ``kind``:

- ``catalog``: the stable codes (ratings, titles, forms, scopes, discipline levels ...);
- ``base_salary``: the effective-dated base salary (mức lương cơ sở) table;
- ``regime``: one national legal regime (validity dates, legal basis, principles, per-target
  conditions with messages and basis, bonus coefficients and multipliers, vote rules, dossier);
- ``overlay``: a province/ministry pack merged over the national regime while it is in force.

A new regime is a new ``regime`` file (optionally ``extends: <code>`` to inherit everything it
does not change); an open-ended earlier regime then ends the day before the new one starts.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from tdkt.rules.engine.kinds import COLLECTIVE_FIELDS, KIND_PARAMS

PACKS_DIR = Path(__file__).resolve().parent.parent / "packs"

_FILE_KINDS = ("catalog", "base_salary", "regime", "overlay")


class PackError(ValueError):
    """A data pack is malformed (raised at load time, naming the file and the key)."""


class NoRegimeError(LookupError):
    """No legal regime (or base salary) is in force on the requested date."""


# --------------------------------------------------------------------------- catalogue


@dataclass(frozen=True)
class Catalog:
    """The stable codes of catalog.yaml, indexed for the engine."""

    ratings: Mapping[str, int]  # code -> rank (higher is better)
    titles: Mapping[str, str]  # title code -> subject kind
    forms: frozenset[str]
    award_types: frozenset[str]
    scopes: Mapping[str, int]  # initiative scope -> rank
    discipline_levels: Mapping[str, int]  # level -> rank (higher is heavier)
    subject_kinds: Mapping[str, str]  # kind -> Vietnamese name
    equivalents: Mapping[str, str]  # twin code -> canonical code (CSTT -> LDTT ...)
    names: Mapping[str, str]  # any code -> Vietnamese name

    def is_honour(self, code: str) -> bool:
        return code in self.titles or code in self.forms

    def is_title(self, code: str) -> bool:
        return code in self.titles

    def canonical(self, code: str) -> str:
        return self.equivalents.get(code, code)

    def name(self, code: str) -> str:
        return self.names.get(code, code)


def _catalog_from(data: Mapping[str, Any], source: str) -> Catalog:
    try:
        ratings = {r["code"]: int(r["rank"]) for r in data["ratings"]}
        names: dict[str, str] = {r["code"]: r["vi"] for r in data["ratings"]}
        titles: dict[str, str] = {}
        for kind, rows in data["titles"].items():
            for row in rows:
                titles[row["code"]] = kind
                names[row["code"]] = row["vi"]
        forms = frozenset(row["code"] for row in data["forms"])
        names.update({row["code"]: row["vi"] for row in data["forms"]})
        award_types = frozenset(row["code"] for row in data["award_types"])
        names.update({row["code"]: row["vi"] for row in data["award_types"]})
        scopes_rows = data["evidence"]["initiative_scopes"]
        scopes = {row["code"]: i + 1 for i, row in enumerate(scopes_rows)}
        names.update({row["code"]: row["vi"] for row in scopes_rows})
        level_rows = data["evidence"]["discipline_levels"]
        levels = {row["code"]: i + 1 for i, row in enumerate(level_rows)}
        names.update({row["code"]: row["vi"] for row in level_rows})
        kinds = dict(data.get("subject_kind_names") or {})
        for kind in data["subject_kinds"]:
            kinds.setdefault(kind, kind)
        equivalents = dict(data.get("equivalents") or {})
    except (KeyError, TypeError) as exc:
        raise PackError(f"{source}: catalogue thiếu hoặc sai khóa {exc}") from exc
    for twin, canonical in equivalents.items():
        if twin not in titles or canonical not in titles:
            raise PackError(f"{source}: equivalents {twin} -> {canonical}: mã không có")
    return Catalog(
        ratings=ratings,
        titles=titles,
        forms=forms,
        award_types=award_types,
        scopes=scopes,
        discipline_levels=levels,
        subject_kinds=kinds,
        equivalents=equivalents,
        names=names,
    )


# --------------------------------------------------------------------------- packs


@dataclass(frozen=True)
class SalaryEntry:
    valid_from: dt.date
    amount: int
    instrument: str
    status: str = "V"


@dataclass(frozen=True)
class Pack:
    """One national regime, possibly with a province/ministry overlay merged in.

    ``data`` is the whole merged YAML mapping; treat it as read-only.
    """

    code: str
    kind: str
    name: str
    valid_from: dt.date
    valid_to: dt.date | None
    data: Mapping[str, Any]
    source: tuple[str, ...]
    overlay: str | None = None

    def covers(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    @property
    def targets(self) -> Mapping[str, Any]:
        return self.data.get("targets") or {}

    @property
    def principles(self) -> Mapping[str, Any]:
        return self.data.get("principles") or {}

    @property
    def bonus(self) -> Mapping[str, Any]:
        return self.data.get("bonus") or {}

    @property
    def vote_rules(self) -> Mapping[str, Any]:
        return self.data.get("vote_rules") or {}

    @property
    def dossier(self) -> Mapping[str, Any]:
        return self.data.get("dossier") or {}

    @property
    def public_notice(self) -> Mapping[str, Any]:
        """``{required_targets, working_days, basis, status}`` of the public notice (công khai)."""
        return self.data.get("public_notice") or {}

    def target(self, code: str, catalog: Catalog) -> Mapping[str, Any] | None:
        """The conditions of a target; armed-forces twins fall back to their civil title."""
        spec = self.targets.get(code)
        if spec is None:
            spec = self.targets.get(catalog.canonical(code))
        return spec

    def template(self, kind: str, variant: str, override: Mapping[str, Any] | None = None) -> str:
        """The Vietnamese message template of a condition kind, a check may override it."""
        if override and variant in override:
            return str(override[variant])
        messages = self.data.get("messages") or {}
        by_kind = messages.get(kind) or {}
        if variant in by_kind:
            return str(by_kind[variant])
        principles = messages.get("principles") or {}
        if kind in principles and variant in principles[kind]:
            return str(principles[kind][variant])
        return "{" + kind + "." + variant + "}"

    def label(self, group: str, key: str, default: str | None = None) -> str:
        labels = (self.data.get("messages") or {}).get("labels") or {}
        return str((labels.get(group) or {}).get(key, default if default is not None else key))


@dataclass(frozen=True)
class PackSet:
    """Everything loaded from the pack directories."""

    catalog: Catalog
    regimes: tuple[Pack, ...]
    overlays: tuple[Pack, ...]
    base_salaries: tuple[SalaryEntry, ...]
    _merged: dict[tuple[str, str, dt.date], Pack] = field(
        default_factory=dict, compare=False, repr=False
    )

    def regime_on(self, on: dt.date) -> Pack:
        for pack in self.regimes:
            if pack.covers(on):
                return pack
        raise NoRegimeError(f"Không có chế độ pháp lý nào áp dụng cho ngày {on.isoformat()}")

    def regime(self, code: str) -> Pack:
        for pack in self.regimes:
            if pack.code == code:
                return pack
        raise NoRegimeError(f"Không có chế độ pháp lý mã {code}")

    def overlay_codes(self) -> frozenset[str]:
        return frozenset(p.code for p in self.overlays)

    def resolve(self, on: dt.date, overlay: str | None = None) -> Pack:
        """The national regime in force on `on`, with `overlay` merged if it is in force too."""
        national = self.regime_on(on)
        if overlay is None:
            return national
        candidates = [p for p in self.overlays if p.code == overlay]
        if not candidates:
            raise PackError(f"Không có bộ quy định bổ sung (overlay) mã {overlay}")
        for candidate in candidates:
            if candidate.covers(on) and _overlay_applies(candidate, national):
                key = (national.code, candidate.code, candidate.valid_from)
                merged = self._merged.get(key)
                if merged is None:
                    merged = _merge_overlay(national, candidate)
                    self._merged[key] = merged
                return merged
        return national

    def base_salary_on(self, on: dt.date) -> SalaryEntry:
        found: SalaryEntry | None = None
        for entry in self.base_salaries:
            if entry.valid_from <= on:
                found = entry
        if found is None:
            raise NoRegimeError(f"Chưa có mức lương cơ sở cho ngày {on.isoformat()}")
        return found


def _overlay_applies(overlay: Pack, national: Pack) -> bool:
    regimes = overlay.data.get("regimes")
    return not regimes or national.code in regimes


def _merge_overlay(national: Pack, overlay: Pack) -> Pack:
    body = {k: v for k, v in overlay.data.items() if k not in _HEADER_KEYS}
    data = deep_merge(national.data, body)
    return Pack(
        code=national.code,
        kind="regime",
        name=f"{national.name}; {overlay.name}",
        valid_from=max(national.valid_from, overlay.valid_from),
        valid_to=_min_date(national.valid_to, overlay.valid_to),
        data=data,
        source=national.source + overlay.source,
        overlay=overlay.code,
    )


def _min_date(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


_HEADER_KEYS = frozenset(
    {"schema_version", "kind", "code", "name", "valid_from", "valid_to", "extends", "regimes"}
)


def deep_merge(base: Any, over: Any) -> Any:
    """Merge `over` into a copy of `base`.

    Mappings merge key by key; lists of mappings carrying a ``rule`` key merge rule by rule (an
    item with ``remove: true`` drops that rule, new rules are appended); any other value of
    `over` replaces the base value.
    """
    if isinstance(base, Mapping) and isinstance(over, Mapping):
        merged = {k: copy.deepcopy(v) for k, v in base.items()}
        for key, value in over.items():
            merged[key] = deep_merge(base[key], value) if key in base else copy.deepcopy(value)
        return merged
    if _is_rule_list(base) and _is_rule_list(over):
        result = [copy.deepcopy(item) for item in base]
        index = {item["rule"]: i for i, item in enumerate(result)}
        for item in over:
            rule = item["rule"]
            if item.get("remove"):
                result = [r for r in result if r["rule"] != rule]
                index = {r["rule"]: i for i, r in enumerate(result)}
            elif rule in index:
                result[index[rule]] = deep_merge(result[index[rule]], item)
            else:
                result.append(copy.deepcopy(item))
                index[rule] = len(result) - 1
        return result
    return copy.deepcopy(over)


def _is_rule_list(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(item, Mapping) and "rule" in item for item in value)
    )


# --------------------------------------------------------------------------- loading


def load_packs(extra_dirs: Iterable[str | Path] = ()) -> PackSet:
    """Load the shipped packs plus those of `extra_dirs` (cached per set of directories)."""
    dirs = tuple(str(Path(d).resolve()) for d in extra_dirs)
    return _load_cached(dirs)


def clear_cache() -> None:
    _load_cached.cache_clear()


def resolve_pack(
    on: dt.date,
    overlay: str | None = None,
    *,
    extra_dirs: Iterable[str | Path] = (),
    packs: PackSet | None = None,
) -> Pack:
    """The pack (national regime, plus `overlay` if in force) that governs a decision on `on`."""
    packset = packs if packs is not None else load_packs(extra_dirs)
    return packset.resolve(on, overlay)


@lru_cache(maxsize=16)
def _load_cached(extra_dirs: tuple[str, ...]) -> PackSet:
    documents: list[tuple[str, dict[str, Any]]] = []
    for directory in (str(PACKS_DIR), *extra_dirs):
        path = Path(directory)
        if not path.is_dir():
            raise PackError(f"{directory}: không phải thư mục")
        files = sorted([*path.glob("*.yaml"), *path.glob("*.yml")])
        for file in files:
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("kind") not in _FILE_KINDS:
                raise PackError(f"{file}: thiếu khóa 'kind' ({', '.join(_FILE_KINDS)})")
            documents.append((str(file), data))
    return _build(documents)


def _build(documents: Sequence[tuple[str, dict[str, Any]]]) -> PackSet:
    catalogs = [(src, d) for src, d in documents if d["kind"] == "catalog"]
    if len(catalogs) != 1:
        raise PackError(f"Cần đúng một tệp catalogue, có {len(catalogs)}")
    catalog = _catalog_from(catalogs[0][1], catalogs[0][0])

    salaries: dict[dt.date, SalaryEntry] = {}
    for src, data in documents:
        if data["kind"] != "base_salary":
            continue
        for row in data.get("entries") or []:
            entry = SalaryEntry(
                valid_from=_as_date(row.get("from"), src, "from"),
                amount=int(row["amount"]),
                instrument=str(row.get("instrument", "")),
                status=str(row.get("status", "V")),
            )
            if entry.valid_from in salaries and salaries[entry.valid_from] != entry:
                raise PackError(f"{src}: trùng mức lương cơ sở từ {entry.valid_from}")
            salaries[entry.valid_from] = entry

    raw_regimes = {}
    for src, data in documents:
        if data["kind"] != "regime":
            continue
        code = str(data.get("code") or "")
        if not code or code in raw_regimes:
            raise PackError(f"{src}: mã chế độ trống hoặc trùng ({code!r})")
        raw_regimes[code] = (src, data)

    regimes = [_regime_pack(code, raw_regimes, catalog, ()) for code in raw_regimes]
    regimes.sort(key=lambda p: p.valid_from)
    regimes = _close_open_ended(regimes)

    overlays = []
    for src, data in documents:
        if data["kind"] != "overlay":
            continue
        overlay = _header_pack(src, data, kind="overlay", source=(src,))
        unknown = set(data.get("regimes") or ()) - {p.code for p in regimes}
        if unknown:
            raise PackError(f"{src}: regimes không có: {', '.join(sorted(unknown))}")
        for national in regimes:
            if _overlay_applies(overlay, national) and _overlaps(overlay, national):
                _validate(_merge_overlay(national, overlay).data, catalog, src)
        overlays.append(overlay)

    return PackSet(
        catalog=catalog,
        regimes=tuple(regimes),
        overlays=tuple(overlays),
        base_salaries=tuple(salaries[k] for k in sorted(salaries)),
    )


def _regime_pack(
    code: str,
    raw: Mapping[str, tuple[str, dict[str, Any]]],
    catalog: Catalog,
    chain: tuple[str, ...],
) -> Pack:
    if code in chain:
        raise PackError(f"Vòng lặp 'extends': {' -> '.join((*chain, code))}")
    if code not in raw:
        raise PackError(f"'extends' trỏ tới chế độ không có: {code}")
    src, data = raw[code]
    parent_code = data.get("extends")
    if parent_code:
        parent = _regime_pack(str(parent_code), raw, catalog, (*chain, code))
        body = {k: v for k, v in data.items() if k not in _HEADER_KEYS}
        merged = deep_merge(dict(parent.data), body)
        for key in _HEADER_KEYS:
            if key in data:
                merged[key] = data[key]
            else:
                merged.pop(key, None)
        merged["kind"] = "regime"
        merged["code"] = code
        source = (*parent.source, src)
    else:
        merged, source = data, (src,)
    _validate(merged, catalog, src)
    return _header_pack(src, merged, kind="regime", source=source)


def _header_pack(src: str, data: Mapping[str, Any], *, kind: str, source: tuple[str, ...]) -> Pack:
    code = data.get("code")
    name = data.get("name")
    if not code or not name:
        raise PackError(f"{src}: thiếu 'code' hoặc 'name'")
    valid_from = _as_date(data.get("valid_from"), src, "valid_from")
    valid_to = data.get("valid_to")
    valid_to = None if valid_to is None else _as_date(valid_to, src, "valid_to")
    if valid_to is not None and valid_to < valid_from:
        raise PackError(f"{src}: valid_to trước valid_from")
    return Pack(
        code=str(code),
        kind=kind,
        name=str(name),
        valid_from=valid_from,
        valid_to=valid_to,
        data=data,
        source=source,
    )


def _close_open_ended(regimes: list[Pack]) -> list[Pack]:
    """An open-ended regime ends the day before the next one starts; closed periods must not
    overlap."""
    closed: list[Pack] = []
    for i, current in enumerate(regimes):
        pack = current
        nxt = regimes[i + 1] if i + 1 < len(regimes) else None
        if nxt is not None:
            if pack.valid_to is None:
                pack = Pack(
                    code=pack.code,
                    kind=pack.kind,
                    name=pack.name,
                    valid_from=pack.valid_from,
                    valid_to=nxt.valid_from - dt.timedelta(days=1),
                    data=pack.data,
                    source=pack.source,
                )
            elif pack.valid_to >= nxt.valid_from:
                raise PackError(f"Chế độ {pack.code} và {nxt.code} chồng lấn thời gian hiệu lực")
        closed.append(pack)
    return closed


def _overlaps(a: Pack, b: Pack) -> bool:
    a_end = a.valid_to or dt.date.max
    b_end = b.valid_to or dt.date.max
    return a.valid_from <= b_end and b.valid_from <= a_end


def _as_date(value: Any, src: str, key: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise PackError(f"{src}: {key} không phải ngày: {value!r}") from exc


# --------------------------------------------------------------------------- validation


def _validate(data: Mapping[str, Any], catalog: Catalog, src: str) -> None:
    """Structural check of a (merged) regime pack against KIND_PARAMS and the catalogue."""
    targets = data.get("targets") or {}
    if not isinstance(targets, Mapping):
        raise PackError(f"{src}: 'targets' phải là ánh xạ")
    for code, spec in targets.items():
        where = f"{src}: targets.{code}"
        if not catalog.is_honour(code):
            raise PackError(f"{where}: mã không có trong catalogue")
        kinds = spec.get("subject_kinds") or []
        for kind in kinds:
            if kind not in catalog.subject_kinds:
                raise PackError(f"{where}.subject_kinds: {kind} không hợp lệ")
        conditions = spec.get("conditions") or []
        seen: set[str] = set()
        for i, cond in enumerate(conditions):
            rule = cond.get("rule")
            if not rule or rule in seen:
                raise PackError(f"{where}.conditions[{i}]: 'rule' trống hoặc trùng")
            seen.add(rule)
            if not cond.get("basis"):
                raise PackError(f"{where}.conditions[{i}] ({rule}): thiếu 'basis'")
            _validate_condition(cond, catalog, f"{where}.conditions[{i}]")
    coefficients = (data.get("bonus") or {}).get("coefficients") or {}
    for code, row in coefficients.items():
        if not catalog.is_honour(code):
            raise PackError(f"{src}: bonus.coefficients.{code}: mã không có trong catalogue")
        if not isinstance(row, Mapping):
            raise PackError(f"{src}: bonus.coefficients.{code} phải là ánh xạ")
    votes = data.get("vote_rules") or {}
    rules = votes.get("rules") or {}
    for name, rule in rules.items():
        for key in ("quorum", "threshold"):
            _fraction(rule.get(key), f"{src}: vote_rules.rules.{name}.{key}")
        if rule.get("denominator") not in ("members_total", "members_present"):
            raise PackError(f"{src}: vote_rules.rules.{name}.denominator không hợp lệ")
    for code, name in (votes.get("by_target") or {}).items():
        if not catalog.is_honour(code) or name not in rules:
            raise PackError(f"{src}: vote_rules.by_target.{code} -> {name} không hợp lệ")
    if votes and votes.get("default") not in rules:
        raise PackError(f"{src}: vote_rules.default phải là tên một quy tắc")
    _validate_public_notice(data.get("public_notice"), catalog, src)


def _validate_public_notice(notice: Any, catalog: Catalog, src: str) -> None:
    if notice is None:
        return
    where = f"{src}: public_notice"
    if not isinstance(notice, Mapping):
        raise PackError(f"{where} phải là ánh xạ")
    targets = notice.get("required_targets") or []
    if not isinstance(targets, list):
        raise PackError(f"{where}.required_targets phải là danh sách mã")
    for code in targets:
        if not isinstance(code, str) or not catalog.is_honour(code):
            raise PackError(f"{where}.required_targets: mã không có trong catalogue: {code!r}")
    days = notice.get("working_days")
    if not isinstance(days, int) or isinstance(days, bool) or days < 1:
        raise PackError(f"{where}.working_days phải là số nguyên dương")
    if not notice.get("basis"):
        raise PackError(f"{where}: thiếu 'basis'")


def _validate_condition(cond: Mapping[str, Any], catalog: Catalog, where: str) -> None:
    kind = cond.get("kind")
    if kind not in KIND_PARAMS:
        raise PackError(f"{where}: loại điều kiện không có: {kind!r}")
    params = cond.get("params") or {}
    spec = KIND_PARAMS[kind]
    for name in params:
        if name not in spec:
            raise PackError(f"{where}: tham số lạ '{name}' cho loại {kind}")
    for name, (tag, required) in spec.items():
        if name not in params:
            if required:
                raise PackError(f"{where}: thiếu tham số '{name}' cho loại {kind}")
            continue
        _validate_param(tag, params[name], catalog, f"{where}.params.{name}")
    if kind == "consecutive_titles" and ("years" in params) == ("count" in params):
        raise PackError(f"{where}: consecutive_titles cần đúng một trong 'years' hoặc 'count'")
    if kind == "collective_ratios" and ("min_fraction" in params) == ("min_count" in params):
        raise PackError(f"{where}: collective_ratios cần 'min_fraction' hoặc 'min_count'")


def _validate_param(tag: str, value: Any, catalog: Catalog, where: str) -> None:
    ok = True
    if tag == "rating":
        ok = value in catalog.ratings
    elif tag == "scope":
        ok = value in catalog.scopes
    elif tag == "level":
        ok = value in catalog.discipline_levels
    elif tag == "honour":
        ok = isinstance(value, str) and catalog.is_honour(value)
    elif tag == "int":
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    elif tag == "number":
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    elif tag == "bool":
        ok = isinstance(value, bool)
    elif tag == "field":
        ok = value in COLLECTIVE_FIELDS
    elif tag == "fraction":
        _fraction(value, where)
    elif tag == "consumed":
        ok = (
            isinstance(value, Mapping)
            and catalog.is_honour(value.get("code", ""))
            and isinstance(value.get("span"), int)
        )
    elif tag == "options":
        ok = isinstance(value, list) and len(value) >= 2
        if ok:
            for i, option in enumerate(value):
                _validate_condition(option, catalog, f"{where}[{i}]")
    if not ok:
        raise PackError(f"{where}: giá trị không hợp lệ {value!r}")


def _fraction(value: Any, where: str) -> Fraction:
    try:
        result = Fraction(str(value))
    except (ValueError, ZeroDivisionError) as exc:
        raise PackError(f"{where}: không phải phân số/tỷ lệ: {value!r}") from exc
    if not 0 <= result <= 1:
        raise PackError(f"{where}: tỷ lệ phải trong [0, 1]")
    return result


def as_fraction(value: Any) -> Fraction:
    """A ratio from a pack (0.9, "2/3", "0.5") as an exact fraction."""
    return Fraction(str(value))
