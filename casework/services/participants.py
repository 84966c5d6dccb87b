"""Writes of the casework core: participants."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import Team, User
from casework import permissions
from casework.models import (
    Participant,
)
from casework.services.base import (
    _check_duplicates,
    _lock,
    _programme,
    _require_scope,
    _require_team_member,
    _save,
    _seal_identity,
)
from casework.services.enrolments import _create_enrolment
from casework.validation import Identity, normalise_identity
from privacy.crypto import Cipher
from privacy.services import create_data_key


def register_participant(
    *,
    actor: User,
    identity: Identity,
    team: Team,
    programme_code: str,
    start_date: dt.date,
    legal_basis: str,
    finding_place: str = "",
    cipher: Cipher | None = None,
) -> Participant:
    """Register a participant and enrol them in a programme of one of the actor's teams."""
    _require_team_member(actor, team)
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


def _register(
    *,
    actor: User | None,
    identity: Identity,
    team: Team,
    programme_code: str,
    start_date: dt.date,
    legal_basis: str,
    finding_place: str,
    cipher: Cipher | None,
) -> Participant:
    """Seal, check and save a new participant and enrol them: the one write behind
    ``register_participant`` and the imports' ``import_participant`` (which check the actor and
    the team first, each in their own way)."""
    identity = normalise_identity(identity)
    programme = _programme(programme_code)
    cipher = cipher or Cipher()
    with transaction.atomic():
        participant = Participant(data_key=create_data_key())
        _seal_identity(participant, identity, cipher)
        _check_duplicates(participant)
        participant.full_clean()
        try:
            participant.save(force_insert=True)
        except IntegrityError:
            raise ValidationError(
                {"bsn": [_("Er is al een deelnemer met dit BSN of cliëntnummer.")]}
            ) from None
        _create_enrolment(
            actor=actor,
            participant=participant,
            programme=programme,
            team=team,
            start_date=start_date,
            legal_basis=legal_basis,
            finding_place=finding_place,
        )
    return participant


def update_participant(
    *, actor: User, participant: Participant, expected_version: int, identity: Identity
) -> Participant:
    _require_scope(actor, participant)
    identity = normalise_identity(identity)
    with transaction.atomic():
        current = _lock(Participant, participant.pk, expected_version)
        current.data_key = participant.data_key
        if not permissions.may_see_bsn(actor):
            raise PermissionDenied
        _seal_identity(current, identity, Cipher())
        _check_duplicates(current)
        _save(current)
    return current
