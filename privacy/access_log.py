"""The access log (NEN 7513 spirit): who looked at whose data, when, why and from where.

Version 2 of its integrity, without a global lock:

* **Chains.** Each process thread appends to a chain of its own (a random id, begun when the
  thread first logs), so appends never wait for each other. Within a chain every event holds
  the hash of the one before it and its place (``link``). A request's events are written by one
  prepared INSERT (``executemany``), whatever the page size; the chain's tail is read first
  (only this thread writes it).
* **Keyed.** A hash is an HMAC-SHA256 under ``KOERS_AUDIT_KEY`` (environment only, never in the
  database), named by its key id. Whoever can write the database but not read the environment
  cannot recompute a chain after changing, removing or renumbering events.
* **Checkpoints** (``seal``, run by a timer and by ``verify_access_log``) record every chain's
  tail, HMAC-sealed and chained to the checkpoint before, in the database *and* as a JSON line
  in ``KOERS_AUDIT_CHECKPOINT_FILE`` and the ``koers.audit`` log (for a SIEM), so that events
  removed from a chain's end are detected, even when the database's checkpoints went with them.
* **Legacy events** of version 1 (one global, unkeyed SHA-256 chain numbered by ``sequence``)
  are still checked as they were.

The database refuses UPDATE (and on PostgreSQL DELETE) of events and checkpoints by trigger.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import json
import logging
import os
import threading
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from privacy import context
from privacy.keys import keyring
from privacy.models import AccessCheckpoint, AccessEvent, AccessLogArchive, AccessLogHead
from privacy.outside import append_line

logger = logging.getLogger("koers.audit")

GENESIS_V1 = "0" * 64


@dataclass(frozen=True)
class Look:
    """One display of one subject's identifying data."""

    subject_id: uuid.UUID | None
    what: str
    action: str = AccessEvent.Action.VIEW
    subject_type: str = "participant"
    break_glass: bool = False


# --- hashing ------------------------------------------------------------------------------


def _format_time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _content_of(
    occurred: str,
    user_id,
    actor_label: str,
    roles: str,
    subject_id,
    subject_type: str,
    action: str,
    what: str,
    purpose: str,
    request_id: str,
    break_glass: bool,
) -> list[str]:
    """The fields every hash covers, in their order (``occurred`` already formatted)."""
    return [
        occurred,
        str(user_id or ""),
        actor_label,
        roles,
        str(subject_id or ""),
        subject_type,
        action,
        what,
        purpose,
        request_id,
        "1" if break_glass else "0",
    ]


def _content(event: AccessEvent) -> list[str]:
    return _content_of(
        _format_time(event.occurred_at),
        event.user_id,
        event.actor_label,
        event.roles,
        event.subject_id,
        event.subject_type,
        event.action,
        event.what,
        event.purpose,
        event.request_id,
        event.break_glass,
    )


def event_hash(event: AccessEvent) -> str:
    """Version 1 (legacy): SHA-256 over the event's fields and the hash before it."""
    parts = [str(event.sequence), *_content(event), event.prev_hash]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _mac(key: bytes, parts: Iterable[str]) -> str:
    return hmac.new(key, "\x1f".join(parts).encode(), hashlib.sha256).hexdigest()


def _v2_parts(
    chain: str, link: int, content: list[str], source_address, key_id: str, prev_hash: str
) -> list[str]:
    return ["v2", chain, str(link), *content, source_address or "", key_id, prev_hash]


def event_mac(event: AccessEvent, key: bytes) -> str:
    """Version 2: HMAC over the chain, the place in it, every field, and the hash before it."""
    parts = _v2_parts(
        event.chain,
        event.link,
        _content(event),
        event.source_address,
        event.key_id,
        event.prev_hash,
    )
    return _mac(key, parts)


def chain_genesis(chain: str, key: bytes) -> str:
    """What the first event of a chain links to: bound to the chain and the key."""
    return _mac(key, ["genesis", chain])


# --- appending ----------------------------------------------------------------------------

_local = threading.local()


