"""API v1 endpoints of the lifecoaching app, mounted under /api/v1/ by koers.api_urls.

The same rules as the pages: reads start from this app's scoped selectors (the user's teams
only; another team's objects are 404), decrypt one page at a time and log every participant
(and coach) whose decrypted data is returned; writes go through ``lifecoaching.services``;
a stale ``version`` gets 409."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from accounts.models import Team
from accounts.roles import FILE_ROLES
from apibase.framework import (
    LIST_ERRORS,
    READ_ERRORS,
    UPDATE_ERRORS,
    WRITE_ERRORS,
    CursorPagination,
    created,
    declare,
    parse_pk,
)
from casework.api import CaseworkViewSet
from lifecoaching import selectors, services
from lifecoaching import serializers as s
from lifecoaching.models import Coach, CoachMatch, CoachSession, SchoolStatus
from privacy import services as privacy_services
from privacy.crypto import Cipher


def _log(user, subject_ids, what: str, action: str, subject_type: str = "participant") -> None:
    """One access event per subject returned (purpose care), like the pages write."""
    privacy_services.log_access(
        user=user,
        looks=[
            privacy_services.Look(
                subject_id=pk, what=what, action=action, subject_type=subject_type
            )
            for pk in dict.fromkeys(subject_ids)
        ],
        purpose="care",
    )


class NewestFirst(CursorPagination):
    ordering = "-created_at"


# --- coaches ------------------------------------------------------------------------------


def _coach_data(view) -> dict:
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


@extend_schema_view(
    list=extend_schema(
        summary="List the coaches of your teams",
        description="Names and contact details decrypted; each coach returned is logged.",
        responses={200: s.LifecoachingCoachSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Read a coach", responses={200: s.LifecoachingCoachSerializer, **READ_ERRORS}
    ),
    create=extend_schema(
        summary="Add a coach to one of your teams (caseworker or team lead)",
        request=s.LifecoachingCoachCreateSerializer,
        responses={201: s.LifecoachingCoachSerializer, **WRITE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="Change a coach (send the version you read)",
        request=s.LifecoachingCoachUpdateSerializer,
        responses={200: s.LifecoachingCoachSerializer, **UPDATE_ERRORS},
    ),
)
class CoachViewSet(CaseworkViewSet):
    queryset = Coach.objects.none()
    serializer_class = s.LifecoachingCoachSerializer
    pagination_class = NewestFirst
    filter_backends: list = []

    def get_queryset(self):
        return selectors.visible_coaches(self.request.user).select_related("data_key", "team")

    def _rows(self, coaches, action: str) -> list[dict]:
        views = selectors.coach_views(coaches)
        _log(
            self.request.user,
            [v.coach.pk for v in views],
            "api_lifecoaching_coach",
            action,
            "coach",
        )
        return [_coach_data(v) for v in views]

    def _coach(self, pk) -> Coach:
        coach = self.get_queryset().filter(pk=parse_pk(pk)).first()
        if coach is None:
            raise Http404
        return coach

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(
            s.LifecoachingCoachSerializer(self._rows(page, "list"), many=True).data
        )

    def retrieve(self, request, pk=None):
        return Response(
            s.LifecoachingCoachSerializer(self._rows([self._coach(pk)], "view")[0]).data
        )

    def create(self, request):
        serializer = s.LifecoachingCoachCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        team = Team.objects.filter(
            code=data.pop("team"), active=True, memberships__user=request.user
        ).first()
        if team is None:
            raise ValidationError({"team": ["Geen actief team van u met deze code."]})
        coach = services.create_coach(actor=request.user, team=team, **data)
        return created(
            s.LifecoachingCoachSerializer(self._rows([self._coach(coach.pk)], "view")[0]).data
        )

    def partial_update(self, request, pk=None):
        coach = self._coach(pk)
        serializer = s.LifecoachingCoachUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        services.update_coach(
            actor=request.user, coach=coach, expected_version=data.pop("version"), **data
        )
        return Response(
            s.LifecoachingCoachSerializer(self._rows([self._coach(pk)], "view")[0]).data
        )


# --- matches ------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="List the coach matches of your teams' young people",
        responses={200: s.LifecoachingMatchSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Read a coach match", responses={200: s.LifecoachingMatchSerializer, **READ_ERRORS}
    ),
    create=extend_schema(
        summary="Record the coach a young person chose",
        description="Refused (400): an expired VOG on the start date, a full or inactive "
        "coach, a second running match for the enrolment.",
        request=s.LifecoachingMatchCreateSerializer,
        responses={201: s.LifecoachingMatchSerializer, **WRITE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="End a coach match (send the version you read)",
        request=s.LifecoachingMatchEndSerializer,
        responses={200: s.LifecoachingMatchSerializer, **UPDATE_ERRORS},
    ),
)
class MatchViewSet(CaseworkViewSet):
    queryset = CoachMatch.objects.none()
    serializer_class = s.LifecoachingMatchSerializer
    pagination_class = NewestFirst
    filter_backends: list = []

    def get_queryset(self):
        return selectors.visible_matches(self.request.user).select_related("enrolment")

    def _match(self, pk) -> CoachMatch:
        match = self.get_queryset().filter(pk=parse_pk(pk)).first()
        if match is None:
            raise Http404
        return match

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.LifecoachingMatchSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(s.LifecoachingMatchSerializer(self._match(pk)).data)

    def create(self, request):
        serializer = s.LifecoachingMatchCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        match = services.create_match(
            actor=request.user,
            enrolment=selectors.get_enrolment(request.user, data["enrolment"]),
            coach=selectors.get_coach(request.user, data["coach"]),
            start_date=data["start_date"],
            chosen_by_young_person=data["chosen_by_young_person"],
            interests_asked=data["interests_asked"],
            suggested_coaches=data["suggested_coaches"],
        )
        return created(s.LifecoachingMatchSerializer(self._match(match.pk)).data)

    def partial_update(self, request, pk=None):
        match = selectors.get_match(request.user, parse_pk(pk))
        serializer = s.LifecoachingMatchEndSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.end_match(
            actor=request.user,
            match=match,
            expected_version=serializer.validated_data["version"],
            end_date=serializer.validated_data["end_date"],
        )
        return Response(s.LifecoachingMatchSerializer(self._match(pk)).data)


# --- sessions -----------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="List the coach sessions of your teams' young people",
        description="Notes decrypted; each young person returned is logged.",
        responses={200: s.LifecoachingSessionSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Read a coach session",
        responses={200: s.LifecoachingSessionSerializer, **READ_ERRORS},
    ),
    create=extend_schema(
        summary="Log a session with the coach",
        request=s.LifecoachingSessionCreateSerializer,
        responses={201: s.LifecoachingSessionSerializer, **WRITE_ERRORS},
    ),
)
class SessionViewSet(CaseworkViewSet):
    queryset = CoachSession.objects.none()
    serializer_class = s.LifecoachingSessionSerializer
    pagination_class = NewestFirst
    filter_backends: list = []
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return selectors.visible_sessions(self.request.user).select_related(
            "match__enrolment__participant__data_key"
        )

    def _rows(self, sessions, action: str) -> list[dict]:
        sessions = list(sessions)
        cipher = Cipher().load(x.match.enrolment.participant.data_key for x in sessions)
        _log(
            self.request.user,
            [x.match.enrolment.participant_id for x in sessions],
            "api_lifecoaching_session",
            action,
        )
        return [
            {
                "id": x.pk,
                "version": x.version,
                "match_id": x.match_id,
                "match": x.match,
                "date": x.date,
                "duration_minutes": x.duration_minutes,
                "kind": x.kind,
                "note": cipher.open(
                    model=CoachSession, column="note", row_pk=x.pk, envelope=x.note
                ),
            }
            for x in sessions
        ]

    def _session(self, pk) -> CoachSession:
        session = self.get_queryset().filter(pk=parse_pk(pk)).first()
        if session is None:
            raise Http404
        return session

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(
            s.LifecoachingSessionSerializer(self._rows(page, "list"), many=True).data
        )

    def retrieve(self, request, pk=None):
        return Response(
            s.LifecoachingSessionSerializer(self._rows([self._session(pk)], "view")[0]).data
        )

    def create(self, request):
        serializer = s.LifecoachingSessionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        match = selectors.get_match(request.user, data.pop("match"))
        session = services.log_session(actor=request.user, match=match, **data)
        return created(
            s.LifecoachingSessionSerializer(self._rows([self._session(session.pk)], "view")[0]).data
        )


# --- school statuses ----------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="List the school statuses of your teams' young people",
        description="School names decrypted; each young person returned is logged.",
        responses={200: s.LifecoachingSchoolStatusSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Read a school status",
        responses={200: s.LifecoachingSchoolStatusSerializer, **READ_ERRORS},
    ),
    create=extend_schema(
        summary="Record a school status (and its outcome measures)",
        request=s.LifecoachingSchoolStatusCreateSerializer,
        responses={201: s.LifecoachingSchoolStatusSerializer, **WRITE_ERRORS},
    ),
)
class SchoolStatusViewSet(CaseworkViewSet):
    queryset = SchoolStatus.objects.none()
    serializer_class = s.LifecoachingSchoolStatusSerializer
    pagination_class = NewestFirst
    filter_backends: list = []
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return selectors.visible_school_statuses(self.request.user).select_related(
            "enrolment__participant__data_key"
        )

    def _rows(self, statuses, action: str) -> list[dict]:
        statuses = list(statuses)
        cipher = Cipher().load(x.enrolment.participant.data_key for x in statuses)
        _log(
            self.request.user,
            [x.enrolment.participant_id for x in statuses],
            "api_lifecoaching_school_status",
            action,
        )
        return [
            {
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
            for x in statuses
        ]

    def _status(self, pk) -> SchoolStatus:
        row = self.get_queryset().filter(pk=parse_pk(pk)).first()
        if row is None:
            raise Http404
        return row

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(
            s.LifecoachingSchoolStatusSerializer(self._rows(page, "list"), many=True).data
        )

    def retrieve(self, request, pk=None):
        return Response(
            s.LifecoachingSchoolStatusSerializer(self._rows([self._status(pk)], "view")[0]).data
        )

    def create(self, request):
        serializer = s.LifecoachingSchoolStatusCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        enrolment = selectors.get_enrolment(request.user, data.pop("enrolment"))
        row = services.record_school_status(actor=request.user, enrolment=enrolment, **data)
        return created(
            s.LifecoachingSchoolStatusSerializer(self._rows([self._status(row.pk)], "view")[0]).data
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
