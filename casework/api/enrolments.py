"""The enrolments endpoint: enrolments of the user's teams, enrolling and ending."""

from __future__ import annotations

from apibase.schema import Op, endpoints
from apibase.viewsets import ListMixin, RetrieveMixin
from casework import filters, selectors, services
from casework import serializers as s
from casework.api.common import CaseworkViewSet, own_team
from casework.models import Enrolment


@endpoints(
    s.EnrolmentSerializer,
    list="List the enrolments of your teams",
    retrieve="Read an enrolment",
    create=Op(
        "Enrol a participant of your caseload in another programme", s.EnrolmentCreateSerializer
    ),
    partial_update=Op("End an enrolment (completed or stopped)", s.EnrolmentEndSerializer),
)
class EnrolmentViewSet(ListMixin, RetrieveMixin, CaseworkViewSet):
    queryset = Enrolment.objects.none()
    serializer_class = s.EnrolmentSerializer
    filterset_class = filters.EnrolmentFilter
    logged_as = ("api_enrolments", "api_enrolment")

    def get_queryset(self):
        return selectors.visible_enrolments(self.request.user).select_related(
            "programme", "team", "plan"
        )

    def create(self, request):
        data = self.parsed(s.EnrolmentCreateSerializer)
        enrolment = services.enrol(
            actor=request.user,
            participant=selectors.get_participant(request.user, data.pop("participant")),
            programme_code=data.pop("programme"),
            team=own_team(request.user, data.pop("team")),
            **data,
        )
        return self.answer_created(enrolment)

    def partial_update(self, request, pk=None):
        enrolment = self.one(pk)
        self.rows([enrolment], "view")  # the enrolment read to be ended is logged as viewed
        self.write(services.end_enrolment, s.EnrolmentEndSerializer, enrolment=enrolment)
        return self.answer(self.one(pk))
