"""Archive a closed year of the access log to a file outside the database, so the log does not
grow without end while every chain stays verifiable.

The file holds JSON lines: every event of the year (each chain in order, the legacy chain by
sequence), the checkpoints that sealed them, and last a manifest: the counts, each chain's
first and last link and hash, the key ids that signed them (never a key), the SHA-256 of the
lines before it, and an HMAC over the manifest under ``KOERS_AUDIT_KEY``.

``archive_year`` refuses the current year, a year before which events remain (archive that one
first), a year whose last events no checkpoint sealed, and a log that does not verify. It
writes the file, verifies it, and then in one transaction records the archive (keyed, chained
to the archive before, naming where each chain now begins: its *anchor*) and deletes the
year's events: on PostgreSQL the trigger allows that only within this transaction (the
session setting ``koers.archiving``) and only for events an archive record covers. The log
is verified again before the transaction commits. ``verify_access_log`` then walks each
archived chain from its anchor instead of from genesis.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from privacy import access_log
from privacy.access_log import (
    GENESIS_V1,
    archive_mac,
    chain_genesis,
    checkpoint_line,
    checkpoint_mac,
    event_hash,
    event_mac,
)
from privacy.keys import keyring
from privacy.models import AccessCheckpoint, AccessEvent, AccessLogArchive, AccessLogHead

FORMAT = 1
LEGACY = ""  # the legacy chain's name in anchors and in the manifest


class ArchiveRefused(Exception):
    """The year cannot be archived (yet); the message says why, in Dutch."""


@dataclass
class ArchiveReport:
    ok: bool
    year: int | None = None
    events: int = 0
    checkpoints: int = 0
    chains: int = 0
    sha256: str = ""
    where: str = ""
    reason: str = ""
    manifest: dict = field(default_factory=dict)


# --- the file ------------------------------------------------------------------------------


# The columns of an event that its line holds as they are; ``id``, ``occurred_at``,
# ``subject_id`` and ``break_glass`` are converted on the way out and back.
_EVENT_COLUMNS = (
    "sequence",
    "chain",
    "link",
    "key_id",
    "user_id",
    "actor_label",
    "roles",
    "subject_type",
    "action",
    "what",
    "purpose",
    "request_id",
    "source_address",
    "prev_hash",
    "hash",
)


def _event_line(event: AccessEvent) -> dict:
    return {
        "type": "event",
        "id": event.pk,
        "occurred_at": access_log._format_time(event.occurred_at),
        "subject_id": str(event.subject_id) if event.subject_id else None,
        "break_glass": event.break_glass,
        **{name: getattr(event, name) for name in _EVENT_COLUMNS},
    }


def _parse_time(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def _event_from_line(line: dict) -> AccessEvent:
    return AccessEvent(
        id=line["id"],
        occurred_at=_parse_time(line["occurred_at"]),
        subject_id=line["subject_id"],
        break_glass=bool(line["break_glass"]),
        **{name: line[name] for name in _EVENT_COLUMNS},
    )


def _checkpoint_from_line(line: dict) -> AccessCheckpoint:
    return AccessCheckpoint(
        number=int(line["number"]),
        created_at=_parse_time(line["created_at"]),
        through_event=int(line["through_event"]),
        heads=line["heads"],
        key_id=line["key_id"],
        prev_hash=line["prev_hash"],
        hash=line["hash"],
    )


def manifest_mac(manifest: dict, key: bytes) -> str:
    body = {name: value for name, value in manifest.items() if name != "hash"}
    return access_log._mac(key, ["archive-manifest", json.dumps(body, sort_keys=True)])


def _dump(line: dict) -> bytes:
    return (json.dumps(line, sort_keys=True, separators=(",", ":")) + "\n").encode()


# --- archiving -----------------------------------------------------------------------------


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The year in Koers's time zone, as [start, end)."""
    zone = timezone.get_default_timezone()
    return (
        dt.datetime(year, 1, 1, tzinfo=zone),
        dt.datetime(year + 1, 1, 1, tzinfo=zone),
    )


def _year_events(end: dt.datetime) -> Iterator[AccessEvent]:
    before = AccessEvent.objects.filter(occurred_at__lt=end)
    yield from before.filter(chain="").order_by("sequence").iterator(chunk_size=2000)
    yield from before.exclude(chain="").order_by("chain", "link").iterator(chunk_size=2000)


