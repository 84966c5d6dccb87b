"""The report's money: planned, paid and due per provider against the cap, from the ledger."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from financing import tables
from financing.models import Agreement, Claim, Payment
from financing.reports.base import CENT, PAYMENT_KINDS, Window, _method
from privacy.release import TOTAL, Cell, release, with_margins


def _money(value) -> str:
    return str(Decimal(value).quantize(CENT))


def _payments(agreement: Agreement, window: Window, audience) -> dict:
    """Planned, paid and due per provider and in total, the cap and what remains of it, all
    up to the period's end, to the cent, from the payment ledger (counter-entries included).
    Not released at all when the audience may not have amounts: the report says so."""
    if _method(tables.PAYMENTS, audience) is None or _method(tables.BUDGET, audience) is None:
        return {
            "released": False,
            "note": _(
                "Bedragen worden niet getoond: de cijfers voor u zijn verstoord volgens de "
                "publieke methode, en een bedrag wordt nooit verstoord."
            ),
        }
    cells: dict[tuple, Cell] = {}
    lines = Payment.objects.filter(agreement=agreement, date__lte=window.end)
    for row in lines.values("provider_id", "kind").annotate(total=Sum("amount")):
        kind = "paid" if row["kind"] == Payment.Kind.ACTUAL else "planned"
        cells[(row["provider_id"], kind)] = Cell(amount=row["total"] or Decimal("0"))
    for provider_id, amount in due_per_provider(agreement, window.end).items():
        cells[(provider_id, "due")] = Cell(amount=amount)
    amounts = release(tables.PAYMENTS, with_margins(cells), audience=audience)
    paid = amounts.value(TOTAL, "paid")
    budget = release(
        tables.BUDGET,
        {("cap",): Cell(amount=agreement.cap), ("remaining",): Cell(amount=agreement.cap - paid)},
        audience=audience,
    )
    providers = agreement.providers.select_related("organisation").order_by("organisation__name")
    return {
        "released": True,
        "currency": agreement.currency,
        "cap": _money(budget.value("cap")),
        **{kind: _money(amounts.value(TOTAL, kind)) for kind in PAYMENT_KINDS},
        "remaining": _money(budget.value("remaining")),
        "per_provider": [
            {
                "provider": p.organisation.name,
                **{kind: _money(amounts.value(p.organisation_id, kind)) for kind in PAYMENT_KINDS},
            }
            for p in providers
        ],
    }


def due_per_provider(agreement: Agreement, end: dt.date) -> dict[int, Decimal]:
    """What is due at the end of ``end``: verified but not yet paid, per provider.

    Derived from the claims and the ledger, as of that day: a claim counts when it was
    verified by then (status verified or paid now, decided on or before ``end``: a claim is
    decided once, from submitted, and payment only moves it between verified and paid), and
    what is due on it is its amount minus its net actual payment lines dated up to ``end``
    (counter-entries included), never below zero. A claim paid in full by then is due
    nothing; a partly paid one the rest; one paid after ``end`` is still due in that report.
    Planned lines are a plan, not a payment, and do not reduce what is due. One query."""
    paid_on_claim = Coalesce(
        Sum(
            "payments__amount",
            filter=Q(payments__kind=Payment.Kind.ACTUAL, payments__date__lte=end),
        ),
        Value(Decimal("0")),
        output_field=DecimalField(max_digits=12, decimal_places=2),
    )
    claims = (
        Claim.objects.filter(
            agreement=agreement, status__in=[Claim.Status.VERIFIED, Claim.Status.PAID]
        )
        .filter(Q(decided_at__isnull=True) | Q(decided_at__date__lte=end))
        .values("pk", "provider_id", "amount")
        .annotate(paid=paid_on_claim)
    )
    due: dict[int, Decimal] = {}
    for row in claims:
        rest = max(row["amount"] - row["paid"], Decimal("0"))
        if rest:
            due[row["provider_id"]] = due.get(row["provider_id"], Decimal("0")) + rest
    return due
