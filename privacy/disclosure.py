"""A single count shown to a researcher before export: the size of a study's cohort, "<10"
below ``KOERS_SUPPRESSION_THRESHOLD`` (research pages only).

Every other figure leaves Koers through the release policy (``privacy.release``); the research
export itself is protected by k-anonymity and l-diversity (``research.engine``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


def threshold() -> int:
    return int(getattr(settings, "KOERS_SUPPRESSION_THRESHOLD", 10))


@dataclass(frozen=True)
class Count:
    """A count as shown: ``value`` is None when suppressed."""

    value: int | None
    limit: int

    @property
    def suppressed(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        return f"<{self.limit}" if self.value is None else str(self.value)


def count(value: int, *, limit: int | None = None) -> Count:
    """One count on its own (no totals beside it)."""
    limit = threshold() if limit is None else limit
    return Count(value=value if value >= limit else None, limit=limit)
