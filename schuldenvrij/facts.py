"""Non-identifying facts of Leeuwarden Schuldenvrij for the programme monitor: per person the
wijk and the record key (never shown), for pilot places in use and for people still free of new
debts a year after their forgiveness. No other column is read."""

from __future__ import annotations

import datetime as dt

from schuldenvrij.models import FollowUp, PilotPlace


def pilot_places_in_use(*, end: dt.date) -> list[tuple[str, int]]:
    """``(wijk, record key)`` of every participant (not erased) admitted to the pilot by
    ``end``: the places used so far (a place is not given back)."""
    return list(
        PilotPlace.objects.filter(
            admitted_on__lte=end, enrolment__participant__erased_at__isnull=True
        )
        .order_by()
        .values_list("enrolment__participant__wijk", "enrolment__participant__record_key")
    )


def debt_free_after_a_year(*, start: dt.date, end: dt.date) -> list[tuple[str, int]]:
    """``(wijk, record key)`` of every participant (not erased) whose 12-month follow-up, done
    in [start, end], found no new debts."""
    return list(
        FollowUp.objects.filter(
            months=12,
            done_on__gte=start,
            done_on__lte=end,
            new_debts=False,
            forgiveness__enrolment__participant__erased_at__isnull=True,
        )
        .order_by()
        .values_list(
            "forgiveness__enrolment__participant__wijk",
            "forgiveness__enrolment__participant__record_key",
        )
        .distinct()
    )
