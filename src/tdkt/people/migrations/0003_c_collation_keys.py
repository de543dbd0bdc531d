"""PostgreSQL: the derived keys are compared byte-wise (COLLATE "C"): vi_sort_string encodes the
Vietnamese order in ASCII, which a locale collation (en_US, vi_VN) would reorder; search keys in
"C" also let the B-tree index serve prefix LIKE. SQLite compares bytes already (BINARY)."""

from django.db import migrations

COLUMNS = [
    ("people_person", "search_key", 150),
    ("people_person", "sort_key", 400),
    ("people_person", "family_sort_key", 400),
    ("people_household", "search_key", 150),
    ("people_household", "sort_key", 400),
    ("orgs_unit", "search_key", 255),
    ("orgs_unit", "sort_key", 255),
    ("orgs_unit", "path", 255),
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, length in COLUMNS:
        schema_editor.execute(
            f'ALTER TABLE {table} ALTER COLUMN {column} TYPE varchar({length}) COLLATE "C"'
        )


class Migration(migrations.Migration):
    dependencies = [("people", "0002_trigram_search"), ("orgs", "0001_initial")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
