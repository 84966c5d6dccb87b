"""The participants endpoint: the caseload, decrypted a page at a time, and identity corrections."""

from __future__ import annotations

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
from casework import filters, permissions, selectors, services
from casework import serializers as s
from casework.api.common import CaseworkViewSet, log_returned, own_team
from casework.models import Participant
from casework.validation import Identity
from privacy.crypto import Cipher
from privacy.models import AccessEvent


def _person(view) -> dict:
    return {name: getattr(view, name) for name in s.ParticipantDetailSerializer().fields}


@extend_schema_view(
    list=extend_schema(
        summary="List the participants of your caseload",
        description="Participants with an active enrolment in one of your teams, newest page "
        "first by id; names, client reference and date of birth decrypted. Each returned "
        "participant is written to the access log.",
        responses={200: s.ParticipantListSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Read a participant",
        description="All identifying fields; the BSN only for caseworkers and team leads.",
        responses={200: s.ParticipantDetailSerializer, **READ_ERRORS},
    ),
    create=extend_schema(
        summary="Register a participant",
        description="Registers and enrols the participant in a programme of one of your teams.",
        request=s.ParticipantCreateSerializer,
        responses={201: s.ParticipantDetailSerializer, **WRITE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="Correct a participant's identifying data",
        description="Send `version` as read; fields left out keep their value. A stale "
        "version gets 409 and nothing is saved.",
        request=s.ParticipantUpdateSerializer,
        responses={200: s.ParticipantDetailSerializer, **UPDATE_ERRORS},
    ),
)
class ParticipantViewSet(CaseworkViewSet):
    queryset = Participant.objects.none()
    filterset_class = filters.ParticipantFilter
    serializer_class = s.ParticipantListSerializer

    def get_queryset(self):
        return selectors.visible_participants(self.request.user).select_related("data_key")

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        cipher = Cipher().load(p.data_key for p in page)
        people = [
            selectors.decrypt_person(p, cipher, show_bsn=False, fields=selectors.LIST_FIELDS)
            for p in page
        ]
        log_returned(
            request.user, [p.pk for p in page], "api_participants", AccessEvent.Action.LIST
        )
        data = [
            {name: getattr(v, name) for name in s.ParticipantListSerializer().fields}
            for v in people
        ]
        return self.get_paginated_response(s.ParticipantListSerializer(data, many=True).data)

    def _detail(self, participant: Participant) -> dict:
        cipher = Cipher().load([participant.data_key])
        view = selectors.decrypt_person(
            participant, cipher, show_bsn=permissions.may_see_bsn(self.request.user)
        )
        log_returned(
            self.request.user, [participant.pk], "api_participant", AccessEvent.Action.VIEW
        )
        return s.ParticipantDetailSerializer(_person(view)).data

    def retrieve(self, request, pk=None):
        return Response(self._detail(selectors.get_participant(request.user, parse_pk(pk))))

    def create(self, request):
        serializer = s.ParticipantCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if data.get("bsn") and not permissions.may_see_bsn(request.user):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        team = own_team(request.user, data.pop("team"))
        programme = data.pop("programme")
        start_date = data.pop("start_date")
        legal_basis = data.pop("legal_basis")
        finding_place = data.pop("finding_place", "")
        participant = services.register_participant(
            actor=request.user,
            identity=Identity(**data),
            team=team,
            programme_code=programme,
            start_date=start_date,
            legal_basis=legal_basis,
            finding_place=finding_place,
        )
        participant = Participant.objects.select_related("data_key").get(pk=participant.pk)
        return created(self._detail(participant))

    def partial_update(self, request, pk=None):
        participant = selectors.get_participant(request.user, parse_pk(pk))
        serializer = s.ParticipantUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version")
        if not permissions.may_see_bsn(request.user):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied  # the service refuses too: correcting needs the whole file
        cipher = Cipher().load([participant.data_key])
        current = selectors.decrypt_person(participant, cipher, show_bsn=True)
        values = {
            name: getattr(current, name) or ""
            for name in s.IdentityInputSerializer().fields
            if name != "date_of_birth"
        }
        values["date_of_birth"] = current.date_of_birth_value
        values.update(data)
        services.update_participant(
            actor=request.user,
            participant=participant,
            expected_version=version,
            identity=Identity(**values, year_of_birth=participant.year_of_birth),
        )
        participant = Participant.objects.select_related("data_key").get(pk=participant.pk)
        return Response(self._detail(participant))
