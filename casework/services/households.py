"""Writes of the casework core: households."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from casework import permissions
from casework.models import (
    Household,
    HouseholdMembership,
    Participant,
)
from casework.services.base import (
    _lock,
    _require_scope,
    _save,
    _seal_own,
)
from casework.validation import check_text
from privacy.crypto import Cipher, blind_index
from privacy.services import create_data_key


def create_household(
    *,
    actor: User,
    name: str = "",
    reference: str = "",
    wijk: str = "",
    first_member: Participant,
    role: str,
    start_date: dt.date,
) -> Household:
    """Create a household around a participant of the actor's caseload."""
    _require_scope(actor, first_member)
    name = check_text(name, field_name="name", max_length=200, required=False)
    reference = check_text(reference, field_name="reference", max_length=100, required=False)
    cipher = Cipher()
    with transaction.atomic():
        household = Household(data_key=create_data_key(), wijk=wijk)
        _seal_own(household, cipher, name=name, reference=reference)
        household.reference_index = blind_index("household_ref", reference) if reference else None
        if (
            household.reference_index
            and Household.objects.filter(reference_index=household.reference_index).exists()
        ):
            raise ValidationError({"reference": [_("Er is al een huishouden met dit nummer.")]})
        _save(household)
        _add_member(household=household, participant=first_member, role=role, start_date=start_date)
    return household


def _add_member(*, household: Household, participant: Participant, role: str, start_date: dt.date):
    if HouseholdMembership.objects.filter(
        household=household, participant=participant, end_date__isnull=True
    ).exists():
        raise ValidationError({"participant": [_("Deze deelnemer hoort al bij dit huishouden.")]})
    membership = HouseholdMembership(
        household=household, participant=participant, role=role, start_date=start_date
    )
    _save(membership)
    return membership


def add_household_member(
    *, actor: User, household: Household, participant: Participant, role: str, start_date: dt.date
) -> HouseholdMembership:
    _require_scope(actor, participant)
    _require_household_scope(actor, household)
    with transaction.atomic():
        return _add_member(
            household=household, participant=participant, role=role, start_date=start_date
        )


def _require_household_scope(actor: User, household: Household) -> None:
    """A current member of the household is in the actor's caseload; otherwise adding one's
    own participant to any household would reveal that household's name and reference."""
    in_scope = HouseholdMembership.objects.filter(
        household_id=household.pk,
        end_date__isnull=True,
        participant__erased_at__isnull=True,
    ).filter(permissions.active_enrolment_in_scope(actor, "participant_id"))
    if not in_scope.exists():
        raise PermissionDenied


def end_household_membership(
    *, actor: User, membership: HouseholdMembership, expected_version: int, end_date: dt.date
) -> HouseholdMembership:
    _require_scope(actor, membership.participant)
    with transaction.atomic():
        current = _lock(HouseholdMembership, membership.pk, expected_version)
        current.end_date = end_date
        _save(current)
    return current
