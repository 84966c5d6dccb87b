"""The table behind the indicators Koers computes itself, declared with the release policy:
exact for the programme office (management), the cell key method on the public monitor."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from privacy.release import Audience, declare

KOERS_REACH = declare(
    "monitoring.koers_reach",
    title=_("Deelnemers per programma, jaar en wijk (Koers-indicatoren van de monitor)"),
    dimensions=("wijk",),
    unit="participant",
    population="participants (not erased) with an enrolment in the measure's programmes that "
    "ran during the year, by the wijk they live in; the total counts each person once",
    audiences=[Audience.MANAGEMENT, Audience.PUBLIC],
)
KOERS_PLACEMENTS = declare(
    "monitoring.koers_placements",
    title=_("Gestarte plaatsingen per soort, jaar en wijk (Koers-indicatoren van de monitor)"),
    dimensions=("wijk",),
    unit="placement",
    population="baangaranties placements of the measure's kind that started in the year, of "
    "participants not erased, by the wijk of the participant",
    audiences=[Audience.MANAGEMENT, Audience.PUBLIC],
)
KOERS_PILOT_PLACES = declare(
    "monitoring.koers_pilot_places",
    title=_("Gebruikte plaatsen in de pilot van Leeuwarden Schuldenvrij, per wijk"),
    dimensions=("wijk",),
    unit="participant",
    population="participants (not erased) admitted to the forgiveness pilot by the end of the "
    "year, by the wijk they live in",
    audiences=[Audience.MANAGEMENT, Audience.PUBLIC],
)
KOERS_DEBT_FREE = declare(
    "monitoring.koers_debt_free",
    title=_("Schuldenvrij een jaar na de kwijtschelding, per wijk"),
    dimensions=("wijk",),
    unit="participant",
    population="participants (not erased) whose 12-month follow-up, done in the year, found no "
    "new debts, by the wijk they live in",
    audiences=[Audience.MANAGEMENT, Audience.PUBLIC],
)
