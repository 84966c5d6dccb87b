"""Writes of the casework core: transfers."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import Team, TeamMembership, User
from accounts.roles import TEAM_LEAD
from casework import permissions
from casework.models import (
    Enrolment,
    Programme,
    Transfer,
)
from casework.services.base import (
    _lock,
    _require_enrolment_scope,
    _save,
    seal_for_participant,
)
from casework.validation import check_text


def request_transfer(*, actor: User, enrolment: Enrolment, to_team: Team, reason: str) -> Transfer:
    """Refer or transfer an enrolment to another team; the receiving team's leads decide."""
    if not permissions.may_assign(actor):  # transfers are the team lead's (DESIGN.md, roles)
        raise PermissionDenied
    _require_enrolment_scope(actor, enrolment)
    if enrolment.status != Enrolment.Status.ACTIVE:
        raise ValidationError(
            {"enrolment": [_("Alleen een lopende inschrijving kan worden overgedragen.")]}
        )
    if to_team.pk == enrolment.team_id:
        raise ValidationError({"to_team": [_("Kies een ander team dan het huidige.")]})
    if not to_team.active:
        raise ValidationError({"to_team": [_("Dit team is niet actief.")]})
    if not runs_programme(to_team, enrolment.programme):
        raise ValidationError({"to_team": [_("Dit team voert dit programma niet uit.")]})
    reason = check_text(reason, field_name="reason", max_length=2000)
    transfer = Transfer(
        enrolment=enrolment, from_team_id=enrolment.team_id, to_team=to_team, requested_by=actor
    )
    transfer.reason = seal_for_participant(enrolment, transfer, "reason", reason)
    with transaction.atomic():
        if Transfer.objects.filter(enrolment=enrolment, status=Transfer.Status.PENDING).exists():
            raise ValidationError(
                {"to_team": [_("Er loopt al een overdracht voor deze inschrijving.")]}
            )
        _save(transfer)
        leads = User.objects.filter(
            memberships__team=to_team, groups__name=TEAM_LEAD, is_active=True
        ).distinct()
        for lead in leads:
            assign_perm("casework.decide_transfer", lead, transfer)
    return transfer


def set_programme_teams(*, programme: Programme, teams: Iterable[Team]) -> None:
    """Name the teams that run ``programme`` (the functional admin, the demo): enrolments of
    the programme can be transferred only to these teams."""
    teams = list(teams)
    if any(not team.active for team in teams):
        raise ValidationError({"teams": [_("Een inactief team kan geen programma uitvoeren.")]})
    with transaction.atomic():
        programme.teams.set(teams)


def named_teams(programme: Programme):
    """The teams named to run ``programme``, or None while the functional admin has named
    none: then every active team counts (a new installation has no list yet)."""
    teams = programme.teams.all()
    return teams if teams.exists() else None


def runs_programme(team: Team, programme: Programme) -> bool:
    named = named_teams(programme)
    return named is None or named.filter(pk=team.pk).exists()


def decide_transfer(
    *, actor: User, transfer: Transfer, expected_version: int, accept: bool, reason: str = ""
) -> Transfer:
    """Accept (the enrolment moves to the receiving team, with its access) or refuse; a refusal
    needs its reason, which the sending team reads back (encrypted like the request's)."""
    if not actor.has_perm("casework.decide_transfer", transfer):
        raise PermissionDenied
    # The grant was given to the receiving team's leads; it lapses when they no longer are.
    if (
        not permissions.may_assign(actor)
        or not TeamMembership.objects.filter(
            user=actor, team_id=transfer.to_team_id, team__active=True
        ).exists()
    ):
        raise PermissionDenied
    with transaction.atomic():
        current = _lock(Transfer, transfer.pk, expected_version)
        if current.status != Transfer.Status.PENDING:
            raise ValidationError({"status": [_("Over deze overdracht is al beslist.")]})
        if (
            accept
            and not Enrolment.objects.filter(
                pk=current.enrolment_id, status=Enrolment.Status.ACTIVE
            ).exists()
        ):
            raise ValidationError(
                {
                    "status": [
                        _("Deze inschrijving loopt niet meer en kan niet worden overgedragen.")
                    ]
                }
            )
        reason = check_text(reason, field_name="reason", max_length=2000, required=not accept)
        if reason:
            current.decision_reason = seal_for_participant(
                current.enrolment, current, "decision_reason", reason
            )
        current.status = Transfer.Status.ACCEPTED if accept else Transfer.Status.REFUSED
        current.decided_by = actor
        current.decided_at = timezone.now()
        _save(current)
        if accept:
            enrolment = Enrolment.objects.select_for_update().get(pk=current.enrolment_id)
            enrolment.team_id = current.to_team_id
            enrolment.caseworker = None
            _save(enrolment)
        _revoke_transfer_grants(current)
    return current


def cancel_transfer(*, actor: User, transfer: Transfer, expected_version: int) -> Transfer:
    if not permissions.may_assign(actor) and transfer.requested_by_id != actor.pk:
        raise PermissionDenied
    _require_enrolment_scope(actor, transfer.enrolment)
    with transaction.atomic():
        current = _lock(Transfer, transfer.pk, expected_version)
        if current.status != Transfer.Status.PENDING:
            raise ValidationError({"status": [_("Over deze overdracht is al beslist.")]})
        current.status = Transfer.Status.CANCELLED
        current.decided_by = actor
        current.decided_at = timezone.now()
        _save(current)
        _revoke_transfer_grants(current)
    return current


def _revoke_transfer_grants(transfer: Transfer) -> None:
    from casework.models import TransferUserObjectPermission

    for grant in TransferUserObjectPermission.objects.filter(
        content_object=transfer
    ).select_related("user"):
        remove_perm("casework.decide_transfer", grant.user, transfer)
