"""Claims: submitting one (checked step by step against the data and the caps), deciding
one, and the evaluator's spot sample."""

from __future__ import annotations

import datetime as dt
import math
import secrets
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from accounts.roles import EVALUATOR, TEAM_LEAD
from casework import facts
from casework import services as casework_services
from casework.money import format_euro
from financing import rules, selectors
from financing.models import Agreement, Claim, Evidence, OutcomeDefinition
from financing.services.base import _deny, _refuse, require_granted
from privacy.models import Purpose
from privacy.selectors import has_consent

if TYPE_CHECKING:  # type hints only: case data is read through casework.facts
    from casework.models import Household, Participant


def _in_scope(actor: User, agreement: Agreement, participant_ids) -> list:
    """The participants with an enrolment in the agreement's programme of one of the actor's
    active teams."""
    return list(
        facts.team_participant_ids(actor, agreement.programme).filter(
            participant_id__in=list(participant_ids)
        )
    )


def submit_claim(
    *,
    actor: User,
    agreement: Agreement,
    definition: OutcomeDefinition,
    provider: Organisation,
    participant: Participant | None = None,
    household: Household | None = None,
    on: dt.date | None = None,
) -> Claim:
    """A team lead claims one outcome for one participant or household. Eligibility comes
    from the data (the definition's rule, evaluated up to today), the price is snapshot, and
    the evidence rows are attached; refused with nothing changed: no consent for reporting to
    funders, a second live claim for the same unit and outcome, an outcome not achieved or
    not sustained, evidence outside the agreement's period or after submission, a cap."""
    require_granted(actor, agreement, TEAM_LEAD)
    on = on or timezone.localdate()
    _check_claimable(actor, agreement, definition, provider)
    unit_id, members = _claimed_unit(definition, participant, household)
    consented = _consenting_members(actor, agreement, members, on)
    if Claim.objects.filter(definition=definition, unit_id=unit_id, status__in=Claim.LIVE).exists():
        _refuse_duplicate(actor, agreement)
    result = _earliest_sustained_result(actor, agreement, definition, consented, on)
    _check_evidence_dates(actor, agreement, result, on)
    with transaction.atomic():
        # Under a lock on the agreement: two claims at once cannot both pass the caps.
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        _check_caps(actor, agreement, locked, definition)
        claim = Claim(
            agreement=locked,
            definition=definition,
            provider=provider,
            participant=participant,
            household=household,
            unit_id=unit_id,
            amount=definition.price,
            achieved_on=result.achieved_on,
            claimed_by=actor,
            submitted_at=timezone.now(),
        )
        claim.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                claim.save()
        except IntegrityError:
            _refuse_duplicate(actor, agreement)
        _attach_evidence(claim, result)
    return claim


def _check_claimable(
    actor: User, agreement: Agreement, definition: OutcomeDefinition, provider: Organisation
) -> None:
    """The definition and provider belong to the agreement, and the agreement is running."""
    if definition.agreement_id != agreement.pk:
        raise ValidationError({"definition": [_("Dit resultaat hoort niet bij deze afspraak.")]})
    if not agreement.providers.filter(organisation=provider).exists():
        raise ValidationError({"provider": [_("Deze organisatie is geen uitvoerder hier.")]})
    if agreement.status != Agreement.Status.ACTIVE:
        _refuse(
            "agreement_not_active", _("Deze afspraak loopt niet."), actor=actor, agreement=agreement
        )


def _claimed_unit(
    definition: OutcomeDefinition, participant: Participant | None, household: Household | None
) -> tuple[int, list]:
    """The claimed unit's id and its members: the participant for a person definition, the
    household's members for a household definition (exactly one of the two is given)."""
    if definition.unit == OutcomeDefinition.Unit.PERSON:
        if participant is None or household is not None:
            raise ValidationError({"participant": [_("Dit resultaat geldt per persoon.")]})
        return participant.pk, [participant.pk]
    if household is None or participant is not None:
        raise ValidationError({"household": [_("Dit resultaat geldt per huishouden.")]})
    return household.pk, selectors.household_member_ids(household.pk)


def _consenting_members(actor: User, agreement: Agreement, members: list, on: dt.date) -> list:
    """The members in the actor's caseload who consented to reporting to funders on ``on``;
    denied when none is in the caseload, refused when none consented."""
    members = _in_scope(actor, agreement, members)
    if not members:
        _deny("not_in_caseload", actor=actor, agreement=agreement)
    consented = [pid for pid in members if has_consent(pid, Purpose.FUNDER_REPORTING, on)]
    if not consented:
        _refuse(
            "no_consent",
            _("Er is geen toestemming voor rapportage aan financiers: deze claim kan niet."),
            actor=actor,
            agreement=agreement,
        )
    return consented


def _refuse_duplicate(actor: User, agreement: Agreement) -> None:
    _refuse(
        "duplicate",
        _(
            "Voor dit resultaat is al een claim ingediend of toegekend voor deze deelnemer of dit huishouden."
        ),
        actor=actor,
        agreement=agreement,
    )


