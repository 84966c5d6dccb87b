"""The aggregate tables of baangaranties, released through ``privacy.release`` (imported from
``BaangarantiesConfig.ready``, so a bad declaration stops the start-up). The chains'
commitments are what employers promised, not counts of people, and are shown as entered."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from privacy.release import Audience, declare

PROGRAMME_WIDE = [Audience.MANAGEMENT, Audience.PUBLIC]

FILLED_PLACES = declare(
    "baangaranties.filled_places",
    title=_("Bezette plekken per jaar, keten en soort plek"),
    dimensions=("year", "chain", "kind"),
    unit="placement",
    population="placements on a committed kind of place (job guarantee, work-experience "
    "place, internship), by the year they started",
    audiences=PROGRAMME_WIDE,
)
RUNNING = declare(
    "baangaranties.running_placements",
    title=_("Lopende plaatsingen per route"),
    dimensions=("route",),
    unit="placement",
    population="placements running today, by route (basic job and the others)",
    audiences=PROGRAMME_WIDE,
)
RETENTION = declare(
    "baangaranties.retention",
    title=_("Nazorgchecks in de periode: werkt de deelnemer er nog?"),
    dimensions=("months", "still_employed"),
    unit="retention_check",
    population="retention checks (3, 6, 12 months after the start) done in the period",
    audiences=PROGRAMME_WIDE,
)
YOUNG_ON_ASSISTANCE = declare(
    "baangaranties.young_on_assistance",
    title=_("Jongeren (onder 27) in de bijstand, met en zonder route eruit"),
    dimensions=("has_route",),
    unit="participant",
    population="participants under 27 with an active baangaranties enrolment whose latest "
    "social-assistance value is yes, by whether a route out is planned or running",
    audiences=PROGRAMME_WIDE,
)

# Every table above, in the order the app's figures page shows them.
ALL = (FILLED_PLACES, RUNNING, RETENTION, YOUNG_ON_ASSISTANCE)
