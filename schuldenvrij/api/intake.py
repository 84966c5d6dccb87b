"""API of the financial intake and the budget snapshots."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter

from apibase.schema import Op, endpoints
from apibase.viewsets import CreateMixin, Creates, ListMixin, RetrieveMixin
from schuldenvrij import selectors, services
from schuldenvrij import serializers as s
from schuldenvrij.api.base import SchuldenvrijViewSet
from schuldenvrij.models import (
    AMOUNT_FIELDS,
    BudgetSnapshot,
    FinancialIntake,
)


@endpoints(
    s.IntakeSerializer,
    list="List the financial intakes of your team",
    retrieve="Read a financial intake",
    create=Op("Record the financial intake of an enrolment", s.IntakeCreateSerializer),
    partial_update=Op("Correct a financial intake", s.IntakeUpdateSerializer),
)
class IntakeViewSet(CreateMixin, ListMixin, RetrieveMixin, SchuldenvrijViewSet):
    queryset = FinancialIntake.objects.none()
    serializer_class = s.IntakeSerializer
    logged_as = ("api_intakes", "api_intake")
    data_key = "enrolment.participant.data_key"

    def get_queryset(self):
        return self.scoped(FinancialIntake).select_related("enrolment__participant__data_key")

    def to_data(self, intake, cipher=None):
        return {
            **self.keys_of(intake),
            "date": intake.date,
            "situation": cipher.open(
                model=FinancialIntake,
                column="situation",
                row_pk=intake.pk,
                envelope=intake.situation,
            ),
        }

    creates = Creates(
        services.save_intake, s.IntakeCreateSerializer, {"enrolment": selectors.get_enrolment}
    )

    def partial_update(self, request, pk=None):
        intake = self.one(pk)
        data = self.parsed(s.IntakeUpdateSerializer)
        current = self.rows([intake], "view")[0]
        services.save_intake(
            actor=request.user,
            enrolment=intake.enrolment,
            date=data.get("date", intake.date),
            situation=data.get("situation", current["situation"] or ""),
            expected_version=data["version"],
        )
        return self.answer(self.one(pk))


@endpoints(
    s.SnapshotSerializer,
    list=Op(
        "List the budget snapshots of your team",
        parameters=[OpenApiParameter("enrolment", str, description="Only this enrolment.")],
    ),
    retrieve="Read a budget snapshot",
    create=Op(
        "Record a budget snapshot (monthly income and fixed costs)",
        s.SnapshotCreateSerializer,
        description="Amounts are monthly euros, each >= 0; the monthly room (income - costs) "
        "is recorded as the outcome value schuldenvrij_monthly_room.",
    ),
)
class SnapshotViewSet(CreateMixin, ListMixin, RetrieveMixin, SchuldenvrijViewSet):
    queryset = BudgetSnapshot.objects.none()
    serializer_class = s.SnapshotSerializer
    http_method_names = ["get", "post", "head", "options"]
    logged_as = ("api_snapshots", "api_snapshot")

    def get_queryset(self):
        qs = self.scoped(BudgetSnapshot).select_related("enrolment")
        enrolment = self.request.query_params.get("enrolment")
        if enrolment:
            try:
                qs = qs.filter(enrolment_id=uuid.UUID(enrolment))
            except ValueError:
                raise ValidationError({"enrolment": ["Geen geldig id."]}) from None
        return qs

    def to_data(self, snapshot, cipher=None):
        return {
            **self.keys_of(snapshot),
            "date": snapshot.date,
            "amounts": {name: getattr(snapshot, name) for name in AMOUNT_FIELDS},
            "income": snapshot.income,
            "costs": snapshot.costs,
            "room": snapshot.room,
        }

    creates = Creates(
        services.add_snapshot, s.SnapshotCreateSerializer, {"enrolment": selectors.get_enrolment}
    )
