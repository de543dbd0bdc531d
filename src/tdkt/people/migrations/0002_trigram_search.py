"""PostgreSQL: trigram index on the diacritic-free search key, for fast substring search.
Skipped (with the plain index still there) when pg_trgm cannot be created."""

import logging

from django.db import migrations, transaction

log = logging.getLogger(__name__)


def forward(apps, schema_editor):
    conn = schema_editor.connection
    if conn.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=conn.alias):
            with conn.cursor() as cur:
                cur.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                cur.execute(
                    "CREATE INDEX IF NOT EXISTS person_search_trgm ON people_person "
                    "USING gin (search_key gin_trgm_ops)"
                )
                cur.execute(
                    "CREATE INDEX IF NOT EXISTS household_search_trgm ON people_household "
                    "USING gin (search_key gin_trgm_ops)"
                )
    except Exception:  # noqa: BLE001 -- extension needs a privileged role; search still works
        log.warning("pg_trgm unavailable: name search will use sequential scans")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS person_search_trgm")
        schema_editor.execute("DROP INDEX IF EXISTS household_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
