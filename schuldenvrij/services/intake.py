"""Writes of the financial intake and the budget snapshots (monthly room)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from casework import services as core
from casework.models import Enrolment
from casework.validation import check_text
from schuldenvrij.models import (
    AMOUNT_FIELDS,
    BudgetSnapshot,
    FinancialIntake,
)
from schuldenvrij.services.base import (
    MEASURE_ROOM,
    _not_future,
    _require_worker,
    parse_amount,
)


def save_intake(
    *,
    actor: User,
    enrolment: Enrolment,
    date: dt.date,
    situation: str = "",
    expected_version: int | None = None,
) -> FinancialIntake:
    """Record (or, with the version read, correct) the financial intake of an enrolment."""
    _require_worker(actor, enrolment)
    _not_future(date, "date")
    if date < enrolment.start_date:
        raise ValidationError({"date": [_("De datum ligt voor de start van het traject.")]})
    situation = check_text(situation, field_name="situation", required=False)
    with transaction.atomic():
        existing = FinancialIntake.objects.filter(enrolment=enrolment).first()
        if existing is None:
            intake = FinancialIntake(enrolment=enrolment, recorded_by=actor)
        else:
            if expected_version is None:
                raise ValidationError(
                    {"date": [_("Voor dit traject is al een intake vastgelegd.")]}
                )
            intake = core.lock(FinancialIntake, existing.pk, expected_version)
        intake.date = date
        intake.situation = core.seal_for_participant(enrolment, intake, "situation", situation)
        core.save(intake)
    return intake


def add_snapshot(
    *, actor: User, enrolment: Enrolment, date: dt.date, amounts: Mapping[str, object]
) -> BudgetSnapshot:
    """A budget snapshot: monthly income per source and fixed costs per kind, each >= 0.
    Records the monthly room (income - costs) as an outcome value."""
    _require_worker(actor, enrolment)
    _not_future(date, "date")
    if date < enrolment.start_date:
        raise ValidationError({"date": [_("De datum ligt voor de start van het traject.")]})
    unknown = set(amounts) - set(AMOUNT_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Onbekende post.")] for name in sorted(unknown)})
    errors: dict[str, list[str]] = {}
    clean: dict[str, Decimal] = {}
    for name in AMOUNT_FIELDS:
        try:
            clean[name] = parse_amount(amounts.get(name), name, required=False)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    snapshot = BudgetSnapshot(enrolment=enrolment, date=date, recorded_by=actor, **clean)
    with transaction.atomic():
        if BudgetSnapshot.objects.filter(enrolment=enrolment, date=date).exists():
            raise ValidationError(
                {"date": [_("Op deze datum is al een budgetoverzicht vastgelegd.")]}
            )
        core.save(snapshot)
        core.record_outcome(
            actor=actor,
            enrolment=enrolment,
            measure_code=MEASURE_ROOM,
            date=date,
            value=snapshot.room,
            source=f"budget:{snapshot.pk}"[:80],
            check_scope=False,
        )
    return snapshot