def _new_chains_after_fork() -> None:
    # A forked worker must not continue its parent's chain.
    globals()["_local"] = threading.local()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_new_chains_after_fork)


def _chain_id() -> str:
    chain = getattr(_local, "chain", None)
    if chain is None:
        chain = _local.chain = uuid.uuid4().hex
    return chain


# The columns an appended event fills (``id`` is the database's; ``sequence`` is legacy, NULL):
# first those the same for every event of a request, then those of each event.
_SAME = ("chain", "key_id", "occurred_at", "user_id", "actor_label", "roles", "purpose")
_REQUEST = ("request_id", "source_address")
_EACH = ("link", "subject_id", "subject_type", "action", "what", "break_glass", "prev_hash")
_COLUMNS = (*_SAME, *_REQUEST, *_EACH, "hash")


@functools.cache
def _insert_sql(vendor: str) -> str:
    """One INSERT of one event, prepared once and executed for every event of a request (the
    table's and the model's own column names, quoted; every value a parameter)."""
    quote = connection.ops.quote_name
    return "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(AccessEvent._meta.db_table),
        ", ".join(quote(column) for column in _COLUMNS),
        ", ".join(["%s"] * len(_COLUMNS)),
    )


@functools.cache
def _tail_sql(vendor: str) -> str:
    """The last link and hash of a chain. ``NOT (chain = '')`` repeats the condition of the
    partial index on (chain, link), so that SQLite's planner uses it (otherwise it scans the
    whole log on every logged read; a test checks the plan)."""
    table, chain, link, digest = map(
        connection.ops.quote_name, (AccessEvent._meta.db_table, "chain", "link", "hash")
    )
    return (
        f"SELECT {link}, {digest} FROM {table} WHERE {chain} = %s AND NOT ({chain} = '') "  # noqa: S608
        f"ORDER BY {link} DESC LIMIT 1"
    )


def _db_value(column: str, value):
    """``value`` as the database stores it in ``column`` (what ``bulk_create`` would send)."""
    return AccessEvent._meta.get_field(column).get_db_prep_save(value, connection)


def log_access(
    *, user=None, looks: Iterable[Look], purpose: str | None = None, actor_label: str = ""
) -> int:
    """Append one event per look to this thread's chain: one read of the chain's tail and one
    prepared INSERT executed for every event (``executemany``), without waiting for any other
    writer. Returns how many events were written.

    The rows are written without model instances (``bulk_create`` spent most of a caseload
    page's logging compiling its INSERT per field and row); each value is converted by its
    model field as ``bulk_create`` would, and hashed exactly as ``event_mac`` checks it."""
    looks = list(looks)
    if not looks:
        return 0
    roles = ""
    user_id = None
    if user is not None and user.is_authenticated:
        from accounts.permissions import user_roles

        roles = ",".join(sorted(user_roles(user)))
        actor_label = actor_label or user.get_username()
        user_id = user.pk
    actor_label, roles = actor_label[:150], roles[:200]
    purpose = (purpose or context.purpose())[:40]
    request_id = context.request_id()
    key_id, key = keyring().current_audit_key
    chain = _chain_id()
    now = timezone.now()
    occurred, stored_time = _format_time(now), _db_value("occurred_at", now)
    source = context.client_ip()
    stored_source = _db_value("source_address", source)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_tail_sql(connection.vendor), [chain])
        tail = cursor.fetchone()
        link, previous = tail if tail else (0, chain_genesis(chain, key))
        same = (chain, key_id, stored_time, user_id, actor_label, roles, purpose, request_id)
        same += (stored_source,)
        rows = []
        for look in looks:
            link += 1
            what = look.what[:200]
            content = _content_of(
                occurred,
                user_id,
                actor_label,
                roles,
                look.subject_id,
                look.subject_type,
                look.action,
                what,
                purpose,
                request_id,
                look.break_glass,
            )
            digest = _mac(key, _v2_parts(chain, link, content, source, key_id, previous))
            subject = _db_value("subject_id", look.subject_id)
            each = (link, subject, look.subject_type, look.action, what, look.break_glass, previous)
            rows.append((*same, *each, digest))
            previous = digest
        cursor.executemany(_insert_sql(connection.vendor), rows)
    return len(rows)


