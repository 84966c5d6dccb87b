"""The enrolments endpoint: enrolments of the user's teams, enrolling and ending."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.response import Response

from apibase.framework import (
    LIST_ERRORS,
    READ_ERRORS,
    UPDATE_ERRORS,
    WRITE_ERRORS,
    created,
    parse_pk,
)
from casework import filters, selectors, services
from casework import serializers as s
from casework.api.common import CaseworkViewSet, log_returned, own_team
from casework.models import Enrolment


@extend_schema_view(
    list=extend_schema(
        summary="List the enrolments of your teams",
        responses={200: s.EnrolmentSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Read an enrolment", responses={200: s.EnrolmentSerializer, **READ_ERRORS}
    ),
    create=extend_schema(
        summary="Enrol a participant of your caseload in another programme",
        request=s.EnrolmentCreateSerializer,
        responses={201: s.EnrolmentSerializer, **WRITE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="End an enrolment (completed or stopped)",
        request=s.EnrolmentEndSerializer,
        responses={200: s.EnrolmentSerializer, **UPDATE_ERRORS},
    ),
)
class EnrolmentViewSet(CaseworkViewSet):
    queryset = Enrolment.objects.none()
    serializer_class = s.EnrolmentSerializer
    filterset_class = filters.EnrolmentFilter

    def get_queryset(self):
        return selectors.visible_enrolments(self.request.user).select_related(
            "programme", "team", "plan"
        )

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        log_returned(request.user, [e.participant_id for e in page], "api_enrolments", "list")
        return self.get_paginated_response(s.EnrolmentSerializer(page, many=True).data)

    def _one(self, pk) -> Enrolment:
        enrolment = self.get_queryset().filter(pk=parse_pk(pk)).first()
        if enrolment is None:
            raise Http404
        log_returned(self.request.user, [enrolment.participant_id], "api_enrolment", "view")
        return enrolment

    def retrieve(self, request, pk=None):
        return Response(s.EnrolmentSerializer(self._one(pk)).data)

    def create(self, request):
        serializer = s.EnrolmentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        participant = selectors.get_participant(request.user, data["participant"])
        enrolment = services.enrol(
            actor=request.user,
            participant=participant,
            programme_code=data["programme"],
            team=own_team(request.user, data["team"]),
            start_date=data["start_date"],
            legal_basis=data["legal_basis"],
            finding_place=data.get("finding_place", ""),
        )
        return created(s.EnrolmentSerializer(self._one(enrolment.pk)).data)

    def partial_update(self, request, pk=None):
        enrolment = self._one(pk)
        serializer = s.EnrolmentEndSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.end_enrolment(
            actor=request.user,
            enrolment=enrolment,
            expected_version=data["version"],
            end_date=data["end_date"],
            status=data["status"],
        )
        return Response(s.EnrolmentSerializer(self._one(pk)).data)
