"""The households endpoint: households of the caseload and their members."""

from __future__ import annotations

from rest_framework.decorators import action
from rest_framework.response import Response

from apibase.framework import WRITE_ERRORS, created, parse_pk
from apibase.schema import Op, endpoints
from apibase.viewsets import ListMixin
from casework import selectors, services
from casework import serializers as s
from casework.api.common import CaseworkViewSet
from casework.models import Household


@endpoints(
    s.HouseholdSerializer,
    list="List the households of your caseload",
    retrieve=Op("Read a household with its members", response=s.HouseholdDetailSerializer),
    create=Op(
        "Create a household around a participant of your caseload",
        s.HouseholdCreateSerializer,
        response=s.HouseholdDetailSerializer,
    ),
    members=Op(
        "Add a participant of your caseload to a household",
        s.HouseholdMemberCreateSerializer,
        response=s.HouseholdDetailSerializer,
        status=201,
        errors=WRITE_ERRORS,
    ),
)
class HouseholdViewSet(ListMixin, CaseworkViewSet):
    queryset = Household.objects.none()
    serializer_class = s.HouseholdSerializer
    http_method_names = ["get", "post", "head", "options"]
    logged_as = ("api_households", None)  # one household: logged by ``household_view``
    subject = "pk"
    subject_type = "household"
    data_key = "data_key"

    def get_queryset(self):
        return selectors.visible_households(self.request.user).select_related("data_key")

    def to_data(self, h, cipher=None):
        return {
            "id": h.pk,
            "version": h.version,
            "wijk": h.wijk,
            "name": cipher.open(model=Household, column="name", row_pk=h.pk, envelope=h.name),
            "reference": cipher.open(
                model=Household, column="reference", row_pk=h.pk, envelope=h.reference
            ),
        }

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
        household = self.write(
            services.create_household,
            s.HouseholdCreateSerializer,
            lookups={"first_member": selectors.get_participant},
        )
        return created(self._detail(household.pk))

    @action(detail=True, methods=["post"])
    def members(self, request, pk=None):
        household = selectors.get_household(request.user, parse_pk(pk))
        self.write(
            services.add_household_member,
            s.HouseholdMemberCreateSerializer,
            lookups={"participant": selectors.get_participant},
            household=household,
        )
        return created(self._detail(household.pk))
