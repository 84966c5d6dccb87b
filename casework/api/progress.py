"""The progress endpoint: progress notes of the user's teams' enrolments."""

from __future__ import annotations

from apibase.framework import CursorPagination
from apibase.schema import Op, endpoints
from apibase.viewsets import CreateMixin, Creates, ListMixin, RetrieveMixin, UpdateMixin, Updates
from casework import filters, selectors, services
from casework import serializers as s
from casework.api.common import CaseworkViewSet
from casework.models import ProgressEntry


@endpoints(
    s.ProgressEntrySerializer,
    list="List progress entries of your teams' enrolments",
    retrieve="Read a progress entry",
    create=Op(
        "Log progress (a contact, visit, meeting, action or milestone)",
        s.ProgressCreateSerializer,
    ),
    partial_update=Op("Correct a progress entry", s.ProgressUpdateSerializer),
)
class ProgressViewSet(CreateMixin, UpdateMixin, ListMixin, RetrieveMixin, CaseworkViewSet):
    queryset = ProgressEntry.objects.none()
    serializer_class = s.ProgressEntrySerializer
    filterset_class = filters.ProgressFilter
    logged_as = ("api_progress", "api_progress_entry")
    subject = "enrolment.participant_id"
    data_key = "enrolment.participant.data_key"

    class Pagination(CursorPagination):
        ordering = "-created_at"

    pagination_class = Pagination

    def get_queryset(self):
        return ProgressEntry.objects.filter(
            enrolment__in=selectors.visible_enrolments(self.request.user)
        ).select_related("enrolment__participant__data_key")

    def to_data(self, entry, cipher=None):
        return {
            "id": entry.pk,
            "version": entry.version,
            "enrolment_id": entry.enrolment_id,
            "participant": entry.enrolment.participant_id,
            "date": entry.date,
            "kind": entry.kind,
            "note": cipher.open(
                model=ProgressEntry, column="note", row_pk=entry.pk, envelope=entry.note
            ),
            "author_id": entry.author_id,
            "created_at": entry.created_at,
        }

    creates = Creates(
        services.log_progress, s.ProgressCreateSerializer, {"enrolment": selectors.get_enrolment}
    )
    updates = Updates(services.update_progress, s.ProgressUpdateSerializer, "entry")
