"""Non-identifying facts of baangaranties for the programme monitor: which placements of a
kind started in a period, with the wijk of their participant (no other column is read)."""

from __future__ import annotations

import datetime as dt

from baangaranties.models import Placement


def placements_started(*, kind: str, start: dt.date, end: dt.date) -> list[tuple[str, object]]:
    """``(wijk, placement id)`` of every placement of ``kind`` that started in [start, end],
    of participants not erased."""
    return list(
        Placement.objects.filter(
            kind=kind,
            start_date__gte=start,
            start_date__lte=end,
            participant__erased_at__isnull=True,
        )
        .order_by()
        .values_list("participant__wijk", "pk")
    )
