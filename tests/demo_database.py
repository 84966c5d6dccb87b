"""The demo data (``seed_demo``), seeded once per test run and per worker.

``seed_demo`` takes 15-30 seconds, so it runs once per worker, not once per test. A test that
reads the demo asks for the ``demo_data`` fixture instead of ``db``: the first such test on a worker
seeds a copy of the worker's test database (and runs the seed a second time to record what an
idempotent rerun says and changes); every demo test then runs on that copy inside a
transaction that is rolled back, so it may change what it likes. Other tests never see the demo.

- SQLite (the in-memory test database): the seeded database is kept as a second in-memory
  database. A demo test gets it copied in with SQLite's online backup and the database as it
  was before copied back afterwards (milliseconds for a few megabytes).
- PostgreSQL: the seeded database is a clone of the test database (``CREATE DATABASE ...
  TEMPLATE``, as Django's parallel test runner clones); a demo test switches the connection to
  it and back.

The demo tests are put first: pytest-xdist starts each worker on a run of consecutive tests,
so they all land on the first worker and only that one seeds, while the others test on. (Not
``--dist loadgroup``: it runs only one of several tests that share a node id, and the API fuzz
tests do.) A worker that gets a demo test later seeds its own copy.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction

from tests.reference_data import ensure_reference_data

# Tests that ask for one of these run on the demo database instead of the empty one.
DEMO_FIXTURES = frozenset({"demo_data", "_demo_database"})


def uses_demo(fixturenames) -> bool:
    return not DEMO_FIXTURES.isdisjoint(fixturenames)


@dataclass
class DemoData:
    """What the seed said and made: the output and every model's row count of the first run,
    and the same after a second run on top of it (the demo is idempotent)."""

    output: str
    counts: dict[str, int]
    rerun_output: str
    rerun_counts: dict[str, int] = field(default_factory=dict)

    def added_by_rerun(self) -> dict[str, int]:
        """Models whose row count the second run changed, with the difference."""
        return {
            label: self.rerun_counts[label] - count
            for label, count in self.counts.items()
            if self.rerun_counts[label] != count
        }


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def _seed() -> DemoData:
    ensure_reference_data()  # a transactional test before may have flushed it
    first = StringIO()
    call_command("seed_demo", stdout=first)
    counts = _row_counts()
    second = StringIO()
    call_command("seed_demo", stdout=second)
    return DemoData(
        output=first.getvalue(),
        counts=counts,
        rerun_output=second.getvalue(),
        rerun_counts=_row_counts(),
    )


class _SqliteDemo:
    def __init__(self) -> None:
        connection.ensure_connection()
        self.before = sqlite3.connect(":memory:")
        connection.connection.backup(self.before)
        self.data = _seed()
        self.seeded = sqlite3.connect(":memory:")
        connection.connection.backup(self.seeded)
        self.before.backup(connection.connection)

    def enter(self) -> None:
        _outside_a_transaction()
        connection.ensure_connection()
        self.seeded.backup(connection.connection)

    def leave(self) -> None:
        self.before.backup(connection.connection)

    def destroy(self) -> None:
        self.before.close()
        self.seeded.close()


class _PostgresDemo:
    SUFFIX = "demo"

    def __init__(self) -> None:
        self.test_name = connection.settings_dict["NAME"]
        connection.creation.clone_test_db(suffix=self.SUFFIX, verbosity=0, keepdb=False)
        self.name = connection.creation.get_test_db_clone_settings(self.SUFFIX)["NAME"]
        self.enter()
        try:
            self.data = _seed()
        finally:
            self.leave()

    def _switch(self, name: str) -> None:
        connection.close()
        connection.settings_dict["NAME"] = name

    def enter(self) -> None:
        _outside_a_transaction()
        self._switch(self.name)

    def leave(self) -> None:
        self._switch(self.test_name)

    def destroy(self) -> None:
        connection.close()
        connection.creation._destroy_test_db(self.name, verbosity=0)


def _outside_a_transaction() -> None:
    if connection.in_atomic_block:
        raise pytest.UsageError("The demo database is entered outside a transaction only.")


def _make_demo():
    _outside_a_transaction()
    if connection.vendor == "sqlite":
        return _SqliteDemo()
    if connection.vendor == "postgresql":
        return _PostgresDemo()
    raise pytest.UsageError(f"No demo database for {connection.vendor}.")


@pytest.fixture(scope="session")
def _demo_database(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        database = _make_demo()
    yield database
    with django_db_blocker.unblock():
        database.destroy()


@pytest.fixture
def demo_data(_demo_database, django_db_blocker) -> DemoData:
    """The demo data in this test's database, rolled back afterwards. A demo test cannot
    commit: it runs in this fixture's transaction, not in pytest-django's."""
    with django_db_blocker.unblock():
        _demo_database.enter()
        # SQLite begins write transactions IMMEDIATE (koers/settings.py); this one stays open
        # through the test, and would hold the write lock the live server's requests need.
        mode = getattr(connection, "transaction_mode", None)
        if connection.vendor == "sqlite":
            connection.transaction_mode = None
        try:
            with transaction.atomic():
                yield _demo_database.data
                transaction.set_rollback(True)
        finally:
            if connection.vendor == "sqlite":
                connection.transaction_mode = mode
            _demo_database.leave()


@pytest.fixture(autouse=True)
def _django_db_marker(request) -> None:
    """pytest-django's fixture of the same name, except for demo tests: they carry the
    ``django_db`` marker like every test (tests/conftest.py), so that the test database is set
    up for them too, but run in the demo database's transaction, which must begin outside
    pytest-django's."""
    if uses_demo(request.fixturenames):
        return
    if request.node.get_closest_marker("django_db"):
        request.getfixturevalue("_django_db_helper")


@pytest.hookimpl(trylast=True)  # after pytest-django has put the tests in Django's order
def pytest_collection_modifyitems(items) -> None:
    """The demo tests first (a stable sort: the rest keep their order)."""
    items.sort(key=lambda item: not uses_demo(getattr(item, "fixturenames", ())))