def _check_archivable(year: int) -> tuple[dt.datetime, dt.datetime, AccessLogArchive | None]:
    today = timezone.localdate()
    if year >= today.year:
        raise ArchiveRefused(
            f"Het jaar {year} is nog niet afgesloten; alleen een voorbij jaar kan naar het archief."
        )
    start, end = year_bounds(year)
    previous = AccessLogArchive.objects.order_by("-year").first()
    if previous is not None and previous.year >= year:
        raise ArchiveRefused(
            f"Het jaar {year} is al gearchiveerd (laatste archief: {previous.year})."
        )
    older = AccessEvent.objects.filter(occurred_at__lt=start).order_by("occurred_at").first()
    if older is not None:
        first = timezone.localtime(older.occurred_at).year
        raise ArchiveRefused(
            f"Er staan nog gebeurtenissen uit {first} in de inzagelog: archiveer eerst {first}."
        )
    return start, end, previous


def _check_sealed_and_closed(tails: dict[str, tuple[int, str]], end: dt.datetime) -> None:
    """Each chain's archived part must be the start of the chain (no later link lies in the
    year), and a checkpoint must have sealed its last archived link."""
    sealed: dict[str, int] = {}
    for heads in AccessCheckpoint.objects.values_list("heads", flat=True).iterator():
        for chain, (link, _digest) in heads.items():
            sealed[chain] = max(sealed.get(chain, 0), int(link))
    for chain, (link, _digest) in tails.items():
        if chain == LEGACY:
            head = AccessLogHead.objects.filter(pk=1).first()
            if head is None or head.count < link:
                raise ArchiveRefused("De oude keten (versie 1) is niet afgesloten.")
            continue
        if AccessEvent.objects.filter(chain=chain, link__lt=link, occurred_at__gte=end).exists():
            raise ArchiveRefused(
                f"Keten {chain[:8]} loopt niet op in de tijd; het jaar kan niet worden afgesplitst."
            )
        if sealed.get(chain, 0) < link:
            raise ArchiveRefused(
                f"Keten {chain[:8]} is na schakel {sealed.get(chain, 0)} niet door een controlepunt "
                "verzegeld: voer eerst `manage.py seal_access_log` uit."
            )


