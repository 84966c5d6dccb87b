"""Hooks through which domain apps serve the privacy operations without privacy importing them.

casework registers a ``SubjectProvider`` from its ``AppConfig.ready()``: how to find a data
subject, collect everything stored about them (decrypted) and erase them; each programme's
retention period arrives through ``register_retention`` (casework's registry passes it on).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SubjectProvider:
    # (user, query) -> subject id or None: by blind index or internal id
    find: Callable
    # (subject_id) -> dict: everything stored, decrypted, with history (right of access)
    collect: Callable
    # (subject_id) -> dict: non-identifying summary for the privacy officer's page header
    summarise: Callable
    # (subject_id, *, erased_by) -> None: destroy keys, scrub indexes, mark erased
    erase: Callable
    # (cutoff_by_programme: dict[str, date]) -> list[subject_id]: due for retention
    due_for_retention: Callable
    # () -> list[dict]: break-the-glass accesses not yet reviewed, reasons decrypted, oldest first
    # (keys: id, version, subject_id, user, user_name, opened_at, expires_at, reason, erased)
    pending_break_glass: Callable | None = None
    # (actor, access_id, expected_version, verdict "justified"/"unjustified") -> None; raises
    # LookupError (unknown), privacy.errors.StaleError, ValidationError or PermissionDenied
    review_break_glass: Callable | None = None


_providers: dict[str, SubjectProvider] = {}


def register(kind: str, provider: SubjectProvider) -> None:
    _providers[kind] = provider


def provider(kind: str = "participant") -> SubjectProvider:
    try:
        return _providers[kind]
    except KeyError:
        raise LookupError(f"No subject provider registered for {kind!r}.") from None


_retention: dict[str, int] = {}


def register_retention(code: str, years: int) -> None:
    """Participants of programme ``code`` are due for erasure ``years`` after their last
    enrolment in it ended."""
    if years < 1:
        raise ValueError(f"Retention of {code!r} must be at least a year.")
    _retention[code] = years


def retention_years() -> dict[str, int]:
    return dict(_retention)
