"""The indicators Koers computes itself: per year and area, counted from case data
(``casework.facts``) and released through the release policy for each audience that reads
the monitor, then stored (``ComputedValue``) so that pages only read. Run nightly
(``manage.py refresh_monitor``) and from the office's page after a change."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from monitoring.areas import PROGRAMME_AREA, WIJKEN
from monitoring.measures import MEASURES
from monitoring.models import BASE_YEAR, ComputedValue, Indicator
from monitoring.services.base import require_office
from privacy.release import Audience, release

AUDIENCES = (Audience.MANAGEMENT, Audience.PUBLIC)


def _released(measure_code: str, year: int) -> dict[Audience, dict[str, Decimal]]:
    """The measure's figures of one year per audience: {audience: {area: value}}."""
    measure = MEASURES[measure_code]
    cells = measure.cells(dt.date(year, 1, 1), dt.date(year, 12, 31))
    result = {}
    for audience in AUDIENCES:
        figures = release(measure.table, cells, audience=audience)
        values = {PROGRAMME_AREA: Decimal(figures.total.value)}
        values.update({wijk: Decimal(figures.value(wijk)) for wijk in WIJKEN})
        result[audience] = values
    return result


@transaction.atomic
def refresh_koers_values(*, actor, today: dt.date | None = None) -> int:
    """Recompute every Koers indicator for every year from the baseline year to this year;
    returns how many values were stored."""
    require_office(actor)
    today = today or timezone.localdate()
    now = timezone.now()
    indicators = Indicator.objects.exclude(koers_measure="")
    ComputedValue.objects.filter(indicator__in=indicators).delete()
    new = []
    for indicator in indicators:
        for year in range(BASE_YEAR, today.year + 1):
            for audience, values in _released(indicator.koers_measure, year).items():
                for area, value in values.items():
                    if area not in indicator.areas:
                        continue
                    new.append(
                        ComputedValue(
                            indicator=indicator,
                            area=area,
                            year=year,
                            audience=audience,
                            value=value,
                            computed_at=now,
                        )
                    )
    ComputedValue.objects.bulk_create(new)
    return len(new)
