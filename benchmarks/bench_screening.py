"""Benchmark of the bulk eligibility screening of a whole province.

    .venv/bin/python benchmarks/bench_screening.py [--db var/bench/search_100000.sqlite3]
        [--pg postgres://postgres@127.0.0.1:5432/postgres] [--people 100000] [--year 2025]
        [--repeat 1]

Reuses the demo province that benchmarks/bench_search_history.py builds (SQLite
var/bench/search_<N>.sqlite3, or the PostgreSQL database tdkt_bench_<N> with --pg), building it
when missing (`tdkt migrate` + `tdkt demo --people N`: ten years of history).

Measures, in the same run:

- screening: `adapters.people_rows(province, year)` (every active person's ratings, awards,
  initiatives and discipline rows, five queries) + `screening.screen_people` for 5 targets
  (LDTT, CSTDCS, CSTD_TINH, BK_TINH, BK_TTG), "sắp đủ" projection included: the engine's
  `screen_many` judges one representative per distinct relevant history (what the screening
  page runs); `--verify N` checks the statuses against plain `screen_many` on N people;
- floor: the bare SQL fetch of the same rows (same tables and filters) on a raw cursor.

Prints one JSON line on stdout (progress on stderr): {"bench": "screening", "db", "subjects",
"seconds", "subjects_per_second", "floor_seconds", "ratio", ...}. Target: < 10 s, ratio < 3.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from demo_db import ROOT, environment, log, prepare

TARGETS = ("LDTT", "CSTDCS", "CSTD_TINH", "BK_TINH", "BK_TTG")
TARGET_SECONDS = 10.0
TARGET_RATIO = 3.0


# --- the measures ----------------------------------------------------------------------------

FLOOR_SQL = [
    # people of the scope
    """SELECT p.id, p.employment_start, p.left_on, p.sex FROM people_person p
       JOIN orgs_unit u ON u.id = p.unit_id
       WHERE p.is_active AND u.path >= %(lo)s AND u.path < %(hi)s""",
    # their ratings
    """SELECT r.person_id, r.year, r.rating_id, r.months_in_service FROM registry_yearlyrating r
       JOIN people_person p ON p.id = r.person_id JOIN orgs_unit u ON u.id = p.unit_id
       WHERE r.status = 'valid' AND r.year <= %(year)s AND p.is_active
         AND u.path >= %(lo)s AND u.path < %(hi)s""",
    # their awards
    """SELECT a.person_id, a.year_to, a.honour_id, a.award_type_id FROM registry_awardrecord a
       JOIN people_person p ON p.id = a.person_id JOIN orgs_unit u ON u.id = p.unit_id
       WHERE a.status = 'valid' AND a.year_to <= %(year)s AND p.is_active
         AND u.path >= %(lo)s AND u.path < %(hi)s""",
    # their initiatives (with the honour of the award each one served)
    """SELECT x.person_id, i.code, i.year, i.scope_id, w.honour_id
       FROM registry_initiative_authors x JOIN registry_initiative i ON i.id = x.initiative_id
       LEFT JOIN registry_awardrecord w ON w.id = i.used_for_id
       JOIN people_person p ON p.id = x.person_id JOIN orgs_unit u ON u.id = p.unit_id
       WHERE i.status = 'valid' AND i.year <= %(year)s AND p.is_active
         AND u.path >= %(lo)s AND u.path < %(hi)s""",
    # their discipline records
    """SELECT k.person_id, k.state, k.level_id, k.start, k."end" FROM registry_disciplinerecord k
       JOIN people_person p ON p.id = k.person_id JOIN orgs_unit u ON u.id = p.unit_id
       WHERE p.is_active AND u.path >= %(lo)s AND u.path < %(hi)s""",
]


def floor(province, year: int) -> tuple[float, int]:
    from django.db import connection

    params = {"lo": province.path, "hi": province.path + "~", "year": year}
    rows = 0
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for sql in FLOOR_SQL:
            if connection.vendor == "sqlite":  # the sqlite backend wants %s placeholders
                cursor.execute(_positional(sql), _ordered(sql, params))
            else:
                cursor.execute(sql, params)
            rows += len(cursor.fetchall())
    return time.perf_counter() - started, rows


def _positional(sql: str) -> str:
    for name in ("lo", "hi", "year"):
        sql = sql.replace(f"%({name})s", "%s")
    return sql


def _ordered(sql: str, params: dict) -> list:
    import re

    return [params[name] for name in re.findall(r"%\((\w+)\)s", sql)]


def screening(province, year: int) -> tuple[float, float, int, dict, Any]:
    """The product's bulk path (what the screening page runs): the scope's history rows in a
    fixed number of queries, then one engine judgement per distinct relevant history."""
    from tdkt.rules.adapters import people_rows
    from tdkt.rules.screening import screen_people

    started = time.perf_counter()
    rows = people_rows(province, year)
    fetched = time.perf_counter()
    statuses = screen_people(rows, TARGETS, year)
    done = time.perf_counter()
    counts: dict[str, dict[str, int]] = {t: {} for t in TARGETS}
    for by_target in statuses.values():
        for target, status in by_target.items():
            counts[target][status] = counts[target].get(status, 0) + 1
    return done - started, fetched - started, len(statuses), counts, (rows, statuses)


def verify(rows, statuses: dict, year: int, sample: int) -> dict:
    """The engine's plain screen_many on a random sample of the same contract histories."""
    import random

    from tdkt.rules.engine import screen_many

    people = {row[0]: row for row in rows.people}
    keys = random.Random(7).sample(sorted(people), min(sample, len(people)))
    started = time.perf_counter()
    expected = screen_many({pk: rows.entry(people[pk]) for pk in keys}, TARGETS, year)
    seconds = time.perf_counter() - started
    same = sum(statuses[pk] == expected[pk] for pk in keys)
    return {"sample": len(keys), "equal": same, "screen_many_seconds": round(seconds, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="SQLite file (built when missing)")
    parser.add_argument("--pg", metavar="URL", help="PostgreSQL server URL")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--year", type=int, default=dt.datetime.now(dt.UTC).year - 1)
    parser.add_argument("--repeat", type=int, default=1, help="runs; the best one is reported")
    parser.add_argument("--profile", action="store_true", help="cProfile the screening (stderr)")
    parser.add_argument(
        "--verify",
        type=int,
        default=2000,
        metavar="N",
        help="compare with the engine's screen_many on N random people (0: skip)",
    )
    args = parser.parse_args()

    database_url, db = prepare(people=args.people, db=args.db, pg=args.pg)

    os.environ.update(environment(database_url))
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from tdkt.orgs.models import Unit
    from tdkt.rules.engine import load_packs

    load_packs()  # parse the YAML packs outside the measure
    province = Unit.objects.filter(parent__isnull=True).order_by("path").first()
    best = None
    for run in range(max(args.repeat, 1)):
        floor_seconds, floor_rows = floor(province, args.year)
        if args.profile and run == 0:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            measured = screening(province, args.year)
            profiler.disable()
            pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(35)
        else:
            measured = screening(province, args.year)
        seconds, fetch_seconds, subjects, counts, data = measured
        log(
            f"run {run + 1}: {seconds:.2f} s (fetch {fetch_seconds:.2f} s), "
            f"floor {floor_seconds:.2f} s ({floor_rows} rows)"
        )
        if best is None or seconds < best[0]:
            best = (seconds, fetch_seconds, subjects, counts, floor_seconds, floor_rows, data)
    seconds, fetch_seconds, subjects, counts, floor_seconds, floor_rows, data = best
    checked = verify(*data, args.year, args.verify) if args.verify else None
    ratio = seconds / max(floor_seconds, 1e-6)
    print(
        json.dumps(
            {
                "bench": "screening",
                "db": db,
                "subjects": subjects,
                "targets": list(TARGETS),
                "year": args.year,
                "seconds": round(seconds, 2),
                "subjects_per_second": round(subjects / seconds) if seconds else None,
                "floor_seconds": round(floor_seconds, 2),
                "floor_rows": floor_rows,
                "ratio": round(ratio, 2),
                "fetch_seconds": round(fetch_seconds, 2),
                "engine_seconds": round(seconds - fetch_seconds, 2),
                "statuses": counts,
                "verify": checked,
                "ok": seconds < TARGET_SECONDS
                and ratio < TARGET_RATIO
                and (checked is None or checked["equal"] == checked["sample"]),
            },
            ensure_ascii=False,
        ),
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
