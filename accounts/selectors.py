"""Reads of the accounts app."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import Team, User
from accounts.permissions import has_role
from accounts.roles import FILE_ROLES, TEAM_LEAD


def teams_of(user: User) -> QuerySet[Team]:
    """The active teams the user belongs to (empty for roles without file access)."""
    if not user.is_authenticated or not has_role(user, *FILE_ROLES):
        return Team.objects.none()
    return Team.objects.filter(memberships__user=user, active=True).select_related("organisation")


def led_teams_of(user: User) -> QuerySet[Team]:
    if not has_role(user, TEAM_LEAD):
        return Team.objects.none()
    return teams_of(user)


def transfer_targets_for(user: User) -> QuerySet[Team]:
    """Teams a team lead may transfer or refer an enrolment to: every other active team."""
    if not has_role(user, *FILE_ROLES):
        return Team.objects.none()
    return Team.objects.filter(active=True).select_related("organisation").order_by("name")


def roles_and_teams_for_groups(groups: list[str]) -> tuple[set[str], list[Team]]:
    """The roles and active teams that the provider's ``groups`` map to (``GroupMapping``)."""
    from accounts.models import GroupMapping

    if not groups:
        return set(), []
    rows = GroupMapping.objects.filter(active=True, group__in=groups).select_related("team")
    roles = {row.role for row in rows if row.role}
    teams = {row.team.pk: row.team for row in rows if row.team is not None and row.team.active}
    return roles, list(teams.values())
