"""API v1 endpoints of the schuldenvrij app, mounted under /api/v1/ by koers.api_urls.

The same rules as the pages: caseworkers and team leads of the team (peer experts and every
other role get 403), objects of another team 404, reads through ``schuldenvrij.selectors``
(one key load per page, one access event per participant returned), writes through
``schuldenvrij.services`` (Dutch field errors; a stale ``version`` gets 409).
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from accounts.roles import CASEWORKER, TEAM_LEAD
from apibase.framework import (
    LIST_ERRORS,
    READ_ERRORS,
    UPDATE_ERRORS,
    WRITE_ERRORS,
    created,
    declare,
    parse_pk,
)
from casework.api import CaseworkViewSet
from privacy.crypto import Cipher
from schuldenvrij import selectors, services
from schuldenvrij import serializers as s
from schuldenvrij.models import (
    AMOUNT_FIELDS,
    BudgetSnapshot,
    Debt,
    FinancialIntake,
    FollowUp,
    Forgiveness,
    PilotPlace,
    PreventiveContact,
)


class SchuldenvrijViewSet(CaseworkViewSet):
    """Scoped to the Schuldenvrij enrolments of the user's teams."""

    def scoped(self, model, path: str = "enrolment"):
        return model.objects.filter(**{f"{path}__in": selectors.enrolments(self.request.user)})

    def one(self, queryset, pk):
        obj = queryset.filter(pk=parse_pk(pk)).first()
        if obj is None:
            raise Http404
        return obj


# --- intake -------------------------------------------------------------------------------


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


