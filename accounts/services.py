"""Writes of the accounts app: users, organisations, teams, roles."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import Organisation, Team, TeamMembership, User
from accounts.roles import ALL_ROLES


def ensure_role_groups() -> None:
    """Create the role groups (idempotent); called after migrations."""
    for name in ALL_ROLES:
        Group.objects.get_or_create(name=name)


def _upsert(model, *, code: str, **values):
    """The row of ``model`` with ``code``, created when missing, set to ``values`` and saved."""
    row = model.objects.filter(code=code).first() or model(code=code)
    for name, value in values.items():
        setattr(row, name, value)
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def upsert_organisation(*, code: str, name: str, kind: str) -> Organisation:
    return _upsert(Organisation, code=code, name=name, kind=kind)


@transaction.atomic
def upsert_team(*, organisation: Organisation, code: str, name: str) -> Team:
    return _upsert(Team, code=code, organisation=organisation, name=name)


@transaction.atomic
def upsert_user(
    *,
    username: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    organisation: Organisation | None = None,
    roles: Iterable[str] = (),
    teams: Iterable[Team] = (),
) -> User:
    """Create or update a user with exactly the given roles and team memberships."""
    roles = list(roles)
    unknown = set(roles) - set(ALL_ROLES)
    if unknown:
        raise ValueError(f"Unknown roles: {sorted(unknown)}")
    user = User.objects.filter(username=username).first() or User(username=username)
    user.first_name = first_name
    user.last_name = last_name
    user.email = email
    user.organisation = organisation
    if password is not None:
        user.set_password(password)
    elif not user.pk:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    ensure_role_groups()
    user.groups.set(Group.objects.filter(name__in=roles))
    _set_memberships(user, teams)
    return user


@transaction.atomic
def save_from_admin(*, instance) -> None:
    """Save an accounts object edited by a functional admin in the admin site."""
    exclude = ["password"] if isinstance(instance, User) else None
    instance.full_clean(exclude=exclude)
    instance.save()


def _set_memberships(user: User, teams: Iterable[Team]) -> None:
    wanted = {team.pk for team in teams}
    TeamMembership.objects.filter(user=user).exclude(team_id__in=wanted).delete()
    existing = set(TeamMembership.objects.filter(user=user).values_list("team_id", flat=True))
    for team_id in wanted - existing:
        membership = TeamMembership(user=user, team_id=team_id)
        membership.full_clean()
        membership.save()


@transaction.atomic
def set_roles_and_teams(*, user: User, roles: Iterable[str], teams: Iterable[Team]) -> None:
    """Give ``user`` exactly these roles and teams (single sign-on with roles from the group
    claim). Nothing is written when they are already so."""
    roles = set(roles)
    unknown = roles - set(ALL_ROLES)
    if unknown:
        raise ValueError(f"Unknown roles: {sorted(unknown)}")
    ensure_role_groups()
    if set(user.groups.values_list("name", flat=True)) != roles:
        user.groups.set(Group.objects.filter(name__in=roles))
    if hasattr(user, "_koers_roles"):
        del user._koers_roles
    _set_memberships(user, teams)


@transaction.atomic
def create_sso_user(*, subject: str, username: str) -> User:
    """A user created at their first single sign-on (``KOERS_OIDC_CREATE_USERS``): no
    password (they cannot log in locally), no name or e-mail copied from the provider."""
    user = User(username=username, sso_subject=subject)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user