def log_subjects(
    user, subject_ids, *, what: str, action: str, purpose: str, subject_type: str = "participant"
) -> int:
    """One event per subject shown (each once, in the order first seen; none: nothing logged),
    all with the same ``what`` and ``action``: how a page or list logs the people on it."""
    return log_access(
        user=user,
        looks=[
            Look(subject_id=pk, what=what, action=action, subject_type=subject_type)
            for pk in dict.fromkeys(subject_ids)
        ],
        purpose=purpose,
    )


# --- checkpoints --------------------------------------------------------------------------


# Events are numbered when inserted but seen when committed: a request that commits after a
# seal may hold lower ids than the seal saw. Each seal therefore looks again at this many ids
# before the last one covered (a transaction that inserts this many events meanwhile is not
# a request).
RECHECK_WINDOW = 10_000


def _heads(after_event: int) -> tuple[dict[str, list], int]:
    """The last link and hash of every chain that grew after event ``after_event`` (less the
    recheck window), and the newest event id: two queries over the recent events only."""
    new = AccessEvent.objects.exclude(chain="").filter(pk__gt=max(0, after_event - RECHECK_WINDOW))
    tails = dict(new.values("chain").annotate(last=Max("link")).values_list("chain", "last"))
    if not tails:
        return {}, after_event
    heads: dict[str, list] = {}
    newest = after_event
    for pk, chain, link, digest in new.filter(
        chain__in=list(tails), link__in=set(tails.values())
    ).values_list("pk", "chain", "link", "hash"):
        if tails[chain] == link:
            heads[chain] = [link, digest]
            newest = max(newest, pk)
    return dict(sorted(heads.items())), newest


def checkpoint_mac(checkpoint: AccessCheckpoint, key: bytes) -> str:
    return _mac(
        key,
        [
            "checkpoint",
            str(checkpoint.number),
            _format_time(checkpoint.created_at),
            str(checkpoint.through_event),
            json.dumps(checkpoint.heads, sort_keys=True, separators=(",", ":")),
            checkpoint.key_id,
            checkpoint.prev_hash,
        ],
    )


def checkpoint_line(checkpoint: AccessCheckpoint) -> dict:
    return {
        "number": checkpoint.number,
        "created_at": _format_time(checkpoint.created_at),
        "through_event": checkpoint.through_event,
        "heads": checkpoint.heads,
        "key_id": checkpoint.key_id,
        "prev_hash": checkpoint.prev_hash,
        "hash": checkpoint.hash,
    }


def seal() -> AccessCheckpoint:
    """Record the tail of every chain that grew since the last checkpoint, in the database and
    outside it."""
    key_id, key = keyring().current_audit_key
    with transaction.atomic():
        previous = AccessCheckpoint.objects.order_by("-number").first()
        heads, through = _heads(previous.through_event if previous else 0)
        checkpoint = AccessCheckpoint(
            number=(previous.number + 1) if previous else 1,
            created_at=timezone.now(),
            through_event=through,
            heads=heads,
            key_id=key_id,
            prev_hash=previous.hash if previous else chain_genesis("checkpoints", key),
        )
        checkpoint.hash = checkpoint_mac(checkpoint, key)
        checkpoint.save(force_insert=True)
        line = json.dumps(checkpoint_line(checkpoint), sort_keys=True)
        transaction.on_commit(lambda: _write_outside(line))
    return checkpoint


def _write_outside(line: str) -> None:
    logger.info("access log checkpoint %s", line)
    append_line(settings.KOERS_AUDIT_CHECKPOINT_FILE, line)


# --- verification -------------------------------------------------------------------------


@dataclass
class ChainReport:
    ok: bool
    count: int
    first_broken: str | None = None  # where: "chain <id> link <n>", "checkpoint <n>", …
    reason: str = ""
    chains: int = 0
    checkpoints: int = 0
    legacy: int = 0
    outside: int = 0  # checkpoints also found in the file outside the database
    notes: list[str] = field(default_factory=list)


