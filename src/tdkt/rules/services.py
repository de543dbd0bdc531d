"""The rules engine in the product: contract requests (CLI, API), one subject's judgement and the
bulk screening of a unit's subtree, with the quotas of the regime pack.

The engine (`tdkt.rules.engine`) stays pure; this module reads the registry through
`tdkt.rules.adapters` and stores the result of a big screening as a JSON file under
``MEDIA_ROOT/screening/`` (no model: the rules package is not a Django app).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import tempfile
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tdkt.rules.adapters import (
    COLLECTIVE,
    INDIVIDUAL,
    histories_for_scope,
    history_for_subject,
    people_rows,
)
from tdkt.rules.engine import (
    DU,
    KHONG_DU,
    SAP_DU,
    ContractError,
    check_eligibility,
    compute_bonus,
    forecast,
    load_packs,
    screen_many,
    tally,
)
from tdkt.rules.engine.contract import default_decision_date
from tdkt.rules.engine.packs import NoRegimeError, Pack
from tdkt.rules.screening import screen_fast, screen_people

#: The targets judged on a subject's page and in the screening, per subject kind.
INDIVIDUAL_TARGETS = ("LDTT", "CSTDCS", "CSTD_TINH", "CSTDTQ", "BK_TINH", "BK_TTG", "HCLD3", "GK")
COLLECTIVE_TARGETS = ("TTLDTT", "TTLDXS", "CO_TINH", "BK_TINH", "GK")
TARGETS = {INDIVIDUAL: INDIVIDUAL_TARGETS, COLLECTIVE: COLLECTIVE_TARGETS}

STATUSES = (DU, SAP_DU, KHONG_DU)
STATUS_LABELS = {
    DU: gettext_lazy("Đủ điều kiện"),
    SAP_DU: gettext_lazy("Sắp đủ điều kiện"),
    KHONG_DU: gettext_lazy("Không đủ điều kiện"),
}
STATUS_BADGES = {DU: "ok", SAP_DU: "warn", KHONG_DU: "bad"}

#: Above this many subjects the screening runs as a background task (settings may override).
SYNC_MAX_DEFAULT = 5000
#: Subjects per engine call while screening (the progress is reported between chunks).
CHUNK = 2000

ACTIONS = ("eligibility", "bonus", "tally")


def overlay() -> str | None:
    """The province/ministry overlay pack in force for this installation, if any."""
    return getattr(settings, "TDKT_RULES_OVERLAY", None) or None


def today() -> dt.date:
    return timezone.localdate()


def default_year(on: dt.date | None = None) -> int:
    """The year judged by default: last year (the awards of year N are decided early in N+1)."""
    return (on or today()).year - 1


# --------------------------------------------------------------------------- the JSON contract


def parse_json(text: str | bytes) -> Any:
    """A request body or file: JSON, else ContractError naming `request`."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ContractError("request", _("Nội dung không phải văn bản UTF-8")) from exc

    def no_constant(name: str) -> Any:
        raise ContractError(
            "request", _("JSON không hợp lệ: không chấp nhận giá trị %(name)s") % {"name": name}
        )

    try:
        return json.loads(text, parse_constant=no_constant)
    except json.JSONDecodeError as exc:
        raise ContractError(
            "request",
            _("JSON không hợp lệ (dòng %(line)s, cột %(col)s): %(error)s")
            % {"line": exc.lineno, "col": exc.colno, "error": exc.msg},
        ) from exc
    except RecursionError as exc:
        raise ContractError("request", _("JSON không hợp lệ: lồng nhau quá sâu")) from exc


def run_contract(action: str, request: Any) -> dict[str, Any]:
    """One contract check (``eligibility``, ``bonus`` or ``tally``) on a parsed request.

    Raises ContractError for an input that breaks the contract.
    """
    if action == "eligibility":
        return check_eligibility(request, overlay=overlay())
    if action == "bonus":
        return compute_bonus(request, overlay=overlay())
    if action == "tally":
        return tally(request, overlay=overlay())
    raise ContractError(
        "action",
        _("Thao tác không hợp lệ: %(action)r (%(actions)s)")
        % {"action": action, "actions": ", ".join(ACTIONS)},
    )


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


# --------------------------------------------------------------------------- one subject


@dataclass
class Judgement:
    target: str
    name: str
    status: str
    result: dict[str, Any]
    forecast: dict[str, Any] | None = None

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def badge(self) -> str:
        return STATUS_BADGES[self.status]


