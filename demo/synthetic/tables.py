"""Writing prebuilt rows straight into a table and its history table (INSERT or COPY), and
the value conversions and ids that takes."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import uuid
from collections.abc import Callable, Iterator, Sequence

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection, models

from casework.models import (
    Enrolment,
    Goal,
    Measurement,
    MeasurementValue,
    Participant,
    Plan,
    ProgressEntry,
)
from privacy.models import DataKey

HISTORY_COLUMNS = ("history_date", "history_change_reason", "history_type", "history_user_id")
PARTICIPANT_COLUMNS = (
    "id", "version", "data_key_id", "given_name", "family_name", "bsn", "date_of_birth",
    "street", "house_number", "postcode", "city", "phone", "email", "client_ref", "bsn_index",
    "client_ref_index", "year_of_birth", "gender", "wijk", "created_at", "erased_at",
    "record_key",
)  # fmt: skip
BSN_COLUMN = PARTICIPANT_COLUMNS.index("bsn")
BSN_INDEX_COLUMN = PARTICIPANT_COLUMNS.index("bsn_index")


@contextlib.contextmanager
def sqlite_cache(kib: int = 512 * 1024) -> Iterator[None]:
    """On SQLite, a page cache of ``kib`` KiB for this connection while the block runs.

    The indexes on random UUIDs are written all over; with SQLite's default cache of 2 MiB
    every batch spills and rereads pages, which doubles the time. SQLite allocates the
    cache only as pages are used; the previous size is restored afterwards.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


class Table:
    """One table (and its history table), written with ``executemany`` of prebuilt tuples.

    ``columns`` are the attribute names in the order of the tuples; they must be exactly the
    model's concrete fields, and the history model's fields must be exactly these plus the
    history fields, so a changed model stops the command instead of writing wrong rows.
    """

    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        quote = connection.ops.quote_name
        fields = {f.attname: f for f in model._meta.local_concrete_fields}
        if sorted(fields) != sorted(columns):
            raise CommandError(
                f"generate_synthetic kent de kolommen van {model._meta.label} niet: "
                f"{sorted(set(fields) ^ set(columns))}"
            )
        self.sql = self._insert(
            model._meta.db_table, [quote(fields[name].column) for name in columns]
        )
        self.copy = self._copy(
            model._meta.db_table, [quote(fields[name].column) for name in columns]
        )
        self.history_sql = self.history_copy = self.history_positions = None
        history = getattr(model, "history", None)
        if history is not None and getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            hfields = {f.attname: f for f in history.model._meta.local_concrete_fields}
            # Columns left out of the history (a participant's record key) are left out of
            # its rows too.
            tracked = [name for name in columns if name in hfields]
            self.history_positions = (
                None if len(tracked) == len(columns) else [columns.index(n) for n in tracked]
            )
            names = [*tracked, *HISTORY_COLUMNS]
            if sorted(hfields) != sorted([*names, "history_id"]):
                raise CommandError(
                    f"generate_synthetic kent de historiekolommen van {model._meta.label} "
                    f"niet: {sorted(set(hfields) ^ {*names, 'history_id'})}"
                )
            history_columns = [quote(hfields[name].column) for name in names]
            self.history_sql = self._insert(history.model._meta.db_table, history_columns)
            self.history_copy = self._copy(history.model._meta.db_table, history_columns)

    @staticmethod
    def _insert(table: str, columns: list[str]) -> str:
        placeholders = ", ".join(["%s"] * len(columns))
        quoted = connection.ops.quote_name(table)
        # Table and column names come from the models, quoted; values are parameters.
        return f"INSERT INTO {quoted} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608

    @staticmethod
    def _copy(table: str, columns: list[str]) -> str:
        return f"COPY {connection.ops.quote_name(table)} ({', '.join(columns)}) FROM STDIN"

    def write(self, cursor, rows: list[tuple], history_suffix: tuple) -> None:
        if not rows:
            return
        if connection.vendor == "postgresql":
            # executemany costs a statement per row there; COPY streams the rows (psycopg 3).
            self._copy_rows(cursor, self.copy, rows)
            if self.history_copy:
                self._copy_rows(cursor, self.history_copy, self._history_rows(rows, history_suffix))
            return
        cursor.executemany(self.sql, rows)
        if self.history_sql:
            cursor.executemany(self.history_sql, self._history_rows(rows, history_suffix))

    def _history_rows(self, rows: list[tuple], suffix: tuple) -> list[tuple]:
        positions = self.history_positions
        if positions is None:
            return [row + suffix for row in rows]
        return [tuple(row[i] for i in positions) + suffix for row in rows]

    @staticmethod
    def _copy_rows(cursor, sql: str, rows: list[tuple]) -> None:
        with cursor.cursor.copy(sql) as copy:
            write_row = copy.write_row
            for row in rows:
                write_row(row)


