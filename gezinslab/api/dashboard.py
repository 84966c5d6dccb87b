"""API of the programme office: the aggregated, suppressed barrier table."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter
from rest_framework import permissions as drf_permissions
from rest_framework.response import Response

from accounts.permissions import has_role
from accounts.roles import PROGRAMME_OFFICE, TEAM_LEAD
from apibase.framework import READ_ERRORS
from apibase.schema import Op, endpoints
from casework.api import CaseworkViewSet
from gezinslab import selectors
from gezinslab import serializers as s
from gezinslab.models import (
    Barrier,
)
from privacy import periods


class DashboardAccess(drf_permissions.BasePermission):
    def has_permission(self, request, view):
        return has_role(request.user, PROGRAMME_OFFICE, TEAM_LEAD)


@endpoints(
    s.GezinslabBarrierTableSerializer,
    list=Op(
        "Barriers and breakthroughs by organisation and kind, for a period",
        description="Programme-wide counts without identifiers or free text, released for the "
        "viewer's audience (privacy.release): exact for the programme office and team leads. "
        "Each call is logged. A bad or future period is a 400.",
        parameters=[
            OpenApiParameter(
                "periode",
                str,
                description="alles (default), JJJJ, JJJJ-K1..JJJJ-K4 or JJJJ-MM",
                required=False,
            )
        ],
        response=s.GezinslabBarrierTableSerializer,
        errors=READ_ERRORS,
    ),
)
class BarrierTableViewSet(CaseworkViewSet):
    queryset = Barrier.objects.none()
    serializer_class = s.GezinslabBarrierTableSerializer
    pagination_class = None
    http_method_names = ["get", "head", "options"]

    def get_permissions(self):
        from apibase.policies import HasScope

        return [drf_permissions.IsAuthenticated(), DashboardAccess(), HasScope()]

    def list(self, request):
        period = periods.parse(request.query_params.get("periode"))
        data = selectors.barrier_table_data(request.user, period=period)
        return Response(s.GezinslabBarrierTableSerializer(data).data)
