"""Demo data of the financing app (seed_demo calls ``seed`` after the programmes' demos):
the FNO agreement for the Gezinslab with Wijkbedrijf Bilgaard and Dreamfabryk, its outcome
definitions and milestones, consent for reporting to funders of most Gezinslab participants,
claims in every status, a payment, and the demo evaluator and team lead granted on it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError

from accounts.models import Organisation
from casework import services as casework_services
from casework.models import Enrolment, Participant, Programme
from financing import candidates, services
from financing.models import Agreement, Claim, OutcomeDefinition, Payment
from privacy.models import Consent, Purpose

CODE = "DEMO-FNO-GEZINSLAB"


DEFINITIONS = [
    {
        "code": "eigen-doel-2-punten",
        "description": "Doelrealisatie op minstens één eigen doel 2 punten hoger dan bij de "
        "intake, gescoord door de bewoner zelf, en na 90 dagen nog zo.",
        "unit": OutcomeDefinition.Unit.PERSON,
        "price": Decimal("1500.00"),
        "max_count": 120,
        "max_amount": Decimal("180000.00"),
        "sustain_days": 90,
        "validation": OutcomeDefinition.Validation.DATA_AND_VERIFICATION,
        "rule": "goal_attainment_rise_2",
    },
    {
        "code": "zrm-financien-naar-3",
        "description": "Zelfredzaamheidsmatrix Financiën van 1-2 naar 3 of hoger, na 90 "
        "dagen nog zo.",
        "unit": OutcomeDefinition.Unit.PERSON,
        "price": Decimal("1000.00"),
        "max_count": 80,
        "max_amount": Decimal("80000.00"),
        "sustain_days": 90,
        "validation": OutcomeDefinition.Validation.DATA_AND_SPOT_CHECK,
        "rule": "zrm_financien_1_2_to_3",
    },
    {
        "code": "gezin-eigen-doel",
        "description": "In het gezin haalt ten minste één lid 2 punten meer op een eigen doel.",
        "unit": OutcomeDefinition.Unit.HOUSEHOLD,
        "price": Decimal("2500.00"),
        "max_count": 30,
        "max_amount": Decimal("75000.00"),
        "sustain_days": 0,
        "validation": OutcomeDefinition.Validation.DATA_AND_VERIFICATION,
        "rule": "goal_attainment_rise_2",
    },
]


def seed(*, teams, users, anchor: dt.date, rng, stdout) -> None:
    if Agreement.objects.filter(code=CODE).exists():
        return
    office, evaluator, lead = users["programmabureau"], users["evaluator"], users["teamleider"]
    organisations = {o.code: o for o in Organisation.objects.all()}
    providers = [organisations["wijkbedrijf-bilgaard"], organisations["dreamfabryk"]]
    agreement = _agreement(office, organisations["fno"], providers, anchor)
    definitions = [
        services.add_definition(actor=office, agreement=agreement, **definition)
        for definition in DEFINITIONS
    ]
    _milestones(office, agreement, anchor)
    for user in (evaluator, lead):
        services.grant(actor=office, agreement=agreement, user=user)
    consented = _funder_consents(lead, rng)
    made = _claims(lead, agreement, providers)
    _decide_and_pay(office, evaluator, agreement, made, anchor)
    statuses = sorted({c.status for c in Claim.objects.filter(agreement=agreement)})
    stdout.write(
        f"Resultaatfinanciering: afspraak {CODE}, {len(definitions)} resultaten, {consented} "
        f"toestemmingen voor rapportage aan financiers, {len(made)} claims ({', '.join(statuses)})."
    )


def _agreement(office, payer, providers, anchor: dt.date) -> Agreement:
    """The FNO agreement, amended once (a higher cap)."""
    start = dt.date(anchor.year - 4, 1, 1)
    agreement = services.create_agreement(
        actor=office,
        code=CODE,
        name="FNO resultaatfinanciering Gezinslab",
        payer=payer,
        providers=providers,
        programme=Programme.objects.get(code="gezinslab"),
        start_date=start,
        end_date=dt.date(anchor.year + 1, 12, 31),
        cap=Decimal("250000.00"),
    )
    services.amend_agreement(
        actor=office,
        agreement=agreement,
        expected_version=agreement.version,
        date=start + dt.timedelta(days=400),
        reason="Uitbreiding naar Oud-Oost",
        new_cap=Decimal("300000.00"),
    )
    agreement.refresh_from_db()
    return agreement


def _milestones(office, agreement: Agreement, anchor: dt.date) -> None:
    start = agreement.start_date
    for label, metric, kind, period_end, target in (
        ("Gezinnen bereikt (tussenstand)", "participants_reached", "interim",
         dt.date(anchor.year, 12, 31), 40),
        ("Resultaten behaald (eind)", "outcomes_achieved", "final", agreement.end_date, 60),
    ):  # fmt: skip
        services.add_milestone(
            actor=office,
            agreement=agreement,
            label=label,
            metric=metric,
            kind=kind,
            period_start=start,
            period_end=period_end,
            target=target,
        )


def _funder_consents(lead, rng) -> int:
    """Consent for reporting to funders: most Gezinslab participants of the team lead's team."""
    ids = (
        Enrolment.objects.filter(programme__code="gezinslab", team__code="glb", status="active")
        .values_list("participant_id", flat=True)
        .distinct()
    )
    consented = 0
    for participant in Participant.objects.only("id").filter(pk__in=list(ids)).order_by("pk"):
        if Consent.objects.filter(
            subject_id=participant.pk, purpose=Purpose.FUNDER_REPORTING
        ).exists():
            continue
        if rng.random() < 0.85:
            first = (
                Enrolment.objects.filter(participant=participant, programme__code="gezinslab")
                .order_by("start_date")
                .values_list("start_date", flat=True)
                .first()
            )
            casework_services.record_consent(
                actor=lead,
                participant=participant,
                purpose=Purpose.FUNDER_REPORTING,
                status="given",
                effective_on=first,
                text_version="2025-01",
            )
            consented += 1
    return consented


