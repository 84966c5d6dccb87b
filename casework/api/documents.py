"""The documents endpoint, nested under a participant: list, upload (multipart) and download,
with the rules of the pages (``casework.selectors.documents``, ``casework.services.documents``)
in the caseload only (no break-the-glass through the API)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from apibase.framework import (
    LIST_ERRORS,
    PROBLEM_CONTENT_TYPE,
    PROBLEM_TYPE_BASE,
    READ_ERRORS,
    CursorPagination,
    parse_pk,
)
from apibase.schema import Op, endpoints
from apibase.serializers import Versioned
from apibase.viewsets import RetrieveMixin
from casework import selectors
from casework.api.common import CaseworkViewSet
from casework.models import Document, DocumentType
from casework.selectors import documents as document_selectors
from casework.services import documents as document_services
from privacy.crypto import KeyDestroyedError


class DocumentSerializer(Versioned):
    participant = serializers.UUIDField(read_only=True)
    enrolment_id = serializers.UUIDField(read_only=True, allow_null=True)
    name = serializers.CharField(read_only=True, help_text="The file's name, decrypted.")
    content_type = serializers.ChoiceField(
        choices=DocumentType.values,
        read_only=True,
        help_text="The type found in the content when it was uploaded.",
    )
    size = serializers.IntegerField(read_only=True, help_text="In bytes.")
    uploaded_at = serializers.DateTimeField(read_only=True)
    uploaded_by_id = serializers.IntegerField(read_only=True)


class DocumentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        allow_empty_file=True,
        max_length=document_services.MAX_NAME,
        help_text="PDF, PNG, JPEG or an Office or OpenDocument document (docx, xlsx, pptx, "
        "odt, ods), recognised by its content; at most KOERS_DOCUMENT_MAX_BYTES (10 MB by "
        "default).",
    )
    enrolment = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="An enrolment of this participant of one of your teams; left out: the file.",
    )


PARTICIPANT = OpenApiParameter(
    "participant_pk", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The participant."
)
GONE = {
    "type": PROBLEM_TYPE_BASE + "gone",
    "title": "Gone",
    "status": 410,
    "code": "gone",
    "detail": "The participant's data were erased; this document can no longer be read.",
    "detail_nl": "De gegevens van deze deelnemer zijn gewist; dit document kan niet meer "
    "worden gelezen.",
    "detail_en": "The participant's data were erased; this document can no longer be read.",
}


@endpoints(
    DocumentSerializer,
    list=Op(
        "List a participant's documents",
        description="The documents of a participant of your caseload that your role and teams "
        "may see, newest first, names decrypted. The listing is written to the access log.",
        errors={**LIST_ERRORS, **READ_ERRORS},  # 404: a participant outside your caseload
        parameters=[PARTICIPANT],
    ),
    retrieve=Op("Read a document's details", parameters=[PARTICIPANT]),
    create=Op(
        "Upload a document",
        DocumentUploadSerializer,
        description="multipart/form-data with `file` (and optionally `enrolment`). The type "
        "is found in the content, never the name; a refused type or a file over the limit "
        "gets 400 and nothing is stored.",
        parameters=[PARTICIPANT],
    ),
    content=Op(
        "Download a document",
        description="The decrypted bytes as an attachment with the type found at upload. "
        "Every download is written to the access log.",
        status=(200, "application/octet-stream"),
        response=OpenApiTypes.BINARY,
        errors={
            **READ_ERRORS,
            (410, PROBLEM_CONTENT_TYPE): READ_ERRORS[(404, PROBLEM_CONTENT_TYPE)],
        },
        parameters=[PARTICIPANT],
    ),
)
class DocumentViewSet(RetrieveMixin, CaseworkViewSet):
    queryset = Document.objects.none()
    serializer_class = DocumentSerializer
    parser_classes = [MultiPartParser]
    http_method_names = ["get", "post", "head", "options"]
    logged_as = ("api_documents", "api_document")
    subject = "participant_id"
    data_key = "participant.data_key"

    class Pagination(CursorPagination):
        ordering = "-uploaded_at"

    pagination_class = Pagination

    def initialize_request(self, request, *args, **kwargs):
        # An upload stays in memory, bounded by the limit (never a temporary file on disk).
        request.upload_handlers = [document_services.DocumentUploadHandler(request)]
        return super().initialize_request(request, *args, **kwargs)

    def participant(self):
        return selectors.get_participant(self.request.user, parse_pk(self.kwargs["participant_pk"]))

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema reads no participant
            return Document.objects.none()
        return document_selectors.visible_documents(
            self.request.user, self.participant(), through_glass=False
        ).select_related("participant__data_key")

    def to_data(self, document, cipher=None):
        return {
            "id": document.pk,
            "version": document.version,
            "participant": document.participant_id,
            "enrolment_id": document.enrolment_id,
            "name": cipher.open(
                model=Document, column="name", row_pk=document.pk, envelope=document.name
            ),
            "content_type": document.content_type,
            "size": document.size,
            "uploaded_at": document.uploaded_at,
            "uploaded_by_id": document.uploaded_by_id,
        }

    def list(self, request, participant_pk=None):
        return self.page()

    def create(self, request, participant_pk=None):
        participant = self.participant()
        data = self.parsed(DocumentUploadSerializer)
        name, content = document_services.read_upload(data["file"])
        enrolment = None
        if data.get("enrolment"):
            enrolment = selectors.get_enrolment(request.user, data["enrolment"])
        document = document_services.add_document(
            actor=request.user,
            participant=participant,
            name=name,
            data=content,
            enrolment=enrolment,
        )
        return self.answer_created(document)

    @action(detail=True, methods=["get"])
    def content(self, request, participant_pk=None, pk=None):
        document = self.one(pk)  # in this participant's documents, or 404
        try:
            download = document_selectors.document_download(
                request.user, document.pk, caseload_only=True
            )
        except KeyDestroyedError:
            return Response(GONE, status=410, content_type=PROBLEM_CONTENT_TYPE)
        response = HttpResponse(download.data, content_type=download.content_type)
        response["Content-Disposition"] = content_disposition_header(True, download.name)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "no-store, private"
        return response
