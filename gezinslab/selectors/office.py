"""Programme-wide Gezinslab dashboard and barrier table (management: exact; public: cell key)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import User
from gezinslab import tables
from gezinslab.models import (
    Barrier,
    SupportMatch,
    SystemOrganisation,
)
from gezinslab.selectors.buurtgezinnen import PairsProgress, _pairs
from privacy.periods import Period
from privacy.release import (
    TOTAL,
    Audience,
    Cell,
    Figure,
    Grid,
    Scope,
    audience_for,
    grid,
    log_view,
    release,
    tabulate_units,
)


@dataclass
class MedianRow:
    label: str
    n: Figure
    median_days: Figure | None  # None: not released to this audience


@dataclass
class Dashboard:
    period: Period
    audience: Audience
    exact: bool
    barriers: Grid
    open_barriers: Grid
    breakthroughs: Grid
    system_changes: Figure
    medians: list[MedianRow]
    pairs: PairsProgress
    specs: list = field(default_factory=list)


def _organisations() -> list[SystemOrganisation]:
    used = Barrier.objects.values("organisation_id")
    return list(
        SystemOrganisation.objects.filter(Q(active=True) | Q(pk__in=used)).order_by(
            "position", "name"
        )
    )


def dashboard(user: User, *, period: Period, log: bool = True) -> Dashboard:
    """Barriers and breakthroughs by organisation and kind, programme-wide, for the period, as
    the viewer's audience may see them (the programme office and team leads: exact). No
    identifier, no free text, no single file; each view is logged (aggregate, no subject)."""
    audience = audience_for(user, Scope.PROGRAMME)
    start, end = period.start, period.end
    orgs = _organisations()
    kinds = list(Barrier.Kind.choices)
    rows = [(org.pk, org.name) for org in orgs]
    columns = [(kind, str(label)) for kind, label in kinds]
    heading = _("Organisatie")

    def layout(spec, queryset) -> Grid:
        cells = tabulate_units(
            (
                ((org, kind), pk)
                for pk, org, kind in queryset.values_list("pk", "organisation_id", "kind")
            ),
            kind=spec.unit,
        )
        return grid(release(spec, cells, audience=audience), rows, columns, row_heading=heading)

    played = Barrier.objects.filter(since__lte=end)
    if start is not None:
        played = played.filter(Q(breakthrough__isnull=True) | Q(breakthrough__date__gte=start))
    still_open = Barrier.objects.filter(since__lte=end).filter(
        Q(breakthrough__isnull=True) | Q(breakthrough__date__gt=end)
    )
    broken = Barrier.objects.filter(breakthrough__date__lte=end)
    if start is not None:
        broken = broken.filter(breakthrough__date__gte=start)
    changes = release(
        tables.SYSTEM_CHANGES,
        tabulate_units(
            (
                ((bool(change),), pk)
                for pk, change in broken.values_list("pk", "breakthrough__needs_system_change")
            ),
            kind=tables.SYSTEM_CHANGES.unit,
        ),
        audience=audience,
    )
    durations: dict[str, list[int]] = {}
    for kind, since, date in broken.values_list("kind", "since", "breakthrough__date"):
        durations.setdefault(kind, []).append((date - since).days)
    breakthroughs = layout(tables.BREAKTHROUGHS, broken)
    medians = _medians(durations, kinds, breakthroughs, audience)
    board = Dashboard(
        period=period,
        audience=audience,
        exact=breakthroughs.exact,
        barriers=layout(tables.BARRIERS, played),
        open_barriers=layout(tables.OPEN_BARRIERS, still_open),
        breakthroughs=breakthroughs,
        system_changes=changes[(True,)],
        medians=medians,
        pairs=_pairs(SupportMatch.objects.all(), on=end, audience=audience),
        specs=list(tables.ALL),
    )
    if log:
        log_view(user, board.specs, audience=audience, where="gezinslab:dashboard")
    return board


def _medians(durations, kinds, breakthroughs: Grid, audience: Audience) -> list[MedianRow]:
    """The median days to a breakthrough per kind and over all, beside the breakthrough
    table's column totals; a median is a statistic, released exactly or not at all."""
    spec = tables.DAYS_TO_BREAKTHROUGH
    shown = spec.releasable(audience)
    everything = [days for values in durations.values() for days in values]
    cells = {(kind,): Cell(amount=_median(durations.get(kind, []))) for kind, _label in kinds}
    cells[(TOTAL,)] = Cell(amount=_median(everything))
    released = release(spec, cells, audience=audience) if shown else None
    rows = [
        MedianRow(
            label=str(label),
            n=breakthroughs.column_totals[index],
            median_days=released[(kind,)] if released else None,
        )
        for index, (kind, label) in enumerate(kinds)
    ]
    rows.append(
        MedianRow(
            label=str(_("Totaal")),
            n=breakthroughs.total,
            median_days=released[(TOTAL,)] if released else None,
        )
    )
    return rows


def _median(days: list[int]):
    return statistics.median(days) if days else None


def barrier_table_data(user: User, *, period: Period) -> dict:
    """The dashboard as plain data for the API, released as for the page."""
    board = dashboard(user, period=period)

    def table_data(table: Grid) -> dict:
        return {
            "organisations": [row.label for row in table.rows],
            "kinds": table.column_labels,
            "cells": [[cell.value for cell in row.cells] for row in table.rows],
            "organisation_totals": [row.total.value for row in table.rows],
            "kind_totals": [figure.value for figure in table.column_totals],
            "total": table.total.value,
        }

    return {
        "period": board.period.code,
        "period_start": board.period.start.isoformat() if board.period.start else None,
        "period_end": board.period.end.isoformat(),
        "method": "exact" if board.exact else "cell_key",
        "barriers": table_data(board.barriers),
        "open_barriers": table_data(board.open_barriers),
        "breakthroughs": table_data(board.breakthroughs),
        "system_changes": board.system_changes.value,
        "median_days_to_breakthrough": [
            {
                "kind": m.label,
                "n": m.n.value,
                "median_days": None if m.median_days is None else m.median_days.value,
            }
            for m in board.medians
        ],
        "active_pairs": board.pairs.active.value,
        "target_pairs": board.pairs.target,
    }
