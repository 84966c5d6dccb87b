"""The households endpoint: households of the caseload and their members."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response

from apibase.framework import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS, created, parse_pk
from casework import selectors, services
from casework import serializers as s
from casework.api.common import CaseworkViewSet, log_returned
from casework.models import Household
from privacy.crypto import Cipher
from privacy.models import AccessEvent


@extend_schema_view(
    list=extend_schema(
        summary="List the households of your caseload",
        responses={200: s.HouseholdSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Read a household with its members",
        responses={200: s.HouseholdDetailSerializer, **READ_ERRORS},
    ),
    create=extend_schema(
        summary="Create a household around a participant of your caseload",
        request=s.HouseholdCreateSerializer,
        responses={201: s.HouseholdDetailSerializer, **WRITE_ERRORS},
    ),
)
class HouseholdViewSet(CaseworkViewSet):
    queryset = Household.objects.none()
    serializer_class = s.HouseholdSerializer
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return selectors.visible_households(self.request.user).select_related("data_key")

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        cipher = Cipher().load(h.data_key for h in page)
        data = [
            {
                "id": h.pk,
                "version": h.version,
                "wijk": h.wijk,
                "name": cipher.open(model=Household, column="name", row_pk=h.pk, envelope=h.name),
                "reference": cipher.open(
                    model=Household, column="reference", row_pk=h.pk, envelope=h.reference
                ),
            }
            for h in page
        ]
        log_returned(
            request.user,
            [h.pk for h in page],
            "api_households",
            AccessEvent.Action.LIST,
            subject_type="household",
        )
        return self.get_paginated_response(s.HouseholdSerializer(data, many=True).data)

    def _detail(self, pk) -> dict:
        view = selectors.household_view(self.request.user, pk)
        household = view.household
        data = {
            "id": household.pk,
            "version": household.version,
            "wijk": household.wijk,
            "name": view.name,
            "reference": view.reference,
            "members": [
                {
                    "participant": m.membership.participant_id if m.person else None,
                    "role": m.membership.role,
                    "start_date": m.membership.start_date,
                    "end_date": m.membership.end_date,
                }
                for m in view.members
            ],
        }
        return s.HouseholdDetailSerializer(data).data

    def retrieve(self, request, pk=None):
        return Response(self._detail(parse_pk(pk)))

    def create(self, request):
        serializer = s.HouseholdCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        participant = selectors.get_participant(request.user, data["first_member"])
        household = services.create_household(
            actor=request.user,
            name=data.get("name", ""),
            reference=data.get("reference", ""),
            wijk=data.get("wijk", ""),
            first_member=participant,
            role=data["role"],
            start_date=data["start_date"],
        )
        return created(self._detail(household.pk))

    @extend_schema(
        summary="Add a participant of your caseload to a household",
        request=s.HouseholdMemberCreateSerializer,
        responses={201: s.HouseholdDetailSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def members(self, request, pk=None):
        household = selectors.get_household(request.user, parse_pk(pk))
        serializer = s.HouseholdMemberCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        participant = selectors.get_participant(request.user, data["participant"])
        services.add_household_member(
            actor=request.user,
            household=household,
            participant=participant,
            role=data["role"],
            start_date=data["start_date"],
        )
        return created(self._detail(household.pk))
