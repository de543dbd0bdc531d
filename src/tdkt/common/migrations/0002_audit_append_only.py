"""On PostgreSQL, the audit log refuses UPDATE and DELETE even from raw SQL (row trigger)."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION tdkt_auditlog_immutable() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'Nhật ký thay đổi không được sửa hoặc xóa';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER tdkt_auditlog_immutable BEFORE UPDATE OR DELETE ON common_auditlog
FOR EACH ROW EXECUTE FUNCTION tdkt_auditlog_immutable();
"""
BACKWARD = """
DROP TRIGGER IF EXISTS tdkt_auditlog_immutable ON common_auditlog;
DROP FUNCTION IF EXISTS tdkt_auditlog_immutable();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("common", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
