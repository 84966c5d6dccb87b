"""Version 1 access-log events (one global SHA-256 chain with a head row), as written before
December 2026, for the tests that check they are still verified and archived."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from privacy import access_log
from privacy.models import AccessEvent, AccessLogHead


def write_legacy_chain(moments: list[dt.datetime | None]) -> None:
    """One legacy event per moment (``None``: now), chained from genesis, and the head row."""
    previous = access_log.GENESIS_V1
    for sequence, moment in enumerate(moments, start=1):
        event = AccessEvent(
            sequence=sequence,
            occurred_at=moment or timezone.now(),
            actor_label="vroeger",
            what=f"v1 {sequence}",
            action="view",
            purpose="care",
            prev_hash=previous,
        )
        event.hash = access_log.event_hash(event)
        event.save()
        previous = event.hash
    AccessLogHead.objects.create(pk=1, count=len(moments), last_hash=previous)
