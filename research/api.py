"""API v1 endpoints of the research app, mounted under /api/v1/ by koers.api_urls: the
researcher's own studies, export requests, their status, cancel and download (the same
services, checks and access log as the pages)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions as drf_permissions
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from accounts.roles import RESEARCHER
from apibase.framework import (
    READ_ERRORS,
    WRITE_ERRORS,
    declare,
    parse_pk,
)
from apibase.policies import HasScope
from apibase.schema import Op, endpoints
from apibase.viewsets import KoersViewSet, RetrieveMixin
from privacy.disclosure import count as disclosure_count
from research import downloads, selectors, services
from research import serializers as s
from research.models import Export, Study


class IsResearcher(drf_permissions.BasePermission):
    def has_permission(self, request, view):
        from accounts.permissions import has_role

        return has_role(request.user, RESEARCHER)


class ResearchViewSet(KoersViewSet):
    permission_classes = [drf_permissions.IsAuthenticated, IsResearcher, HasScope]


@endpoints(
    s.StudySerializer,
    list=Op(
        "List your studies",
        description="The studies you are a researcher of (granted per study).",
    ),
    retrieve=Op(
        "Read one of your studies",
        description='With the cohort size today ("<10" below the suppression threshold).',
        response=s.StudyDetailSerializer,
    ),
)
class StudyViewSet(ResearchViewSet, viewsets.mixins.ListModelMixin):
    queryset = Study.objects.none()
    serializer_class = s.StudySerializer
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return selectors.researcher_studies(self.request.user)

    def retrieve(self, request, pk=None):
        study = self.one(pk)
        data = self.output(study)
        data["cohort_size"] = str(disclosure_count(selectors.cohort_size(study)))
        return Response(data)


@endpoints(
    s.ExportSerializer,
    list="List the exports of your studies",
    retrieve=Op(
        "Status of one export",
        description="Status, progress (percent), expiry and the SHA-256 of the zip.",
    ),
    create=Op(
        "Request an export of an approved study (token scope export)",
        s.ExportCreateSerializer,
        description="Queued as a background job; poll its status. Refused (and logged) for "
        "a study that is not yours, not approved or closed, a variable outside the approved "
        "list, or k below 5.",
    ),
    cancel=Op("Cancel a queued or running export", None, errors=WRITE_ERRORS),
    download=Op(
        "Download the zip of a finished export (token scope export)",
        description="Logged with the file's SHA-256. Refused (and logged) after expiry "
        "(14 days), for a cancelled export, or for anyone but the study's researchers.",
        status=(200, "application/zip"),
        response=OpenApiResponse(response=OpenApiTypes.BINARY),
        errors=READ_ERRORS,
    ),
)
class ExportViewSet(ResearchViewSet, RetrieveMixin, viewsets.mixins.ListModelMixin):
    queryset = Export.objects.none()
    serializer_class = s.ExportSerializer
    http_method_names = ["get", "post", "head", "options"]
    selector = staticmethod(selectors.get_export)

    @property
    def required_scope(self):
        return "export" if self.action in {"create", "download"} else None

    def get_queryset(self):
        return selectors.researcher_exports(self.request.user)

    def create(self, request):
        data = self.parsed(s.ExportCreateSerializer)
        study = Study.objects.filter(code=data["study"]).first()
        if study is None:
            # The same refusal as for someone else's study (which the service logs): the
            # answer must not tell whether a study code exists.
            raise PermissionDenied()
        export = services.request_export(
            actor=request.user,
            study=study,
            fmt=data["format"],
            variables=data.get("variables"),
            k=data.get("k"),
        )
        return self.answer(export, status=201)

    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        export = services.cancel_export(actor=request.user, export=self.one(pk))
        return self.answer(export)

    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        export = downloads.export_or_404(parse_pk(pk))
        path = services.download_export(actor=request.user, export=export)
        return downloads.zip_response(request, export, path)


router = SimpleRouter()
router.register("research/studies", StudyViewSet, basename="research-study")
router.register("research/exports", ExportViewSet, basename="research-export")

urlpatterns = declare(router.urls, roles=(RESEARCHER,))
