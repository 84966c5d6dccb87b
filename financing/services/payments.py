"""The payment ledger: planned and actual lines within the cap, counter-entries, and a
claim's paid status following its actual lines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from casework import services as casework_services
from casework.money import format_euro
from financing import selectors
from financing.models import Agreement, Claim, Payment
from financing.services.base import _money, _refuse, _require_office


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
            if _on_claim(claim, kind) + amount > claim.amount:
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
                _("Met deze betaling gaat het totaal boven het plafond van de afspraak (%(cap)s).")
                % {"cap": format_euro(locked.cap)},
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
        casework_services.save(payment)
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
        casework_services.save(counter)
        if original.claim_id and original.kind == Payment.Kind.ACTUAL:
            _sync_claim_paid(Claim.objects.select_for_update().get(pk=original.claim_id))
    return counter


def _on_claim(claim: Claim, kind: str) -> Decimal:
    """The net total of the claim's payment lines of ``kind`` (counter-entries included)."""
    total = Payment.objects.filter(claim=claim, kind=kind).aggregate(s=Sum("amount"))["s"]
    return total or Decimal("0")


def _sync_claim_paid(claim: Claim) -> None:
    paid = _on_claim(claim, Payment.Kind.ACTUAL)
    status = Claim.Status.PAID if paid >= claim.amount else Claim.Status.VERIFIED
    if claim.status != status:
        claim.status = status
        casework_services.save(claim)
