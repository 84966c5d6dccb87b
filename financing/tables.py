"""The tables of the outcome report, declared with the release policy (``privacy.release``).

Every figure of the report leaves Koers through one of these, released for the viewer's
audience: the evaluators of the agreement (``contract``) get them exactly, since the agreement
pays on them; the programme office and team leads (``management``) exactly as well, unless
``KOERS_RELEASE_MANAGEMENT=public`` puts them on the cell key method, in which case the money
tables cannot be released to them at all (an amount is never perturbed). No table is declared
for the public. Imported from ``FinancingConfig.ready()``: a bad declaration stops the start.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from privacy.release import Audience, Measure, declare

AUDIENCES = (Audience.CONTRACT, Audience.MANAGEMENT)
CONSENTED = (
    "participants (not erased) with consent for reporting to funders in force, enrolled in the "
    "agreement's programme during the report's period"
)

PARTICIPANTS_REACHED = declare(
    "financing.participants_reached",
    title=_("Deelnemers bereikt (met toestemming)"),
    dimensions=(),
    unit="participant",
    population=CONSENTED,
    audiences=AUDIENCES,
    contract=True,
)

OUTCOMES = declare(
    "financing.outcomes_by_month",
    title=_("Resultaten behaald volgens de gegevens, per maand en definitie"),
    dimensions=("month", "definition"),
    unit="outcome: a participant (person definitions) or household (household definitions) "
    "that reached a definition, sustained, in the month",
    population=CONSENTED + "; households through their members with that consent",
    audiences=AUDIENCES,
    contract=True,
)

CLAIMS = declare(
    "financing.claims_by_status",
    title=_("Claims per resultaat en status"),
    dimensions=("definition", "status"),
    unit="claim",
    population="claims of the agreement submitted in the report's period",
    audiences=AUDIENCES,
    contract=True,
)

PAYMENTS = declare(
    "financing.payments",
    title=_("Betalingen per uitvoerder"),
    dimensions=("provider", "kind"),
    unit="euro",
    population="the agreement's payment ledger up to the period's end (planned and paid "
    "lines, counter-entries included) and its verified claims not yet paid by then (due)",
    audiences=AUDIENCES,
    measure=Measure.AMOUNT,
    contract=True,
)

BUDGET = declare(
    "financing.budget",
    title=_("Plafond en wat resteert"),
    dimensions=("item",),
    unit="euro",
    population="the agreement's cap and the cap minus what is paid up to the period's end",
    audiences=AUDIENCES,
    measure=Measure.AMOUNT,
    contract=True,
)

MILESTONES = declare(
    "financing.milestone_results",
    title=_("Mijlpalen: resultaat"),
    dimensions=("milestone",),
    unit="by the milestone's metric: a participant reached, or a claim (submitted, or "
    "verified or paid with its outcome achieved in the milestone's period)",
    population="the agreement's milestones, each over its own period, as of the figures' moment",
    audiences=AUDIENCES,
    contract=True,
)

ALL = (PARTICIPANTS_REACHED, OUTCOMES, CLAIMS, PAYMENTS, BUDGET, MILESTONES)
COUNTS = (PARTICIPANTS_REACHED, OUTCOMES, CLAIMS, MILESTONES)
AMOUNTS = (PAYMENTS, BUDGET)
