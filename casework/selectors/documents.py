"""Reads of documents: the list in a participant's file and a download, for an acting user.

Who sees a document: whoever may open the file (``selectors.file``: the caseload, or
break-the-glass, read-only), with the file's rules for what is on it: a document of the
file itself is seen by all of them; one attached to an enrolment only by that enrolment's team
(as its notes and plan), or through break-the-glass (the whole file); and never one of a
programme whose part the user's role may not see (a peer expert sees no debts). The API
reaches the caseload only (no break-the-glass). Every listing and every download writes an
access event; the bytes are decrypted only for a download.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import User
from casework import permissions
from casework.document_model import Document
from casework.models import Participant
from casework.selectors.file import _file_participant
from casework.selectors.outcomes import programmes_withheld_from
from casework.selectors.scope import get_participant, log_reads
from privacy.crypto import Cipher
from privacy.models import AccessEvent

# The file shows the newest documents; the documents page shows them all, a page at a time.
FILE_LIMIT = 10
PAGE_SIZE = 50


@dataclass(repr=False)  # no decrypted value in any repr (template debug log)
class DocumentRow:
    document: Document
    name: str
    programme: str  # "" for a document of the file itself
    uploaded_by: str


@dataclass(repr=False)
class DocumentList:
    participant: Participant
    rows: list[DocumentRow]
    total: int
    through_glass: bool
    page: int = 1
    page_size: int = PAGE_SIZE

    @property
    def may_add(self) -> bool:
        return not self.through_glass

    @property
    def more(self) -> bool:
        return self.total > len(self.rows)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


@dataclass(repr=False)
class Download:
    document: Document
    name: str
    content_type: str
    data: bytes


def visible_documents(user: User, participant: Participant, *, through_glass: bool) -> QuerySet:
    """The participant's documents (not removed) that the user may see on a file they have
    opened (the caller has checked that), without their bytes."""
    attached = Q(enrolment__isnull=True)
    if through_glass:
        attached |= Q(enrolment__isnull=False)
    else:
        attached |= Q(enrolment__team_id__in=permissions.member_teams_subquery(user))
    documents = Document.objects.filter(participant=participant, removed_at__isnull=True).filter(
        attached
    )
    withheld = programmes_withheld_from(user)
    if withheld:
        documents = documents.exclude(enrolment__programme__code__in=withheld)
    return documents.defer("content")


def _rows(documents, participant: Participant) -> list[DocumentRow]:
    cipher = Cipher().load([participant.data_key])
    return [
        DocumentRow(
            document=document,
            name=cipher.open(
                model=Document, column="name", row_pk=document.pk, envelope=document.name
            )
            or "",
            programme=document.enrolment.programme.name_nl if document.enrolment else "",
            uploaded_by=document.uploaded_by.get_full_name() or document.uploaded_by.username,
        )
        for document in documents
    ]


def file_documents(user: User, participant_pk, *, page: int = 1, limit: int = PAGE_SIZE):
    """One page of the documents the user may see in the participant's file, newest first,
    names decrypted; the listing is logged. 404 (403 for other roles) when the file is closed
    to the user."""
    participant, through_glass = _file_participant(user, participant_pk)
    documents = visible_documents(user, participant, through_glass=through_glass)
    total = documents.count()
    page = max(1, min(page, max(1, -(-total // limit))))
    start = (page - 1) * limit
    shown = list(
        documents.select_related("uploaded_by", "enrolment__programme").order_by(
            "-uploaded_at", "-pk"
        )[start : start + limit]
    )
    if shown:
        log_reads(
            user, [participant.pk], "documents", AccessEvent.Action.LIST, break_glass=through_glass
        )
    return DocumentList(
        participant=participant,
        rows=_rows(shown, participant),
        total=total,
        through_glass=through_glass,
        page=page,
        page_size=limit,
    )


def get_document(user: User, pk, *, caseload_only: bool = False) -> tuple[Document, bool]:
    """A document the user may see, with whether its file is open through break-the-glass
    (never with ``caseload_only``, the API's rule). 404 otherwise."""
    participant_id = (
        Document.objects.filter(pk=pk, removed_at__isnull=True)
        .values_list("participant_id", flat=True)
        .first()
    )
    if participant_id is None:
        raise Http404
    if caseload_only:
        participant, through_glass = get_participant(user, participant_id), False
    else:
        participant, through_glass = _file_participant(user, participant_id)
    document = (
        visible_documents(user, participant, through_glass=through_glass)
        .select_related("participant__data_key", "enrolment")
        .filter(pk=pk)
        .first()
    )
    if document is None:
        raise Http404
    return document, through_glass


def document_download(user: User, pk, *, caseload_only: bool = False) -> Download:
    """A document's name and bytes, decrypted, and the download logged. KeyDestroyedError when
    the participant's data key was destroyed (erasure): nothing can be read any more."""
    document, through_glass = get_document(user, pk, caseload_only=caseload_only)
    content = Document.objects.values_list("content", flat=True).get(pk=document.pk)
    cipher = Cipher().load([document.participant.data_key])
    name = cipher.open(model=Document, column="name", row_pk=document.pk, envelope=document.name)
    data = cipher.open_bytes(model=Document, column="content", row_pk=document.pk, sealed=content)
    log_reads(
        user,
        [document.participant_id],
        "document",
        AccessEvent.Action.DOWNLOAD,
        break_glass=through_glass,
    )
    return Download(
        document=document, name=name or "", content_type=document.content_type, data=data
    )


def enrolment_choices(user: User, participant: Participant) -> list[tuple[str, str]]:
    """The enrolments a document of this file may be attached to by the user: their own teams'
    active or paused ones, of programmes their role may see."""
    withheld = programmes_withheld_from(user)
    enrolments = (
        participant.enrolments.filter(permissions.enrolment_in_scope_q(user))
        .exclude(status__in=["completed", "stopped"])
        .exclude(programme__code__in=withheld)
        .select_related("programme", "team")
        .order_by("-start_date")
    )
    return [
        (str(enrolment.pk), f"{enrolment.programme.name_nl} ({enrolment.team.name})")
        for enrolment in enrolments
    ]
