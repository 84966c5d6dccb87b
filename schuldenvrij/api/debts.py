"""API of debts, pilot places and forgiveness."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response

from apibase.framework import (
    LIST_ERRORS,
    READ_ERRORS,
    UPDATE_ERRORS,
    WRITE_ERRORS,
    created,
    parse_pk,
)
from privacy.crypto import Cipher
from schuldenvrij import selectors, services
from schuldenvrij import serializers as s
from schuldenvrij.api.base import SchuldenvrijViewSet
from schuldenvrij.models import (
    Debt,
    Forgiveness,
    PilotPlace,
)


def _debt_data(view: selectors.DebtView) -> dict:
    debt = view.debt
    return {
        "id": debt.pk,
        "version": debt.version,
        "enrolment": debt.enrolment_id,
        "participant": debt.enrolment.participant_id,
        "creditor_kind": debt.creditor_kind,
        "creditor_name": view.creditor_name,
        "original_amount": debt.original_amount,
        "current_amount": debt.current_amount,
        "increase_reason": view.increase_reason,
        "status": debt.status,
        "since": debt.since,
    }


@extend_schema_view(
    list=extend_schema(
        summary="List the debts of your team's Schuldenvrij enrolments",
        responses={200: s.DebtSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(summary="Read a debt", responses={200: s.DebtSerializer, **READ_ERRORS}),
    create=extend_schema(
        summary="Add a debt",
        description="Amounts >= 0; a current amount above the original needs "
        "`increase_reason`. Status forgiven only through an approved forgiveness.",
        request=s.DebtCreateSerializer,
        responses={201: s.DebtSerializer, **WRITE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="Change a debt (new current amount, status, correction)",
        description="Send `version` as read; fields left out keep their value. The debts "
        "outstanding are recorded as a dated outcome value. A stale version gets 409.",
        request=s.DebtUpdateSerializer,
        responses={200: s.DebtSerializer, **UPDATE_ERRORS},
    ),
)
class DebtViewSet(SchuldenvrijViewSet):
    queryset = Debt.objects.none()
    serializer_class = s.DebtSerializer

    def get_queryset(self):
        return self.scoped(Debt).select_related("enrolment__participant__data_key")

    def _rows(self, debts, what: str, action_name: str) -> list[dict]:
        cipher = Cipher().load(d.enrolment.participant.data_key for d in debts)
        selectors._log(
            self.request.user, [d.enrolment.participant_id for d in debts], what, action_name
        )
        return [_debt_data(selectors.decrypt_debt(d, cipher)) for d in debts]

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(
            s.DebtSerializer(self._rows(page, "api_debts", "list"), many=True).data
        )

    def retrieve(self, request, pk=None):
        debt = self.one(self.get_queryset(), pk)
        return Response(s.DebtSerializer(self._rows([debt], "api_debt", "view")[0]).data)

    def create(self, request):
        serializer = s.DebtCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        enrolment = selectors.get_enrolment(request.user, data.pop("enrolment"))
        debt = services.add_debt(actor=request.user, enrolment=enrolment, **data)
        return created(self.retrieve(request, pk=debt.pk).data)

    def partial_update(self, request, pk=None):
        debt = self.one(self.get_queryset(), pk)
        serializer = s.DebtUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version")
        current = self._rows([debt], "api_debt", "view")[0]
        values = {
            name: current[name]
            for name in (
                "creditor_kind",
                "creditor_name",
                "original_amount",
                "current_amount",
                "increase_reason",
                "status",
                "since",
            )
        }
        values["creditor_name"] = values["creditor_name"] or ""
        values["increase_reason"] = values["increase_reason"] or ""
        values.update(data)
        services.update_debt(actor=request.user, debt=debt, expected_version=version, **values)
        return self.retrieve(request, pk=pk)


@extend_schema_view(
    list=extend_schema(
        summary="List the pilot places of your team's enrolments",
        responses={200: s.PlaceSerializer(many=True), **LIST_ERRORS},
    ),
    create=extend_schema(
        summary="Give an enrolment a place in the forgiveness pilot",
        description="Refused (400) when all places of the pilot are taken "
        "(KOERS_SCHULDENVRIJ_PLACES, 100 by default).",
        request=s.PlaceCreateSerializer,
        responses={201: s.PlaceSerializer, **WRITE_ERRORS},
    ),
)
class PlaceViewSet(SchuldenvrijViewSet):
    queryset = PilotPlace.objects.none()
    serializer_class = s.PlaceSerializer
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return self.scoped(PilotPlace).select_related("enrolment")

    @staticmethod
    def _data(place: PilotPlace) -> dict:
        return {
            "id": place.pk,
            "enrolment": place.enrolment_id,
            "participant": place.enrolment.participant_id,
            "admitted_on": place.admitted_on,
        }

    def list(self, request):
        return self.logged_page(
            s.PlaceSerializer, self._data, lambda p: p.enrolment.participant_id, "api_places"
        )

    def create(self, request):
        serializer = s.PlaceCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        place = services.admit_to_pilot(
            actor=request.user,
            enrolment=selectors.get_enrolment(request.user, data["enrolment"]),
            date=data["admitted_on"],
        )
        place = self.one(self.get_queryset(), place.pk)
        selectors._log(request.user, [place.enrolment.participant_id], "api_place", "view")
        return created(s.PlaceSerializer(self._data(place)).data)


def _forgiveness_data(f: Forgiveness) -> dict:
    return {
        "id": f.pk,
        "version": f.version,
        "enrolment": f.enrolment_id,
        "participant": f.enrolment.participant_id,
        "amount": f.amount,
        "date": f.date,
        "funding": f.funding,
        "status": f.status,
        "debts": [d.pk for d in f.debts.all()],
        "proposed_by": f.proposed_by_id,
        "decided_by": f.decided_by_id,
    }


@extend_schema_view(
    list=extend_schema(
        summary="List forgiveness proposals and decisions of your team",
        responses={200: s.ForgivenessSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Read a forgiveness", responses={200: s.ForgivenessSerializer, **READ_ERRORS}
    ),
    create=extend_schema(
        summary="Propose to forgive the residual debt",
        description="Needs a pilot place; the amount may not exceed the recorded residual "
        "debt of the debts covered.",
        request=s.ForgivenessCreateSerializer,
        responses={201: s.ForgivenessSerializer, **WRITE_ERRORS},
    ),
    decide=extend_schema(
        summary="Approve or reject a proposal (a team lead who did not propose it)",
        description="Four eyes. On approval the covered debts become forgiven and the "
        "follow-ups at 6, 12 and 24 months are planned. A stale version gets 409.",
        request=s.DecisionSerializer,
        responses={200: s.ForgivenessSerializer, **UPDATE_ERRORS},
    ),
)
class ForgivenessViewSet(SchuldenvrijViewSet):
    queryset = Forgiveness.objects.none()
    serializer_class = s.ForgivenessSerializer
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return self.scoped(Forgiveness).select_related("enrolment").prefetch_related("debts")

    def list(self, request):
        return self.logged_page(
            s.ForgivenessSerializer,
            _forgiveness_data,
            lambda f: f.enrolment.participant_id,
            "api_forgivenesses",
        )

    def retrieve(self, request, pk=None):
        forgiveness = self.one(self.get_queryset(), pk)
        selectors._log(
            request.user, [forgiveness.enrolment.participant_id], "api_forgiveness", "view"
        )
        return Response(s.ForgivenessSerializer(_forgiveness_data(forgiveness)).data)

    def create(self, request):
        serializer = s.ForgivenessCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        enrolment = selectors.get_enrolment(request.user, data["enrolment"])
        debts = None
        if data.get("debts"):
            debts = list(Debt.objects.filter(enrolment=enrolment, pk__in=data["debts"]))
            if len(debts) != len(set(data["debts"])):
                raise ValidationError({"debts": ["Kies schulden van dit traject."]})
        forgiveness = services.propose_forgiveness(
            actor=request.user,
            enrolment=enrolment,
            amount=data["amount"],
            date=data["date"],
            funding=data["funding"],
            debts=debts,
        )
        return created(self.retrieve(request, pk=forgiveness.pk).data)

    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        forgiveness = selectors.get_forgiveness(request.user, parse_pk(pk))
        serializer = s.DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.decide_forgiveness(
            actor=request.user,
            forgiveness=forgiveness,
            expected_version=serializer.validated_data["version"],
            approve=serializer.validated_data["decision"] == "approve",
        )
        return self.retrieve(request, pk=pk)
