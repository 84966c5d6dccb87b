"""Writes after forgiveness (follow-ups) and of preventive contacts around turning 18."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import TeamMembership, User
from casework import services as core
from casework.models import Enrolment, Participant
from schuldenvrij.models import (
    ZERO,
    FollowUp,
    PreventiveContact,
)
from schuldenvrij.services.base import (
    MEASURE_NEW_DEBTS,
    _not_future,
    _require_worker,
    may_work,
    parse_amount,
)


def record_follow_up(
    *,
    actor: User,
    follow_up: FollowUp,
    expected_version: int,
    done_on: dt.date,
    new_debts: bool | None,
    new_debts_amount=None,
) -> FollowUp:
    """Record a follow-up: new debts since the forgiveness (yes/no, and how much)."""
    enrolment = follow_up.forgiveness.enrolment
    _require_worker(actor, enrolment)
    errors: dict[str, list[str]] = {}
    try:
        _not_future(done_on, "done_on")
        if done_on < follow_up.forgiveness.date:
            errors["done_on"] = [_("De datum ligt voor de kwijtschelding.")]
    except ValidationError as error:
        errors.update(error.message_dict)
    amount = ZERO
    if new_debts is None:
        errors["new_debts"] = [_("Kies ja of nee.")]
    elif new_debts:
        try:
            amount = parse_amount(new_debts_amount, "new_debts_amount")
            if amount <= 0:
                errors["new_debts_amount"] = [_("Vul het bedrag van de nieuwe schulden in.")]
        except ValidationError as error:
            errors.update(error.message_dict)
    elif new_debts_amount not in (None, "") and parse_amount(
        new_debts_amount, "new_debts_amount", required=False
    ):
        errors["new_debts_amount"] = [_("Zonder nieuwe schulden hoort hier geen bedrag.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = core.lock(FollowUp, follow_up.pk, expected_version)
        current.done_on = done_on
        current.new_debts = new_debts
        current.new_debts_amount = amount
        current.recorded_by = actor
        core.save(current)
        core.record_outcome(
            actor=actor,
            enrolment=enrolment,
            measure_code=MEASURE_NEW_DEBTS,
            date=done_on,
            value=amount,
            source=f"follow_up:{current.pk}"[:80],
            check_scope=False,
        )
    return current


def record_preventive_contact(
    *, actor: User, participant: Participant, date: dt.date, done: bool = True
) -> PreventiveContact:
    """A preventive contact with a young person of the actor's caseload (any programme of the
    actor's teams) around the 18th birthday."""
    if not may_work(actor):
        raise PermissionDenied
    enrolment = (
        Enrolment.objects.filter(
            participant=participant,
            status=Enrolment.Status.ACTIVE,
            team_id__in=TeamMembership.objects.filter(user=actor, team__active=True).values(
                "team_id"
            ),
        )
        .order_by("start_date")
        .first()
    )
    if enrolment is None:
        raise PermissionDenied
    core.require_enrolment_scope(actor, enrolment)
    if date is None:
        raise ValidationError({"date": [_("Vul een datum in.")]})
    if done:
        _not_future(date, "date")
    elif date > timezone.localdate() + dt.timedelta(days=366):
        raise ValidationError({"date": [_("De datum ligt meer dan een jaar in de toekomst.")]})
    contact = PreventiveContact(
        enrolment=enrolment, participant=participant, date=date, done=done, recorded_by=actor
    )
    with transaction.atomic():
        core.save(contact)
    return contact
