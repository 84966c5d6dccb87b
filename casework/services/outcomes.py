"""Writes of the casework core: outcome measures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from casework.models import (
    Enrolment,
    OutcomeMeasure,
    OutcomeValue,
)
from casework.services.base import (
    _require_enrolment_scope,
    _save,
)


def _outcome_value(measure: OutcomeMeasure, value) -> dict:
    """The value in the column its kind uses, or a Dutch ValidationError."""
    kind = measure.kind
    if value is None or value == "":
        raise ValidationError({"value": [_("Vul een waarde in.")]})
    if kind == OutcomeMeasure.Kind.CHOICE:
        allowed = {choice[0] for choice in measure.choices}
        if str(value) not in allowed:
            raise ValidationError({"value": [_("Kies een van de mogelijke waarden.")]})
        return {"value_choice": str(value)}
    if kind == OutcomeMeasure.Kind.BOOLEAN:
        if not isinstance(value, bool):
            raise ValidationError({"value": [_("Kies ja of nee.")]})
        return {"value_bool": value}
    if isinstance(value, bool):
        raise ValidationError({"value": [_("Vul een getal in.")]})
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({"value": [_("Vul een getal in.")]}) from None
    if not number.is_finite():
        raise ValidationError({"value": [_("Vul een getal in.")]})
    if kind == OutcomeMeasure.Kind.INTEGER and number != number.to_integral_value():
        raise ValidationError({"value": [_("Vul een geheel getal in.")]})
    if kind == OutcomeMeasure.Kind.MONEY and number < 0:
        raise ValidationError({"value": [_("Een bedrag kan niet negatief zijn.")]})
    return {"value_number": number.quantize(Decimal("0.01"))}


def _store_outcome(*, enrolment, measure, date, value, source, actor) -> OutcomeValue:
    row = OutcomeValue(
        participant_id=enrolment.participant_id,
        enrolment=enrolment,
        measure=measure,
        date=date,
        source=source[:80],
        recorded_by=actor,
        **_outcome_value(measure, value),
    )
    _save(row)
    return row


def record_outcome(
    *,
    actor: User | None,
    enrolment: Enrolment,
    measure_code: str,
    date: dt.date,
    value,
    source: str = "",
    check_scope: bool = True,
) -> OutcomeValue:
    """Record a dated value of an outcome measure for the enrolment's participant. Programme
    services call this whenever they record what a measure is about (a debt paid, a school
    status, a placement check), inside their own transaction. ``check_scope`` is off only for
    a caller that checked the actor's scope itself in the same transaction."""
    if check_scope:
        _require_enrolment_scope(actor, enrolment)
    measure = OutcomeMeasure.objects.filter(code=measure_code).first()
    if measure is None:
        raise ValidationError({"measure": [_("Onbekende uitkomstmaat.")]})
    if measure.programme_id and measure.programme_id != enrolment.programme_id:
        raise ValidationError({"measure": [_("Deze uitkomstmaat hoort bij een ander programma.")]})
    if date > timezone.localdate():
        raise ValidationError({"date": [_("De datum ligt in de toekomst.")]})
    with transaction.atomic():
        return _store_outcome(
            enrolment=enrolment,
            measure=measure,
            date=date,
            value=value,
            source=source,
            actor=actor,
        )