def _claims(lead, agreement: Agreement, providers) -> list[Claim]:
    """Up to 14 claims for sustained candidates, the providers taking turns."""
    made: list[Claim] = []
    for index, row in enumerate(candidates.for_team_lead(lead, agreement)):
        if not row.sustained or len(made) >= 14:
            continue
        unit = (
            {"participant": candidates.participant(row.unit_id)}
            if row.definition.unit == "person"
            else {"household": candidates.household(row.unit_id)}
        )
        try:
            made.append(
                services.submit_claim(
                    actor=lead,
                    agreement=agreement,
                    definition=row.definition,
                    provider=providers[index % 2],
                    **unit,
                )
            )
        except ValidationError:  # a candidate can fail a cap or the period: skip it
            continue
    return made


def _decide_and_pay(office, evaluator, agreement: Agreement, made: list[Claim], anchor) -> None:
    """Claims in every status: submitted, verified (paid or payment planned), rejected."""
    for number, claim in enumerate(made):
        if number % 4 == 0:
            continue  # stays submitted
        verdict = "rejected" if number % 4 == 3 else "verified"
        reason = "evidence_insufficient" if verdict == "rejected" else "evidence_consistent"
        claim = services.decide_claim(
            actor=evaluator,
            claim=claim,
            expected_version=claim.version,
            verdict=verdict,
            reason=reason,
        )
        if verdict == "verified":
            services.record_payment(
                actor=office,
                agreement=agreement,
                provider=claim.provider,
                kind=Payment.Kind.ACTUAL if number % 4 == 1 else Payment.Kind.PLANNED,
                amount=claim.amount,
                date=min(anchor, dt.date.today()),
                claim=claim,
            )