# --- budget snapshots ---------------------------------------------------------------------


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
        page = self.paginate_queryset(self.get_queryset())
        selectors._log(
            request.user, [x.enrolment.participant_id for x in page], "api_snapshots", "list"
        )
        return self.get_paginated_response(
            s.SnapshotSerializer([_snapshot_data(x) for x in page], many=True).data
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


# --- debts --------------------------------------------------------------------------------


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


# --- pilot places -------------------------------------------------------------------------


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
        page = self.paginate_queryset(self.get_queryset())
        selectors._log(
            request.user, [p.enrolment.participant_id for p in page], "api_places", "list"
        )
        return self.get_paginated_response(
            s.PlaceSerializer([self._data(p) for p in page], many=True).data
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


# --- forgiveness --------------------------------------------------------------------------


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
        page = self.paginate_queryset(self.get_queryset())
        selectors._log(
            request.user, [f.enrolment.participant_id for f in page], "api_forgivenesses", "list"
        )
        return self.get_paginated_response(
            s.ForgivenessSerializer([_forgiveness_data(f) for f in page], many=True).data
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


# --- follow-ups ---------------------------------------------------------------------------


def _follow_up_data(f: FollowUp) -> dict:
    return {
        "id": f.pk,
        "version": f.version,
        "forgiveness": f.forgiveness_id,
        "participant": f.forgiveness.enrolment.participant_id,
        "months": f.months,
        "due_on": f.due_on,
        "done_on": f.done_on,
        "new_debts": f.new_debts,
        "new_debts_amount": f.new_debts_amount,
    }


@extend_schema_view(
    list=extend_schema(
        summary="List the follow-ups of your team",
        parameters=[
            OpenApiParameter(
                "due", bool, description="true: only those not done and due within a month."
            )
        ],
        responses={200: s.FollowUpSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Read a follow-up", responses={200: s.FollowUpSerializer, **READ_ERRORS}
    ),
    partial_update=extend_schema(
        summary="Record a follow-up: new debts since the forgiveness",
        request=s.FollowUpUpdateSerializer,
        responses={200: s.FollowUpSerializer, **UPDATE_ERRORS},
    ),
)
class FollowUpViewSet(SchuldenvrijViewSet):
    queryset = FollowUp.objects.none()
    serializer_class = s.FollowUpSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        qs = self.scoped(FollowUp, "forgiveness__enrolment").select_related(
            "forgiveness__enrolment"
        )
        due = self.request.query_params.getlist("due")
        if due and (len(due) != 1 or due[0] not in {"true", "false"}):
            raise ValidationError({"due": ["Kies true of false."]})
        if due == ["true"]:
            import datetime as dt

            from django.utils import timezone

            qs = qs.filter(
                done_on__isnull=True,
                forgiveness__status=Forgiveness.Status.APPROVED,
                due_on__lte=timezone.localdate() + dt.timedelta(days=31),
            )
        return qs

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        selectors._log(
            request.user,
            [f.forgiveness.enrolment.participant_id for f in page],
            "api_follow_ups",
            "list",
        )
        return self.get_paginated_response(
            s.FollowUpSerializer([_follow_up_data(f) for f in page], many=True).data
        )

    def retrieve(self, request, pk=None):
        item = self.one(self.get_queryset(), pk)
        selectors._log(
            request.user, [item.forgiveness.enrolment.participant_id], "api_follow_up", "view"
        )
        return Response(s.FollowUpSerializer(_follow_up_data(item)).data)

    def partial_update(self, request, pk=None):
        item = selectors.get_follow_up(request.user, parse_pk(pk))
        serializer = s.FollowUpUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.record_follow_up(
            actor=request.user,
            follow_up=item,
            expected_version=data["version"],
            done_on=data["done_on"],
            new_debts=data["new_debts"],
            new_debts_amount=data.get("new_debts_amount"),
        )
        return self.retrieve(request, pk=pk)


# --- 18-/18+ ------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Young people of your caseload turning 18 within three months",
        responses={200: s.YoungPersonSerializer(many=True), **LIST_ERRORS},
    ),
)
class TurningEighteenViewSet(SchuldenvrijViewSet):
    queryset = PreventiveContact.objects.none()
    serializer_class = s.YoungPersonSerializer
    pagination_class = None
    http_method_names = ["get", "head", "options"]

    def list(self, request):
        rows = selectors.turning_18(request.user)
        data = [
            {
                "participant": r.participant.pk,
                "name": r.name,
                "date_of_birth": r.date_of_birth,
                "turns_18": r.turns_18,
                "programmes": r.programmes,
                "contacted": r.contacted,
            }
            for r in rows
        ]
        return Response(s.YoungPersonSerializer(data, many=True).data)


@extend_schema_view(
    list=extend_schema(
        summary="List the preventive contacts (18-/18+) of your teams",
        responses={200: s.ContactSerializer(many=True), **LIST_ERRORS},
    ),
    create=extend_schema(
        summary="Record a preventive contact with a young person of your caseload",
        request=s.ContactCreateSerializer,
        responses={201: s.ContactSerializer, **WRITE_ERRORS},
    ),
)
class ContactViewSet(SchuldenvrijViewSet):
    queryset = PreventiveContact.objects.none()
    serializer_class = s.ContactSerializer
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        from casework import selectors as core

        if not services.may_work(self.request.user):
            return PreventiveContact.objects.none()
        return PreventiveContact.objects.filter(
            enrolment__in=core.visible_enrolments(self.request.user)
        )

    @staticmethod
    def _data(c: PreventiveContact) -> dict:
        return {
            "id": c.pk,
            "participant": c.participant_id,
            "enrolment": c.enrolment_id,
            "date": c.date,
            "done": c.done,
        }

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        selectors._log(request.user, [c.participant_id for c in page], "api_contacts", "list")
        return self.get_paginated_response(
            s.ContactSerializer([self._data(c) for c in page], many=True).data
        )

    def create(self, request):
        serializer = s.ContactCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        contact = services.record_preventive_contact(
            actor=request.user,
            participant=selectors.get_young_person(request.user, data["participant"]),
            date=data["date"],
            done=data["done"],
        )
        selectors._log(request.user, [contact.participant_id], "api_contact", "view")
        return created(s.ContactSerializer(self._data(contact)).data)


router = SimpleRouter()
router.register("schuldenvrij/intakes", IntakeViewSet, basename="schuldenvrij-intake")
router.register("schuldenvrij/snapshots", SnapshotViewSet, basename="schuldenvrij-snapshot")
router.register("schuldenvrij/debts", DebtViewSet, basename="schuldenvrij-debt")
router.register("schuldenvrij/places", PlaceViewSet, basename="schuldenvrij-place")
router.register(
    "schuldenvrij/forgivenesses", ForgivenessViewSet, basename="schuldenvrij-forgiveness"
)
router.register("schuldenvrij/follow-ups", FollowUpViewSet, basename="schuldenvrij-follow-up")
router.register(
    "schuldenvrij/turning-18", TurningEighteenViewSet, basename="schuldenvrij-turning-18"
)
router.register("schuldenvrij/contacts", ContactViewSet, basename="schuldenvrij-contact")

# Caseworkers and team leads; peer experts see no financial details (DESIGN.md).
urlpatterns = declare(router.urls, roles=(CASEWORKER, TEAM_LEAD))
