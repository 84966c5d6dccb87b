"""Are we on course? The interim target of a year is the proportional share of the way from the
baseline (2021) to the goal's target in its target year; a value is ahead, on course or behind
by how far it is from that, with the tolerance the programme office sets. Pure functions."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from monitoring.models import BASE_YEAR


class Status(enum.StrEnum):
    AHEAD = "ahead"
    ON_COURSE = "on_course"
    BEHIND = "behind"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    Status.AHEAD: _("voor op koers"),
    Status.ON_COURSE: _("op koers"),
    Status.BEHIND: _("achter op koers"),
    Status.UNKNOWN: _("nog niet bekend"),
}


def interim_target(
    *, baseline: Decimal, target: Decimal, target_year: int, year: int, base_year: int = BASE_YEAR
) -> Decimal:
    """The proportional share of the way from ``baseline`` to ``target`` reached in ``year``."""
    if year <= base_year or target_year <= base_year:
        return baseline if year <= base_year else target
    if year >= target_year:
        return target
    share = Decimal(year - base_year) / Decimal(target_year - base_year)
    return (baseline + (target - baseline) * share).quantize(Decimal("0.01"))


def status(
    *,
    value: Decimal | None,
    interim: Decimal | None,
    baseline: Decimal | None,
    target: Decimal | None,
    higher_is_better: bool,
    tolerance: Decimal,
) -> Status:
    """Ahead, on course or behind: the value's distance to the interim target, in the better
    direction, against ``tolerance`` percent of the whole way from baseline to target."""
    if value is None or interim is None or baseline is None or target is None:
        return Status.UNKNOWN
    margin = abs(target - baseline) * tolerance / Decimal(100)
    gain = (value - interim) if higher_is_better else (interim - value)
    if gain > margin:
        return Status.AHEAD
    if gain < -margin:
        return Status.BEHIND
    return Status.ON_COURSE


def combined(statuses: Iterable[Status]) -> Status:
    """A node's status from its indicators' and children's: behind when any is behind, ahead
    when every known one is ahead, on course otherwise; unknown when none is known."""
    known = [s for s in statuses if s is not Status.UNKNOWN]
    if not known:
        return Status.UNKNOWN
    if Status.BEHIND in known:
        return Status.BEHIND
    if all(s is Status.AHEAD for s in known):
        return Status.AHEAD
    return Status.ON_COURSE