def converters() -> tuple[Callable, Callable, Callable]:
    """UUID, date and datetime to the connection's representation, as the fields do it.

    The fields' own ``get_db_prep_save`` is too slow for millions of cells; these shortcuts
    are checked against it once, on this connection.
    """
    if connection.features.has_native_uuid_field:

        def db_uuid(value: uuid.UUID) -> object:
            return value

    else:

        def db_uuid(value: uuid.UUID) -> object:
            return value.hex

    date_field = Enrolment._meta.get_field("start_date")
    db_date = functools.lru_cache(maxsize=None)(
        lambda value: date_field.get_db_prep_save(value, connection)
    )
    datetime_field = Participant._meta.get_field("created_at")

    def db_datetime(value: dt.datetime) -> object:
        return datetime_field.get_db_prep_save(value, connection)

    sample = uuid.uuid4()
    expected = Participant._meta.get_field("id").get_db_prep_save(sample, connection)
    if db_uuid(sample) != expected:
        raise CommandError("generate_synthetic kan UUID's voor deze database niet omzetten.")
    return db_uuid, db_date, db_datetime


def new_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` new values of the auto-increment primary key, never used before.

    PostgreSQL hands them out from the column's sequence. SQLite (AUTOINCREMENT) counts
    on from the highest id it ever gave, so a deleted row's id, still named by its
    history rows, is not given again; explicit ids above it move that mark on.
    """
    if not count:
        return []
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return [pk for (pk,) in cursor.fetchall()]
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT MAX({quote(column)}) FROM {quote(table)}")  # noqa: S608
        highest = cursor.fetchone()[0] or 0
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            highest = max(highest, row[0] if row else 0)
    return list(range(highest + 1, highest + 1 + count))


def tables() -> dict[type[models.Model], Table]:
    """The tables the generator writes, in order, with their columns in the order of the rows
    ``demo.synthetic.rows`` builds."""
    return {
        DataKey: Table(DataKey, ("id", "kek_id", "wrapped", "created_at", "destroyed_at")),
        Participant: Table(Participant, PARTICIPANT_COLUMNS),
        Enrolment: Table(
            Enrolment,
            (
                "id", "version", "participant_id", "programme_id", "team_id",
                "caseworker_id", "start_date", "end_date", "status", "finding_place",
                "legal_basis",
            ),
        ),
        Plan: Table(Plan, ("id", "version", "enrolment_id", "summary", "updated_at")),
        Goal: Table(
            Goal,
            (
                "id", "version", "plan_id", "position", "text", "life_domain", "status",
                "created_on",
            ),
        ),
        ProgressEntry: Table(
            ProgressEntry,
            ("id", "version", "enrolment_id", "date", "kind", "note", "author_id",
             "created_at"),
        ),
        Measurement: Table(
            Measurement,
            (
                "id", "version", "enrolment_id", "participant_id", "instrument_id", "wave",
                "date", "recorded_by_id",
            ),
        ),
        MeasurementValue: Table(
            MeasurementValue, ("measurement_id", "item", "goal_id", "value", "id")
        ),
    }  # fmt: skip
