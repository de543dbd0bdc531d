"""The 100,000-person demo database shared by the benchmarks: built once (`tdkt migrate` +
`tdkt demo --people N` in a subprocess), reused afterwards and migrated to the current schema.
SQLite under var/bench/, or a database `tdkt_bench_N` on the PostgreSQL server given."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def environment(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tdkt.settings",
            "DATABASE_URL": database_url,
            "AXES_ENABLED": "false",
            "PYTHONPATH": str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", ""),
        }
    )
    env.pop("DEBUG", None)
    return env


def _tdkt(database_url: str, *args: str, stdout=None) -> None:
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "tdkt", *args],
        env=environment(database_url),
        check=True,
        cwd=ROOT,
        stdout=stdout,
    )


def _ensure_pg_database(server_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            log(f"creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')


def _has_units(database_url: str) -> bool:
    code = (
        "import django; django.setup(); from tdkt.orgs.models import Unit; "
        "print(int(Unit.objects.exists()))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        env=environment(database_url),
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    return result.returncode == 0 and result.stdout.strip() == "1"


def prepare(*, people: int, db: Path | None = None, pg: str | None = None) -> tuple[str, str]:
    """(DATABASE_URL, "sqlite" | "postgresql") of a demo province of `people`, built if missing
    (then a "demo_build" JSON line is printed) and migrated when reused."""
    if pg:
        parsed = urlparse(pg)
        name = f"tdkt_bench_{people}"
        database_url = urlunparse(parsed._replace(path=f"/{name}"))
        _ensure_pg_database(pg, name)
        label = "postgresql"
    else:
        path = (db or ROOT / "var" / "bench" / f"search_{people}.sqlite3").resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        database_url = f"sqlite:///{path}"
        label = "sqlite"
    if _has_units(database_url):
        log(f"reusing {database_url} (migrating it to the current schema)")
        _tdkt(database_url, "migrate", "--noinput", "-v", "0")
        return database_url, label
    log(f"building a {people}-person demo province in {database_url}")
    _tdkt(database_url, "migrate", "--noinput", "-v", "0")
    started = time.perf_counter()
    _tdkt(database_url, "demo", "--people", str(people), stdout=sys.stderr)
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {"bench": "demo_build", "db": label, "people": people, "seconds": round(seconds, 1)}
        ),
        flush=True,
    )
    return database_url, label
