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


def seed(*, teams, users, anchor: dt.date, rng, stdout) -> None:
    if Agreement.objects.filter(code=CODE).exists():
        return
    office, evaluator, lead = users["programmabureau"], users["evaluator"], users["teamleider"]
    organisations = {o.code: o for o in Organisation.objects.all()}
    start = dt.date(anchor.year - 4, 1, 1)
    agreement = services.create_agreement(
        actor=office,
        code=CODE,
        name="FNO resultaatfinanciering Gezinslab",
        payer=organisations["fno"],
        providers=[organisations["wijkbedrijf-bilgaard"], organisations["dreamfabryk"]],
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
    definitions = [
        services.add_definition(
            actor=office,
            agreement=agreement,
            code="eigen-doel-2-punten",
            description="Doelrealisatie op minstens één eigen doel 2 punten hoger dan bij de "
            "intake, gescoord door de bewoner zelf, en na 90 dagen nog zo.",
            unit=OutcomeDefinition.Unit.PERSON,
            price=Decimal("1500.00"),
            max_count=120,
            max_amount=Decimal("180000.00"),
            sustain_days=90,
            validation=OutcomeDefinition.Validation.DATA_AND_VERIFICATION,
            rule="goal_attainment_rise_2",
        ),
        services.add_definition(
            actor=office,
            agreement=agreement,
            code="zrm-financien-naar-3",
            description="Zelfredzaamheidsmatrix Financiën van 1-2 naar 3 of hoger, na 90 "
            "dagen nog zo.",
            unit=OutcomeDefinition.Unit.PERSON,
            price=Decimal("1000.00"),
            max_count=80,
            max_amount=Decimal("80000.00"),
            sustain_days=90,
            validation=OutcomeDefinition.Validation.DATA_AND_SPOT_CHECK,
            rule="zrm_financien_1_2_to_3",
        ),
        services.add_definition(
            actor=office,
            agreement=agreement,
            code="gezin-eigen-doel",
            description="In het gezin haalt ten minste één lid 2 punten meer op een eigen doel.",
            unit=OutcomeDefinition.Unit.HOUSEHOLD,
            price=Decimal("2500.00"),
            max_count=30,
            max_amount=Decimal("75000.00"),
            sustain_days=0,
            validation=OutcomeDefinition.Validation.DATA_AND_VERIFICATION,
            rule="goal_attainment_rise_2",
        ),
    ]
    services.add_milestone(
        actor=office,
        agreement=agreement,
        label="Gezinnen bereikt (tussenstand)",
        metric="participants_reached",
        kind="interim",
        period_start=start,
        period_end=dt.date(anchor.year, 12, 31),
        target=40,
    )
    services.add_milestone(
        actor=office,
        agreement=agreement,
        label="Resultaten behaald (eind)",
        metric="outcomes_achieved",
        kind="final",
        period_start=start,
        period_end=agreement.end_date,
        target=60,
    )
    for user in (evaluator, lead):
        services.grant(actor=office, agreement=agreement, user=user)

    # Consent for reporting to funders: most Gezinslab participants of the team lead's team.
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

    # Claims in every status: submitted, verified, rejected, paid.
    providers = [organisations["wijkbedrijf-bilgaard"], organisations["dreamfabryk"]]
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
        if verdict == "verified" and number % 4 == 1:
            services.record_payment(
                actor=office,
                agreement=agreement,
                provider=claim.provider,
                kind=Payment.Kind.ACTUAL,
                amount=claim.amount,
                date=min(anchor, dt.date.today()),
                claim=claim,
            )
        elif verdict == "verified":
            services.record_payment(
                actor=office,
                agreement=agreement,
                provider=claim.provider,
                kind=Payment.Kind.PLANNED,
                amount=claim.amount,
                date=min(anchor, dt.date.today()),
                claim=claim,
            )
    statuses = sorted({c.status for c in Claim.objects.filter(agreement=agreement)})
    stdout.write(
        f"Resultaatfinanciering: afspraak {CODE}, {len(definitions)} resultaten, {consented} "
        f"toestemmingen voor rapportage aan financiers, {len(made)} claims ({', '.join(statuses)})."
    )
