"""Row writes of the import path: one participant with enrolment, one household membership."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Team, User
from casework.models import (
    Household,
    Participant,
)
from casework.services.base import (
    _save,
    _seal_own,
)
from casework.services.households import _add_member
from casework.services.participants import _register
from casework.validation import Identity, check_text
from privacy.crypto import Cipher, blind_index
from privacy.services import create_data_key

#
# The import path. ``manage.py import_participants`` runs without a logged-in user: an operator
# runs it for one named team, and the command checks that team itself. The upload page passes
# its user as ``actor`` after ``import_participants`` checked that the team is the actor's.
# These functions therefore check no actor scope; nothing but the imports may call them.


def import_participant(
    *,
    identity: Identity,
    team: Team,
    programme_code: str,
    start_date: dt.date,
    legal_basis: str,
    finding_place: str = "",
    cipher: Cipher | None = None,
    actor: User | None = None,
) -> Participant:
    """Import path of ``register_participant``: register and enrol a participant for ``team``
    without a scope check; the ``actor`` of an upload page (already checked by the import)
    becomes the caseworker as in ``register_participant``, the command passes none (no
    caseworker assigned). Only for the imports."""
    if not team.active:
        raise ValidationError({"team": [_("Dit team is niet actief.")]})
    return _register(
        actor=actor,
        identity=identity,
        team=team,
        programme_code=programme_code,
        start_date=start_date,
        legal_basis=legal_basis,
        finding_place=finding_place,
        cipher=cipher,
    )


def import_household_member(
    *,
    reference: str,
    participant: Participant,
    role: str,
    start_date: dt.date,
    wijk: str = "",
    cipher: Cipher | None = None,
) -> tuple[Household, bool]:
    """Import path of ``create_household``/``add_household_member``: add the participant to
    the household with this reference (found by blind index), creating it when there is none.
    Returns the household and whether it was created. Only for the import command."""
    reference = check_text(reference, field_name="reference", max_length=100)
    index = blind_index("household_ref", reference)
    cipher = cipher or Cipher()
    with transaction.atomic():
        household = Household.objects.select_for_update().filter(reference_index=index).first()
        created = household is None
        if created:
            household = Household(data_key=create_data_key(), wijk=wijk)
            _seal_own(household, cipher, reference=reference)
            household.reference_index = index
            _save(household)
        _add_member(household=household, participant=participant, role=role, start_date=start_date)
    return household, created
