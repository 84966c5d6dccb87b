"""API v1 endpoints of the research app, mounted under /api/v1/ by koers.api_urls: the
researcher's own studies, export requests, their status, cancel and download (the same
services, checks and access log as the pages)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import permissions as drf_permissions
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from accounts.roles import RESEARCHER
from apibase.framework import (
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    declare,
    parse_pk,
)
from apibase.policies import HasScope
from apibase.viewsets import KoersViewSet
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


@extend_schema_view(
    list=extend_schema(
        summary="List your studies",
        description="The studies you are a researcher of (granted per study).",
        responses={200: s.StudySerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Read one of your studies",
        description='With the cohort size today ("<10" below the suppression threshold).',
        responses={200: s.StudyDetailSerializer, **READ_ERRORS},
    ),
)
class StudyViewSet(ResearchViewSet, viewsets.mixins.ListModelMixin):
    queryset = Study.objects.none()
    serializer_class = s.StudySerializer
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return selectors.researcher_studies(self.request.user)

    def retrieve(self, request, pk=None):
        study = self.get_queryset().filter(pk=parse_pk(pk)).first()
        if study is None:
            raise Http404
        data = s.StudySerializer(study).data
        data["cohort_size"] = str(disclosure_count(selectors.cohort_size(study)))
        return Response(data)


@extend_schema_view(
    list=extend_schema(
        summary="List the exports of your studies",
        responses={200: s.ExportSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Status of one export",
        description="Status, progress (percent), expiry and the SHA-256 of the zip.",
        responses={200: s.ExportSerializer, **READ_ERRORS},
    ),
    create=extend_schema(
        summary="Request an export of an approved study (token scope export)",
        description="Queued as a background job; poll its status. Refused (and logged) for "
        "a study that is not yours, not approved or closed, a variable outside the approved "
        "list, or k below 5.",
        request=s.ExportCreateSerializer,
        responses={201: s.ExportSerializer, **WRITE_ERRORS},
    ),
    cancel=extend_schema(
        summary="Cancel a queued or running export",
        request=None,
        responses={200: s.ExportSerializer, **WRITE_ERRORS},
    ),
    download=extend_schema(
        summary="Download the zip of a finished export (token scope export)",
        description="Logged with the file's SHA-256. Refused (and logged) after expiry "
        "(14 days), for a cancelled export, or for anyone but the study's researchers.",
        responses={
            (200, "application/zip"): OpenApiResponse(response=OpenApiTypes.BINARY),
            **READ_ERRORS,
        },
    ),
)
class ExportViewSet(ResearchViewSet, viewsets.mixins.ListModelMixin):
    queryset = Export.objects.none()
    serializer_class = s.ExportSerializer
    http_method_names = ["get", "post", "head", "options"]

    @property
    def required_scope(self):
        return "export" if self.action in {"create", "download"} else None

    def get_queryset(self):
        return selectors.researcher_exports(self.request.user)

    def retrieve(self, request, pk=None):
        return Response(s.ExportSerializer(selectors.get_export(request.user, parse_pk(pk))).data)

    def create(self, request):
        serializer = s.ExportCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
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
        return Response(s.ExportSerializer(export).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        export = services.cancel_export(
            actor=request.user, export=selectors.get_export(request.user, parse_pk(pk))
        )
        return Response(s.ExportSerializer(export).data)

    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        export = downloads.export_or_404(parse_pk(pk))
        path = services.download_export(actor=request.user, export=export)
        return downloads.zip_response(request, export, path)


router = SimpleRouter()
router.register("research/studies", StudyViewSet, basename="research-study")
router.register("research/exports", ExportViewSet, basename="research-export")

urlpatterns = declare(router.urls, roles=(RESEARCHER,))
