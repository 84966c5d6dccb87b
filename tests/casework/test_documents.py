"""Documents in a participant's file: the type by content, the size limit, sealed at rest
under the participant's data key (and shredded with it), the file's rules for who sees and
who adds, removal with a version, the logged listing and download, and the right of access."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import Http404
from django.urls import reverse

from accounts.roles import CASEWORKER, PEER_EXPERT
from casework import services
from casework.models import Document, DocumentType
from casework.privacy_provider import collect, erase
from casework.selectors import documents as document_selectors
from casework.services import ConcurrentEditError
from casework.services import documents as document_services
from privacy.crypto import Cipher, DecryptionError, KeyDestroyedError
from privacy.models import AccessEvent
from privacy.report import report_html
from privacy.services import destroy_data_key
from tests.casework import documents as files
from tests.factories import make_participant, make_user

NAME = "Beschikking bijstand Wietske Bosma.pdf"


@pytest.fixture
def participant(caseworker_a, team_a):
    return make_participant(caseworker_a, team_a, name="Wietske Bosma")


def add(actor, participant, data=files.PDF, name=NAME, enrolment=None) -> Document:
    return document_services.add_document(
        actor=actor, participant=participant, name=name, data=data, enrolment=enrolment
    )


def events(what: str) -> list[AccessEvent]:
    return list(AccessEvent.objects.filter(what=what).order_by("sequence"))


# --- the type by content ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (files.PDF, DocumentType.PDF),
        (files.PNG, DocumentType.PNG),
        (files.JPEG, DocumentType.JPEG),
        (files.DOCX, DocumentType.DOCX),
        (files.XLSX, DocumentType.XLSX),
        (files.PPTX, DocumentType.PPTX),
        (files.ODT, DocumentType.ODT),
        (files.ODS, DocumentType.ODS),
    ],
)
def test_allowed_kinds_are_found_in_the_content(data, kind):
    assert document_services.detect_type(data) == kind


@pytest.mark.parametrize("label", sorted(files.REFUSED))
def test_other_content_is_refused_whatever_its_name(label, caseworker_a, participant):
    with pytest.raises(ValidationError) as refused:
        add(caseworker_a, participant, files.REFUSED[label], name="brief.pdf")
    assert "Dit soort bestand kan niet worden toegevoegd" in " ".join(refused.value.messages)
    assert not Document.objects.exists()


def test_the_stored_type_comes_from_the_content_not_the_name(caseworker_a, participant):
    document = add(caseworker_a, participant, files.PNG, name="scan.pdf")
    assert document.content_type == DocumentType.PNG


def test_over_the_limit_or_empty_is_refused_in_dutch(caseworker_a, participant, settings):
    settings.KOERS_DOCUMENT_MAX_BYTES = len(files.PDF) - 1
    with pytest.raises(ValidationError) as refused:
        add(caseworker_a, participant)
    assert "Het bestand is te groot" in " ".join(refused.value.messages)
    settings.KOERS_DOCUMENT_MAX_BYTES = len(files.PDF)
    add(caseworker_a, participant)  # exactly the limit is allowed
    with pytest.raises(ValidationError, match="leeg"):
        add(caseworker_a, participant, b"")
    assert Document.objects.count() == 1


def test_the_name_loses_its_folders_and_control_characters(caseworker_a, participant):
    document = add(caseworker_a, participant, name="C:\\Users\\jan\\brief\x00 1.pdf")
    download = document_selectors.document_download(caseworker_a, document.pk)
    assert download.name == "brief 1.pdf"
    with pytest.raises(ValidationError, match="te lang"):
        add(caseworker_a, participant, name="x" * 256)


# --- sealed at rest -----------------------------------------------------------------------


def test_nothing_readable_at_rest_and_the_bytes_not_in_the_history(caseworker_a, participant):
    document = add(caseworker_a, participant)
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, content FROM casework_document")
        name, content = cursor.fetchone()
    assert "Bosma" not in name and name.startswith("k1.")
    assert b"%PDF" not in bytes(content) and b"Catalog" not in bytes(content)
    history = Document.history.model
    assert "content" not in {field.name for field in history._meta.fields}
    assert history.objects.filter(id=document.pk).count() == 1
    download = document_selectors.document_download(caseworker_a, document.pk)
    assert (download.name, download.data) == (NAME, files.PDF)
    assert download.content_type == "application/pdf"


def test_the_bytes_are_bound_to_their_row(caseworker_a, participant):
    first = add(caseworker_a, participant)
    second = add(caseworker_a, participant, files.PNG)
    Document.objects.filter(pk=second.pk).update(content=first.content)
    with pytest.raises(DecryptionError):
        document_selectors.document_download(caseworker_a, second.pk)
    tampered = bytearray(first.content)
    tampered[-1] ^= 1
    with pytest.raises(DecryptionError):
        Cipher().open_bytes(
            model=Document, column="content", row_pk=first.pk, sealed=bytes(tampered)
        )


def test_erasure_shreds_documents_too(caseworker_a, participant, client):
    document = add(caseworker_a, participant)
    erase(participant.pk)
    report = collect(participant.pk)
    assert "documents" not in report and NAME not in str(report)
    with pytest.raises(KeyDestroyedError):
        Cipher().open_bytes(
            model=Document,
            column="content",
            row_pk=document.pk,
            sealed=Document.objects.get(pk=document.pk).content,
        )
    client.force_login(caseworker_a)
    url = reverse("casework:document_download", kwargs={"pk": document.pk})
    assert client.get(url).status_code == 404  # the file is gone from every list


def test_a_destroyed_key_answers_a_clear_page_not_a_500(caseworker_a, participant, client):
    document = add(caseworker_a, participant)
    destroy_data_key(participant.data_key)
    client.force_login(caseworker_a)
    response = client.get(reverse("casework:document_download", kwargs={"pk": document.pk}))
    assert response.status_code == 410
    assert "Dit document kan niet meer worden geopend" in response.content.decode()


# --- who ----------------------------------------------------------------------------------


def test_another_team_can_neither_add_nor_see(caseworker_a, caseworker_b, participant):
    document = add(caseworker_a, participant)
    with pytest.raises(PermissionDenied):
        add(caseworker_b, participant)
    with pytest.raises(Http404):
        document_selectors.document_download(caseworker_b, document.pk)
    with pytest.raises(Http404):
        document_selectors.file_documents(caseworker_b, participant.pk)


@pytest.mark.parametrize("role", ["programme_office", "evaluator", "researcher", "privacy_officer"])
def test_roles_without_file_access_are_refused(role, caseworker_a, participant, team_a):
    document = add(caseworker_a, participant)
    user = make_user(role, teams=[team_a])
    with pytest.raises(PermissionDenied):
        add(user, participant)
    with pytest.raises(PermissionDenied):
        document_selectors.document_download(user, document.pk)


def test_another_teams_enrolment_keeps_its_documents(
    caseworker_a, caseworker_b, team_a, team_b, participant
):
    """As notes and plans: a document of team A's enrolment is team A's; team B, with its own
    enrolment of the same participant, sees the file's own documents only."""
    enrolment_a = participant.enrolments.get()
    services.enrol(
        actor=make_user(CASEWORKER, teams=[team_a, team_b]),
        participant=participant,
        programme_code="lifecoaching",
        team=team_b,
        start_date=enrolment_a.start_date,
        legal_basis="consent",
        finding_place="school",
    )
    of_a = add(caseworker_a, participant, enrolment=enrolment_a, name="plan-a.pdf")
    add(caseworker_a, participant, name="file.pdf")
    rows = document_selectors.file_documents(caseworker_b, participant.pk).rows
    assert [row.name for row in rows] == ["file.pdf"]
    with pytest.raises(Http404):
        document_selectors.document_download(caseworker_b, of_a.pk)
    with pytest.raises(PermissionDenied):
        add(caseworker_b, participant, enrolment=enrolment_a)


