"""The access log: chains without a global lock, one INSERT a request, HMAC under a key the
database does not hold, checkpoints in and outside the database. An attacker with every right
on the database (the triggers dropped) changes, removes, renumbers or truncates events and
recomputes the hashes as well as they can: verify_access_log names the first fault."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import uuid
from contextlib import contextmanager
from io import StringIO

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from accounts.models import Team
from accounts.roles import FUNCTIONAL_ADMIN
from privacy import access_log
from privacy.keys import reset_keyring_cache
from privacy.models import AccessCheckpoint, AccessEvent
from tests.factories import make_participant, make_user
from tests.privacy.chains import fresh_chain, log_looks  # noqa: F401 - fresh_chain is autouse
from tests.privacy.legacy_chain import write_legacy_chain

pytestmark = pytest.mark.django_db


def _new_thread() -> None:
    access_log._local.chain = None


def _drop_triggers() -> None:
    """What an attacker with rights on the database can do before changing the log."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER privacy_accessevent_no_update ON privacy_accessevent")
            cursor.execute("DROP TRIGGER privacy_accessevent_no_delete ON privacy_accessevent")
            cursor.execute(
                "DROP TRIGGER privacy_accesscheckpoint_no_change ON privacy_accesscheckpoint"
            )
        else:
            cursor.execute("DROP TRIGGER privacy_accessevent_no_update")
            cursor.execute("DROP TRIGGER privacy_accesscheckpoint_no_update")


def _sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, list(params))


def _verify(*extra: str) -> str:
    out = StringIO()
    call_command("verify_access_log", *extra, stdout=out)
    return out.getvalue()


def test_a_fresh_log_is_whole_and_sealed(officer):
    log_looks(officer)
    _new_thread()
    log_looks(officer, 3)
    assert "8 gebeurtenissen gecontroleerd in 2 ketens" in _verify()
    assert AccessCheckpoint.objects.count() == 1  # verify seals what it checked
    assert "1 controlepunten" in _verify()


def test_an_empty_log_is_whole(db):
    assert "0 gebeurtenissen" in _verify("--no-seal")


def test_a_page_of_any_size_is_one_insert(officer):
    def statements(count: int) -> list[str]:
        with CaptureQueriesContext(connection) as ctx:
            access_log.log_access(
                user=officer,
                looks=[access_log.Look(subject_id=None, what="test")] * count,
                purpose="privacy",
            )
        # One prepared INSERT executed for every event is logged once, as "<n> times: INSERT".
        return [
            re.sub(r"^\d+ times: ", "", query["sql"]).split()[0].upper()
            for query in ctx.captured_queries
        ]

    log_looks(officer, 1)  # the officer's roles are read once per request, not per look
    one, fifty = statements(1), statements(50)
    assert one == fifty
    assert fifty.count("INSERT") == 1
    assert "UPDATE" not in fifty  # no shared head row to lock and update
    assert AccessEvent.objects.filter(chain=access_log._chain_id()).count() == 52


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner and partial index")
def test_the_chains_tail_is_found_through_the_index(officer):
    """Every logged read first reads its chain's tail: through the partial index on (chain,
    link), not a scan of the whole log (SQLite uses a partial index only when the query
    repeats its condition)."""
    log_looks(officer, 3)
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN QUERY PLAN " + access_log._tail_sql(connection.vendor),
            [access_log._chain_id()],
        )
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "privacy_access_chain_link" in plan and "SCAN" not in plan, plan


