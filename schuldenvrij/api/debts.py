"""API of debts, pilot places and forgiveness."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from rest_framework.decorators import action

from apibase.framework import parse_pk
from apibase.schema import Op, endpoints
from apibase.viewsets import CreateMixin, Creates, ListMixin, RetrieveMixin
from schuldenvrij import selectors, services
from schuldenvrij import serializers as s
from schuldenvrij.api.base import SchuldenvrijViewSet
from schuldenvrij.models import (
    Debt,
    Forgiveness,
    PilotPlace,
)

# What a change of a debt keeps of the debt when the body leaves it out.
_DEBT_FIELDS = (
    "creditor_kind",
    "creditor_name",
    "original_amount",
    "current_amount",
    "increase_reason",
    "status",
    "since",
)


@endpoints(
    s.DebtSerializer,
    list="List the debts of your team's Schuldenvrij enrolments",
    retrieve="Read a debt",
    create=Op(
        "Add a debt",
        s.DebtCreateSerializer,
        description="Amounts >= 0; a current amount above the original needs "
        "`increase_reason`. Status forgiven only through an approved forgiveness.",
    ),
    partial_update=Op(
        "Change a debt (new current amount, status, correction)",
        s.DebtUpdateSerializer,
        description="Send `version` as read; fields left out keep their value. The debts "
        "outstanding are recorded as a dated outcome value. A stale version gets 409.",
    ),
)
class DebtViewSet(CreateMixin, ListMixin, RetrieveMixin, SchuldenvrijViewSet):
    queryset = Debt.objects.none()
    serializer_class = s.DebtSerializer
    logged_as = ("api_debts", "api_debt")
    data_key = "enrolment.participant.data_key"

    def get_queryset(self):
        return self.scoped(Debt).select_related("enrolment__participant__data_key")

    def to_data(self, debt, cipher=None):
        view = selectors.decrypt_debt(debt, cipher)
        return {
            **self.keys_of(debt),
            "creditor_kind": debt.creditor_kind,
            "creditor_name": view.creditor_name,
            "original_amount": debt.original_amount,
            "current_amount": debt.current_amount,
            "increase_reason": view.increase_reason,
            "status": debt.status,
            "since": debt.since,
        }

    creates = Creates(
        services.add_debt, s.DebtCreateSerializer, {"enrolment": selectors.get_enrolment}
    )

    def partial_update(self, request, pk=None):
        debt = self.one(pk)
        data = self.parsed(s.DebtUpdateSerializer)
        version = data.pop("version")
        current = self.rows([debt], "view")[0]
        values = {name: current[name] for name in _DEBT_FIELDS}
        values["creditor_name"] = values["creditor_name"] or ""
        values["increase_reason"] = values["increase_reason"] or ""
        values.update(data)
        services.update_debt(actor=request.user, debt=debt, expected_version=version, **values)
        return self.answer(self.one(pk))


@endpoints(
    s.PlaceSerializer,
    list="List the pilot places of your team's enrolments",
    create=Op(
        "Give an enrolment a place in the forgiveness pilot",
        s.PlaceCreateSerializer,
        description="Refused (400) when all places of the pilot are taken "
        "(KOERS_SCHULDENVRIJ_PLACES, 100 by default).",
    ),
)
class PlaceViewSet(ListMixin, SchuldenvrijViewSet):
    queryset = PilotPlace.objects.none()
    serializer_class = s.PlaceSerializer
    http_method_names = ["get", "post", "head", "options"]
    logged_as = ("api_places", "api_place")

    def get_queryset(self):
        return self.scoped(PilotPlace).select_related("enrolment")

    def to_data(self, place, cipher=None):
        return {
            "id": place.pk,
            "enrolment": place.enrolment_id,
            "participant": place.enrolment.participant_id,
            "admitted_on": place.admitted_on,
        }

    def create(self, request):
        data = self.parsed(s.PlaceCreateSerializer)
        place = services.admit_to_pilot(
            actor=request.user,
            enrolment=selectors.get_enrolment(request.user, data["enrolment"]),
            date=data["admitted_on"],
        )
        return self.answer_created(place)


@endpoints(
    s.ForgivenessSerializer,
    list="List forgiveness proposals and decisions of your team",
    retrieve="Read a forgiveness",
    create=Op(
        "Propose to forgive the residual debt",
        s.ForgivenessCreateSerializer,
        description="Needs a pilot place; the amount may not exceed the recorded residual "
        "debt of the debts covered.",
    ),
    decide=Op(
        "Approve or reject a proposal (a team lead who did not propose it)",
        s.DecisionSerializer,
        description="Four eyes. On approval the covered debts become forgiven and the "
        "follow-ups at 6, 12 and 24 months are planned. A stale version gets 409.",
    ),
)
class ForgivenessViewSet(ListMixin, RetrieveMixin, SchuldenvrijViewSet):
    queryset = Forgiveness.objects.none()
    serializer_class = s.ForgivenessSerializer
    http_method_names = ["get", "post", "head", "options"]
    logged_as = ("api_forgivenesses", "api_forgiveness")

    def get_queryset(self):
        return self.scoped(Forgiveness).select_related("enrolment").prefetch_related("debts")

    def to_data(self, f, cipher=None):
        return {
            **self.keys_of(f),
            "amount": f.amount,
            "date": f.date,
            "funding": f.funding,
            "status": f.status,
            "debts": [d.pk for d in f.debts.all()],
            "proposed_by": f.proposed_by_id,
            "decided_by": f.decided_by_id,
        }

    def create(self, request):
        data = self.parsed(s.ForgivenessCreateSerializer)
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
        return self.answer_created(forgiveness)

    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        forgiveness = selectors.get_forgiveness(request.user, parse_pk(pk))
        data = self.parsed(s.DecisionSerializer)
        services.decide_forgiveness(
            actor=request.user,
            forgiveness=forgiveness,
            expected_version=data["version"],
            approve=data["decision"] == "approve",
            reason=data["reason"],
        )
        return self.answer(self.one(pk))