def test_peer_experts_see_no_debts_documents(caseworker_a, team_a):
    participant = make_participant(caseworker_a, team_a, "schuldenvrij")
    debts = add(caseworker_a, participant, enrolment=participant.enrolments.get(), name="d.pdf")
    add(caseworker_a, participant, name="id.pdf")
    peer = make_user(PEER_EXPERT, teams=[team_a])
    assert [row.name for row in document_selectors.file_documents(peer, participant.pk).rows] == [
        "id.pdf"
    ]
    with pytest.raises(Http404):
        document_selectors.document_download(peer, debts.pk)
    with pytest.raises(PermissionDenied):
        add(peer, participant, enrolment=participant.enrolments.get())
    assert document_selectors.enrolment_choices(peer, participant) == []
    add(peer, participant, name="eigen.pdf")  # to the file itself: as the file allows


def test_break_the_glass_reads_and_logs_but_never_writes(
    client, caseworker_a, caseworker_b, participant
):
    document = add(caseworker_a, participant, enrolment=participant.enrolments.get())
    services.open_break_glass(
        actor=caseworker_b, participant=participant, reason="Crisismelding in het weekend"
    )
    listing = document_selectors.file_documents(caseworker_b, participant.pk)
    assert [row.name for row in listing.rows] == [NAME] and not listing.may_add
    assert document_selectors.document_download(caseworker_b, document.pk).data == files.PDF
    assert [e.break_glass for e in events("documents") + events("document")] == [True, True]
    with pytest.raises(PermissionDenied):
        add(caseworker_b, participant)
    client.force_login(caseworker_b)
    file_page = client.get(reverse("casework:participant_file", kwargs={"pk": participant.pk}))
    assert "Document toevoegen" not in file_page.content.decode()
    assert NAME in file_page.content.decode()
    remove_url = reverse("casework:document_remove", kwargs={"pk": document.pk})
    assert client.get(remove_url).status_code == 403
    new_url = reverse("casework:document_new", kwargs={"pk": participant.pk})
    assert client.get(new_url).status_code == 404
    with pytest.raises(document_selectors.Http404):
        document_selectors.get_document(caseworker_b, document.pk, caseload_only=True)


