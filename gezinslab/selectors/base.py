"""Scope and decryption of the Gezinslab reads: visible querysets, lookups, access logging."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from accounts.models import User
from casework import permissions
from casework.models import Enrolment, Household, HouseholdMembership
from casework.selectors import visible_households
from gezinslab.models import (
    Barrier,
    Breakthrough,
    FamilyGoal,
    FamilyTrajectory,
    SupportFamily,
    SupportMatch,
)
from privacy.crypto import Cipher, DecryptionError
from privacy.services import log_subjects


def _teams(user: User):
    return permissions.member_teams_subquery(user)


def visible_trajectories(user: User) -> QuerySet[FamilyTrajectory]:
    """Trajectories of the user's teams on households visible to the user."""
    if not permissions.has_file_access(user):
        return FamilyTrajectory.objects.none()
    return FamilyTrajectory.objects.filter(
        team_id__in=_teams(user), household__in=visible_households(user)
    )


def visible_goals(user: User) -> QuerySet[FamilyGoal]:
    return FamilyGoal.objects.filter(trajectory__in=visible_trajectories(user))


def visible_barriers(user: User) -> QuerySet[Barrier]:
    return Barrier.objects.filter(trajectory__in=visible_trajectories(user))


def visible_breakthroughs(user: User) -> QuerySet[Breakthrough]:
    return Breakthrough.objects.filter(barrier__trajectory__in=visible_trajectories(user))


def visible_support_families(user: User) -> QuerySet[SupportFamily]:
    if not permissions.has_file_access(user):
        return SupportFamily.objects.none()
    return SupportFamily.objects.filter(team_id__in=_teams(user))


def visible_matches(user: User) -> QuerySet[SupportMatch]:
    if not permissions.has_file_access(user):
        return SupportMatch.objects.none()
    return SupportMatch.objects.filter(
        team_id__in=_teams(user), household__in=visible_households(user)
    )


def _get(queryset, user: User, pk):
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        if not permissions.has_file_access(user):
            raise PermissionDenied
        raise Http404
    return obj


def get_trajectory(user: User, pk) -> FamilyTrajectory:
    return _get(visible_trajectories(user).select_related("household__data_key", "team"), user, pk)


def get_goal(user: User, pk) -> FamilyGoal:
    return _get(visible_goals(user).select_related("trajectory__household__data_key"), user, pk)


def get_barrier(user: User, pk) -> Barrier:
    return _get(
        visible_barriers(user).select_related("trajectory__household__data_key", "organisation"),
        user,
        pk,
    )


def get_breakthrough(user: User, pk) -> Breakthrough:
    return _get(
        visible_breakthroughs(user).select_related(
            "barrier__trajectory__household__data_key", "barrier__organisation"
        ),
        user,
        pk,
    )


def get_support_family(user: User, pk) -> SupportFamily:
    return _get(visible_support_families(user).select_related("data_key"), user, pk)


def get_match(user: User, pk) -> SupportMatch:
    return _get(
        visible_matches(user).select_related("household__data_key", "support_family__data_key"),
        user,
        pk,
    )


def get_household(user: User, pk) -> Household:
    return _get(visible_households(user).select_related("data_key"), user, pk)


def _open(cipher: Cipher, model, column: str, obj) -> str | None:
    try:
        return cipher.open(model=model, column=column, row_pk=obj.pk, envelope=getattr(obj, column))
    except DecryptionError:  # crypto-shredded
        return None


def household_name(cipher: Cipher, household: Household) -> str:
    return _open(cipher, Household, "name", household) or f"Huishouden {str(household.pk)[:8]}"


def _log(user: User, ids, what: str, action: str, subject_type: str) -> None:
    log_subjects(user, ids, what=what, action=action, purpose="care", subject_type=subject_type)


def household_label(user: User, household: Household) -> str:
    """The decrypted name of one household (logged as a view)."""
    cipher = Cipher().load([household.data_key])
    log_households(user, [household.pk], "gezinslab_household", "view")
    return household_name(cipher, household)


def log_households(user: User, ids, what: str, action: str = "view") -> None:
    _log(user, ids, what, action, "household")


def log_support_families(user: User, ids, what: str, action: str = "view") -> None:
    _log(user, ids, what, action, "support_family")


def person_name(user) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


@dataclass
class HouseholdChoice:
    household: Household
    name: str


def has_active_member(user: User, programme: str) -> Exists:
    """For a household queryset: a current member has an active enrolment in ``programme``
    with one of the user's teams."""
    enrolled = Enrolment.objects.filter(
        team_id__in=_teams(user), programme__code=programme, status=Enrolment.Status.ACTIVE
    ).values("participant_id")
    return Exists(
        HouseholdMembership.objects.filter(
            household_id=OuterRef("pk"), end_date__isnull=True, participant_id__in=enrolled
        )
    )


def household_choices(user: User, households, what: str, *, log: bool) -> list[HouseholdChoice]:
    """The households with their decrypted names (one key load), logged as listed under
    ``what`` when ``log``."""
    households = list(households.select_related("data_key"))
    cipher = Cipher().load(h.data_key for h in households)
    if log:
        log_households(user, [h.pk for h in households], what, "list")
    return [HouseholdChoice(h, household_name(cipher, h)) for h in households]
