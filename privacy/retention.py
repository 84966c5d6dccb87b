"""Retention: until when each programme keeps the participants whose enrolments ended (the
periods come from ``privacy.registry``; ``settings.KOERS_RETENTION_YEARS`` overrides per code).
``apply_retention`` erases who is due; the privacy officer's work list shows how many are."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from privacy import registry


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def cutoffs(today: dt.date | None = None) -> dict[str, dt.date]:
    today = today or timezone.localdate()
    # Each programme registers its period (privacy.registry); settings override per code.
    periods = {
        **registry.retention_years(),
        **(getattr(settings, "KOERS_RETENTION_YEARS", None) or {}),
    }
    return {code: years_before(today, int(years)) for code, years in periods.items()}


def due_for_retention(today: dt.date | None = None) -> list:
    """The ids of the participants whose retention period has passed (nothing is erased)."""
    return registry.provider().due_for_retention(cutoffs(today))
