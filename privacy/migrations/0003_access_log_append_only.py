"""Make the access log append-only in the database itself: on PostgreSQL UPDATE and DELETE are
refused by a trigger (TRUNCATE, used only by test flushes, is not a row operation)."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER privacy_accessevent_no_update BEFORE UPDATE ON privacy_accessevent
       BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;""",
]
# SQLite (demo, development, tests) refuses UPDATE only: Django's flush between tests deletes
# rows there. Deletions are caught by the hash chain (sequence gaps, chain head) everywhere.
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS privacy_accessevent_no_update;",
    "DROP TRIGGER IF EXISTS privacy_accessevent_no_delete;",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION privacy_accessevent_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'the access log is append-only'; END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER privacy_accessevent_no_change BEFORE UPDATE OR DELETE ON privacy_accessevent
       FOR EACH ROW EXECUTE FUNCTION privacy_accessevent_append_only();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS privacy_accessevent_no_change ON privacy_accessevent;",
    "DROP FUNCTION IF EXISTS privacy_accessevent_append_only();",
]


def forwards(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = POSTGRES_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0002_accessloghead_datasubjectrequest_historicalconsent_and_more")]
    operations = [migrations.RunPython(forwards, backwards)]
