"""Shared ground of the baangaranties writes: the programme's scope check, input validators,
dates and recording a measure's outcome."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from baangaranties.models import PlaceKind, Route
from casework import services as core
from casework.models import Enrolment
from casework.schedule import add_months  # noqa: F401 - part of the services' names

PROGRAMME = "baangarantie"
ConcurrentEditError = core.ConcurrentEditError

# Which route a kind of place goes with.
ROUTE_OF_KIND = {
    PlaceKind.BASIC_JOB: Route.BASIC_JOB,
    PlaceKind.OPEN_HIRING: Route.OPEN_HIRING,
    PlaceKind.JOB_GUARANTEE: Route.REGULAR,
    PlaceKind.WORK_EXPERIENCE: Route.REGULAR,
    PlaceKind.INTERNSHIP: Route.REGULAR,
}


def _today() -> dt.date:
    return timezone.localdate()


def _require_programme(actor: User, enrolment: Enrolment) -> None:
    """The enrolment is an active baangarantie enrolment of one of the actor's teams."""
    core.require_enrolment_scope(actor, enrolment)
    if enrolment.programme.code != PROGRAMME:
        raise ValidationError({"enrolment": [_("Deze inschrijving hoort niet bij Baangarantie.")]})
    if enrolment.status != Enrolment.Status.ACTIVE:
        raise ValidationError({"enrolment": [_("Dit traject loopt niet meer.")]})


def _require_choice(value, choices, field: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: [_("Kies een van de mogelijke waarden.")]})
    return value


def _require_date(value, field: str, *, required: bool = True) -> dt.date | None:
    if value is None or value == "":
        if required:
            raise ValidationError({field: [_("Vul een datum in.")]})
        return None
    if not isinstance(value, dt.date):
        raise ValidationError({field: [_("Vul een geldige datum in.")]})
    return value


def _count(value, field: str, *, minimum: int = 0) -> int:
    if isinstance(value, bool):
        raise ValidationError({field: [_("Vul een geheel getal in.")]})
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: [_("Vul een geheel getal in.")]}) from None
    if number != value and str(number) != str(value).strip():
        raise ValidationError({field: [_("Vul een geheel getal in.")]})
    if number < minimum:
        raise ValidationError(
            {field: [_("Vul een aantal in van %(min)s of meer.") % {"min": minimum}]}
        )
    return number


def _hours(value) -> Decimal:
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({"hours_per_week": [_("Vul een aantal uren in.")]}) from None
    if not hours.is_finite() or not Decimal(0) < hours <= Decimal(40):
        raise ValidationError(
            {"hours_per_week": [_("Het aantal uren per week ligt tussen 0 en 40.")]}
        )
    return hours.quantize(Decimal("0.1"))


def _outcome(actor, enrolment, code: str, day: dt.date, value, source: str) -> None:
    """Record a measure's value when its date has come (outcomes are never in the future)."""
    if day <= _today():
        core.record_outcome(
            actor=actor,
            enrolment=enrolment,
            measure_code=code,
            date=day,
            value=value,
            source=source,
            check_scope=False,
        )