@dataclass
class SubjectReport:
    kind: str
    year: int
    decision_date: dt.date
    regime_name: str
    entry: dict[str, Any]
    judgements: list[Judgement] = field(default_factory=list)

    @property
    def request_json(self) -> str:
        return dumps({"year": self.year, **self.entry})


def pack_for_year(year: int) -> Pack | None:
    try:
        return load_packs().resolve(default_decision_date(year), overlay())
    except NoRegimeError:
        return None


def judge_subject(
    kind: str, ids: Sequence[int], year: int, *, targets: Sequence[str] | None = None
) -> SubjectReport:
    """Every target of the subject's kind judged for `year` on the registry's history: the
    contract result (checks, missing, initiatives used), the screening status and, when not
    eligible, the forecast. Raises ContractError (e.g. a year in the future)."""
    targets = tuple(targets or TARGETS[kind])
    entry = history_for_subject(kind, list(ids), year=year)
    statuses = screen_many({0: entry}, targets, year, overlay=overlay())[0]
    pack = pack_for_year(year)
    catalog = load_packs().catalog
    report = SubjectReport(
        kind=kind,
        year=year,
        decision_date=default_decision_date(year),
        regime_name=pack.name if pack else "",
        entry=entry,
    )
    for target in targets:
        request = {"target": target, "year": year, **entry}
        result = check_eligibility(request, overlay=overlay())
        outlook = None if result["eligible"] else forecast(request, overlay=overlay())
        report.judgements.append(
            Judgement(target, catalog.name(target), statuses[target], result, outlook)
        )
    return report


# --------------------------------------------------------------------------- quotas


#: Quota rules the shipped packs name without structure: what they limit and of what.
KNOWN_QUOTAS: dict[str, dict[str, str]] = {
    "cstdcs_max_share_of_ldtt": {"target": "CSTDCS", "base": "LDTT"},
    "co_cp_max_share_of_eligible": {"target": "CO_CP", "base": "CO_TINH"},
}
ROUNDING_LABELS = {
    "floor": gettext_lazy("làm tròn xuống"),
    "ceil": gettext_lazy("làm tròn lên"),
    "round": gettext_lazy("làm tròn đến số nguyên gần nhất"),
}


def quota_text(line: Mapping[str, Any]) -> str:
    """The sentence of a numeric quota line, in the active language."""
    return _("%(target)s không quá %(percent)s%% số %(base)s (%(issuer)s; %(basis)s)") % {
        "target": line["target_name"],
        "percent": line["percent"],
        "base": line["base_name"],
        "issuer": line["issuer"],
        "basis": line["basis"],
    }


