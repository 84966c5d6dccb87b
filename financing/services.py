"""Writes of the financing app. Every function is keyword-only, checks the actor first,
validates and saves in one transaction; a refusal raises a Dutch ValidationError (or
PermissionDenied) with nothing changed, and is logged (logger ``koers.financing``, without
any identifier: codes and internal ids only)."""

from __future__ import annotations

import datetime as dt
import logging
import math
import secrets
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import Organisation, User
from accounts.permissions import has_role, user_roles
from accounts.roles import EVALUATOR, PROGRAMME_OFFICE, TEAM_LEAD
from casework import facts
from casework import services as casework_services
from casework.models import Programme
from financing import rules, selectors
from financing.models import (
    Agreement,
    AgreementProvider,
    Amendment,
    Claim,
    Evidence,
    Milestone,
    OutcomeDefinition,
    Payment,
)
from privacy.models import Purpose
from privacy.selectors import has_consent

if TYPE_CHECKING:  # type hints only: case data is read through casework.facts
    from casework.models import Household, Participant

logger = logging.getLogger("koers.financing")
PERM = "financing.work_on_agreement"


def _refuse(code: str, message: str, *, actor=None, agreement=None, field: str = "__all__"):
    logger.warning(
        "financing refused %s (user %s, agreement %s)",
        code,
        getattr(actor, "pk", None),
        getattr(agreement, "code", None),
    )
    raise ValidationError({field: [ValidationError(message, code=code)]})


def _deny(code: str, *, actor=None, agreement=None):
    logger.warning(
        "financing denied %s (user %s, agreement %s)",
        code,
        getattr(actor, "pk", None),
        getattr(agreement, "code", None),
    )
    raise PermissionDenied(code)


def _money(value, field: str) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({field: [_("Vul een bedrag in euro's in.")]}) from None
    if not amount.is_finite():
        raise ValidationError({field: [_("Vul een bedrag in euro's in.")]})
    return amount


def _require_office(actor: User) -> None:
    if not has_role(actor, PROGRAMME_OFFICE):
        _deny("not_programme_office", actor=actor)


def require_granted(actor: User, agreement: Agreement, *roles: str) -> None:
    """The actor has one of ``roles`` and a grant on the agreement; refused and logged else."""
    if not has_role(actor, *roles) or not selectors.is_granted(actor, agreement):
        _deny("not_on_agreement", actor=actor, agreement=agreement)


# --- agreements ---------------------------------------------------------------------------


def create_agreement(
    *,
    actor: User,
    code: str,
    name: str,
    payer: Organisation,
    providers: list[Organisation],
    programme: Programme,
    start_date: dt.date,
    end_date: dt.date,
    cap,
    status: str = Agreement.Status.ACTIVE,
) -> Agreement:
    _require_office(actor)
    if not providers:
        raise ValidationError({"providers": [_("Kies ten minste één uitvoerder.")]})
    if end_date < start_date:
        raise ValidationError({"end_date": [_("De einddatum ligt voor de begindatum.")]})
    agreement = Agreement(
        code=code,
        name=name,
        payer=payer,
        programme=programme,
        start_date=start_date,
        end_date=end_date,
        cap=_money(cap, "cap"),
        status=status,
    )
    with transaction.atomic():
        agreement.full_clean()
        agreement.save()
        for organisation in providers:
            link = AgreementProvider(agreement=agreement, organisation=organisation)
            link.full_clean()
            link.save()
    return agreement


def grant(*, actor: User, agreement: Agreement, user: User) -> None:
    """Give an evaluator or team lead access to one agreement (django-guardian)."""
    _require_office(actor)
    if not (user_roles(user) & {EVALUATOR, TEAM_LEAD}):
        raise ValidationError(
            {"user": [_("Alleen evaluatoren en teamleiders krijgen toegang tot een afspraak.")]}
        )
    with transaction.atomic():
        assign_perm(PERM, user, agreement)


def revoke(*, actor: User, agreement: Agreement, user: User) -> None:
    """Take an evaluator's or team lead's access to one agreement away (at once)."""
    _require_office(actor)
    if not selectors.is_granted(user, agreement):
        raise ValidationError({"user": [_("Deze gebruiker heeft geen toegang tot deze afspraak.")]})
    with transaction.atomic():
        remove_perm(PERM, user, agreement)


# From draft to running to closed, never back: claims are only made on a running agreement and
# a closed one keeps its claims, payments and reports as they are.
STATUS_STEPS = {
    Agreement.Status.DRAFT: {Agreement.Status.ACTIVE},
    Agreement.Status.ACTIVE: {Agreement.Status.CLOSED},
    Agreement.Status.CLOSED: set(),
}


def set_agreement_status(
    *, actor: User, agreement: Agreement, expected_version: int, status: str
) -> Agreement:
    """Start (draft to running) or close (running to closed) an agreement; the change is kept
    in the agreement's history."""
    _require_office(actor)
    with transaction.atomic():
        current = casework_services.lock(Agreement, agreement.pk, expected_version)
        if status not in STATUS_STEPS.get(current.status, set()):
            _refuse(
                "status_step",
                _("Een afspraak met status %(old)s kan niet naar status %(new)s.")
                % {
                    "old": current.get_status_display(),
                    "new": dict(Agreement.Status.choices).get(status, status),
                },
                actor=actor,
                agreement=current,
                field="status",
            )
        current.status = status
        casework_services.save(current)
    return current


