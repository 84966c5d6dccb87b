"""The aggregate tables of Gezinslab and Buurtgezinnen, released through ``privacy.release``
(imported from ``GezinslabConfig.ready``, so a bad declaration stops the start-up)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from privacy.release import Audience, declare

PROGRAMME_WIDE = [Audience.MANAGEMENT, Audience.PUBLIC]

BARRIERS = declare(
    "gezinslab.barriers",
    title=_("Knelpunten die in de periode speelden, per organisatie en soort"),
    dimensions=("organisation", "kind"),
    unit="barrier",
    population="barriers of every Gezinslab trajectory that played in the period: since "
    "before its end, not broken through before its start",
    audiences=PROGRAMME_WIDE,
)
OPEN_BARRIERS = declare(
    "gezinslab.open_barriers",
    title=_("Knelpunten die aan het eind van de periode nog open waren"),
    dimensions=("organisation", "kind"),
    unit="barrier",
    population="barriers that played at the end of the period and had no breakthrough yet",
    audiences=PROGRAMME_WIDE,
)
BREAKTHROUGHS = declare(
    "gezinslab.breakthroughs",
    title=_("Doorbraken in de periode, per organisatie en soort"),
    dimensions=("organisation", "kind"),
    unit="barrier",
    population="barriers broken through in the period (a barrier has one breakthrough)",
    audiences=PROGRAMME_WIDE,
)
SYSTEM_CHANGES = declare(
    "gezinslab.system_changes",
    title=_("Doorbraken in de periode waarvoor het systeem moet veranderen"),
    dimensions=("needs_system_change",),
    unit="barrier",
    population="barriers broken through in the period, by whether the system must change",
    audiences=PROGRAMME_WIDE,
)
DAYS_TO_BREAKTHROUGH = declare(
    "gezinslab.days_to_breakthrough",
    title=_("Mediaan aantal dagen van knelpunt tot doorbraak"),
    dimensions=("kind",),
    unit="barrier",
    population="barriers broken through in the period: days from 'since' to the breakthrough",
    audiences=[Audience.MANAGEMENT],
    measure="statistic",
)
ACTIVE_PAIRS = declare(
    "buurtgezinnen.active_pairs",
    title=_("Actieve koppels van steungezinnen"),
    dimensions=(),
    unit="match",
    population="matches of a support family with a family, running at the end of the period",
    audiences=[Audience.CARE, *PROGRAMME_WIDE],
)

# Every table above, in the order the app's figures page shows them.
ALL = (BARRIERS, OPEN_BARRIERS, BREAKTHROUGHS, SYSTEM_CHANGES, DAYS_TO_BREAKTHROUGH, ACTIVE_PAIRS)