def _write(out: Path, year: int, start, end, events: Iterator[AccessEvent]) -> dict:
    """Write the archive to ``out`` (through a temporary file beside it, then renamed) and
    return its manifest."""
    key_id, key = keyring().current_audit_key
    chains: dict[str, dict] = {}
    key_ids: set[str] = set()
    digest = hashlib.sha256()
    count = legacy = 0
    partial = out.with_name(out.name + ".part")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:

            def put(line: dict) -> None:
                data = _dump(line)
                digest.update(data)
                handle.write(data)

            for event in events:
                name = event.chain
                place = event.sequence if name == LEGACY else event.link
                summary = chains.setdefault(
                    name,
                    {"count": 0, "first_link": place, "prev_hash": event.prev_hash},
                )
                summary["count"] += 1
                summary["last_link"], summary["last_hash"] = place, event.hash
                if name == LEGACY:
                    legacy += 1
                else:
                    key_ids.add(event.key_id)
                count += 1
                put(_event_line(event))
            lasts = {name: summary["last_link"] for name, summary in chains.items()}
            checkpoints = 0
            for checkpoint in AccessCheckpoint.objects.order_by("number").iterator():
                covers = any(
                    name in lasts and int(link) <= lasts[name]
                    for name, (link, _digest) in checkpoint.heads.items()
                )
                if covers:
                    key_ids.add(checkpoint.key_id)
                    put({"type": "checkpoint", **checkpoint_line(checkpoint)})
                    checkpoints += 1
            manifest = {
                "type": "manifest",
                "format": FORMAT,
                "year": year,
                "starts_at": access_log._format_time(start),
                "ends_at": access_log._format_time(end),
                "created_at": access_log._format_time(timezone.now()),
                "events": count,
                "legacy_events": legacy,
                "checkpoints": checkpoints,
                "chains": chains,
                "key_ids": sorted(key_ids),
                "sha256": digest.hexdigest(),
                "key_id": key_id,
            }
            manifest["hash"] = manifest_mac(manifest, key)
            handle.write(_dump(manifest))
            handle.flush()
            os.fsync(handle.fileno())
        os.rename(partial, out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return manifest


def archive_year(year: int, out: Path) -> ArchiveReport:
    """Move the access log's events of ``year`` to the file ``out``; see the module's text."""
    out = Path(out)
    if out.exists():
        raise ArchiveRefused(f"{out} bestaat al; kies een nieuw bestand.")
    start, end, previous = _check_archivable(year)
    before = access_log.verify_access_log()
    if not before.ok:
        raise ArchiveRefused(
            f"De inzagelog is niet intact ({before.first_broken}: {before.reason}); "
            "eerst uitzoeken, dan archiveren."
        )
    tails: dict[str, tuple[int, str]] = {}
    latest = (
        AccessEvent.objects.filter(occurred_at__lt=end)
        .values("chain")
        .annotate(last_link=Max("link"), last_sequence=Max("sequence"))
    )
    for row in latest:
        place = row["last_sequence"] if row["chain"] == LEGACY else row["last_link"]
        tails[row["chain"]] = (int(place), "")
    if not tails:
        raise ArchiveRefused(f"De inzagelog heeft geen gebeurtenissen uit {year}.")
    _check_sealed_and_closed(tails, end)

    out.parent.mkdir(parents=True, exist_ok=True)
    manifest = _write(out, year, start, end, _year_events(end))
    checked = verify_archive(out)
    if not checked.ok:
        out.unlink(missing_ok=True)
        raise ArchiveRefused(f"Het archief is na het schrijven niet intact ({checked.reason}).")

    try:
        _record_and_delete(year, end, previous, manifest, checked.sha256)
    except BaseException:
        # Nothing was deleted: no archive file may suggest otherwise.
        out.unlink(missing_ok=True)
        raise
    return checked


def _record_and_delete(year, end, previous, manifest: dict, sha256: str) -> None:
    """In one transaction: the keyed archive record with the chains' new anchors, the deletion
    of the year's events (which the PostgreSQL trigger allows only now), and a verification of
    what remains; any fault rolls all of it back."""
    key_id, key = keyring().current_audit_key
    anchors = dict(previous.anchors) if previous else {}
    for name, summary in manifest["chains"].items():
        anchors[name] = [summary["last_link"], summary["last_hash"]]
    with transaction.atomic():
        record = AccessLogArchive(
            year=year,
            created_at=timezone.now(),
            ends_at=end,
            events=manifest["events"],
            sha256=sha256,
            anchors=anchors,
            key_id=key_id,
            prev_hash=previous.hash if previous else chain_genesis("archives", key),
        )
        record.hash = archive_mac(record, key)
        record.save(force_insert=True)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('koers.archiving', 'on', true)")
        deleted, _ = AccessEvent.objects.filter(occurred_at__lt=end).delete()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('koers.archiving', 'off', true)")
        if deleted != manifest["events"]:
            raise ArchiveRefused(
                f"{deleted} gebeurtenissen verwijderd, {manifest['events']} gearchiveerd; "
                "niets is verwijderd."
            )
        after = access_log.verify_access_log()
        if not after.ok:
            raise ArchiveRefused(
                f"Na het verwijderen zou de inzagelog niet intact zijn ({after.first_broken}: "
                f"{after.reason}); niets is verwijderd."
            )


# --- verifying a file ----------------------------------------------------------------------


class _Bad(Exception):
    def __init__(self, where: str, reason: str) -> None:
        self.where, self.reason = where, reason


def verify_archive(path: Path) -> ArchiveReport:
    """Check an archive file on its own: the manifest's HMAC and the SHA-256 of the lines,
    every event's keyed hash and place in its chain, the checkpoints' HMACs and what they
    recorded of the archived chains, and the counts."""
    report = ArchiveReport(ok=True)
    try:
        _verify_file(Path(path), report)
    except _Bad as bad:
        report.ok, report.where, report.reason = False, bad.where, bad.reason
    except OSError as error:
        report.ok, report.where, report.reason = False, str(path), error.strerror or str(error)
    return report


def _verify_file(path: Path, report: ArchiveReport) -> None:
    """The archive's steps: its manifest, its lines and chains, its checkpoints."""
    ring = keyring()
    raw = path.read_bytes()
    body, _, last = raw.rstrip(b"\n").rpartition(b"\n")
    body = body + b"\n" if body else b""
    manifest = _verified_manifest(last, ring)
    report.manifest, report.year = manifest, manifest["year"]
    report.sha256 = hashlib.sha256(raw).hexdigest()
    if hashlib.sha256(body).hexdigest() != manifest["sha256"]:
        raise _Bad("archive", "lines altered, added or removed (SHA-256 differs)")
    chains, found, checkpoints = _walk_lines(body, manifest, ring, report)
    _check_chains_against_manifest(chains, manifest, report)
    _check_archived_checkpoints(checkpoints, found, ring)
    if len(checkpoints) != manifest["checkpoints"]:
        raise _Bad("manifest", "checkpoints missing from the archive")
    report.checkpoints = len(checkpoints)
    report.chains = len(chains)


def _verified_manifest(last: bytes, ring) -> dict:
    """The manifest (the file's last line), signed under a key of KOERS_AUDIT_KEY."""
    try:
        manifest = json.loads(last)
    except ValueError:
        raise _Bad("manifest", "the last line is not a manifest") from None
    if not isinstance(manifest, dict):
        raise _Bad("manifest", "the last line is not a manifest")
    if manifest.get("type") != "manifest" or manifest.get("format") != FORMAT:
        raise _Bad("manifest", "the last line is not a manifest")
    key = ring.audit_key(manifest.get("key_id", ""))
    if key is None:
        raise _Bad(
            "manifest", f"signed with key {manifest.get('key_id')!r}, not in KOERS_AUDIT_KEY"
        )
    if not hmac.compare_digest(manifest_mac(manifest, key), str(manifest.get("hash", ""))):
        raise _Bad("manifest", "manifest altered, or made without the key")
    return manifest


def _walk_lines(body: bytes, manifest: dict, ring, report: ArchiveReport):
    """Every line an event (checked in its chain) or a checkpoint, in order."""
    chains: dict[str, dict] = {}
    found: dict[tuple[str, int], str] = {}
    checkpoints: list[AccessCheckpoint] = []
    end = _parse_time(manifest["ends_at"])
    for number, text in enumerate(body.splitlines(), start=1):
        try:
            line = json.loads(text)
            kind = line["type"]
            if kind == "event":
                event = _event_from_line(line)
            elif kind == "checkpoint":
                checkpoints.append(_checkpoint_from_line(line))
                continue
            else:
                raise ValueError(kind)
        except (ValueError, KeyError, TypeError):
            raise _Bad(f"line {number}", "not an event or a checkpoint") from None
        _check_event(event, chains, ring, end)
        place = event.sequence if event.chain == LEGACY else event.link
        found[(event.chain, place)] = event.hash
        report.events += 1
    return chains, found, checkpoints


def _check_chains_against_manifest(chains: dict, manifest: dict, report: ArchiveReport) -> None:
    """Each chain walked from the lines starts and ends where the manifest says."""
    for name, summary in manifest["chains"].items():
        walked = chains.get(name)
        label = f"keten {name[:8] or 'v1'}"
        if walked is None or walked["count"] != summary["count"]:
            raise _Bad(label, "events missing from the archive")
        if (walked["first"], walked["prev_hash"]) != (summary["first_link"], summary["prev_hash"]):
            raise _Bad(label, "the chain's start differs from the manifest")
        if (walked["last"], walked["hash"]) != (summary["last_link"], summary["last_hash"]):
            raise _Bad(label, "the chain's end differs from the manifest")
    if set(chains) != set(manifest["chains"]) or report.events != manifest["events"]:
        raise _Bad("manifest", "the counts differ from the archive's lines")


def _check_archived_checkpoints(checkpoints: list, found: dict, ring) -> None:
    """Each checkpoint keyed, linked to the one before, and agreeing with the archived events."""
    previous = None
    for checkpoint in checkpoints:
        where = f"checkpoint {checkpoint.number}"
        key = ring.audit_key(checkpoint.key_id)
        if key is None or not hmac.compare_digest(checkpoint_mac(checkpoint, key), checkpoint.hash):
            raise _Bad(where, "checkpoint altered, or made without the key")
        follows = previous is not None and previous.number + 1 == checkpoint.number
        if follows and checkpoint.prev_hash != previous.hash:
            raise _Bad(where, "link to the checkpoint before is broken")
        for name, (link, digest) in checkpoint.heads.items():
            if (name, int(link)) in found and found[(name, int(link))] != digest:
                raise _Bad(where, f"chain {name[:8]} rewritten")
        previous = checkpoint


def _check_event(event: AccessEvent, chains: dict, ring, end: dt.datetime) -> None:
    """One event in its chain: in place after the one before, its hash right, in the year."""
    name = event.chain
    place = event.sequence if name == LEGACY else event.link
    state = chains.get(name)
    label = f"keten {name[:8] or 'v1'} schakel {place}"
    if event.occurred_at >= end:
        raise _Bad(label, "an event after the archived year")
    if state is None:
        state = chains[name] = {
            "count": 0,
            "first": place,
            "prev_hash": event.prev_hash,
            "last": place - 1 if place else 0,
            "hash": event.prev_hash,
        }
        if name == LEGACY and place == 1 and event.prev_hash != GENESIS_V1:
            raise _Bad(label, "link to the start is broken")
    if place != state["last"] + 1:
        raise _Bad(label, "event missing (deleted) or out of place")
    if event.prev_hash != state["hash"]:
        raise _Bad(label, "link to the event before is broken")
    if name == LEGACY:
        if event_hash(event) != event.hash:
            raise _Bad(label, "content altered")
    else:
        key = ring.audit_key(event.key_id)
        if key is None:
            raise _Bad(label, f"signed with key {event.key_id!r}, not in KOERS_AUDIT_KEY")
        if place == 1 and event.prev_hash != chain_genesis(name, key):
            raise _Bad(label, "link to the chain's start is broken")
        if not hmac.compare_digest(event_mac(event, key), event.hash):
            raise _Bad(label, "content altered, or the hash was made without the key")
    state["count"] += 1
    state["last"], state["hash"] = place, event.hash
