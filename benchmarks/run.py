"""Run every benchmarks/bench_*.py in turn and summarise their results.

    .venv/bin/python benchmarks/run.py [--pg URL] [--only NAME] [-- extra args for each script]

Each script runs as a subprocess (its own Django settings and database); its JSON lines on
stdout are echoed as they are, then a readable table sums them up. With --pg, every script also
runs against that PostgreSQL server after its SQLite run. Exit status 1 when a script fails or
a result says "ok": false.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run_script(script: Path, args: list[str]) -> tuple[int, list[dict]]:
    print(f"== {script.name} {' '.join(args)}", file=sys.stderr, flush=True)
    started = time.perf_counter()
    proc = subprocess.run(  # noqa: S603
        [sys.executable, str(script), *args],
        stdout=subprocess.PIPE,
        text=True,
        check=False,
        cwd=HERE.parent,
    )
    results = []
    for raw in proc.stdout.splitlines():
        line = raw.strip()
        if not line.startswith("{"):
            continue
        print(line, flush=True)
        try:
            data = json.loads(line)
        except json.JSONDecodeError:
            continue
        data.setdefault("script", script.stem)
        results.append(data)
    seconds = time.perf_counter() - started
    print(f"== {script.name}: exit {proc.returncode} in {seconds:.0f} s", file=sys.stderr)
    return proc.returncode, results


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}" if value < 1000 else f"{value:,.0f}"
    if isinstance(value, dict):
        return " / ".join(f"{k} {_fmt(v)}" for k, v in value.items())
    return str(value)


def table(results: list[dict]) -> list[str]:
    """bench | db | the remaining metrics as key=value (each script has its own fields)."""
    skip = {"bench", "db", "script"}
    rows = [["benchmark", "db", "result"]]
    for r in results:
        metrics = "; ".join(f"{k}: {_fmt(v)}" for k, v in r.items() if k not in skip)
        rows.append([str(r.get("bench", r["script"])), str(r.get("db", "")), metrics])
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    lines = []
    for i, row in enumerate(rows):
        lines.append(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]}")
        if i == 0:
            lines.append(f"{'-' * widths[0]}  {'-' * widths[1]}  {'-' * 40}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", metavar="URL", help="also run each script on PostgreSQL")
    parser.add_argument("--only", help="run only scripts whose name contains this")
    parser.add_argument(
        "extra", nargs=argparse.REMAINDER, help="arguments passed to every script (after --)"
    )
    args = parser.parse_args()
    extra = [a for a in args.extra if a != "--"]
    scripts = sorted(p for p in HERE.glob("bench_*.py") if not args.only or args.only in p.name)
    if not scripts:
        print("no benchmark script found", file=sys.stderr)
        return 1
    failed, results = False, []
    for script in scripts:
        variants = [extra] + ([[*extra, "--pg", args.pg]] if args.pg else [])
        for variant in variants:
            code, lines = run_script(script, variant)
            failed |= code != 0
            results += lines
    print()
    for line in table(results):
        print(line)
    failed |= any(r.get("ok") is False for r in results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