def test_every_logged_read_writes_no_index_that_another_one_leads():
    """Each event is written into every index of the log, its largest table: looking a
    person or a user up goes through the composite indexes, so the single-column ones on
    the subject and the user (migration 0006) are gone, on both databases, and so is
    PostgreSQL's prefix (``LIKE``) index on the hash."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, "privacy_accessevent")
    indexed = {
        tuple(info["columns"])
        for info in found.values()
        if info["index"] and not info["unique"] and not info["primary_key"]
    }
    assert ("subject_id", "occurred_at") in indexed
    assert ("user_id", "occurred_at") in indexed
    assert ("subject_id",) not in indexed
    assert ("user_id",) not in indexed
    assert ("hash",) not in indexed  # the unique index on the hash stays (not listed here)


def test_each_event_records_where_the_request_came_from(client, caseworker_a, team_a):
    make_participant(caseworker_a, team_a)
    client.force_login(caseworker_a)
    client.get("/dossiers/", REMOTE_ADDR="192.0.2.44")
    (event,) = AccessEvent.objects.filter(what="caseload")
    assert event.source_address == "192.0.2.44"


def test_logins_failed_logins_and_logouts_are_events(client, officer):
    client.post(
        "/account/inloggen/",
        {"username": officer.username, "password": "fout"},
        REMOTE_ADDR="198.51.100.7",
    )
    client.post(
        "/account/inloggen/",
        {"username": "typed-my-password-here", "password": "x"},
        REMOTE_ADDR="198.51.100.7",
    )
    client.post(
        "/account/inloggen/",
        {"username": officer.username, "password": "correct-horse-battery"},
        REMOTE_ADDR="198.51.100.7",
    )
    client.post("/account/uitloggen/", REMOTE_ADDR="198.51.100.7")
    events = list(
        AccessEvent.objects.filter(purpose="security")
        .order_by("id")
        .values_list("action", "actor_label", "source_address")
    )
    assert events == [
        ("login_failed", officer.username, "198.51.100.7"),
        ("login_failed", "", "198.51.100.7"),  # an unknown name is not kept
        ("login", officer.username, "198.51.100.7"),
        ("logout", officer.username, "198.51.100.7"),
    ]
    assert "ketens" in _verify()


def test_an_admin_action_is_an_event(team_a):
    """Django's admin writes a LogEntry for every addition, change and deletion."""
    admin = make_user(FUNCTIONAL_ADMIN)
    LogEntry.objects.create(
        user=admin,
        content_type=ContentType.objects.get_for_model(Team),
        object_id=str(team_a.pk),
        object_repr="Gezinslab Bilgaard",
        action_flag=CHANGE,
        change_message="[]",
    )
    (event,) = AccessEvent.objects.filter(action="admin")
    assert event.what == f"admin: team {team_a.pk} gewijzigd"
    assert event.user == admin
    assert "Bilgaard" not in event.what


COLUMNS = [field.column for field in AccessEvent._meta.concrete_fields if field.name not in {"id"}]


def _stored(chain: str) -> list[tuple]:
    """The rows of one chain as the database holds them, every column but the id."""
    columns = ", ".join(connection.ops.quote_name(column) for column in COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM privacy_accessevent WHERE chain = %s ORDER BY link",  # noqa: S608
            [chain],
        )
        return cursor.fetchall()


@contextmanager
def _in_request(request_id: str, address: str):
    """What ``RequestIdMiddleware`` sets for a request (its id, the request and its address)."""
    from types import SimpleNamespace

    from privacy import context

    tokens = (
        context._request_id.set(request_id),
        context._request.set(SimpleNamespace(META={"REMOTE_ADDR": address})),
    )
    try:
        yield
    finally:
        context._request_id.reset(tokens[0])
        context._request.reset(tokens[1])


@pytest.mark.parametrize("address", ["192.0.2.44", "2001:DB8:0::7"])
def test_the_prepared_insert_stores_what_bulk_create_would(officer, address):
    """``log_access`` writes its rows with one prepared INSERT, without model instances: each
    stored column is what ``bulk_create`` makes of the same event (dates, UUIDs, addresses and
    booleans in the database's own form), and each hash covers the values as they are read
    back, on SQLite and PostgreSQL alike."""
    subjects = [uuid.uuid4(), uuid.uuid4(), None]
    looks = [
        access_log.Look(subject_id=subjects[0], what="caseload", action="list"),
        access_log.Look(
            subject_id=subjects[1], what="w" * 250, action="break_glass", break_glass=True
        ),
        access_log.Look(subject_id=subjects[2], what="export", subject_type="study"),
    ]
    with _in_request("req-1234", address):
        assert access_log.log_access(user=officer, looks=looks, purpose="p" * 50) == 3
    chain = access_log._chain_id()
    events = list(AccessEvent.objects.filter(chain=chain).order_by("link"))
    key = dict(access_log.keyring().audit_keys)["audit1"]
    for event, look, subject in zip(events, looks, subjects, strict=True):
        assert event.hash == access_log.event_mac(event, key)
        assert (event.subject_id, event.action, event.break_glass) == (
            subject,
            look.action,
            look.break_glass,
        )
        assert (event.user_id, event.actor_label, event.roles) == (
            officer.pk,
            officer.username,
            "privacy_officer",
        )
        assert (event.purpose, event.request_id) == ("p" * 40, "req-1234")
        assert event.source_address == ("2001:db8::7" if ":" in address else address)
    assert events[1].what == "w" * 200
    assert "3 gebeurtenissen gecontroleerd in 1 ketens" in _verify("--no-seal")
    # The same events through the ORM, in a chain of their own: the same columns.
    copies = [
        AccessEvent(
            **{f.attname: getattr(e, f.attname) for f in AccessEvent._meta.concrete_fields},
        )
        for e in events
    ]
    for copy in copies:
        copy.pk, copy.chain, copy.hash = None, "c" * 32, f"copy {copy.link}"
    AccessEvent.objects.bulk_create(copies)
    ours, orm = _stored(chain), _stored("c" * 32)
    differ = {COLUMNS.index("chain"), COLUMNS.index("hash")}
    assert [[v for i, v in enumerate(row) if i not in differ] for row in ours] == [
        [v for i, v in enumerate(row) if i not in differ] for row in orm
    ]


