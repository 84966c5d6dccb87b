"""API of follow-ups, young people turning 18 and preventive contacts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.response import Response

from apibase.framework import (
    LIST_ERRORS,
    READ_ERRORS,
    UPDATE_ERRORS,
    WRITE_ERRORS,
    created,
    parse_pk,
)
from schuldenvrij import selectors, services
from schuldenvrij import serializers as s
from schuldenvrij.api.base import SchuldenvrijViewSet
from schuldenvrij.models import (
    FollowUp,
    Forgiveness,
    PreventiveContact,
)


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
        return self.logged_page(
            s.FollowUpSerializer,
            _follow_up_data,
            lambda f: f.forgiveness.enrolment.participant_id,
            "api_follow_ups",
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
        return self.logged_page(
            s.ContactSerializer, self._data, lambda c: c.participant_id, "api_contacts"
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