class _Broken(Exception):
    def __init__(self, where: str, reason: str) -> None:
        self.where, self.reason = where, reason


def verify_access_log() -> ChainReport:
    """Check the legacy chain, every chain's links and keyed hashes, and every checkpoint in the
    database and in the file outside it; name the first fault."""
    report = ChainReport(ok=True, count=0)
    try:
        anchors = _verify_archives()
        report.legacy = _verify_legacy(anchors.get(""))
        heads = _verify_chains(report, anchors)
        checkpoints = _verify_checkpoints(heads)
        report.checkpoints = len(checkpoints)
        report.outside = _verify_outside(checkpoints, heads)
    except _Broken as broken:
        report.ok, report.first_broken, report.reason = False, broken.where, broken.reason
    return report


def archive_mac(archive: AccessLogArchive, key: bytes) -> str:
    return _mac(
        key,
        [
            "archive",
            str(archive.year),
            _format_time(archive.created_at),
            _format_time(archive.ends_at),
            str(archive.events),
            archive.sha256,
            json.dumps(archive.anchors, sort_keys=True, separators=(",", ":")),
            archive.key_id,
            archive.prev_hash,
        ],
    )


def _verify_archives() -> dict[str, list]:
    """The archive records, each keyed and chained to the one before; the newest one's anchors
    (where each archived chain continues) or none."""
    ring = keyring()
    previous = None
    for archive in AccessLogArchive.objects.order_by("year"):
        where = f"archief {archive.year}"
        key = ring.audit_key(archive.key_id)
        if key is None:
            raise _Broken(where, f"signed with key {archive.key_id!r}, not in KOERS_AUDIT_KEY")
        if archive.prev_hash != (previous.hash if previous else chain_genesis("archives", key)):
            raise _Broken(where, "link to the archive before is broken (an archive removed)")
        if not hmac.compare_digest(archive_mac(archive, key), archive.hash):
            raise _Broken(where, "archive record altered, or made without the key")
        previous = archive
    return dict(previous.anchors) if previous else {}


def _verify_legacy(anchor: list | None = None) -> int:
    """The legacy chain, from its genesis or from the last archived event (``anchor``: its
    sequence and hash)."""
    previous, expected = GENESIS_V1, 1
    if anchor:
        previous, expected = anchor[1], int(anchor[0]) + 1
    events = AccessEvent.objects.filter(chain="").order_by("sequence")
    for event in events.iterator(chunk_size=2000):
        where = f"volgnummer {expected}"
        if event.sequence != expected:
            raise _Broken(where, "event missing (deleted)")
        if event.prev_hash != previous:
            raise _Broken(where, "link to the event before is broken")
        if event_hash(event) != event.hash:
            raise _Broken(where, "content altered")
        previous, expected = event.hash, expected + 1
    count = expected - 1
    head = AccessLogHead.objects.filter(pk=1).first()
    if head is not None and (head.count != count or head.last_hash != previous):
        raise _Broken(f"volgnummer {count + 1}", "events missing at the end (truncated)")
    if head is None and count:
        raise _Broken("volgnummer 1", "chain head missing")
    return count


def _verify_chains(
    report: ChainReport, anchors: dict[str, list] | None = None
) -> dict[str, tuple[int, str]]:
    """Walk every chain in order, from its genesis or from its archive anchor; return each
    chain's tail (link, hash), the anchor for a chain archived whole."""
    ring = keyring()
    anchors = {chain: (int(link), digest) for chain, (link, digest) in (anchors or {}).items()}
    anchors.pop("", None)
    heads: dict[str, tuple[int, str]] = dict(anchors)
    chain, link, previous, key = None, 0, "", b""
    events: Iterator[AccessEvent] = (
        AccessEvent.objects.exclude(chain="").order_by("chain", "link").iterator(chunk_size=2000)
    )
    for event in events:
        starts = event.chain != chain
        if starts:
            chain, link = event.chain, anchors.get(event.chain, (0, ""))[0]
        where = f"keten {chain[:8]} schakel {link + 1}"
        key = ring.audit_key(event.key_id)
        if key is None:
            raise _Broken(where, f"signed with key {event.key_id!r}, not in KOERS_AUDIT_KEY")
        if starts:
            previous = anchors[chain][1] if chain in anchors else chain_genesis(chain, key)
        if event.link != link + 1:
            raise _Broken(where, "event missing (deleted) or out of place")
        if event.prev_hash != previous:
            raise _Broken(where, "link to the event before is broken")
        if not hmac.compare_digest(event_mac(event, key), event.hash):
            raise _Broken(where, "content altered, or the hash was made without the key")
        previous, link = event.hash, event.link
        heads[chain] = (link, previous)
        report.count += 1
    report.chains = len(heads)
    return heads