def test_an_event_forged_into_a_chain_is_caught(officer):
    """Someone with every right on the database appends an event to a chain with the same
    prepared INSERT, linked to the chain's tail, but hashed without the audit key."""
    events = log_looks(officer, 3)
    tail = events[-1]
    forged = [getattr(tail, name) for name in access_log._COLUMNS]
    columns = list(access_log._COLUMNS)
    forged[columns.index("link")] = tail.link + 1
    forged[columns.index("prev_hash")] = tail.hash
    forged[columns.index("what")] = "niets gezien"
    forged[columns.index("occurred_at")] = access_log._db_value("occurred_at", tail.occurred_at)
    forged[columns.index("hash")] = hmac.new(b"guessed key", b"anything", "sha256").hexdigest()
    with connection.cursor() as cursor:
        cursor.executemany(access_log._insert_sql(connection.vendor), [forged])
    with pytest.raises(CommandError, match="schakel 4 .content altered, or the hash was made"):
        _verify()


def test_an_event_moved_to_another_person_is_caught(officer):
    """The subject of a logged look replaced by another person's id (triggers dropped)."""
    with _in_request("req-1", "192.0.2.1"):
        access_log.log_access(
            user=officer,
            looks=[access_log.Look(subject_id=uuid.uuid4(), what="caseload")] * 2,
            purpose="care",
        )
    second = AccessEvent.objects.get(chain=access_log._chain_id(), link=2)
    _drop_triggers()
    other = access_log._db_value("subject_id", uuid.uuid4())
    _sql("UPDATE privacy_accessevent SET subject_id = %s WHERE id = %s", [other, second.pk])
    with pytest.raises(CommandError, match="schakel 2 .content altered"):
        _verify()


def test_an_altered_event_is_named(officer):
    events = log_looks(officer)
    _drop_triggers()
    _sql("UPDATE privacy_accessevent SET what = %s WHERE id = %s", ["niets", events[2].pk])
    with pytest.raises(CommandError, match="schakel 3 .content altered") as failure:
        _verify()
    assert failure.value.returncode == 1


def _rehash_from(events, start: int, digest) -> None:
    """Renumber the chain from ``start`` and recompute every hash with ``digest``."""
    previous = events[start - 1].hash if start else None
    for index, event in enumerate(events[start + 1 :], start=start + 1):
        event.refresh_from_db()
        link = index  # one fewer: the deleted event's place is taken
        fields = [event.chain, str(link), event.what, event.prev_hash]
        new_hash = digest("\x1f".join(fields).encode())
        _sql(
            "UPDATE privacy_accessevent SET link = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [link, previous or event.prev_hash, new_hash, event.pk],
        )
        previous = new_hash


@pytest.mark.parametrize(
    "digest",
    [
        pytest.param(lambda data: hashlib.sha256(data).hexdigest(), id="sha256-as-version-1"),
        pytest.param(
            lambda data: hmac.new(b"guessed key", data, "sha256").hexdigest(),
            id="hmac-with-a-guessed-key",
        ),
    ],
)
def test_a_deleted_and_renumbered_chain_is_caught(officer, digest):
    """Someone removes a person's event, renumbers the rest and recomputes every hash: without
    the key in the environment, the hashes do not match."""
    events = log_looks(officer)
    _drop_triggers()
    _sql("DELETE FROM privacy_accessevent WHERE id = %s", [events[1].pk])
    _rehash_from(events, 1, digest)
    with pytest.raises(CommandError, match="schakel 2 .*(broken|without the key)"):
        _verify()


