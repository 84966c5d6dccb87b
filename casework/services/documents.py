"""Writes of documents in a participant's file: adding one (its type found in its content, its
size bounded, its bytes and name sealed under the participant's data key) and removing one
(a version check; the row and its history stay, the bytes go).

Who may write: the same rule as editing the file. A caseworker, peer expert or team lead with
the participant in their caseload adds a document to the file; to attach it to an enrolment,
the enrolment must be one of their own teams, of a programme their role may see (a peer expert
never sees a debts programme's part). Break-the-glass opens a file read-only: no writes.
"""

from __future__ import annotations

import io
import zipfile

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from casework.document_model import Document, DocumentType
from casework.models import Enrolment, Participant
from casework.selectors.outcomes import programmes_withheld_from
from casework.services.base import (
    _lock,
    _require_enrolment_scope,
    _require_scope,
    _save,
)
from privacy.crypto import Cipher

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_NAME = 255

# Office documents are zip containers; what marks each kind inside.
_OOXML_PARTS = {
    "word/document.xml": DocumentType.DOCX,
    "xl/workbook.xml": DocumentType.XLSX,
    "ppt/presentation.xml": DocumentType.PPTX,
}
_OPENDOCUMENT = {DocumentType.ODT.value.encode(), DocumentType.ODS.value.encode()}


def max_bytes() -> int:
    """The size limit of one document (``KOERS_DOCUMENT_MAX_BYTES``, 10 MB by default)."""
    return int(getattr(settings, "KOERS_DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def refused_type_message() -> str:
    return _(
        "Dit soort bestand kan niet worden toegevoegd. Toegestaan zijn pdf, png, jpeg en "
        "documenten van Office of OpenDocument (docx, xlsx, pptx, odt, ods)."
    )


def too_large_message() -> str:
    limit = max_bytes()
    size = f"{limit / (1024 * 1024):.0f} MB" if limit >= 1024 * 1024 else f"{limit} bytes"
    return _("Het bestand is te groot: een document is hoogstens %(size)s.") % {"size": size}


def detect_type(data: bytes) -> str | None:
    """The document type of ``data`` by its content (magic bytes; office documents by the
    marker entries of their zip container), or None when it is none of the allowed kinds."""
    if data.startswith(b"%PDF-"):
        return DocumentType.PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return DocumentType.PNG
    if data.startswith(b"\xff\xd8\xff"):
        return DocumentType.JPEG
    if data.startswith(b"PK\x03\x04"):
        return _zip_type(data)
    return None


def _zip_type(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return None  # macros: not a document to pass around
            if "[Content_Types].xml" in names:
                return next((kind for part, kind in _OOXML_PARTS.items() if part in names), None)
            if "mimetype" in names and archive.getinfo("mimetype").file_size <= 100:
                mimetype = archive.read("mimetype").strip()
                return DocumentType(mimetype.decode()) if mimetype in _OPENDOCUMENT else None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, KeyError):
        return None
    return None


def clean_name(name: str) -> str:
    """The file's own name without any folder, control characters or surrounding spaces."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if char.isprintable()).strip()
    if not name:
        raise ValidationError({"file": [_("Het bestand heeft geen naam.")]})
    if len(name) > MAX_NAME:
        raise ValidationError(
            {
                "file": [
                    _("De bestandsnaam is te lang (hoogstens %(max)s tekens).") % {"max": MAX_NAME}
                ]
            }
        )
    return name


class DocumentUploadHandler(FileUploadHandler):
    """Receives an uploaded document in memory only, up to the document limit: its plaintext is
    never written to a temporary file on disk (Django's default for uploads over 2.5 MB), and
    reading stops at the limit. An upload over the limit arrives empty with its real size, for
    ``read_upload`` to refuse. Install it before the request's body is read."""

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.received += len(raw_data)
        if self.received <= max_bytes():
            self.buffer.write(raw_data)
        else:
            self.buffer = io.BytesIO()  # over the limit: keep nothing

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


def read_upload(upload) -> tuple[str, bytes]:
    """The name and bytes of an uploaded file, refused (ValidationError on ``file``) when it is
    over the limit before it is read into memory."""
    limit = max_bytes()
    if upload is None:
        raise ValidationError({"file": [_("Kies een bestand.")]})
    if upload.size is not None and upload.size > limit:
        raise ValidationError({"file": [too_large_message()]})
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError({"file": [too_large_message()]})
    return upload.name, data


def _require_document_scope(actor: User, participant: Participant, enrolment) -> None:
    """Refuse unless the actor may edit this file (and, with an enrolment, that enrolment)."""
    _require_scope(actor, participant)
    if enrolment is None:
        return
    if enrolment.participant_id != participant.pk:
        raise ValidationError({"enrolment": [_("Dit traject hoort niet bij deze deelnemer.")]})
    _require_enrolment_scope(actor, enrolment)
    programme_code = Enrolment.objects.filter(pk=enrolment.pk).values_list(
        "programme__code", flat=True
    )[0]
    if programme_code in programmes_withheld_from(actor):
        raise PermissionDenied


def add_document(
    *,
    actor: User,
    participant: Participant,
    name: str,
    data: bytes,
    enrolment: Enrolment | None = None,
) -> Document:
    """Add a document to the participant's file (or to one of their enrolments). Its type is
    found in its content; a refused type, an empty file or one over the limit is refused with
    a Dutch message and nothing is stored."""
    _require_document_scope(actor, participant, enrolment)
    name = clean_name(name)
    if not data:
        raise ValidationError({"file": [_("Het bestand is leeg.")]})
    if len(data) > max_bytes():
        raise ValidationError({"file": [too_large_message()]})
    content_type = detect_type(data)
    if content_type is None:
        raise ValidationError({"file": [refused_type_message()]})
    datakey = Participant.objects.select_related("data_key").get(pk=participant.pk).data_key
    document = Document(
        participant=participant,
        enrolment=enrolment,
        content_type=content_type,
        size=len(data),
        uploaded_by=actor,
    )
    cipher = Cipher()
    document.name = cipher.seal(
        datakey=datakey, model=Document, column="name", row_pk=document.pk, plaintext=name
    )
    document.content = cipher.seal_bytes(
        datakey=datakey, model=Document, column="content", row_pk=document.pk, data=data
    )
    with transaction.atomic():
        _save(document)
    return document


def remove_document(*, actor: User, document: Document, expected_version: int) -> Document:
    """Remove a document from the file: it is no longer listed or downloadable and its bytes
    are dropped; the row (name, type, size, who added and removed it, when) stays, with its
    history. A stale version raises ConcurrentEditError."""
    _require_document_scope(actor, document.participant, document.enrolment)
    with transaction.atomic():
        current = _lock(Document, document.pk, expected_version)
        if current.removed_at is not None:
            raise ValidationError(_("Dit document is al verwijderd."))
        current.removed_at = timezone.now()
        current.removed_by = actor
        current.content = b""
        current._history_user = actor
        _save(current)
    return current
