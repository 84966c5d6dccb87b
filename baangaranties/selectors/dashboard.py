"""The programme's counters and chart: committed against filled per chain and year, running
placements, retention and young people on assistance, released for the viewer's audience."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from accounts.models import User
from baangaranties import tables
from baangaranties.models import (
    COMMITTED_KINDS,
    PlaceKind,
    Placement,
    RetentionCheck,
    Route,
    basic_jobs_cap,
)
from baangaranties.selectors.lists import OpenHiringState, _young_on_assistance, open_hiring_state
from baangaranties.selectors.reference import commitments
from baangaranties.selectors.scope import PROGRAMME, _today
from casework.models import Enrolment
from privacy.periods import Period
from privacy.release import (
    TOTAL,
    Audience,
    Figure,
    Grid,
    Released,
    Scope,
    audience_for,
    grid,
    log_view,
    release,
    tabulate,
    tabulate_units,
)


@dataclass
class ChainYear:
    chain: str
    year: int
    committed: dict[str, int]  # what the chain promised: entered figures, not counts of people
    filled: dict[str, Figure]
    committed_total: int
    filled_total: Figure


@dataclass
class Dashboard:
    period: Period
    audience: Audience
    exact: bool
    years: list[int]
    rows: list[ChainYear]
    running: Released  # running placements today, by route
    basic_jobs_cap: int
    open_hiring: OpenHiringState  # the page says whether places are free, not how many
    retention: Grid
    young: Released  # young people on assistance today, with and without a route
    kinds: list[tuple[str, str]] = field(default_factory=list)
    specs: list = field(default_factory=list)

    @property
    def active_placements(self) -> Figure:
        return self.running.total

    @property
    def basic_jobs(self) -> Figure:
        return self.running[Route.BASIC_JOB]

    @property
    def young_on_assistance(self) -> Figure:
        return self.young.total

    @property
    def young_with_route(self) -> Figure:
        return self.young[True]


def dashboard(user: User, *, period: Period, log: bool = True) -> Dashboard:
    """Committed against filled per chain and year, and the programme's counters, for the
    viewer's audience (the programme office and team leads: exact). Running placements and
    young people on assistance are as of today; retention checks those done in the period.
    Each view is logged (aggregate, no subject)."""
    audience = audience_for(user, Scope.PROGRAMME)
    today = _today()
    keys, rows = _chain_years(audience)
    running = _running(audience, today)
    board = Dashboard(
        period=period,
        audience=audience,
        exact=running.exact,
        years=sorted({year for _chain, year in keys}),
        rows=rows,
        running=running,
        basic_jobs_cap=basic_jobs_cap(),
        open_hiring=open_hiring_state(),
        retention=_retention(audience, period),
        young=_young(audience, today),
        kinds=[(kind, PlaceKind(kind).label) for kind in COMMITTED_KINDS],
        specs=list(tables.ALL),
    )
    if log:
        log_view(user, board.specs, audience=audience, where="baangaranties:dashboard")
    return board


def _release_units(spec, units, audience: Audience) -> Released:
    """``spec``'s cells from (key, unit id) pairs, released for the audience."""
    return release(spec, tabulate_units(units, kind=spec.unit), audience=audience)


def _chain_years(audience: Audience) -> tuple[set, list[ChainYear]]:
    """The (chain, year) pairs with a commitment or a filled place, and per pair what the
    chain committed against the places filled, by kind."""
    commitments_by_key = {(c.chain.name, c.year): c for c in commitments()}
    kinds = list(COMMITTED_KINDS)
    filled = _release_units(
        tables.FILLED_PLACES,
        (
            ((year, chain, kind), pk)
            for pk, chain, year, kind in Placement.objects.filter(kind__in=kinds).values_list(
                "pk", "employer__chain__name", "start_date__year", "kind"
            )
        ),
        audience,
    )
    keys = set(commitments_by_key) | {
        (chain, year) for year, chain, kind in filled.figures if TOTAL not in (year, chain, kind)
    }
    rows = []
    for chain, year in sorted(keys, key=lambda k: (k[1], k[0])):
        commitment = commitments_by_key.get((chain, year))
        committed = {kind: commitment.places_for(kind) if commitment else 0 for kind in kinds}
        rows.append(
            ChainYear(
                chain=chain,
                year=year,
                committed=committed,
                filled={kind: filled[(year, chain, kind)] for kind in kinds},
                committed_total=sum(committed.values()),
                filled_total=filled[(year, chain, TOTAL)],
            )
        )
    return keys, rows


def _running(audience: Audience, today: dt.date) -> Released:
    """Placements running today, by route."""
    return _release_units(
        tables.RUNNING,
        (
            ((route,), pk)
            for pk, route in Placement.objects.filter(start_date__lte=today)
            .exclude(end_date__lt=today)
            .values_list("pk", "route")
        ),
        audience,
    )


def _retention(audience: Audience, period: Period) -> Grid:
    """Retention checks done in the period, by months after the start and the answer."""
    checks = RetentionCheck.objects.filter(checked_on__isnull=False, checked_on__lte=period.end)
    if period.start is not None:
        checks = checks.filter(checked_on__gte=period.start)
    retention = _release_units(
        tables.RETENTION,
        (
            ((months, bool(kept)), pk)
            for pk, months, kept in checks.values_list("pk", "months", "still_employed")
        ),
        audience,
    )
    return grid(
        retention,
        [(m, _("na %(n)s maanden") % {"n": m}) for m in (3, 6, 12)],
        [(True, _("werkt er nog")), (False, _("werkt er niet meer"))],
        row_heading=_("Check"),
    )


def _young(audience: Audience, today: dt.date) -> Released:
    """Young people of the programme on assistance today, with and without a route out."""
    young = _young_on_assistance(
        Enrolment.objects.filter(programme__code=PROGRAMME, status=Enrolment.Status.ACTIVE), today
    )
    return release(
        tables.YOUNG_ON_ASSISTANCE,
        tabulate(
            ((bool(has_route),), key)
            for has_route, key in young.values_list("has_route", "participant__record_key")
        ),
        audience=audience,
    )
