"""The aggregate tables of Leeuwarden Schuldenvrij, released through ``privacy.release``
(imported from ``SchuldenvrijConfig.ready``, so a bad declaration stops the start-up)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from privacy.release import Audience, declare

PROGRAMME_WIDE = [Audience.MANAGEMENT, Audience.PUBLIC]

PILOT_PLACES = declare(
    "schuldenvrij.pilot_places",
    title=_("Pilotplaatsen naar stand van de kwijtschelding"),
    dimensions=("state",),
    unit="participant",
    population="participants with a place in the forgiveness pilot today: forgiveness "
    "approved, a proposal waiting, or neither",
    audiences=PROGRAMME_WIDE,
)
FORGIVENESSES = declare(
    "schuldenvrij.forgivenesses",
    title=_("Goedgekeurde kwijtscheldingen in de periode, naar financiering"),
    dimensions=("funding",),
    unit="participant",
    population="participants whose forgiveness (dated in the period) was approved",
    audiences=PROGRAMME_WIDE,
)
AMOUNT_FORGIVEN = declare(
    "schuldenvrij.amount_forgiven",
    title=_("Bedrag kwijtgescholden in de periode"),
    dimensions=(),
    unit="euro",
    population="approved forgivenesses dated in the period",
    audiences=[Audience.MANAGEMENT],
    measure="amount",
)
FOLLOW_UPS = declare(
    "schuldenvrij.follow_ups",
    title=_("Gedane nazorgmomenten in de periode, met en zonder nieuwe schulden"),
    dimensions=("moment", "new_debts"),
    unit="participant",
    population="follow-ups (6, 12, 24 months after forgiveness) done in the period, each of "
    "one participant",
    audiences=PROGRAMME_WIDE,
)

# Every table above, in the order the app's figures page shows them.
ALL = (PILOT_PLACES, FORGIVENESSES, AMOUNT_FORGIVEN, FOLLOW_UPS)