# --- removal ------------------------------------------------------------------------------


def test_removal_checks_the_version_and_keeps_the_history(caseworker_a, participant):
    document = add(caseworker_a, participant)
    with pytest.raises(ConcurrentEditError):
        document_services.remove_document(
            actor=caseworker_a, document=document, expected_version=document.version + 1
        )
    removed = document_services.remove_document(
        actor=caseworker_a, document=document, expected_version=document.version
    )
    assert removed.removed_by == caseworker_a and removed.version == 2
    assert bytes(Document.objects.get(pk=document.pk).content) == b""
    history = Document.history.model.objects.filter(id=document.pk).order_by("history_date")
    assert [row.removed_at is not None for row in history] == [False, True]
    assert document_selectors.file_documents(caseworker_a, participant.pk).rows == []
    with pytest.raises(Http404):
        document_selectors.document_download(caseworker_a, document.pk)


def test_removing_on_the_page(client, caseworker_a, caseworker_b, participant):
    document = add(caseworker_a, participant)
    url = reverse("casework:document_remove", kwargs={"pk": document.pk})
    client.force_login(caseworker_b)
    assert client.get(url).status_code == 404
    client.force_login(caseworker_a)
    assert client.get(url).status_code == 200
    stale = client.post(url, {"version": 7})
    assert stale.status_code == 400 and "Iemand anders" in stale.content.decode()
    done = client.post(url, {"version": 1})
    assert done.status_code == 302 and done["Location"].endswith("#documenten")
    assert Document.objects.get(pk=document.pk).removed_at is not None


# --- pages --------------------------------------------------------------------------------


def upload(client, participant, data, name="brief.pdf", **extra):
    url = reverse("casework:document_new", kwargs={"pk": participant.pk})
    return client.post(url, {"file": SimpleUploadedFile(name, data, "application/pdf"), **extra})


