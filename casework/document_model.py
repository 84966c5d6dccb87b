"""Documents in a participant's file: the table (imported by ``casework.models``, kept apart
because that module stays under the house's 600 lines).

Where the bytes live: in the database, in ``content`` (a BinaryField), sealed with AES-256-GCM
under the participant's data key and bound to this table, column and row
(``privacy.crypto.Cipher.seal_bytes``). Not in private storage on disk, because:

- erasure is crypto-shredding of the data key: a ciphertext in the database is shredded
  together with every other envelope of the participant, and a backup of the database holds
  it exactly as long as it holds the wrapped key (the same expiry through rotated
  key-encryption keys); a copy on disk would need a second backup and retention regime;
- the row and its bytes are written in one transaction: no orphaned file after a failed
  save, no row whose file is missing, and nothing to clean up on disk;
- the same code works on SQLite (demo, tests) and PostgreSQL (production), and on any number
  of machines without shared storage.

The cost is database size: documents are bounded (``KOERS_DOCUMENT_MAX_BYTES``, 10 MB by
default). The bytes are left out of the history (they never change; a removed document keeps
its row and history and drops its bytes), so history rows do not multiply them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework.models import Enrolment, Participant, UUIDVersioned
from privacy.fields import EncryptedField


class DocumentType(models.TextChoices):
    """The kinds of file a document may be, as found in its content (never its name)."""

    PDF = "application/pdf", _("PDF")
    PNG = "image/png", _("PNG-afbeelding")
    JPEG = "image/jpeg", _("JPEG-afbeelding")
    DOCX = (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _("Word-document"),
    )
    XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _("Excel-werkblad")
    PPTX = (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _("PowerPoint-presentatie"),
    )
    ODT = "application/vnd.oasis.opendocument.text", _("OpenDocument-tekst")
    ODS = "application/vnd.oasis.opendocument.spreadsheet", _("OpenDocument-rekenblad")


class Document(UUIDVersioned):
    """A file attached to a participant's file, or to one of their enrolments."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="documents")
    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("traject"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
    )
    name = EncryptedField(_("bestandsnaam"))  # free text: under the participant's data key
    content_type = models.CharField(_("soort"), max_length=100, choices=DocumentType.choices)
    size = models.PositiveIntegerField(_("grootte in bytes"))
    content = models.BinaryField(editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True, editable=False)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["content"])

    class Meta:
        app_label = "casework"
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        indexes = [
            models.Index(
                fields=["participant", "removed_at", "uploaded_at"], name="casework_doc_file_idx"
            )
        ]

    def __str__(self) -> str:  # never the name
        return f"Document {str(self.pk)[:8]}"
