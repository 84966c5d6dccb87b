"""Shared ground of the outcome report: the period window, the viewer's audience and how a
table is released to it, and the constants every section uses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from financing.models import Agreement, Claim
from privacy import periods
from privacy.release import Audience, Method, NotReleasable, Scope, TableSpec, audience_for

STATUSES = list(Claim.Status.values)
PAYMENT_KINDS = ("planned", "paid", "due")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Window:
    """The period asked for, clipped to the agreement's dates (and to today)."""

    code: str  # canonical: 2026, 2026-K1, 2026-03 or "alles"
    label: str
    start: dt.date
    end: dt.date

    @property
    def months(self) -> list[str]:
        """Every month of the window (YYYY-MM), so that a month without outcomes shows 0."""
        result, day = [], self.start.replace(day=1)
        while day <= self.end:
            result.append(day.strftime("%Y-%m"))
            day = (day + dt.timedelta(days=32)).replace(day=1)
        return result


def default_period(agreement: Agreement, today: dt.date) -> str:
    """The current year; for an agreement that ended in an earlier year, its last year (the
    current year would lie wholly outside it)."""
    return str(min(today.year, agreement.end_date.year))


def period_window(agreement: Agreement, value: str | None) -> Window:
    """The report's period from a query parameter (``privacy.periods``: a year, a quarter
    ``2026-K1`` or a month ``2026-03``; the default is the current year), clipped to the
    agreement. A bad, future or out-of-range period, or one wholly outside the agreement, is
    refused with a Dutch ``ValidationError`` on ``period``, never a server error."""
    today = timezone.localdate()
    period = periods.parse(
        (value or "")[:20], default=default_period(agreement, today), today=today
    )
    start = max(period.start or agreement.start_date, agreement.start_date)
    end = min(period.end, agreement.end_date)
    if start > end:
        raise ValidationError(
            {
                "period": [
                    _(
                        "Deze periode valt buiten de looptijd van de afspraak (%(start)s tot en "
                        "met %(end)s): kies een periode daarbinnen."
                    )
                    % {
                        "start": dateformat.format(agreement.start_date, "j-n-Y"),
                        "end": dateformat.format(agreement.end_date, "j-n-Y"),
                    }
                ]
            }
        )
    return Window(code=period.code, label=str(period.label), start=start, end=end)


def audience_of(user) -> Audience:
    """The viewer's audience for an agreement's report: its evaluators are the contract
    audience, the programme office and team leads management (``privacy.release``)."""
    return audience_for(user, Scope.AGREEMENT)


def _method(spec: TableSpec, audience: Audience) -> Method | None:
    """How ``spec`` is released to ``audience``, or None when it is not released at all
    (amounts for management on the public method)."""
    try:
        return spec.method(audience)
    except NotReleasable:
        return None


def _keyed(spec: TableSpec, audience: Audience) -> bool:
    """Whether the table's cells need their records' keys: only the cell key method reads
    them, so exact releases skip the look-up."""
    return _method(spec, audience) is Method.CELL_KEY