def localised_quotas(lines: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Quota lines (as stored with a screening) with their text in the active language."""
    shown = []
    for stored in lines:
        line = dict(stored)
        if line.get("numeric"):
            line["text"] = quota_text(line)
            mode = line.get("rounding", "")
            line["rounding_label"] = str(ROUNDING_LABELS.get(mode, line.get("rounding_label", "")))
        shown.append(line)
    return shown


def _rounded(value: Fraction, mode: str) -> int:
    if mode == "ceil":
        return math.ceil(value)
    if mode == "round":
        return math.floor(value + Fraction(1, 2))
    return math.floor(value)


def quota_rules(pack: Pack | None) -> list[dict[str, Any]]:
    """The quota entries of a pack, normalised: numeric ones carry target, base, share and
    rounding; the others are informational text."""
    if pack is None:
        return []
    rules = []
    for raw in pack.data.get("quotas") or []:
        if not isinstance(raw, Mapping):
            continue
        rule = dict(raw)
        known = KNOWN_QUOTAS.get(str(rule.get("rule", "")), {})
        target = rule.get("target") or known.get("target")
        base = rule.get("base") or known.get("base")
        share = rule.get("max_share", rule.get("value"))
        entry = {
            "rule": str(rule.get("rule", "")),
            "basis": str(rule.get("basis", "")),
            "status": str(rule.get("status", "")),
            "issuer": str(rule.get("issuer") or pack.name),
        }
        if target and base and share is not None:
            entry.update(
                target=str(target),
                base=str(base),
                share=Fraction(str(share)),
                rounding=str(rule.get("rounding", "floor")),
            )
        rules.append(entry)
    return rules


def quota_report(
    pack: Pack | None,
    *,
    year: int,
    unit_name: str,
    eligible: Mapping[str, int],
    base_counts: Mapping[str, int],
) -> list[dict[str, Any]]:
    """Quota lines of the regime for one deciding unit and year: the limit, its base population
    (subjects holding or eligible for the base title that year) and rounding, the number of
    eligible subjects, and whether the list exceeds the limit."""
    catalog = load_packs().catalog
    lines = []
    for rule in quota_rules(pack):
        if "target" not in rule:
            lines.append({**rule, "numeric": False, "text": rule["rule"], "exceeded": False})
            continue
        target, base, share = rule["target"], rule["base"], rule["share"]
        base_total = int(base_counts.get(base, 0))
        limit = _rounded(share * base_total, rule["rounding"])
        count = eligible.get(target)
        pct = f"{float(share) * 100:g}".replace(".", ",")
        lines.append(
            {
                **rule,
                "numeric": True,
                "unit": unit_name,
                "year": year,
                "target_name": catalog.name(target),
                "base_name": catalog.name(base),
                "percent": pct,
                "base_total": base_total,
                "limit": limit,
                "rounding_label": str(ROUNDING_LABELS.get(rule["rounding"], rule["rounding"])),
                "eligible": count,
                "applies": count is not None,
                "exceeded": count is not None and count > limit,
                "share": str(share),
            }
        )
        lines[-1]["text"] = quota_text(lines[-1])
    return lines


# --------------------------------------------------------------------------- screening


def sync_max() -> int:
    return int(getattr(settings, "TDKT_SCREENING_SYNC_MAX", SYNC_MAX_DEFAULT))


def subject_count(unit, kind: str) -> int:
    from tdkt.orgs.models import Unit
    from tdkt.people.models import Person

    if kind == INDIVIDUAL:
        return Person.objects.filter(
            unit__path__gte=unit.path, unit__path__lt=unit.path + "~", is_active=True
        ).count()
    return Unit.objects.subtree(unit).current().count()


def _labels(unit, kind: str, keys: set[Hashable]) -> list[tuple[int, str, Any, str]]:
    """(id, name, birth (ISO date, year or ""), unit name) of the subjects, in display order."""
    from tdkt.orgs.models import Unit
    from tdkt.people.models import Person

    rows = []
    if kind == INDIVIDUAL:
        qs = (
            Person.objects.filter(
                unit__path__gte=unit.path, unit__path__lt=unit.path + "~", is_active=True
            )
            .values_list("pk", "full_name", "birth_date", "birth_year", "unit__name")
            .order_by("sort_key", "pk")
        )
        for pk, name, birth_date, birth_year, unit_name in qs:
            if (kind, pk) in keys:
                birth = birth_date.isoformat() if birth_date else (birth_year or "")
                rows.append((pk, name, birth, unit_name))
    else:
        names = dict(Unit.objects.subtree(unit).values_list("pk", "name"))
        qs = Unit.objects.subtree(unit).values_list("pk", "name", "parent_id").order_by("path")
        for pk, name, parent in qs:
            if (kind, pk) in keys:
                rows.append((pk, name, "", names.get(parent, "")))
    return rows


def screen_unit(
    unit,
    year: int,
    kind: str,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Screen every subject of `kind` in `unit`'s subtree for all the kind's targets, in one
    pass (histories_for_scope + screen_many). Returns a JSON-serialisable result:
    ``{"unit", "year", "kind", "targets", "rows": [[id, name, birth, unit, [status...]]],
    "counts": {target: {status: n}}, "quotas": [...], "computed_at"}``.
    """
    targets = TARGETS[kind]
    if kind == INDIVIDUAL:
        # The bulk path: grouped rows, one engine judgement per distinct relevant history.
        people = people_rows(unit, year)
        keys = [(kind, row[0]) for row in people.people]
        award_years = {
            (kind, pk): [(y, code) for y, code, _t in rows] for pk, rows in people.awards.items()
        }
    else:
        histories = histories_for_scope(unit, year, kinds=[kind])
        keys = list(histories)
        award_years = {
            key: [(e["year"], e["code"]) for e in entry["history"] if e["type"] == "award"]
            for key, entry in histories.items()
        }
    statuses: dict[Hashable, dict[str, str]] = {}
    total = len(keys)
    if kind == INDIVIDUAL:
        by_pk = screen_people(people, targets, year, overlay=overlay())
        statuses = {(kind, pk): value for pk, value in by_pk.items()}
        if progress is not None:
            progress(total, total)
    else:
        for start in range(0, total, CHUNK):
            chunk = {k: histories[k] for k in keys[start : start + CHUNK]}
            statuses.update(screen_fast(chunk, targets, year, overlay=overlay()))
            if progress is not None:
                progress(min(start + CHUNK, total), total)
    rows = []
    counts = {t: dict.fromkeys(STATUSES, 0) for t in targets}
    for pk, name, birth, unit_name in _labels(unit, kind, set(keys)):
        by_target = statuses[(kind, pk)]
        rows.append([pk, name, birth, unit_name, [by_target[t] for t in targets]])
        for t in targets:
            counts[t][by_target[t]] += 1
    pack = pack_for_year(year)
    base_counts = _base_counts(award_years, year, pack, statuses)
    eligible = {t: counts[t][DU] for t in targets}
    return {
        "unit": unit.pk,
        "unit_name": unit.name,
        "year": year,
        "kind": kind,
        "targets": list(targets),
        "rows": rows,
        "counts": counts,
        "quotas": quota_report(
            pack, year=year, unit_name=unit.name, eligible=eligible, base_counts=base_counts
        ),
        "regime": pack.name if pack else "",
        "computed_at": timezone.now().isoformat(),
    }


def _base_counts(
    award_years: Mapping[Hashable, Sequence[tuple[int, str]]],
    year: int,
    pack: Pack | None,
    statuses: Mapping[Hashable, Mapping[str, str]],
) -> dict[str, int]:
    """For each quota base title: the subjects holding it (or its twin) for `year`, or eligible
    for it in this screening. `award_years`: subject -> its awards as (year, code)."""
    bases = {rule["base"] for rule in quota_rules(pack) if "base" in rule}
    if not bases:
        return {}
    catalog = load_packs().catalog
    groups = {base: catalog.canonical(base) for base in bases}
    counts = dict.fromkeys(bases, 0)
    for key, by_target in statuses.items():
        held = {catalog.canonical(code) for y, code in award_years.get(key, ()) if y == year}
        for base, group in groups.items():
            if group in held or by_target.get(base) == DU:
                counts[base] += 1
    return counts


# --------------------------------------------------------------------------- stored results


def screening_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "screening"


def screening_paths(unit_id: int, year: int, kind: str) -> tuple[Path, Path]:
    stem = f"{int(unit_id)}-{int(year)}-{kind}"
    return screening_dir() / f"{stem}.json", screening_dir() / f"{stem}.status.json"


def _write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False)
    os.replace(tmp, path)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def stored_screening(unit_id: int, year: int, kind: str) -> dict[str, Any] | None:
    return _read_json(screening_paths(unit_id, year, kind)[0])


