"""Writes of Gezinslab family trajectories: start and change, with their professional/peer duo."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Team, TeamMembership, User
from accounts.permissions import user_roles
from accounts.roles import CASEWORKER, PEER_EXPERT, TEAM_LEAD
from casework import services as core
from casework.models import Enrolment, Household
from casework.validation import check_text
from gezinslab.models import (
    FamilyTrajectory,
)
from gezinslab.services.base import (
    LIFE_DOMAIN_CODES,
    _household_key,
    _not_future,
    _raise,
    _require_household,
    _require_team,
    _require_trajectory_scope,
    _seal,
    programme_team,
)


def _check_duo(team: Team, professional: User, peer_expert: User, errors: dict) -> None:
    members = set(TeamMembership.objects.filter(team=team).values_list("user_id", flat=True))
    if (
        professional is None
        or professional.pk not in members
        or not (user_roles(professional) & {CASEWORKER, TEAM_LEAD})
    ):
        errors.setdefault("professional", []).append(
            _("Kies een hulpverlener of teamleider van het team.")
        )
    if (
        peer_expert is None
        or peer_expert.pk not in members
        or PEER_EXPERT not in user_roles(peer_expert)
    ):
        errors.setdefault("peer_expert", []).append(_("Kies een ervaringsdeskundige van het team."))
    if professional is not None and peer_expert is not None and professional.pk == peer_expert.pk:
        errors.setdefault("peer_expert", []).append(
            _("Het duo bestaat uit twee verschillende mensen.")
        )


def _check_domains(domains, errors: dict) -> list[str]:
    domains = list(dict.fromkeys(domains or []))
    if any(code not in LIFE_DOMAIN_CODES for code in domains):
        errors.setdefault("life_domains", []).append(_("Onbekend leefgebied."))
    return domains


def start_trajectory(
    *,
    actor: User,
    household: Household,
    professional: User,
    peer_expert: User,
    finding_place: str,
    start_date: dt.date,
    life_domains: list[str] | tuple[str, ...] = (),
    plan_summary: str = "",
) -> FamilyTrajectory:
    """Start a family trajectory of the actor's Gezinslab team on a household."""
    _require_household(actor, household.pk)
    team = programme_team(actor, household, "gezinslab")
    _require_team(actor, team.pk)
    errors: dict[str, list[str]] = {}
    plan_summary = check_text(plan_summary, field_name="plan_summary", required=False)
    domains = _check_domains(life_domains, errors)
    _check_duo(team, professional, peer_expert, errors)
    if start_date is None:
        errors.setdefault("start_date", []).append(_("Dit veld is verplicht."))
    else:
        _not_future(start_date, "start_date", errors)
    if finding_place not in Enrolment.FindingPlace.values:
        errors.setdefault("finding_place", []).append(_("Kies een vindplaats."))
    _raise(errors)
    with transaction.atomic():
        Household.objects.select_for_update().get(pk=household.pk)
        if FamilyTrajectory.objects.filter(
            household=household, status__in=FamilyTrajectory.OPEN_STATUSES
        ).exists():
            raise ValidationError({"household": [_("Dit gezin heeft al een lopend traject.")]})
        trajectory = FamilyTrajectory(
            household=household,
            team=team,
            professional=professional,
            peer_expert=peer_expert,
            finding_place=finding_place,
            start_date=start_date,
            life_domains=domains,
        )
        trajectory.plan_summary = _seal(
            _household_key(household.pk),
            FamilyTrajectory,
            "plan_summary",
            trajectory.pk,
            plan_summary,
        )
        core.save(trajectory)
    return trajectory


def update_trajectory(
    *,
    actor: User,
    trajectory: FamilyTrajectory,
    expected_version: int,
    professional: User,
    peer_expert: User,
    finding_place: str,
    start_date: dt.date,
    end_date: dt.date | None,
    status: str,
    life_domains: list[str] | tuple[str, ...],
    plan_summary: str,
) -> FamilyTrajectory:
    _require_trajectory_scope(actor, trajectory)
    errors: dict[str, list[str]] = {}
    plan_summary = check_text(plan_summary, field_name="plan_summary", required=False)
    domains = _check_domains(life_domains, errors)
    _check_duo(trajectory.team, professional, peer_expert, errors)
    if status not in FamilyTrajectory.Status.values:
        errors.setdefault("status", []).append(_("Onbekende status."))
    if end_date and start_date and end_date < start_date:
        errors.setdefault("end_date", []).append(_("De einddatum ligt voor de startdatum."))
    if status in (FamilyTrajectory.Status.COMPLETED, FamilyTrajectory.Status.STOPPED) and (
        not end_date
    ):
        errors.setdefault("end_date", []).append(
            _("Een afgerond of gestopt traject heeft een einddatum.")
        )
    _raise(errors)
    with transaction.atomic():
        current = core.lock(FamilyTrajectory, trajectory.pk, expected_version)
        current.professional = professional
        current.peer_expert = peer_expert
        current.finding_place = finding_place
        current.start_date = start_date
        current.end_date = end_date
        current.status = status
        current.life_domains = domains
        current.plan_summary = _seal(
            _household_key(current.household_id),
            FamilyTrajectory,
            "plan_summary",
            current.pk,
            plan_summary,
        )
        core.save(current)
    return current
