"""Writes of the casework core: measurements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from casework.models import (
    Enrolment,
    Goal,
    Instrument,
    Measurement,
    MeasurementValue,
    OutcomeMeasure,
)
from casework.services.base import (
    _require_enrolment_scope,
    _save,
)
from casework.services.outcomes import _store_outcome


def validate_scores(
    *, instrument: Instrument, enrolment: Enrolment, values: Mapping[str, int | None]
) -> dict[str, tuple[int, Goal | None]]:
    """Check item codes and the scale; return item -> (value, goal). Empty scores are skipped."""
    errors: dict[str, list[str]] = {}
    clean: dict[str, tuple[int, Goal | None]] = {}
    goals = {}
    if instrument.per_goal:
        goals = {str(goal.pk): goal for goal in Goal.objects.filter(plan__enrolment=enrolment)}
        known = set(goals)
    else:
        known = {item["code"] for item in instrument.items}
    for item, value in values.items():
        if value is None or value == "":
            continue
        if item not in known:
            errors.setdefault(item, []).append(_("Onbekend item voor dit instrument."))
            continue
        try:
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError
            number = int(value)
        except (TypeError, ValueError):
            errors.setdefault(item, []).append(_("Vul een heel getal in."))
            continue
        if not instrument.scale_min <= number <= instrument.scale_max:
            errors.setdefault(item, []).append(
                _("De score moet tussen %(min)s en %(max)s liggen.")
                % {"min": instrument.scale_min, "max": instrument.scale_max}
            )
            continue
        clean[item] = (number, goals.get(item))
    if not clean and not errors:
        errors["__all__"] = [_("Vul ten minste één score in.")]
    if errors:
        raise ValidationError(errors)
    return clean


def record_measurement(
    *,
    actor: User | None,
    enrolment: Enrolment,
    instrument: Instrument,
    wave: str,
    date: dt.date,
    values: Mapping[str, int | None],
    check_scope: bool = True,
) -> Measurement:
    """Record scores of one instrument at one wave. ``check_scope`` is off only for imports,
    which a command runs on behalf of a team after checking the team itself."""
    if check_scope:
        _require_enrolment_scope(actor, enrolment)
    if date > timezone.localdate():
        raise ValidationError({"date": [_("De datum ligt in de toekomst.")]})
    if date < enrolment.start_date:
        raise ValidationError({"date": [_("De datum ligt voor de start van de inschrijving.")]})
    if not instrument.active:
        raise ValidationError({"instrument": [_("Dit instrument is niet meer in gebruik.")]})
    clean = validate_scores(instrument=instrument, enrolment=enrolment, values=values)
    with transaction.atomic():
        measurement = Measurement(
            enrolment=enrolment,
            participant_id=enrolment.participant_id,
            instrument=instrument,
            wave=wave,
            date=date,
            recorded_by=actor,
        )
        _save(measurement)
        for item, (value, goal) in clean.items():
            row = MeasurementValue(measurement=measurement, item=item, value=value, goal=goal)
            _save(row)
        if instrument.per_goal and clean:
            scores = [value for value, _goal in clean.values()]
            _store_outcome(
                enrolment=enrolment,
                measure=OutcomeMeasure.objects.get(code="goal_attainment"),
                date=date,
                value=Decimal(sum(scores)) / len(scores),
                source=f"measurement:{measurement.pk}",
                actor=actor,
            )
    return measurement
