"""API of follow-ups, young people turning 18 and preventive contacts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter
from rest_framework.response import Response

from apibase.schema import Op, endpoints
from apibase.viewsets import ListMixin, RetrieveMixin, UpdateMixin, Updates
from schuldenvrij import selectors, services
from schuldenvrij import serializers as s
from schuldenvrij.api.base import SchuldenvrijViewSet
from schuldenvrij.models import (
    FollowUp,
    Forgiveness,
    PreventiveContact,
)


@endpoints(
    s.FollowUpSerializer,
    list=Op(
        "List the follow-ups of your team",
        parameters=[
            OpenApiParameter(
                "due", bool, description="true: only those not done and due within a month."
            )
        ],
    ),
    retrieve="Read a follow-up",
    partial_update=Op(
        "Record a follow-up: new debts since the forgiveness", s.FollowUpUpdateSerializer
    ),
)
class FollowUpViewSet(UpdateMixin, ListMixin, RetrieveMixin, SchuldenvrijViewSet):
    queryset = FollowUp.objects.none()
    serializer_class = s.FollowUpSerializer
    http_method_names = ["get", "patch", "head", "options"]
    logged_as = ("api_follow_ups", "api_follow_up")
    subject = "forgiveness.enrolment.participant_id"

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

    def to_data(self, f, cipher=None):
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

    updates = Updates(
        services.record_follow_up, s.FollowUpUpdateSerializer, "follow_up", selectors.get_follow_up
    )


@endpoints(
    s.YoungPersonSerializer,
    list="Young people of your caseload turning 18 within three months",
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


@endpoints(
    s.ContactSerializer,
    list="List the preventive contacts (18-/18+) of your teams",
    create=Op(
        "Record a preventive contact with a young person of your caseload",
        s.ContactCreateSerializer,
    ),
)
class ContactViewSet(ListMixin, SchuldenvrijViewSet):
    queryset = PreventiveContact.objects.none()
    serializer_class = s.ContactSerializer
    http_method_names = ["get", "post", "head", "options"]
    logged_as = ("api_contacts", "api_contact")
    subject = "participant_id"

    def get_queryset(self):
        from casework import selectors as core

        if not services.may_work(self.request.user):
            return PreventiveContact.objects.none()
        return PreventiveContact.objects.filter(
            enrolment__in=core.visible_enrolments(self.request.user)
        )

    def to_data(self, c, cipher=None):
        return {
            "id": c.pk,
            "participant": c.participant_id,
            "enrolment": c.enrolment_id,
            "date": c.date,
            "done": c.done,
        }

    def create(self, request):
        contact = self.write(
            services.record_preventive_contact,
            s.ContactCreateSerializer,
            lookups={"participant": selectors.get_young_person},
        )
        return self.answer(contact, status=201)
