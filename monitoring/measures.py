"""The indicators Koers computes itself from case data: per measure, how it counts a year as
true cells (by wijk, with the total) for the release policy. An indicator names its measure
in ``Indicator.koers_measure``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from monitoring.tables import (
    KOERS_DEBT_FREE,
    KOERS_PILOT_PLACES,
    KOERS_PLACEMENTS,
    KOERS_REACH,
)
from privacy.release import (
    Cell,
    TableSpec,
    cells_from_counts,
    tabulate,
    tabulate_units,
    with_margins,
)


@dataclass(frozen=True)
class KoersMeasure:
    code: str
    label: str
    cells: Callable[[dt.date, dt.date], dict[tuple, Cell]]
    table: TableSpec = KOERS_REACH


def reach(*programme_codes: str) -> Callable[[dt.date, dt.date], dict[tuple, Cell]]:
    """Participants with an enrolment in one of the programmes that ran in the period."""

    def cells(start: dt.date, end: dt.date) -> dict[tuple, Cell]:
        from casework import facts

        rows = facts.reach_by_wijk(programme_codes=programme_codes, start=start, end=end)
        return with_margins(cells_from_counts(((wijk or "-",), n, keys) for wijk, n, keys in rows))

    return cells


def placements(kind: str) -> Callable[[dt.date, dt.date], dict[tuple, Cell]]:
    """Placements of a kind (baangaranties) that started in the period."""

    def cells(start: dt.date, end: dt.date) -> dict[tuple, Cell]:
        from baangaranties import facts

        rows = facts.placements_started(kind=kind, start=start, end=end)
        return tabulate_units((((wijk or "-",), pk) for wijk, pk in rows), kind="placement")

    return cells


def pilot_places(start: dt.date, end: dt.date) -> dict[tuple, Cell]:
    """Participants admitted to the Schuldenvrij pilot by the end of the period."""
    from schuldenvrij import facts

    rows = facts.pilot_places_in_use(end=end)
    return tabulate(((wijk or "-",), key) for wijk, key in rows)


def debt_free(start: dt.date, end: dt.date) -> dict[tuple, Cell]:
    """Participants without new debts at their 12-month follow-up, done in the period."""
    from schuldenvrij import facts

    rows = facts.debt_free_after_a_year(start=start, end=end)
    return tabulate(((wijk or "-",), key) for wijk, key in rows)


MEASURES: dict[str, KoersMeasure] = {
    measure.code: measure
    for measure in (
        KoersMeasure("gezinslab_reach", _("Deelnemers bereikt door Gezinslab"), reach("gezinslab")),
        KoersMeasure(
            "buurtgezinnen_reach",
            _("Deelnemers bereikt door Buurtgezinnen"),
            reach("buurtgezinnen"),
        ),
        KoersMeasure(
            "schuldenvrij_reach",
            _("Deelnemers in Leeuwarden Schuldenvrij"),
            reach("schuldenvrij"),
        ),
        KoersMeasure(
            "baangarantie_reach", _("Deelnemers met een baangarantie"), reach("baangarantie")
        ),
        KoersMeasure("lifecoaching_reach", _("Jongeren met een lifecoach"), reach("lifecoaching")),
        KoersMeasure(
            "job_guarantee_placements",
            _("Gestarte plaatsingen op een baangarantie"),
            placements("job_guarantee"),
            KOERS_PLACEMENTS,
        ),
        KoersMeasure(
            "work_experience_placements",
            _("Gestarte plaatsingen op een werkervaringsplek"),
            placements("work_experience"),
            KOERS_PLACEMENTS,
        ),
        KoersMeasure(
            "schuldenvrij_pilot_places",
            _("Gebruikte plaatsen in de pilot van Schuldenvrij"),
            pilot_places,
            KOERS_PILOT_PLACES,
        ),
        KoersMeasure(
            "schuldenvrij_debt_free",
            _("Schuldenvrij een jaar na de kwijtschelding"),
            debt_free,
            KOERS_DEBT_FREE,
        ),
        KoersMeasure(
            "internship_placements",
            _("Gestarte stages"),
            placements("internship"),
            KOERS_PLACEMENTS,
        ),
    )
}


def choices() -> list[tuple[str, str]]:
    return [("", _("geen (waarden van buiten)"))] + [
        (code, measure.label) for code, measure in MEASURES.items()
    ]
