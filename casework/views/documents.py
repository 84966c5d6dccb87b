"""Documents in a participant's file: adding one (the shared form page), the paged list,
a download (logged; an attachment, never shown inline) and removing one (with a version)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from casework import selectors
from casework.forms import VersionedForm
from casework.pages import form_page, write_with
from casework.selectors import documents as document_selectors
from casework.services import documents as document_services
from casework.views.common import file_access
from privacy.crypto import KeyDestroyedError


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Bestand"),
        help_text=gettext_lazy(
            "Pdf, png, jpeg, of een document van Office of OpenDocument (docx, xlsx, pptx, "
            "odt, ods). Het soort wordt aan de inhoud herkend, niet aan de naam."
        ),
        allow_empty_file=True,  # the service says "leeg" in its own words
        max_length=document_services.MAX_NAME,
    )
    enrolment = forms.ChoiceField(label=gettext_lazy("Hoort bij"), required=False)

    def __init__(self, *args, enrolments=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enrolment"].choices = [("", _("Het dossier (geen traject)")), *enrolments]


class RemoveForm(VersionedForm):
    pass


def _file_url(participant_id) -> str:
    return reverse("casework:participant_file", kwargs={"pk": participant_id}) + "#documenten"


@file_access
@csrf_exempt  # only until the upload handler is set: the inner view checks the token
@require_http_methods(["GET", "POST"])
def document_new(request, pk):
    # The CSRF check reads the body; the document's handler must be in place before that.
    request.upload_handlers = [document_services.DocumentUploadHandler(request)]
    return _document_new(request, pk)


@csrf_protect
def _document_new(request, pk):
    participant = selectors.get_participant(request.user, pk)  # the caseload: not read-only
    enrolments = document_selectors.enrolment_choices(request.user, participant)
    posted = request.method == "POST"  # a POST without any field is still a submission
    form = DocumentForm(
        request.POST if posted else None, request.FILES if posted else None, enrolments=enrolments
    )

    def write(data: dict):
        name, content = document_services.read_upload(data.get("file"))
        enrolment = (
            participant.enrolments.get(pk=data["enrolment"]) if data.get("enrolment") else None
        )
        return document_services.add_document(
            actor=request.user,
            participant=participant,
            name=name,
            data=content,
            enrolment=enrolment,
        )

    return form_page(
        request,
        form,
        title=_("Document toevoegen"),
        back=_file_url(pk),
        submit=_("Toevoegen"),
        write=write,
        success=_("Het document is toegevoegd."),
    )


@file_access
@require_http_methods(["GET"])
def documents(request, pk):
    try:
        page = int(request.GET.get("pagina", "1"))
    except ValueError:
        page = 1
    listing = document_selectors.file_documents(request.user, pk, page=page)
    return render(
        request, "casework/documents.html", {"documents": listing, "file_url": _file_url(pk)}
    )


@file_access
@require_http_methods(["GET"])
def document_download(request, pk):
    try:
        download = document_selectors.document_download(request.user, pk)
    except KeyDestroyedError:
        return render(request, "casework/document_unreadable.html", status=410)
    response = HttpResponse(download.data, content_type=download.content_type)
    response["Content-Disposition"] = content_disposition_header(True, download.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    response["Content-Length"] = str(len(download.data))
    return response


@file_access
@require_http_methods(["GET", "POST"])
def document_remove(request, pk):
    document, through_glass = document_selectors.get_document(request.user, pk)
    if through_glass:
        raise PermissionDenied  # break-the-glass reads only
    form = RemoveForm(request.POST or None, initial={"version": document.version})
    return form_page(
        request,
        form,
        title=_("Document verwijderen"),
        intro=_(
            "Het document wordt uit het dossier gehaald en is daarna niet meer te downloaden. "
            "In de geschiedenis blijft staan dat het er was, wie het toevoegde en wie het "
            "verwijderde."
        ),
        back=_file_url(document.participant_id),
        submit=_("Verwijderen"),
        write=write_with(request, document_services.remove_document, document=document),
        success=_("Het document is verwijderd."),
    )
