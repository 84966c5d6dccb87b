"""Demo data of the programme monitor: the plan's tree and baseline (``load_plan``), plus
fictitious values for 2019 (the mirror year) and 2022 up to last year, so that every page has
a course to show; then the Koers indicators computed from the demo's case data."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from monitoring import plan, services
from monitoring.models import BASE_YEAR, MIRROR_YEAR, Indicator, IndicatorValue

DEMO_SOURCE = "Demo: fictieve waarde"
RANDOM_SEED = "koers-demo-monitor"


def seed(*, stdout) -> None:
    services.load_plan(actor=None)
    if not IndicatorValue.objects.filter(source=DEMO_SOURCE).exists():
        _values(random.Random(RANDOM_SEED))
    stored = services.refresh_koers_values(actor=None)
    stdout.write(f"Monitor: doelenboom, nulmeting en {stored} Koers-waarden geladen.")


def _values(rng: random.Random) -> None:
    last_year = timezone.localdate().year - 1
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    rows = []
    for code, *_rest, baseline in plan.INDICATORS:
        indicator = indicators[code]
        step = 1 if indicator.better == Indicator.Better.HIGHER else -1
        for area, text in baseline.items():
            start = Decimal(text)
            rows.append(_value(indicator, area, MIRROR_YEAR, start * Decimal("0.98")))
            for year in range(BASE_YEAR + 1, last_year + 1):
                drift = Decimal(str(rng.uniform(-0.4, 1.2))) * step * (year - BASE_YEAR)
                value = start * (1 + drift / 100)
                if indicator.unit == Indicator.Unit.PERCENTAGE:
                    value = min(max(value, Decimal(0)), Decimal(100))
                rows.append(_value(indicator, area, year, value))
    # Each new row gets its first history record, as a save would give it.
    bulk_create_with_history(rows, IndicatorValue)


def _value(indicator, area, year, value) -> IndicatorValue:
    return IndicatorValue(
        indicator=indicator,
        area=area,
        year=year,
        value=value.quantize(Decimal("0.01")),
        source=DEMO_SOURCE,
        published=dt.date(min(year + 1, timezone.localdate().year), 3, 1),
    )
