"""Shared ground of the Gezinslab writes: scope checks, sealing, the programme team, errors."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Team, TeamMembership, User
from casework import permissions
from casework.instruments import LIFE_DOMAINS
from casework.models import Enrolment, Household, HouseholdMembership
from casework.selectors import visible_households
from gezinslab.models import (
    FamilyTrajectory,
)
from privacy.crypto import Cipher

LIFE_DOMAIN_CODES = {code for code, _nl, _en in LIFE_DOMAINS}


GOALS_MEASURE = "gezinslab_family_goals_achieved"


MATCH_MEASURE = "buurtgezinnen_match_active"


PLAN_TARGET_PAIRS = 20


def _require_team(actor: User, team_id) -> None:
    if not permissions.has_file_access(actor):
        raise PermissionDenied
    if not TeamMembership.objects.filter(user=actor, team_id=team_id, team__active=True).exists():
        raise PermissionDenied


def _require_household(actor: User, household_id) -> None:
    if not visible_households(actor).filter(pk=household_id).exists():
        raise PermissionDenied


def _require_trajectory_scope(actor: User, trajectory: FamilyTrajectory) -> None:
    _require_team(actor, trajectory.team_id)
    _require_household(actor, trajectory.household_id)


def _household_enrolments(household_id, team_id, programme: str):
    """Active enrolments in ``programme`` of the team, of current members of the household."""
    members = HouseholdMembership.objects.filter(
        household_id=household_id, end_date__isnull=True
    ).values("participant_id")
    return Enrolment.objects.filter(
        participant_id__in=members,
        team_id=team_id,
        programme__code=programme,
        status=Enrolment.Status.ACTIVE,
        participant__erased_at__isnull=True,
    )


def programme_team(actor: User, household: Household, programme: str) -> Team:
    """The actor's team that works with the household in the programme (an active enrolment of
    a current member); refused when there is none."""
    members = HouseholdMembership.objects.filter(
        household_id=household.pk, end_date__isnull=True
    ).values("participant_id")
    team = (
        Team.objects.filter(
            active=True,
            memberships__user=actor,
            enrolments__participant_id__in=members,
            enrolments__programme__code=programme,
            enrolments__status=Enrolment.Status.ACTIVE,
        )
        .order_by("code")
        .first()
    )
    if team is None:
        raise ValidationError(
            {
                "household": [
                    _(
                        "Dit huishouden heeft geen lopende inschrijving in dit programma bij uw team."
                    )
                ]
            }
        )
    return team


def _seal(datakey, model, column: str, row_pk, text: str):
    return Cipher().seal(datakey=datakey, model=model, column=column, row_pk=row_pk, plaintext=text)


def _household_key(household_id):
    return Household.objects.select_related("data_key").get(pk=household_id).data_key


def _not_future(day: dt.date, field: str, errors: dict) -> None:
    if day and day > timezone.localdate():
        errors.setdefault(field, []).append(_("De datum ligt in de toekomst."))


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)
