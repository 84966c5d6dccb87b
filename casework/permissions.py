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


def active_enrolments_in_scope(user):
    """The participant ids of the active enrolments of the user's teams (a subquery)."""
    from casework.models import Enrolment

    return Enrolment.objects.filter(
        status=Enrolment.Status.ACTIVE, team_id__in=member_teams_subquery(user)
    ).values("participant_id")


def enrolment_in_scope_q(user) -> Q:
    return Q(team_id__in=member_teams_subquery(user))


def active_break_glass(user, participant_ref: str = "pk"):
    """An Exists() that is true while the user holds an unexpired break-the-glass grant:
    the guardian object permission and its (reason, expiry) record, both."""
    from django.utils import timezone

    from casework.models import BreakGlassAccess, ParticipantUserObjectPermission

    return Exists(
        ParticipantUserObjectPermission.objects.filter(
            user=user,
            content_object_id=OuterRef(participant_ref),
            permission__codename="break_glass",
        )
    ) & Exists(
        BreakGlassAccess.objects.filter(
            user=user, participant_id=OuterRef(participant_ref), expires_at__gt=timezone.now()
        )
    )


def may_break_glass(user) -> bool:
    """Caseworkers and team leads may open a file outside their caseload, with a reason."""
    return has_role(user, CASEWORKER, TEAM_LEAD)


def break_glass_until(user, participant_ref: str = "pk"):
    """A Subquery: the latest expiry of the user's unexpired break-the-glass records for the
    participant (None when there is none), for the banner on the file."""
    from django.db.models import Subquery
    from django.utils import timezone

    from casework.models import BreakGlassAccess

    return Subquery(
        BreakGlassAccess.objects.filter(
            user=user, participant_id=OuterRef(participant_ref), expires_at__gt=timezone.now()
        )
        .order_by("-expires_at")
        .values("expires_at")[:1]
    )


# Roles that may import a participants or measurements file on a page, into their own teams.
IMPORTERS = frozenset({CASEWORKER, TEAM_LEAD})


def may_import(user) -> bool:
    return user.is_authenticated and has_role(user, *IMPORTERS)
