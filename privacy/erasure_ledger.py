"""The erasure ledger: every erasure, also outside the database, to re-apply after a restore.

A database restored from a backup has the participants that were erased after the backup was
taken back, readable (their data keys were still in it). Each erasure therefore appends a line
to ``KOERS_ERASURE_LEDGER`` (JSON lines: the internal id, when, why, an HMAC under the access
log's key) once its transaction commits, and ``manage.py reapply_erasures`` erases again every
subject in the ledger that the database holds unerased. The ledger holds no identifier a
person could be recognised by outside Koers (internal random ids only). A line without a valid
HMAC is refused, so that nobody who can write the file but not read the environment can have
someone erased.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from privacy import registry
from privacy.access_log import Look, log_access
from privacy.keys import keyring
from privacy.models import AccessEvent
from privacy.outside import append_line


def _mac(key: bytes, subject_id: str, erased_at: str, reason: str) -> str:
    message = "\x1f".join(["erasure", subject_id, erased_at, reason]).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def ledger_line(subject_id: uuid.UUID, reason: str, when: dt.datetime | None = None) -> str:
    key_id, key = keyring().current_audit_key
    erased_at = (when or timezone.now()).astimezone(dt.UTC).isoformat()
    line = {
        "subject_id": str(subject_id),
        "erased_at": erased_at,
        "reason": reason,
        "key_id": key_id,
        "hmac": _mac(key, str(subject_id), erased_at, reason),
    }
    return json.dumps(line, sort_keys=True)


def _append(line: str) -> None:
    append_line(settings.KOERS_ERASURE_LEDGER, line)


def erase(subject_id: uuid.UUID, *, erased_by=None, reason: str) -> None:
    """Erase the subject (crypto-shredding, through the registered provider) and, once that
    commits, write it in the ledger. ``reason``: "request" (art. 17, four eyes), "retention" or
    "reapplied"."""
    with transaction.atomic():
        registry.provider().erase(subject_id, erased_by=erased_by)
        line = ledger_line(subject_id, reason)
        transaction.on_commit(lambda: _append(line))


@dataclass
class Reapplied:
    erased: list[str] = field(default_factory=list)
    already: int = 0
    unknown: int = 0
    refused: list[int] = field(default_factory=list)  # line numbers without a valid HMAC


def _valid(line: dict) -> bool:
    key = keyring().audit_key(str(line.get("key_id", "")))
    if key is None:
        return False
    expected = _mac(key, str(line["subject_id"]), str(line["erased_at"]), str(line["reason"]))
    return hmac.compare_digest(expected, str(line.get("hmac", "")))


def read_ledger(path: Path) -> tuple[list[dict], list[int]]:
    """The ledger's valid lines, and the numbers of the lines that are not."""
    good, bad = [], []
    with path.open(encoding="utf-8") as lines:
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            try:
                line = json.loads(raw)
                uuid.UUID(str(line["subject_id"]))
                ok = _valid(line)
            except (ValueError, KeyError, TypeError):
                ok = False
            if ok:
                good.append(line)
            else:
                bad.append(number)
    return good, bad


def reapply(path: Path, *, dry_run: bool = False) -> Reapplied:
    """Erase again every subject of the ledger that the database holds unerased. Refuses the
    whole ledger, erasing nothing, when a line is not valid."""
    result = Reapplied()
    lines, result.refused = read_ledger(path)
    if result.refused:
        return result
    provider = registry.provider()
    for line in lines:
        subject_id = uuid.UUID(line["subject_id"])
        summary = provider.summarise(subject_id)
        if summary is None:
            result.unknown += 1
        elif summary.get("erased"):
            result.already += 1
        else:
            result.erased.append(str(subject_id))
            if not dry_run:
                with transaction.atomic():
                    erase(subject_id, reason="reapplied")
                    log_access(
                        actor_label="command:reapply_erasures",
                        looks=[
                            Look(
                                subject_id=subject_id,
                                what="erasure re-applied after a restore",
                                action=AccessEvent.Action.ERASURE,
                            )
                        ],
                        purpose="privacy",
                    )
    return result