def test_a_deleted_event_in_the_middle_is_named(officer):
    events = log_looks(officer)
    _drop_triggers()
    _sql("DELETE FROM privacy_accessevent WHERE id = %s", [events[2].pk])
    with pytest.raises(CommandError, match="schakel 3 .event missing"):
        _verify()


def test_a_truncated_chain_is_found_through_the_checkpoint(officer):
    events = log_looks(officer)
    access_log.seal()
    _drop_triggers()
    _sql("DELETE FROM privacy_accessevent WHERE id = %s", [events[-1].pk])
    with pytest.raises(CommandError, match="checkpoint 1 .*ends before link 5 .truncated"):
        _verify()


def test_truncation_is_found_outside_when_the_checkpoints_went_too(
    officer, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.KOERS_AUDIT_CHECKPOINT_FILE = str(tmp_path / "checkpoints.jsonl")
    events = log_looks(officer)
    with django_capture_on_commit_callbacks(execute=True):
        access_log.seal()
    (line,) = (tmp_path / "checkpoints.jsonl").read_text().splitlines()
    assert json.loads(line)["heads"] == {events[0].chain: [5, events[-1].hash]}
    _drop_triggers()
    _sql("DELETE FROM privacy_accessevent WHERE id = %s", [events[-1].pk])
    _sql("DELETE FROM privacy_accesscheckpoint")
    with pytest.raises(CommandError, match="checkpoint 1 .in the file outside, not in the data"):
        _verify()


def test_a_missing_checkpoint_file_is_named(officer, settings, tmp_path):
    settings.KOERS_AUDIT_CHECKPOINT_FILE = str(tmp_path / "checkpoints.jsonl")
    log_looks(officer)
    access_log.seal()  # in a test transaction the file is written on commit: never here
    with pytest.raises(CommandError, match="checkpoint file .*is missing"):
        _verify()


@contextmanager
def _audit_key(value: str):
    with override_settings(KOERS_AUDIT_KEY=value):
        reset_keyring_cache()
        try:
            yield
        finally:
            reset_keyring_cache()
    reset_keyring_cache()


NEW_KEY = base64.b64encode(b"n" * 32).decode()


def test_events_under_a_key_that_is_gone_are_named(officer):
    log_looks(officer)
    with (
        _audit_key(f"audit2:{NEW_KEY}"),
        pytest.raises(CommandError, match="key 'audit1', not in KOERS_AUDIT_KEY"),
    ):
        _verify()


def test_a_new_key_first_keeps_old_chains_verifiable(officer, settings):
    log_looks(officer)
    with _audit_key(f"audit2:{NEW_KEY},{settings.KOERS_AUDIT_KEY}"):
        _new_thread()
        newer = log_looks(officer, 2)
        assert {event.key_id for event in newer} == {"audit2"}
        assert "7 gebeurtenissen gecontroleerd in 2 ketens" in _verify()


def test_the_legacy_chain_is_still_checked(db):
    write_legacy_chain([None, None, None])
    assert "3 gebeurtenissen" in _verify()
    _drop_triggers()
    _sql("UPDATE privacy_accessevent SET what = 'anders' WHERE sequence = 2")
    with pytest.raises(CommandError, match="volgnummer 2 .content altered"):
        _verify()


def test_the_database_refuses_an_update(officer):
    events = log_looks(officer)
    with pytest.raises(DatabaseError), transaction.atomic():
        _sql("UPDATE privacy_accessevent SET what = %s WHERE id = %s", ["niets", events[0].pk])
    assert AccessEvent.objects.get(pk=events[0].pk).what == "test 0"
    checkpoint = access_log.seal()
    with pytest.raises(DatabaseError), transaction.atomic():
        _sql("UPDATE privacy_accesscheckpoint SET heads = '{}' WHERE id = %s", [checkpoint.pk])
    assert "5 gebeurtenissen" in _verify()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite refuses UPDATE only (test flushes delete)"
)
def test_postgresql_refuses_a_delete(officer):
    events = log_looks(officer)
    with pytest.raises(DatabaseError), transaction.atomic():
        _sql("DELETE FROM privacy_accessevent WHERE id = %s", [events[0].pk])
    assert AccessEvent.objects.count() == 5