def amend_agreement(
    *,
    actor: User,
    agreement: Agreement,
    expected_version: int,
    date: dt.date,
    reason: str,
    new_cap=None,
    new_end_date: dt.date | None = None,
) -> Amendment:
    """Change the cap or end date, with a date and reason. The cap may never go below what
    is paid (actual payments)."""
    _require_office(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Vermeld de reden van de wijziging.")]})
    with transaction.atomic():
        current = casework_services.lock(Agreement, agreement.pk, expected_version)
        cap = current.cap if new_cap in (None, "") else _money(new_cap, "new_cap")
        end = new_end_date or current.end_date
        if cap < 0:
            raise ValidationError({"new_cap": [_("Het plafond kan niet negatief zijn.")]})
        paid = selectors.paid_total(current)
        if cap < paid:
            _refuse(
                "cap_below_paid",
                _("Het nieuwe plafond (€ %(cap)s) is lager dan wat al is betaald (€ %(paid)s).")
                % {"cap": cap, "paid": paid},
                actor=actor,
                agreement=current,
                field="new_cap",
            )
        if end < current.start_date:
            raise ValidationError({"new_end_date": [_("De einddatum ligt voor de begindatum.")]})
        amendment = Amendment(
            agreement=current,
            date=date,
            reason=reason,
            old_cap=current.cap,
            new_cap=cap,
            old_end_date=current.end_date,
            new_end_date=end,
            created_by=actor,
        )
        amendment.full_clean()
        amendment.save()
        current.cap, current.end_date = cap, end
        casework_services.save(current)
    return amendment


def add_definition(
    *,
    actor: User,
    agreement: Agreement,
    code: str,
    description: str,
    unit: str,
    price,
    max_count: int,
    max_amount,
    sustain_days: int,
    validation: str,
    rule: str,
) -> OutcomeDefinition:
    """A new outcome definition. Its code is immutable: definitions are never renamed (a
    changed outcome is a new definition)."""
    _require_office(actor)
    spec = rules.rules().get(rule)
    if spec is None:
        raise ValidationError({"rule": [_("Onbekende regel.")]})
    if spec.programme and spec.programme != agreement.programme.code:
        raise ValidationError({"rule": [_("Deze regel hoort bij een ander programma.")]})
    if OutcomeDefinition.objects.filter(agreement=agreement, code=code).exists():
        raise ValidationError({"code": [_("Deze afspraak heeft al een resultaat met deze code.")]})
    definition = OutcomeDefinition(
        agreement=agreement,
        code=code,
        description=(description or "").strip(),
        unit=unit,
        price=_money(price, "price"),
        max_count=max_count,
        max_amount=_money(max_amount, "max_amount"),
        sustain_days=sustain_days,
        validation=validation,
        rule=rule,
    )
    with transaction.atomic():
        definition.full_clean()
        definition.save()
    return definition


def add_milestone(
    *,
    actor: User,
    agreement: Agreement,
    label: str,
    metric: str,
    kind: str,
    period_start: dt.date,
    period_end: dt.date,
    target: int,
) -> Milestone:
    _require_office(actor)
    if period_end < period_start:
        raise ValidationError({"period_end": [_("Het einde ligt voor het begin.")]})
    milestone = Milestone(
        agreement=agreement,
        label=label,
        metric=metric,
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        target=target,
    )
    with transaction.atomic():
        milestone.full_clean()
        milestone.save()
    return milestone


# --- claims -------------------------------------------------------------------------------


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
    if definition.agreement_id != agreement.pk:
        raise ValidationError({"definition": [_("Dit resultaat hoort niet bij deze afspraak.")]})
    if not agreement.providers.filter(organisation=provider).exists():
        raise ValidationError({"provider": [_("Deze organisatie is geen uitvoerder hier.")]})
    if agreement.status != Agreement.Status.ACTIVE:
        _refuse(
            "agreement_not_active", _("Deze afspraak loopt niet."), actor=actor, agreement=agreement
        )
    if definition.unit == OutcomeDefinition.Unit.PERSON:
        if participant is None or household is not None:
            raise ValidationError({"participant": [_("Dit resultaat geldt per persoon.")]})
        unit_id, members = participant.pk, [participant.pk]
    else:
        if household is None or participant is not None:
            raise ValidationError({"household": [_("Dit resultaat geldt per huishouden.")]})
        unit_id, members = household.pk, selectors.household_member_ids(household.pk)
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
    if Claim.objects.filter(definition=definition, unit_id=unit_id, status__in=Claim.LIVE).exists():
        _refuse(
            "duplicate",
            _(
                "Voor dit resultaat is al een claim ingediend of toegekend voor deze deelnemer of dit huishouden."
            ),
            actor=actor,
            agreement=agreement,
        )
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
    result = min(sustained, key=lambda r: r.achieved_on)
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
    with transaction.atomic():
        # Under a lock on the agreement: two claims at once cannot both pass the caps.
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
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
                _("Deze claim gaat boven het maximumbedrag van dit resultaat (€ %(max)s).")
                % {"max": definition.max_amount},
                actor=actor,
                agreement=agreement,
            )
        _n, total = selectors.committed_total(locked)
        if total + price > locked.cap:
            _refuse(
                "cap",
                _("Deze claim gaat boven het plafond van de afspraak (€ %(cap)s).")
                % {"cap": locked.cap},
                actor=actor,
                agreement=agreement,
            )
        claim = Claim(
            agreement=locked,
            definition=definition,
            provider=provider,
            participant=participant,
            household=household,
            unit_id=unit_id,
            amount=price,
            achieved_on=result.achieved_on,
            claimed_by=actor,
            submitted_at=timezone.now(),
        )
        claim.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                claim.save()
        except IntegrityError:
            _refuse(
                "duplicate",
                _(
                    "Voor dit resultaat is al een claim ingediend of toegekend voor deze deelnemer of dit huishouden."
                ),
                actor=actor,
                agreement=agreement,
            )
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
            evidence.full_clean()
            evidence.save()
    return claim


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