def test_upload_list_and_download_through_the_pages(client, caseworker_a, participant):
    client.force_login(caseworker_a)
    enrolment = participant.enrolments.get()
    form = client.get(reverse("casework:document_new", kwargs={"pk": participant.pk}))
    assert 'enctype="multipart/form-data"' in form.content.decode()
    response = upload(
        client, participant, files.DOCX, "Plan van aanpak.docx", enrolment=enrolment.pk
    )
    assert response.status_code == 302 and response["Location"].endswith("#documenten")
    document = Document.objects.get()
    assert document.enrolment == enrolment and document.content_type == DocumentType.DOCX
    file_page = client.get(reverse("casework:participant_file", kwargs={"pk": participant.pk}))
    html = file_page.content.decode()
    assert 'href="#documenten"' in html and "Plan van aanpak.docx" in html
    assert "Word-document" in html
    download = client.get(reverse("casework:document_download", kwargs={"pk": document.pk}))
    assert download.status_code == 200
    assert download.content == files.DOCX
    assert download["Content-Type"] == DocumentType.DOCX.value
    assert download["Content-Disposition"].startswith("attachment;")
    assert "Plan van aanpak.docx" in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in download["Cache-Control"]
    assert [e.action for e in events("documents")] == [AccessEvent.Action.LIST]
    assert [e.action for e in events("document")] == [AccessEvent.Action.DOWNLOAD]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (files.REFUSED["executable"], "Dit soort bestand kan niet worden toegevoegd"),
        (files.PDF * 10, "Het bestand is te groot: een document is hoogstens"),
        (b"", "Het bestand is leeg."),
    ],
)
def test_bad_uploads_get_a_dutch_message_and_change_nothing(
    client, caseworker_a, participant, settings, data, message
):
    settings.KOERS_DOCUMENT_MAX_BYTES = len(files.PDF) * 5
    client.force_login(caseworker_a)
    response = upload(client, participant, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Document.objects.exists()


def test_an_upload_without_a_file_or_with_a_foreign_enrolment_is_refused(
    client, caseworker_a, caseworker_b, team_b, participant
):
    other = make_participant(caseworker_b, team_b)
    client.force_login(caseworker_a)
    url = reverse("casework:document_new", kwargs={"pk": participant.pk})
    assert client.post(url, {}).status_code == 400
    response = upload(client, participant, files.PDF, enrolment=other.enrolments.get().pk)
    assert response.status_code == 400
    assert not Document.objects.exists()


def test_the_documents_page_is_paged(client, caseworker_a, participant):
    for index in range(document_selectors.PAGE_SIZE + 1):
        add(caseworker_a, participant, name=f"doc-{index:02}.pdf")
    client.force_login(caseworker_a)
    url = reverse("casework:documents", kwargs={"pk": participant.pk})
    first = client.get(url).content.decode()
    assert "doc-50.pdf" in first and "doc-00.pdf" not in first and "Volgende pagina" in first
    second = client.get(url + "?pagina=2").content.decode()
    assert "doc-00.pdf" in second and "doc-50.pdf" not in second
    assert client.get(url + "?pagina=x").status_code == 200
    file_page = client.get(reverse("casework:participant_file", kwargs={"pk": participant.pk}))
    assert "Alle 51 documenten" in file_page.content.decode()


# --- right of access ----------------------------------------------------------------------


def test_the_right_of_access_lists_documents(caseworker_a, participant):
    document = add(caseworker_a, participant, enrolment=participant.enrolments.get())
    document_services.remove_document(actor=caseworker_a, document=document, expected_version=1)
    add(caseworker_a, participant, files.PNG, name="foto.png")
    rows = collect(participant.pk)["documents"]
    assert [(row["name"], row["content_type"]) for row in rows] == [
        (NAME, "application/pdf"),
        ("foto.png", "image/png"),
    ]
    assert rows[0]["removed_at"] is not None and rows[0]["programme"] == "gezinslab"
    assert "content" not in rows[0]
    html = report_html(collect(participant.pk))
    assert "foto.png" in html and "Documenten" in html


@pytest.mark.parametrize("cut", [0, 2, 18, 30, 45])
def test_sealed_bytes_cut_short_moved_to_another_column_or_garbled_do_not_open(
    cut, caseworker_a, participant
):
    document = add(caseworker_a, participant)
    sealed = bytes(Document.objects.get(pk=document.pk).content)
    with pytest.raises(DecryptionError):
        Cipher().open_bytes(
            model=Document, column="content", row_pk=document.pk, sealed=sealed[:cut]
        )
    with pytest.raises(DecryptionError):
        Cipher().open_bytes(model=Document, column="name", row_pk=document.pk, sealed=sealed)
    assert (
        Cipher().open_bytes(model=Document, column="content", row_pk=document.pk, sealed=sealed)
        == files.PDF
    )


def test_an_upload_never_touches_the_disk_and_stops_at_the_limit(
    client, caseworker_a, participant, settings, monkeypatch
):
    from django.core.files import uploadedfile

    def no_temporary_file(*args, **kwargs):
        raise AssertionError("a document's plaintext went to a temporary file")

    monkeypatch.setattr(uploadedfile.TemporaryUploadedFile, "__init__", no_temporary_file)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10  # Django would spool anything larger to disk
    settings.KOERS_DOCUMENT_MAX_BYTES = 1000
    client.force_login(caseworker_a)
    assert upload(client, participant, files.PDF).status_code == 302
    refused = upload(client, participant, files.PDF + bytes(1000))
    assert refused.status_code == 400 and "Het bestand is te groot" in refused.content.decode()
    assert Document.objects.count() == 1


def test_an_upload_without_the_csrf_token_is_refused(caseworker_a, participant):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(caseworker_a)
    assert upload(client, participant, files.PDF).status_code == 403
    assert not Document.objects.exists()