def _check_heads(number: int, recorded: dict, heads: dict[str, tuple[int, str]]) -> None:
    """Each chain a checkpoint recorded must still reach its recorded tail, unchanged."""
    for chain, (link, digest) in recorded.items():
        tail = heads.get(chain)
        if tail is None or tail[0] < link:
            raise _Broken(
                f"checkpoint {number}", f"chain {chain[:8]} ends before link {link} (truncated)"
            )
        if tail[0] == link and tail[1] != digest:
            raise _Broken(f"checkpoint {number}", f"chain {chain[:8]} rewritten")


def _verify_checkpoints(heads: dict[str, tuple[int, str]]) -> list[AccessCheckpoint]:
    ring = keyring()
    checkpoints = list(AccessCheckpoint.objects.order_by("number"))
    previous = None
    for expected, checkpoint in enumerate(checkpoints, start=1):
        where = f"checkpoint {expected}"
        key = ring.audit_key(checkpoint.key_id)
        if key is None:
            raise _Broken(where, f"signed with key {checkpoint.key_id!r}, not in KOERS_AUDIT_KEY")
        if checkpoint.number != expected:
            raise _Broken(where, "checkpoint missing (deleted)")
        start = chain_genesis("checkpoints", key)
        if checkpoint.prev_hash != (previous.hash if previous else start):
            raise _Broken(where, "link to the checkpoint before is broken")
        if not hmac.compare_digest(checkpoint_mac(checkpoint, key), checkpoint.hash):
            raise _Broken(where, "checkpoint altered, or made without the key")
        _check_heads(checkpoint.number, checkpoint.heads, heads)
        previous = checkpoint
    return checkpoints


def _verify_outside(checkpoints: list[AccessCheckpoint], heads: dict[str, tuple[int, str]]) -> int:
    """The checkpoints written outside the database: each must be in the database unchanged,
    and what it recorded must still be there (the database's own copy may have gone)."""
    path = settings.KOERS_AUDIT_CHECKPOINT_FILE
    if not path:
        return 0
    target = Path(path)
    if not target.exists():
        if checkpoints:
            raise _Broken("checkpoint file", f"{target} is missing")
        return 0
    in_database = {checkpoint.number: checkpoint.hash for checkpoint in checkpoints}
    ring = keyring()
    count = 0
    with target.open(encoding="utf-8") as lines:
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            try:
                line = json.loads(raw)
                recorded = AccessCheckpoint(
                    number=int(line["number"]),
                    created_at=dt.datetime.fromisoformat(line["created_at"].replace("Z", "+00:00")),
                    through_event=int(line["through_event"]),
                    heads=line["heads"],
                    key_id=line["key_id"],
                    prev_hash=line["prev_hash"],
                    hash=line["hash"],
                )
            except (ValueError, KeyError, TypeError):
                raise _Broken(f"checkpoint file line {number}", "not a checkpoint") from None
            key = ring.audit_key(recorded.key_id)
            if key is None or not hmac.compare_digest(checkpoint_mac(recorded, key), recorded.hash):
                raise _Broken(f"checkpoint file line {number}", "checkpoint altered")
            if in_database.get(recorded.number) != recorded.hash:
                raise _Broken(
                    f"checkpoint {recorded.number}", "in the file outside, not in the database"
                )
            _check_heads(recorded.number, recorded.heads, heads)
            count += 1
    return count
