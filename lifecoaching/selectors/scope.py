"""The user's scope in the programme (coaches of their teams, lifecoaching enrolments and the
records under them), and access logging."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from casework import permissions
from casework import selectors as core
from casework.models import Enrolment
from lifecoaching.models import Coach, CoachMatch, CoachSession, SchoolStatus
from privacy import services as privacy_services

PROGRAMME = "lifecoaching"
VOG_WARNING_DAYS = 60


def _log(user, subject_ids, what: str, action: str, subject_type: str = "participant") -> None:
    privacy_services.log_subjects(
        user, subject_ids, what=what, action=action, purpose="care", subject_type=subject_type
    )


def visible_coaches(user: User) -> QuerySet[Coach]:
    """Coaches of the user's active teams (file roles only)."""
    if not permissions.has_file_access(user):
        return Coach.objects.none()
    return Coach.objects.filter(team_id__in=permissions.member_teams_subquery(user))


def _get(queryset, pk, *related):
    """The row ``pk`` of ``queryset`` with ``related`` selected; 404 when it is not there."""
    row = queryset.select_related(*related).filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


def get_coach(user: User, pk) -> Coach:
    return _get(visible_coaches(user), pk, "data_key", "team")


def lifecoaching_enrolments(user: User) -> QuerySet[Enrolment]:
    return core.visible_enrolments(user).filter(programme__code=PROGRAMME)


def get_enrolment(user: User, pk) -> Enrolment:
    return _get(lifecoaching_enrolments(user), pk, "participant__data_key", "programme", "team")


def visible_matches(user: User) -> QuerySet[CoachMatch]:
    return CoachMatch.objects.filter(enrolment__in=lifecoaching_enrolments(user))


def get_match(user: User, pk) -> CoachMatch:
    return _get(
        visible_matches(user),
        pk,
        "enrolment__participant__data_key",
        "enrolment__programme",
        "coach",
    )


def visible_sessions(user: User) -> QuerySet[CoachSession]:
    return CoachSession.objects.filter(match__enrolment__in=lifecoaching_enrolments(user))


def visible_school_statuses(user: User) -> QuerySet[SchoolStatus]:
    return SchoolStatus.objects.filter(enrolment__in=lifecoaching_enrolments(user))


def get_session(user: User, pk) -> CoachSession:
    return _get(
        visible_sessions(user),
        pk,
        "match__enrolment__participant__data_key",
        "match__enrolment__programme",
    )


def get_school_status(user: User, pk) -> SchoolStatus:
    return _get(
        visible_school_statuses(user),
        pk,
        "enrolment__participant__data_key",
        "enrolment__programme",
    )
