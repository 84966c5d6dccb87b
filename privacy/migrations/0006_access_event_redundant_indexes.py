"""Drop the two single-column indexes of the access log that a composite index already leads:
``subject_id`` (led by ``privacy_access_subject_idx``) and the foreign key ``user_id`` (led by
``privacy_access_user_idx``). Every logged read wrote both; the log is the largest table. On
PostgreSQL also the ``LIKE`` index Django adds beside the unique index on ``hash``: nothing
searches hashes by prefix.

The indexes are dropped by name, found through introspection (Django named them), not with
``AlterField``: on SQLite that would rebuild the table and lose its append-only triggers."""

from django.conf import settings
from django.db import migrations, models

COLUMNS = ("subject_id", "user_id")


def _single_column_indexes(schema_editor) -> dict[str, str]:
    """{column: index name} of the non-unique indexes on exactly one of ``COLUMNS``, and
    ``hash`` for the ``LIKE`` index on PostgreSQL."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "privacy_accessevent")
    found = {}
    for name, info in constraints.items():
        columns = info.get("columns") or []
        if info.get("index") and not info.get("unique") and not info.get("primary_key"):
            if len(columns) == 1 and columns[0] in COLUMNS:
                found[columns[0]] = name
            elif columns == ["hash"] and name.endswith("_like"):
                found["hash"] = name
    return found


def drop(apps, schema_editor):
    for name in _single_column_indexes(schema_editor).values():
        schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


def restore(apps, schema_editor):
    present = _single_column_indexes(schema_editor)
    for column in COLUMNS:
        if column not in present:
            name = schema_editor.quote_name(f"privacy_accessevent_{column}_single")
            schema_editor.execute(f"CREATE INDEX {name} ON privacy_accessevent ({column})")
    if schema_editor.connection.vendor == "postgresql" and "hash" not in present:
        name = schema_editor.quote_name("privacy_accessevent_hash_like")
        schema_editor.execute(
            f"CREATE INDEX {name} ON privacy_accessevent (hash varchar_pattern_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0005_access_log_archive"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="accessevent",
                    name="subject_id",
                    field=models.UUIDField(blank=True, null=True),
                ),
                migrations.AlterField(
                    model_name="accessevent",
                    name="user",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop, restore)],
        )
    ]
