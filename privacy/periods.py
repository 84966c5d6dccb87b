"""Periods that figures are released for: a year (``2026``), a quarter (``2026-K1``, also
``2026-Q1``), a month (``2026-03``) or everything (``""``, ``alles``).

A period in the future or outside 2000-2100 is refused with a Dutch message (a
``ValidationError`` on ``period``), never a server error. A period that has begun is clipped to
today: "figures as of" a moment, not a promise about the rest of it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

FIRST_YEAR, LAST_YEAR = 2000, 2100
_PATTERN = re.compile(r"^(\d{4})(?:-(?:(\d{2})|[KQkq]([1-4])))?$")
ALL = "alles"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (earlier when negative), or that month's last day when it
    is shorter: the one date step of every deadline and follow-up in Koers."""
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Period:
    code: str  # as given in a URL: 2026, 2026-K1, 2026-03 or "alles"
    kind: str  # all, year, quarter, month
    start: dt.date | None  # None: from the beginning
    end: dt.date  # the last day counted (today at the latest)

    @property
    def label(self) -> str:
        if self.kind == "all":
            return _("alles tot nu toe")
        if self.kind == "year":
            return self.code
        if self.kind == "quarter":
            return _("%(year)s, kwartaal %(quarter)s") % {
                "year": self.code[:4],
                "quarter": self.code[-1],
            }
        return dateformat.format(self.start, "F Y")

    def contains(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and day <= self.end


def _refuse(message: str) -> ValidationError:
    return ValidationError({"period": [message]})


def parse(value: str | None, *, default: str = ALL, today: dt.date | None = None) -> Period:
    """The period of a query parameter; ``default`` when it is empty."""
    today = today or timezone.localdate()
    value = (value or "").strip() or default
    if value.lower() == ALL:
        return Period(code=ALL, kind="all", start=None, end=today)
    match = _PATTERN.match(value)
    if not match:
        raise _refuse(
            _("Geef de periode als JJJJ (jaar), JJJJ-K1 tot JJJJ-K4 (kwartaal) of JJJJ-MM (maand).")
        )
    year = int(match.group(1))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _refuse(
            _("Kies een jaar van %(first)s tot en met %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    if match.group(2):
        month = int(match.group(2))
        if not 1 <= month <= 12:
            raise _refuse(_("Een maand is 01 tot en met 12."))
        start = dt.date(year, month, 1)
        end = _month_end(year, month)
        kind, code = "month", f"{year}-{month:02d}"
    elif match.group(3):
        quarter = int(match.group(3))
        start = dt.date(year, 3 * quarter - 2, 1)
        end = _month_end(year, 3 * quarter)
        kind, code = "quarter", f"{year}-K{quarter}"
    else:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        kind, code = "year", str(year)
    if start > today:
        raise _refuse(_("Deze periode is nog niet begonnen: kies een periode tot en met vandaag."))
    return Period(code=code, kind=kind, start=start, end=min(end, today))


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return following - dt.timedelta(days=1)


def choices(*, today: dt.date | None = None, years: int = 3) -> list[tuple[str, str]]:
    """Periods to offer in a form: everything, the last years, this year's quarters and the
    last twelve months."""
    today = today or timezone.localdate()
    options = [(ALL, _("Alles tot nu toe"))]
    for year in range(today.year, today.year - years, -1):
        options.append((str(year), str(year)))
    for quarter in range((today.month - 1) // 3 + 1, 0, -1):
        code = f"{today.year}-K{quarter}"
        options.append((code, parse(code, today=today).label))
    month = dt.date(today.year, today.month, 1)
    for _index in range(12):
        code = f"{month.year}-{month.month:02d}"
        options.append((code, dateformat.format(month, "F Y")))
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return options
