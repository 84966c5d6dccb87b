"""Shared ground of the Schuldenvrij writes: scope, amounts, dates, sealing, debts outstanding."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import has_role
from accounts.roles import CASEWORKER, TEAM_LEAD
from casework import services as core
from casework.models import Enrolment
from casework.money import MoneyError, money_error_message, parse_money
from casework.schedule import add_months  # noqa: F401 - part of the services' names
from schuldenvrij.models import (
    ZERO,
    Debt,
)

PROGRAMME = "schuldenvrij"


MEASURE_OUTSTANDING = "schuldenvrij_debts_outstanding"


MEASURE_NEW_DEBTS = "schuldenvrij_new_debts_since_forgiveness"


MEASURE_ROOM = "schuldenvrij_monthly_room"


MAX_AMOUNT = Decimal("9999999999.99")


ConcurrentEditError = core.ConcurrentEditError


def may_work(user) -> bool:
    """Caseworkers and team leads; peer experts see no financial details (DESIGN.md)."""
    return user.is_authenticated and has_role(user, CASEWORKER, TEAM_LEAD)


def _require_worker(actor: User, enrolment: Enrolment) -> None:
    if not may_work(actor):
        raise PermissionDenied
    core.require_enrolment_scope(actor, enrolment)
    if enrolment.programme.code != PROGRAMME:
        raise ValidationError(
            {"enrolment": [_("Dit traject hoort niet bij Leeuwarden Schuldenvrij.")]}
        )


def _require_active(enrolment: Enrolment) -> None:
    if enrolment.status != Enrolment.Status.ACTIVE:
        raise ValidationError({"enrolment": [_("Dit traject loopt niet meer.")]})


def _not_future(day: dt.date | None, field: str) -> None:
    if day is None:
        raise ValidationError({field: [_("Vul een datum in.")]})
    if day > timezone.localdate():
        raise ValidationError({field: [_("De datum ligt in de toekomst.")]})


def parse_amount(value, field: str, *, required: bool = True) -> Decimal:
    """A monthly or debt amount in euros: a number >= 0 with at most two decimals."""
    if value is None or value == "":
        if required:
            raise ValidationError({field: [_("Vul een bedrag in.")]})
        return ZERO
    try:
        amount = parse_money(value)
    except MoneyError as error:
        raise ValidationError({field: [money_error_message(error)]}) from None
    if amount < 0:
        raise ValidationError({field: [_("Een bedrag kan niet negatief zijn.")]})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({field: [_("Een bedrag heeft hoogstens twee decimalen.")]})
    if amount > MAX_AMOUNT:
        raise ValidationError({field: [_("Dit bedrag is te groot.")]})
    return amount.quantize(Decimal("0.01"))


def outstanding_total(enrolment: Enrolment) -> Decimal:
    """Sum of the current amounts of the debts that still count (not paid, not forgiven)."""
    total = Debt.objects.filter(enrolment=enrolment, status__in=Debt.OUTSTANDING).aggregate(
        total=Sum("current_amount")
    )["total"]
    return total or ZERO


def residual_total(enrolment: Enrolment) -> Decimal:
    """The residual debt a forgiveness may cover: open debts and debts in an arrangement."""
    total = Debt.objects.filter(enrolment=enrolment, status__in=Debt.RESIDUAL).aggregate(
        total=Sum("current_amount")
    )["total"]
    return total or ZERO


def _record_outstanding(
    actor, enrolment: Enrolment, source: str, day: dt.date | None = None
) -> None:
    """Record the debts outstanding now; dated ``day`` (default today), but never before the
    latest value recorded, so that the latest value is always the current sum."""
    from casework.models import OutcomeValue

    day = day or timezone.localdate()
    latest = (
        OutcomeValue.objects.filter(enrolment=enrolment, measure__code=MEASURE_OUTSTANDING)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    core.record_outcome(
        actor=actor,
        enrolment=enrolment,
        measure_code=MEASURE_OUTSTANDING,
        date=max(day, latest) if latest else day,
        value=outstanding_total(enrolment),
        source=source,
        check_scope=False,
    )
