"""Yearly indicator values from outside (CSV: ``indicator,area,year,value,source,published``):
every row is checked first and every bad row reported by its number; only a file without
errors is written, in one transaction. A value that replaces an earlier one keeps the earlier
one (and its source) in the history. Messages name rows and columns, never a cell's text.
``ImportRefused`` (every problem in ``errors``) is the one every import of Koers raises."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from casework.services.imports.reading import ImportRefused, parse_date, read_rows
from monitoring.areas import AREAS
from monitoring.models import Indicator, IndicatorValue
from monitoring.services.base import require_office, save

COLUMNS = ("indicator", "area", "year", "value", "source", "published")
MAX_ROWS = 20_000


@dataclass
class Row:
    number: int
    indicator: Indicator
    area: str
    year: int
    value: Decimal
    source: str
    published: dt.date


@dataclass
class Summary:
    created: int = 0
    replaced: int = 0
    unchanged: int = 0
    rows: list[Row] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rows)


def read_csv(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """The numbered rows of a UTF-8 CSV file (``,`` or ``;``) with exactly the header
    ``COLUMNS``, read as every import of Koers reads its files (``casework``'s reader: strict
    quoting, the physical line number of every row, every structural problem reported)."""
    rows = read_rows(io.BytesIO(data), COLUMNS)
    if not rows:
        raise ImportRefused([_("Het bestand heeft geen rijen onder de kopregel.")])
    if len(rows) > MAX_ROWS:
        raise ImportRefused([_("Meer dan %(n)s rijen.") % {"n": MAX_ROWS}])
    return [(line, {key: value.strip() for key, value in row.items()}) for line, row in rows]


def parse_number(text: str) -> Decimal | None:
    """A number as people write it: ``11,7``, ``11.7``, ``19.795`` is not accepted as ambiguous
    thousands; a plain ``19795`` is."""
    cleaned = text.replace(" ", "").replace(",", ".")
    if cleaned.count(".") > 1:
        return None
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _check_value(indicator: Indicator, number: Decimal | None) -> str | None:
    if number is None:
        return _("de waarde is geen getal")
    unit = indicator.unit
    if unit == Indicator.Unit.PERCENTAGE and not Decimal(0) <= number <= Decimal(100):
        return _("een percentage ligt tussen 0 en 100")
    if unit == Indicator.Unit.COUNT and number != number.to_integral_value():
        return _("een aantal is een geheel getal")
    if unit != Indicator.Unit.SCORE and number < 0:
        return _("de waarde is negatief")
    if abs(number) >= Decimal("1e12"):
        return _("de waarde is te groot")
    return None


def _check_row(raw: dict, indicators: dict[str, Indicator]) -> tuple[list[str], Row | None]:
    problems = []
    indicator = indicators.get(raw.get("indicator", ""))
    if indicator is None:
        problems.append(_("onbekende indicator"))
    elif indicator.source == Indicator.Source.KOERS:
        problems.append(_("deze indicator berekent Koers zelf"))
    area = raw.get("area", "")
    if area not in AREAS:
        problems.append(_("onbekend gebied"))
    elif indicator is not None and area not in indicator.areas:
        problems.append(_("de indicator wordt niet gemeten voor dit gebied"))
    year = int(raw["year"]) if raw.get("year", "").isdigit() else None
    if year is None or not 2000 <= year <= 2100:
        problems.append(_("het jaar ligt niet tussen 2000 en 2100"))
    number = parse_number(raw.get("value", ""))
    if indicator is not None:
        problem = _check_value(indicator, number)
        if problem:
            problems.append(problem)
    source = raw.get("source", "")
    if not source or len(source) > 200:
        problems.append(_("de bron ontbreekt of is langer dan 200 tekens"))
    published = parse_date(raw.get("published", ""))
    if published is None:
        problems.append(_("de publicatiedatum is geen datum (JJJJ-MM-DD)"))
    if problems:
        return problems, None
    return [], Row(0, indicator, area, year, number, source, published)


def check_rows(raw_rows: list[tuple[int, dict]]) -> list[Row]:
    """Every row checked; ImportRefused with every bad row's number (the header is row 1)."""
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    messages, rows, seen = [], [], {}
    for number, raw in raw_rows:
        problems, row = _check_row(raw, indicators)
        if row is not None:
            key = (row.indicator.pk, row.area, row.year)
            if key in seen:
                problems.append(
                    _("dubbel: dezelfde indicator, hetzelfde gebied en jaar als rij %(n)s")
                    % {"n": seen[key]}
                )
            seen[key] = number
            row.number = number
            rows.append(row)
        if problems:
            messages.append(
                _("Rij %(n)s: %(problems)s.") % {"n": number, "problems": "; ".join(problems)}
            )
    if messages:
        raise ImportRefused(messages)
    return rows


def import_values(*, actor, data: bytes, dry_run: bool = False) -> Summary:
    """Check the whole file, then (unless ``dry_run``) write it in one transaction."""
    require_office(actor)
    rows = check_rows(read_csv(data))
    summary = Summary(rows=rows)
    with transaction.atomic():
        existing = {
            (value.indicator_id, value.area, value.year): value
            for value in IndicatorValue.objects.select_for_update().filter(
                indicator_id__in={row.indicator.pk for row in rows},
                year__in={row.year for row in rows},
            )
        }
        for row in rows:
            current = existing.get((row.indicator.pk, row.area, row.year))
            _write(row, current, summary, dry_run=dry_run)
        if dry_run:
            transaction.set_rollback(True)
    return summary


def _write(row: Row, current: IndicatorValue | None, summary: Summary, *, dry_run: bool) -> None:
    if current is None:
        summary.created += 1
        value = IndicatorValue(indicator=row.indicator, area=row.area, year=row.year)
    elif (current.value, current.source, current.published) == (
        row.value,
        row.source,
        row.published,
    ):
        summary.unchanged += 1
        return
    else:
        summary.replaced += 1
        value = current
    if dry_run:
        return
    value.value, value.source, value.published = row.value, row.source, row.published
    save(value)
