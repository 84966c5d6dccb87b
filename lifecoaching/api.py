"""API v1 endpoints of the lifecoaching app, mounted under /api/v1/ by koers.api_urls.

The same rules as the pages: reads start from this app's scoped selectors (the user's teams
only; another team's objects are 404), decrypt one page at a time and log every participant
(and coach) whose decrypted data is returned; writes go through ``lifecoaching.services``;
a stale ``version`` gets 409."""

from __future__ import annotations

from rest_framework.routers import SimpleRouter

from accounts.roles import FILE_ROLES
from apibase.framework import CursorPagination, declare
from apibase.schema import Op, endpoints
from apibase.viewsets import (
    CreateMixin,
    Creates,
    ListMixin,
    RetrieveMixin,
    UpdateMixin,
    Updates,
)
from casework.api import CaseworkViewSet
from casework.api.common import own_team
from lifecoaching import selectors, services
from lifecoaching import serializers as s
from lifecoaching.models import Coach, CoachMatch, CoachSession, SchoolStatus


class NewestFirst(CursorPagination):
    ordering = "-created_at"


class LifecoachingViewSet(ListMixin, RetrieveMixin, CaseworkViewSet):
    # Every lifecoaching endpoint: newest first, no django-filter.
    pagination_class = NewestFirst
    filter_backends: list = []


# --- coaches ------------------------------------------------------------------------------


@endpoints(
    s.LifecoachingCoachSerializer,
    list=Op(
        "List the coaches of your teams",
        description="Names and contact details decrypted; each coach returned is logged.",
    ),
    retrieve="Read a coach",
    create=Op(
        "Add a coach to one of your teams (caseworker or team lead)",
        s.LifecoachingCoachCreateSerializer,
    ),
    partial_update=Op(
        "Change a coach (send the version you read)", s.LifecoachingCoachUpdateSerializer
    ),
)
class CoachViewSet(CreateMixin, UpdateMixin, LifecoachingViewSet):
    queryset = Coach.objects.none()
    serializer_class = s.LifecoachingCoachSerializer
    logged_as = ("api_lifecoaching_coach", "api_lifecoaching_coach")
    subject = "coach.pk"
    subject_type = "coach"

    def get_queryset(self):
        return selectors.visible_coaches(self.request.user).select_related("data_key", "team")

    def rows(self, coaches, action: str) -> list:
        return super().rows(selectors.coach_views(coaches), action)

    def to_data(self, view, cipher=None):
        c = view.coach
        return {
            "id": c.pk,
            "version": c.version,
            "team": c.team.code,
            "name": view.name,
            "contact": view.contact,
            "kind": c.kind,
            "vog_date": c.vog_date,
            "vog_expiry": c.vog_expiry,
            "interests": c.interests,
            "capacity": c.capacity,
            "running_matches": view.running,
            "active": c.active,
        }

    creates = Creates(
        services.create_coach, s.LifecoachingCoachCreateSerializer, {"team": own_team}
    )

    updates = Updates(services.update_coach, s.LifecoachingCoachUpdateSerializer, "coach")


# --- matches ------------------------------------------------------------------------------


@endpoints(
    s.LifecoachingMatchSerializer,
    list="List the coach matches of your teams' young people",
    retrieve="Read a coach match",
    create=Op(
        "Record the coach a young person chose",
        s.LifecoachingMatchCreateSerializer,
        description="Refused (400): an expired VOG on the start date, a full or inactive "
        "coach, a second running match for the enrolment.",
    ),
    partial_update=Op(
        "End a coach match (send the version you read)", s.LifecoachingMatchEndSerializer
    ),
)
class MatchViewSet(CreateMixin, UpdateMixin, LifecoachingViewSet):
    queryset = CoachMatch.objects.none()
    serializer_class = s.LifecoachingMatchSerializer

    def get_queryset(self):
        return selectors.visible_matches(self.request.user).select_related("enrolment")

    creates = Creates(
        services.create_match,
        s.LifecoachingMatchCreateSerializer,
        {"enrolment": selectors.get_enrolment, "coach": selectors.get_coach},
    )

    updates = Updates(
        services.end_match, s.LifecoachingMatchEndSerializer, "match", selectors.get_match
    )


