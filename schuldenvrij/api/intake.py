"""API of the financial intake and the budget snapshots."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.response import Response

from apibase.framework import (
    LIST_ERRORS,
    READ_ERRORS,
    UPDATE_ERRORS,
    WRITE_ERRORS,
    created,
)
from privacy.crypto import Cipher
from schuldenvrij import selectors, services
from schuldenvrij import serializers as s
from schuldenvrij.api.base import SchuldenvrijViewSet
from schuldenvrij.models import (
    AMOUNT_FIELDS,
    BudgetSnapshot,
    FinancialIntake,
)


def _intake_data(intake: FinancialIntake, cipher: Cipher) -> dict:
    return {
        "id": intake.pk,
        "version": intake.version,
        "enrolment": intake.enrolment_id,
        "participant": intake.enrolment.participant_id,
        "date": intake.date,
        "situation": cipher.open(
            model=FinancialIntake, column="situation", row_pk=intake.pk, envelope=intake.situation
        ),
    }


@extend_schema_view(
    list=extend_schema(
        summary="List the financial intakes of your team",
        responses={200: s.IntakeSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Read a financial intake", responses={200: s.IntakeSerializer, **READ_ERRORS}
    ),
    create=extend_schema(
        summary="Record the financial intake of an enrolment",
        request=s.IntakeCreateSerializer,
        responses={201: s.IntakeSerializer, **WRITE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="Correct a financial intake",
        request=s.IntakeUpdateSerializer,
        responses={200: s.IntakeSerializer, **UPDATE_ERRORS},
    ),
)
class IntakeViewSet(SchuldenvrijViewSet):
    queryset = FinancialIntake.objects.none()
    serializer_class = s.IntakeSerializer

    def get_queryset(self):
        return self.scoped(FinancialIntake).select_related("enrolment__participant__data_key")

    def _rows(self, intakes, what: str, action_name: str) -> list[dict]:
        cipher = Cipher().load(i.enrolment.participant.data_key for i in intakes)
        selectors._log(
            self.request.user, [i.enrolment.participant_id for i in intakes], what, action_name
        )
        return [_intake_data(i, cipher) for i in intakes]

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(
            s.IntakeSerializer(self._rows(page, "api_intakes", "list"), many=True).data
        )

    def retrieve(self, request, pk=None):
        intake = self.one(self.get_queryset(), pk)
        return Response(s.IntakeSerializer(self._rows([intake], "api_intake", "view")[0]).data)

    def create(self, request):
        serializer = s.IntakeCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        intake = services.save_intake(
            actor=request.user,
            enrolment=selectors.get_enrolment(request.user, data["enrolment"]),
            date=data["date"],
            situation=data.get("situation", ""),
        )
        return created(self.retrieve(request, pk=intake.pk).data)

    def partial_update(self, request, pk=None):
        intake = self.one(self.get_queryset(), pk)
        serializer = s.IntakeUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        current = self._rows([intake], "api_intake", "view")[0]
        services.save_intake(
            actor=request.user,
            enrolment=intake.enrolment,
            date=data.get("date", intake.date),
            situation=data.get("situation", current["situation"] or ""),
            expected_version=data["version"],
        )
        return self.retrieve(request, pk=pk)


def _snapshot_data(snapshot: BudgetSnapshot) -> dict:
    return {
        "id": snapshot.pk,
        "version": snapshot.version,
        "enrolment": snapshot.enrolment_id,
        "participant": snapshot.enrolment.participant_id,
        "date": snapshot.date,
        "amounts": {name: getattr(snapshot, name) for name in AMOUNT_FIELDS},
        "income": snapshot.income,
        "costs": snapshot.costs,
        "room": snapshot.room,
    }


@extend_schema_view(
    list=extend_schema(
        summary="List the budget snapshots of your team",
        parameters=[OpenApiParameter("enrolment", str, description="Only this enrolment.")],
        responses={200: s.SnapshotSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Read a budget snapshot", responses={200: s.SnapshotSerializer, **READ_ERRORS}
    ),
    create=extend_schema(
        summary="Record a budget snapshot (monthly income and fixed costs)",
        description="Amounts are monthly euros, each >= 0; the monthly room (income - costs) "
        "is recorded as the outcome value schuldenvrij_monthly_room.",
        request=s.SnapshotCreateSerializer,
        responses={201: s.SnapshotSerializer, **WRITE_ERRORS},
    ),
)
class SnapshotViewSet(SchuldenvrijViewSet):
    queryset = BudgetSnapshot.objects.none()
    serializer_class = s.SnapshotSerializer
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        qs = self.scoped(BudgetSnapshot).select_related("enrolment")
        enrolment = self.request.query_params.get("enrolment")
        if enrolment:
            try:
                qs = qs.filter(enrolment_id=uuid.UUID(enrolment))
            except ValueError:
                raise ValidationError({"enrolment": ["Geen geldig id."]}) from None
        return qs

    def list(self, request):
        return self.logged_page(
            s.SnapshotSerializer,
            _snapshot_data,
            lambda x: x.enrolment.participant_id,
            "api_snapshots",
        )

    def retrieve(self, request, pk=None):
        snapshot = self.one(self.get_queryset(), pk)
        selectors._log(request.user, [snapshot.enrolment.participant_id], "api_snapshot", "view")
        return Response(s.SnapshotSerializer(_snapshot_data(snapshot)).data)

    def create(self, request):
        serializer = s.SnapshotCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        snapshot = services.add_snapshot(
            actor=request.user,
            enrolment=selectors.get_enrolment(request.user, data["enrolment"]),
            date=data["date"],
            amounts=data["amounts"],
        )
        return created(self.retrieve(request, pk=snapshot.pk).data)