# --- payments -----------------------------------------------------------------------------


def record_payment(
    *,
    actor: User,
    agreement: Agreement,
    provider: Organisation,
    kind: str,
    amount,
    date: dt.date,
    claim: Claim | None = None,
) -> Payment:
    """A line in the ledger. Planned and actual totals never exceed the cap; a line for a
    claim needs a verified claim of this agreement and provider and never exceeds its
    amount."""
    _require_office(actor)
    amount = _money(amount, "amount")
    if amount <= 0:
        raise ValidationError(
            {"amount": [_("Een betaling is groter dan nul; corrigeer met een tegenboeking.")]}
        )
    if kind not in Payment.Kind.values:
        raise ValidationError({"kind": [_("Kies gepland of betaald.")]})
    if not agreement.providers.filter(organisation=provider).exists():
        raise ValidationError({"provider": [_("Deze organisatie is geen uitvoerder hier.")]})
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if claim is not None:
            claim = Claim.objects.select_for_update().get(pk=claim.pk)
            if claim.agreement_id != locked.pk or claim.provider_id != provider.pk:
                raise ValidationError(
                    {"claim": [_("Deze claim hoort niet bij deze afspraak en uitvoerder.")]}
                )
            if claim.status not in {Claim.Status.VERIFIED, Claim.Status.PAID}:
                raise ValidationError(
                    {"claim": [_("Alleen een geverifieerde claim wordt betaald.")]}
                )
            on_claim = Payment.objects.filter(claim=claim, kind=kind).aggregate(s=Sum("amount"))[
                "s"
            ] or Decimal("0")
            if on_claim + amount > claim.amount:
                _refuse(
                    "above_claim",
                    _("Dit bedrag is hoger dan het bedrag van de claim."),
                    actor=actor,
                    agreement=locked,
                    field="amount",
                )
        if selectors.paid_total(locked, kind=kind) + amount > locked.cap:
            _refuse(
                "cap",
                _(
                    "Met deze betaling gaat het totaal boven het plafond van de afspraak (€ %(cap)s)."
                )
                % {"cap": locked.cap},
                actor=actor,
                agreement=locked,
                field="amount",
            )
        payment = Payment(
            agreement=locked,
            provider=provider,
            claim=claim,
            kind=kind,
            amount=amount,
            date=date,
            created_by=actor,
        )
        payment.full_clean()
        payment.save()
        if claim is not None and kind == Payment.Kind.ACTUAL:
            _sync_claim_paid(claim)
    return payment


def correct_payment(*, actor: User, payment: Payment, date: dt.date) -> Payment:
    """The only correction: a counter-entry of the opposite amount, linked to the line."""
    _require_office(actor)
    with transaction.atomic():
        original = Payment.objects.select_for_update().get(pk=payment.pk)
        if original.corrects_id is not None:
            raise ValidationError(
                {"payment": [_("Een tegenboeking wordt niet zelf gecorrigeerd.")]}
            )
        if Payment.objects.filter(corrects=original).exists():
            raise ValidationError({"payment": [_("Deze betaling is al gecorrigeerd.")]})
        counter = Payment(
            agreement=original.agreement,
            provider=original.provider,
            claim=original.claim,
            kind=original.kind,
            amount=-original.amount,
            date=date,
            corrects=original,
            created_by=actor,
        )
        counter.full_clean()
        counter.save()
        if original.claim_id and original.kind == Payment.Kind.ACTUAL:
            _sync_claim_paid(Claim.objects.select_for_update().get(pk=original.claim_id))
    return counter


def _sync_claim_paid(claim: Claim) -> None:
    paid = Payment.objects.filter(claim=claim, kind=Payment.Kind.ACTUAL).aggregate(s=Sum("amount"))[
        "s"
    ] or Decimal("0")
    status = Claim.Status.PAID if paid >= claim.amount else Claim.Status.VERIFIED
    if claim.status != status:
        claim.status = status
        casework_services.save(claim)