def _earliest_sustained_result(
    actor: User, agreement: Agreement, definition: OutcomeDefinition, consented: list, on: dt.date
):
    """The definition's rule evaluated up to ``on`` for the consenting members: the earliest
    result that was achieved and sustained; refused when none was achieved or sustained."""
    spec = rules.rules().get(definition.rule)
    if spec is None:
        raise ValidationError({"definition": [_("De regel van dit resultaat bestaat niet meer.")]})
    results = [
        r
        for r in rules.evaluate(
            spec,
            consented,
            sustain_days=definition.sustain_days,
            until=on,
            programme_code=agreement.programme.code,
        )
        if r.achieved
    ]
    if not results:
        _refuse(
            "not_achieved",
            _("Het resultaat blijkt niet uit de vastgelegde gegevens."),
            actor=actor,
            agreement=agreement,
        )
    sustained = [r for r in results if r.sustained]
    if not sustained:
        _refuse(
            "not_sustained",
            _("Het resultaat is niet gedurende de afgesproken periode (%(days)s dagen) behouden.")
            % {"days": definition.sustain_days},
            actor=actor,
            agreement=agreement,
        )
    return min(sustained, key=lambda r: r.achieved_on)


def _check_evidence_dates(actor: User, agreement: Agreement, result, on: dt.date) -> None:
    """Every evidence row lies within the agreement's period and not after submission."""
    for row in result.evidence:
        if row.date > on:
            _refuse(
                "evidence_after_submission",
                _("Er is bewijs van na de datum van indienen."),
                actor=actor,
                agreement=agreement,
            )
        if not agreement.start_date <= row.date <= agreement.end_date:
            _refuse(
                "evidence_outside_period",
                _(
                    "Het bewijs valt buiten de looptijd van de afspraak (%(start)s tot en met %(end)s)."
                )
                % {"start": agreement.start_date, "end": agreement.end_date},
                actor=actor,
                agreement=agreement,
            )


def _check_caps(
    actor: User, agreement: Agreement, locked: Agreement, definition: OutcomeDefinition
) -> None:
    """One more claim at the definition's price stays within its maximum count and amount
    and within the (locked) agreement's cap."""
    price = definition.price
    count, amount = selectors.committed_total(locked, definition)
    if count + 1 > definition.max_count:
        _refuse(
            "max_count",
            _("Het maximum aantal voor dit resultaat (%(n)s) is bereikt.")
            % {"n": definition.max_count},
            actor=actor,
            agreement=agreement,
        )
    if amount + price > definition.max_amount:
        _refuse(
            "max_amount",
            _("Deze claim gaat boven het maximumbedrag van dit resultaat (%(max)s).")
            % {"max": format_euro(definition.max_amount)},
            actor=actor,
            agreement=agreement,
        )
    _n, total = selectors.committed_total(locked)
    if total + price > locked.cap:
        _refuse(
            "cap",
            _("Deze claim gaat boven het plafond van de afspraak (%(cap)s).")
            % {"cap": format_euro(locked.cap)},
            actor=actor,
            agreement=agreement,
        )


def _attach_evidence(claim: Claim, result) -> None:
    """The result's evidence rows, saved as the claim's evidence."""
    for row in result.evidence:
        evidence = Evidence(
            claim=claim,
            kind=row.kind,
            role=row.role,
            source_id=row.source_id,
            code=row.code,
            item=row.item,
            date=row.date,
            value=row.value,
        )
        casework_services.save(evidence)


def decide_claim(
    *, actor: User, claim: Claim, expected_version: int, verdict: str, reason: str
) -> Claim:
    """An evaluator on the agreement verifies or rejects a submitted claim with a reason.
    The claimant can never verify their own claim (also a database constraint)."""
    require_granted(actor, claim.agreement, EVALUATOR)
    if verdict not in {Claim.Status.VERIFIED, Claim.Status.REJECTED}:
        raise ValidationError({"verdict": [_("Kies verifiëren of afwijzen.")]})
    if reason not in Claim.Reason.values:
        raise ValidationError({"reason": [_("Kies een reden.")]})
    if (verdict == Claim.Status.VERIFIED) != (reason == Claim.Reason.EVIDENCE_CONSISTENT):
        raise ValidationError({"reason": [_("Deze reden past niet bij het besluit.")]})
    if claim.claimed_by_id == actor.pk:
        _refuse(
            "verifier_is_claimant",
            _("U hebt deze claim zelf ingediend en mag hem niet beoordelen."),
            actor=actor,
            agreement=claim.agreement,
        )
    with transaction.atomic():
        current = casework_services.lock(Claim, claim.pk, expected_version)
        if current.status != Claim.Status.SUBMITTED:
            raise ValidationError({"verdict": [_("Deze claim is al beoordeeld.")]})
        current.status = verdict
        current.reason = reason
        current.verified_by = actor
        current.decided_at = timezone.now()
        casework_services.save(current)
    return current


def spot_sample(*, actor: User, agreement: Agreement, percentage: int) -> list[Claim]:
    """Mark a random sample (``percentage`` of the submitted claims, at least one) for the
    evaluator's spot check; the choice uses the operating system's random source."""
    require_granted(actor, agreement, EVALUATOR)
    try:
        percentage = int(percentage)
    except (TypeError, ValueError):
        raise ValidationError({"percentage": [_("Vul een percentage in.")]}) from None
    if not 1 <= percentage <= 100:
        raise ValidationError({"percentage": [_("Het percentage ligt tussen 1 en 100.")]})
    pool = list(
        Claim.objects.filter(agreement=agreement, status=Claim.Status.SUBMITTED).values_list(
            "pk", "version"
        )
    )
    if not pool:
        return []
    size = max(1, math.ceil(len(pool) * percentage / 100))
    chosen = secrets.SystemRandom().sample(pool, size)
    marked = []
    with transaction.atomic():
        for pk, version in chosen:
            current = casework_services.lock(Claim, pk, version)
            current.spot_check = True
            casework_services.save(current)
            marked.append(current)
    return marked
