"""The access log is append-only (database trigger) and hash-chained: verify_access_log passes
on a whole chain and names the first broken event after an attacker with database rights
altered or deleted a row."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from privacy import services
from privacy.models import AccessEvent


def _log_five(user):
    return services.log_access(
        user=user,
        looks=[services.Look(subject_id=None, what=f"test {n}") for n in range(5)],
        purpose="privacy",
    )


def _drop_trigger() -> None:
    """What an attacker with rights on the database can do before changing the log."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER privacy_accessevent_no_change ON privacy_accessevent")
        else:
            cursor.execute("DROP TRIGGER privacy_accessevent_no_update")


def _verify(capsys=None) -> str:
    from io import StringIO

    out = StringIO()
    call_command("verify_access_log", stdout=out)
    return out.getvalue()


def test_fresh_chain_is_whole(officer):
    _log_five(officer)
    assert "5 gebeurtenissen" in _verify()


def test_empty_chain_is_whole(db):
    assert "0 gebeurtenissen" in _verify()


def test_altered_event_is_named(officer):
    events = _log_five(officer)
    _drop_trigger()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE privacy_accessevent SET what = %s WHERE sequence = %s",
            ["niets bijzonders", events[2].sequence],
        )
    with pytest.raises(CommandError, match=f"volgnummer {events[2].sequence} ") as failure:
        _verify()
    assert failure.value.returncode == 1


@pytest.mark.parametrize(
    "index",
    [
        pytest.param(1, id="named"),
        pytest.param(4, id="last-found-through-the-chain-head"),
    ],
)
def test_deleted_event_is_named(officer, index):
    events = _log_five(officer)
    _drop_trigger()
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM privacy_accessevent WHERE sequence = %s", [events[index].sequence]
        )
    with pytest.raises(CommandError, match=f"volgnummer {events[index].sequence} "):
        _verify()


def test_the_database_refuses_an_update(officer):
    events = _log_five(officer)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE privacy_accessevent SET what = %s WHERE sequence = %s",
            ["niets", events[0].sequence],
        )
    assert AccessEvent.objects.get(sequence=events[0].sequence).what == "test 0"
    assert "5 gebeurtenissen" in _verify()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite refuses UPDATE only (test flushes delete)"
)
def test_postgresql_refuses_a_delete(officer):
    events = _log_five(officer)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM privacy_accessevent WHERE sequence = %s", [events[0].sequence])
    assert AccessEvent.objects.count() == 5