def screening_status(unit_id: int, year: int, kind: str) -> dict[str, Any] | None:
    """``{"state": "queued" | "running" | "done" | "failed", "done", "total", "message"}``."""
    return _read_json(screening_paths(unit_id, year, kind)[1])


def screening_queue(unit, year: int, kind: str) -> None:
    """Start the background screening of a big scope (django-tasks)."""
    from tdkt.rules.tasks import screening_task

    _write_json(
        screening_paths(unit.pk, year, kind)[1],
        {"state": "queued", "done": 0, "total": 0, "message": ""},
    )
    screening_task.enqueue(unit.pk, year, kind)


def screening_run(unit_id: int, year: int, kind: str) -> None:
    """The background task's body: screen, then store the result file and the final status."""
    from tdkt.orgs.models import Unit

    result_path, status_path = screening_paths(unit_id, year, kind)
    unit = Unit.objects.get(pk=unit_id)

    def progress(done: int, total: int) -> None:
        _write_json(status_path, {"state": "running", "done": done, "total": total})

    progress(0, 0)
    try:
        result = screen_unit(unit, year, kind, progress=progress)
    except ContractError as exc:
        _write_json(status_path, {"state": "failed", "message": f"{exc.field}: {exc.message}"})
        return
    except Exception as exc:
        _write_json(status_path, {"state": "failed", "message": str(exc)})
        raise
    _write_json(result_path, result)
    total = len(result["rows"])
    _write_json(status_path, {"state": "done", "done": total, "total": total})
