"""Who may do what with case data. Team scope follows from active enrolments."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from accounts.models import TeamMembership
from accounts.permissions import has_role
from accounts.roles import CASEWORKER, FILE_ROLES, PEER_EXPERT, TEAM_LEAD

# Roles that may open, create and edit files of their teams.
FILE_EDITORS = FILE_ROLES
# Roles that see the BSN. Peer experts do not (DESIGN.md, roles table).
BSN_READERS = frozenset({CASEWORKER, TEAM_LEAD})


def has_file_access(user) -> bool:
    return user.is_authenticated and has_role(user, *FILE_ROLES)


def may_see_bsn(user) -> bool:
    return has_role(user, *BSN_READERS)


def may_assign(user) -> bool:
    return has_role(user, TEAM_LEAD)


def is_peer_expert_only(user) -> bool:
    return has_role(user, PEER_EXPERT) and not has_role(user, CASEWORKER, TEAM_LEAD)


def member_teams_subquery(user):
    return TeamMembership.objects.filter(user=user, team__active=True).values("team_id")


def active_enrolment_in_scope(user, participant_ref: str = "pk"):
    """An Exists() that is true when the participant has an active enrolment of the user's teams."""
    from casework.models import Enrolment

    return Exists(
        Enrolment.objects.filter(
            participant_id=OuterRef(participant_ref),
            status=Enrolment.Status.ACTIVE,
            team_id__in=member_teams_subquery(user),
        )
    )


def enrolment_in_scope_q(user) -> Q:
    return Q(team_id__in=member_teams_subquery(user))
