"""Read-only API of the public monitor, open to anonymous callers: the indicators and every
figure as the public sees it (``/api/v1/monitor/...``). A logged-in caller gets the figures of
their audience, as on the pages."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import pagination, serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from accounts.permissions import access
from accounts.tokens import BearerTokenAuthentication
from apibase.framework import _p, _problem
from monitoring import selectors


class Page(pagination.PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_nl = serializers.CharField()
    name_en = serializers.CharField()
    definition = serializers.CharField()
    unit = serializers.CharField()
    better = serializers.CharField()
    source = serializers.CharField()
    frequency = serializers.CharField()
    areas = serializers.ListField(child=serializers.CharField())
    baseline = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    status = serializers.CharField()


class FigureSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    area = serializers.CharField()
    year = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2)
    source = serializers.CharField()
    updated = serializers.DateField()


class PublicView(APIView):
    authentication_classes = [BearerTokenAuthentication, SessionAuthentication]
    permission_classes = [AllowAny]
    pagination_class = Page

    def paged(self, rows, serializer_class):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, self.request, view=self)
        return paginator.get_paginated_response(serializer_class(page, many=True).data)


# Anyone may read: no role to refuse (no 403); a token sent must still be valid (401).
PUBLIC_ERRORS = {
    _p(400): _problem("Invalid page or page size."),
    _p(401): _problem("An unknown, revoked or expired token was sent (send none, or a valid one)."),
    _p(429): _problem("Too many requests; see the Retry-After header."),
}


class Indicators(PublicView):
    @extend_schema(
        summary="Indicators of the public monitor",
        responses={200: IndicatorSerializer(many=True), **PUBLIC_ERRORS},
        tags=["monitor"],
    )
    def get(self, request):
        """The monitor's indicators with their 2021 baseline and status in the programme area."""
        monitor = selectors.monitor(request.user, where="api-monitor")
        rows = [
            {
                **{
                    f: getattr(c.indicator, f)
                    for f in (
                        "code",
                        "name_nl",
                        "name_en",
                        "definition",
                        "unit",
                        "better",
                        "source",
                        "frequency",
                        "areas",
                    )
                },
                "baseline": c.baseline,
                "status": str(monitor.status_of(code)),
            }
            for code, c in monitor.courses.items()
        ]
        return self.paged(rows, IndicatorSerializer)


class Figures(PublicView):
    @extend_schema(
        summary="Every figure of the public monitor",
        responses={200: FigureSerializer(many=True), **PUBLIC_ERRORS},
        tags=["monitor"],
    )
    def get(self, request):
        """Every figure of the monitor with its source and update date (open data)."""
        monitor = selectors.monitor(request.user, where="api-monitor")
        return self.paged(selectors.open_data(monitor), FigureSerializer)


public = access(public=True)

urlpatterns = [
    path("monitor/indicators/", public(Indicators.as_view()), name="monitor-indicators"),
    path("monitor/figures/", public(Figures.as_view()), name="monitor-figures"),
]
