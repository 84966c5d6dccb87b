"""The progress endpoint: progress notes of the user's teams' enrolments."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.response import Response

from apibase.framework import (
    LIST_ERRORS,
    READ_ERRORS,
    UPDATE_ERRORS,
    WRITE_ERRORS,
    CursorPagination,
    created,
    parse_pk,
)
from casework import filters, selectors, services
from casework import serializers as s
from casework.api.common import CaseworkViewSet, log_returned
from casework.models import ProgressEntry
from privacy.crypto import Cipher


def _progress_data(entry: ProgressEntry, note) -> dict:
    return {
        "id": entry.pk,
        "version": entry.version,
        "enrolment_id": entry.enrolment_id,
        "participant": entry.enrolment.participant_id,
        "date": entry.date,
        "kind": entry.kind,
        "note": note,
        "author_id": entry.author_id,
        "created_at": entry.created_at,
    }


@extend_schema_view(
    list=extend_schema(
        summary="List progress entries of your teams' enrolments",
        responses={200: s.ProgressEntrySerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Read a progress entry", responses={200: s.ProgressEntrySerializer, **READ_ERRORS}
    ),
    create=extend_schema(
        summary="Log progress (a contact, visit, meeting, action or milestone)",
        request=s.ProgressCreateSerializer,
        responses={201: s.ProgressEntrySerializer, **WRITE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="Correct a progress entry",
        request=s.ProgressUpdateSerializer,
        responses={200: s.ProgressEntrySerializer, **UPDATE_ERRORS},
    ),
)
class ProgressViewSet(CaseworkViewSet):
    queryset = ProgressEntry.objects.none()
    serializer_class = s.ProgressEntrySerializer
    filterset_class = filters.ProgressFilter

    class Pagination(CursorPagination):
        ordering = "-created_at"

    pagination_class = Pagination

    def get_queryset(self):
        return ProgressEntry.objects.filter(
            enrolment__in=selectors.visible_enrolments(self.request.user)
        ).select_related("enrolment__participant__data_key")

    def _rows(self, entries, what: str, action: str) -> list[dict]:
        cipher = Cipher().load(e.enrolment.participant.data_key for e in entries)
        log_returned(self.request.user, [e.enrolment.participant_id for e in entries], what, action)
        return [
            _progress_data(
                e,
                cipher.open(model=ProgressEntry, column="note", row_pk=e.pk, envelope=e.note),
            )
            for e in entries
        ]

    def _entry(self, pk) -> ProgressEntry:
        entry = self.get_queryset().filter(pk=parse_pk(pk)).first()
        if entry is None:
            raise Http404
        return entry

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        data = self._rows(page, "api_progress", "list")
        return self.get_paginated_response(s.ProgressEntrySerializer(data, many=True).data)

    def retrieve(self, request, pk=None):
        data = self._rows([self._entry(pk)], "api_progress_entry", "view")[0]
        return Response(s.ProgressEntrySerializer(data).data)

    def create(self, request):
        serializer = s.ProgressCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        entry = services.log_progress(
            actor=request.user,
            enrolment=selectors.get_enrolment(request.user, data["enrolment"]),
            date=data["date"],
            kind=data["kind"],
            note=data["note"],
        )
        data = self._rows([self._entry(entry.pk)], "api_progress_entry", "view")[0]
        return created(s.ProgressEntrySerializer(data).data)

    def partial_update(self, request, pk=None):
        entry = self._entry(pk)
        serializer = s.ProgressUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.update_progress(
            actor=request.user,
            entry=entry,
            expected_version=data["version"],
            date=data["date"],
            kind=data["kind"],
            note=data["note"],
        )
        data = self._rows([self._entry(pk)], "api_progress_entry", "view")[0]
        return Response(s.ProgressEntrySerializer(data).data)