# --- sessions -----------------------------------------------------------------------------


@endpoints(
    s.LifecoachingSessionSerializer,
    list=Op(
        "List the coach sessions of your teams' young people",
        description="Notes decrypted; each young person returned is logged.",
    ),
    retrieve="Read a coach session",
    create=Op("Log a session with the coach", s.LifecoachingSessionCreateSerializer),
)
class SessionViewSet(CreateMixin, LifecoachingViewSet):
    queryset = CoachSession.objects.none()
    serializer_class = s.LifecoachingSessionSerializer
    http_method_names = ["get", "post", "head", "options"]
    logged_as = ("api_lifecoaching_session", "api_lifecoaching_session")
    subject = "match.enrolment.participant_id"
    data_key = "match.enrolment.participant.data_key"

    def get_queryset(self):
        return selectors.visible_sessions(self.request.user).select_related(
            "match__enrolment__participant__data_key"
        )

    def to_data(self, x, cipher=None):
        return {
            "id": x.pk,
            "version": x.version,
            "match_id": x.match_id,
            "match": x.match,
            "date": x.date,
            "duration_minutes": x.duration_minutes,
            "kind": x.kind,
            "note": cipher.open(model=CoachSession, column="note", row_pk=x.pk, envelope=x.note),
        }

    creates = Creates(
        services.log_session, s.LifecoachingSessionCreateSerializer, {"match": selectors.get_match}
    )


# --- school statuses ----------------------------------------------------------------------


@endpoints(
    s.LifecoachingSchoolStatusSerializer,
    list=Op(
        "List the school statuses of your teams' young people",
        description="School names decrypted; each young person returned is logged.",
    ),
    retrieve="Read a school status",
    create=Op(
        "Record a school status (and its outcome measures)",
        s.LifecoachingSchoolStatusCreateSerializer,
    ),
)
class SchoolStatusViewSet(CreateMixin, LifecoachingViewSet):
    queryset = SchoolStatus.objects.none()
    serializer_class = s.LifecoachingSchoolStatusSerializer
    http_method_names = ["get", "post", "head", "options"]
    logged_as = ("api_lifecoaching_school_status", "api_lifecoaching_school_status")
    subject = "enrolment.participant_id"
    data_key = "enrolment.participant.data_key"

    def get_queryset(self):
        return selectors.visible_school_statuses(self.request.user).select_related(
            "enrolment__participant__data_key"
        )

    def to_data(self, x, cipher=None):
        return {
            "id": x.pk,
            "version": x.version,
            "enrolment_id": x.enrolment_id,
            "enrolment": x.enrolment,
            "date": x.date,
            "school_name": cipher.open(
                model=SchoolStatus, column="school_name", row_pk=x.pk, envelope=x.school_name
            ),
            "level": x.level,
            "advice": x.advice,
            "at_advised_level": x.at_advised_level,
            "attendance_concern": x.attendance_concern,
            "dropout_risk": x.dropout_risk,
            "start_qualification": x.start_qualification,
        }

    creates = Creates(
        services.record_school_status,
        s.LifecoachingSchoolStatusCreateSerializer,
        {"enrolment": selectors.get_enrolment},
    )


router = SimpleRouter()
router.register("lifecoaching/coaches", CoachViewSet, basename="lifecoaching-coach")
router.register("lifecoaching/matches", MatchViewSet, basename="lifecoaching-match")
router.register("lifecoaching/sessions", SessionViewSet, basename="lifecoaching-session")
router.register(
    "lifecoaching/school-statuses", SchoolStatusViewSet, basename="lifecoaching-school-status"
)

# File roles only (the rest gets 403); team scope within the views, coach writes for
# caseworkers and team leads (the service refuses a peer expert with 403).
urlpatterns = declare(router.urls, roles=FILE_ROLES)
