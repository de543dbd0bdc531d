"""Fast bulk inserts for the demo builder.

Django's `bulk_create` spends ~20 µs per value preparing SQL; a 100,000-person province has
tens of millions of values. Rows here are plain tuples written with `executemany` (SQLite) or
`COPY` (PostgreSQL). Ids that other rows need are reserved up front, safely for each database:
PostgreSQL hands out `nextval()` of the table's own sequence (so it never collides later);
SQLite continues from the table's AUTOINCREMENT high-water mark inside the write transaction
(explicit ids above it move `sqlite_sequence` on).

Each `Table` checks that its column list covers every NOT NULL column of the model, so a field
added later to a model makes the demo fail loudly instead of writing broken rows.
"""

from __future__ import annotations

import datetime as dt
import time

from django.db import connection, models
from django.utils import timezone


class Table:
    def __init__(self, model: type[models.Model], fields: list[str]):
        meta = model._meta
        self.model = model
        self.table = meta.db_table
        self.has_id = "id" in fields
        concrete = {f.name: f for f in meta.concrete_fields}
        self.timestamps = "created" in concrete and "updated" in concrete
        names = [*fields, *(["created", "updated"] if self.timestamps else [])]
        self.columns = [concrete[name].column for name in names]
        missing = [
            f.name
            for f in meta.concrete_fields
            if f.name not in names and not f.null and not f.primary_key
        ]
        if missing:
            raise RuntimeError(f"demo: {self.table} needs values for {missing}")
        self.rows: list[tuple] = []
        self.written = 0
        self.seconds = 0.0

    def add(self, row: tuple) -> None:
        self.rows.append(row)


class Writer:
    def __init__(self):
        self.vendor = connection.vendor
        self.sqlite = self.vendor == "sqlite"
        self._next: dict[str, int] = {}
        self._pool: dict[str, list[int]] = {}

    def date(self, value: dt.date | None):
        """Dates as the database driver wants them (ISO text for SQLite)."""
        if value is None or not self.sqlite:
            return value
        return value.isoformat()

    def now(self):
        return connection.ops.adapt_datetimefield_value(timezone.now())

    # ------------------------------------------------------------------------------ ids
    def next_id(self, model: type[models.Model]) -> int:
        table = model._meta.db_table
        if self.sqlite:
            value = self._next.get(table)
            if value is None:
                value = self._sqlite_high_water(table) + 1
            self._next[table] = value + 1
            return value
        pool = self._pool.get(table)
        if not pool:
            pool = self._pool[table] = self._pg_reserve(table, 5000)
        return pool.pop()

    def _sqlite_high_water(self, table: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')  # noqa: S608
            high = cursor.fetchone()[0]
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
        return max(high, row[0] if row else 0)

    def _pg_reserve(self, table: str, n: int) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), n],
            )
            ids = [r[0] for r in cursor.fetchall()]
        ids.reverse()  # pop() hands them out in increasing order
        return ids

    # ---------------------------------------------------------------------------- writes
    def flush(self, *tables: Table) -> None:
        now = self.now()
        for table in tables:
            if not table.rows:
                continue
            rows = table.rows
            if table.timestamps:
                rows = [(*row, now, now) for row in rows]
            t0 = time.perf_counter()
            quoted = ", ".join(connection.ops.quote_name(c) for c in table.columns)
            name = connection.ops.quote_name(table.table)
            if self.sqlite:
                marks = ", ".join(["%s"] * len(table.columns))
                with connection.cursor() as cursor:
                    cursor.executemany(f"INSERT INTO {name} ({quoted}) VALUES ({marks})", rows)  # noqa: S608
            else:
                with (
                    connection.cursor() as cursor,
                    cursor.cursor.copy(f"COPY {name} ({quoted}) FROM STDIN") as copy,
                ):
                    for row in rows:
                        copy.write_row(row)
            table.seconds += time.perf_counter() - t0
            table.written += len(rows)
            table.rows = []
        # SQLite: rows inserted without an id took numbers above the reserved ones; read the
        # high-water marks again before reserving more.
        self._next.clear()

    def analyze(self, *tables: Table) -> None:
        """Fresh planner statistics after a bulk load: without them both databases pick poor
        plans for the history and search queries (seen: 3× slower pages on PostgreSQL)."""
        with connection.cursor() as cursor:
            if self.sqlite:
                cursor.execute("PRAGMA analysis_limit = 1000")
                cursor.execute("ANALYZE")
            else:
                for table in tables:
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(table.table)}")
