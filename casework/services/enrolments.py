"""Writes of the casework core: enrolments."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Team, TeamMembership, User
from casework import permissions
from casework.models import (
    Enrolment,
    Participant,
    Plan,
    Programme,
)
from casework.services.base import (
    _lock,
    _programme,
    _require_enrolment_scope,
    _require_scope,
    _require_team_member,
    _save,
)


def _create_enrolment(
    *,
    actor: User,
    participant: Participant,
    programme: Programme,
    team: Team,
    start_date: dt.date,
    legal_basis: str,
    finding_place: str,
) -> Enrolment:
    if Enrolment.objects.filter(
        participant=participant, programme=programme, status=Enrolment.Status.ACTIVE
    ).exists():
        raise ValidationError(
            {"programme": [_("De deelnemer heeft al een lopende inschrijving in dit programma.")]}
        )
    enrolment = Enrolment(
        participant=participant,
        programme=programme,
        team=team,
        start_date=start_date,
        legal_basis=legal_basis,
        finding_place=finding_place,
        caseworker=actor if actor is not None and not permissions.may_assign(actor) else None,
    )
    _save(enrolment)
    plan = Plan(enrolment=enrolment)
    _save(plan)
    return enrolment


def enrol(
    *,
    actor: User,
    participant: Participant,
    programme_code: str,
    team: Team,
    start_date: dt.date,
    legal_basis: str,
    finding_place: str = "",
) -> Enrolment:
    """Enrol a participant of the actor's caseload in another programme of one of their teams."""
    _require_scope(actor, participant)
    _require_team_member(actor, team)
    with transaction.atomic():
        return _create_enrolment(
            actor=actor,
            participant=participant,
            programme=_programme(programme_code),
            team=team,
            start_date=start_date,
            legal_basis=legal_basis,
            finding_place=finding_place,
        )


def end_enrolment(
    *, actor: User, enrolment: Enrolment, expected_version: int, end_date: dt.date, status: str
) -> Enrolment:
    _require_enrolment_scope(actor, enrolment)
    if status not in {Enrolment.Status.COMPLETED, Enrolment.Status.STOPPED}:
        raise ValidationError({"status": [_("Kies afgerond of voortijdig gestopt.")]})
    with transaction.atomic():
        current = _lock(Enrolment, enrolment.pk, expected_version)
        current.end_date = end_date
        current.status = status
        _save(current)
    return current


def assign_caseworker(
    *, actor: User, enrolment: Enrolment, expected_version: int, caseworker: User | None
) -> Enrolment:
    """A team lead assigns an enrolment of their team to one of the team's members."""
    if not permissions.may_assign(actor):
        raise PermissionDenied
    _require_enrolment_scope(actor, enrolment)
    if caseworker is not None and (
        not caseworker.is_active
        or not permissions.has_file_access(caseworker)
        or not TeamMembership.objects.filter(user=caseworker, team_id=enrolment.team_id).exists()
    ):
        raise ValidationError({"caseworker": [_("Deze medewerker hoort niet bij het team.")]})
    with transaction.atomic():
        current = _lock(Enrolment, enrolment.pk, expected_version)
        current.caseworker = caseworker
        _save(current)
    return current
