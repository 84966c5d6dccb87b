"""Documents in the browser: a caseworker adds a document to a participant's file (a refused
type first, with its Dutch message), finds it in the file's Documenten section through the
file's navigation, downloads it (the same bytes), sees the documents page and removes it. axe
reports no accessibility violation on any page on the way."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from casework.models import Document, DocumentType
from tests.casework import documents as files
from tests.e2e.conftest import WORKLIST, follow, log_in, open_caseload
from tests.factories import make_participant

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def participant(caseworker_a, team_a):
    return make_participant(
        caseworker_a, team_a, name="Wietske Bosma", start_date=dt.date(2025, 1, 6)
    )


def choose(page, name: str, data: bytes, mime: str = "application/pdf") -> None:
    page.get_by_label("Bestand").set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": data}]
    )


def test_upload_download_and_remove_a_document(
    live_server, page, axe_check, caseworker_a, participant
):
    log_in(page, live_server, caseworker_a)
    page.wait_for_url(WORKLIST)
    open_caseload(page)
    follow(page, axe_check, "Wietske Bosma", "Wietske Bosma")
    navigation = page.get_by_role("navigation", name="Onderdelen van het dossier")
    navigation.get_by_role("link", name="Documenten").click()
    page.wait_for_url("**#documenten")
    assert page.get_by_text("Nog geen documenten.").is_visible()

    follow(page, axe_check, "Document toevoegen", "Document toevoegen")
    # A program dressed up as a PDF: refused by its content, in Dutch, nothing stored.
    choose(page, "beschikking.pdf", files.REFUSED["executable"])
    page.get_by_role("button", name="Toevoegen").click()
    page.get_by_text("Dit soort bestand kan niet worden toegevoegd").first.wait_for()
    assert not Document.objects.exists()
    axe_check(page)

    choose(page, "Beschikking gemeente.pdf", files.PDF)
    page.get_by_label("Hoort bij").select_option(label="Gezinslab (Gezinslab Bilgaard)")
    page.get_by_role("button", name="Toevoegen").click()
    page.get_by_text("Het document is toegevoegd.").wait_for()
    document = Document.objects.get()
    assert document.content_type == DocumentType.PDF and document.enrolment is not None
    section = page.locator("section", has=page.get_by_role("heading", name="Documenten"))
    assert "Beschikking gemeente.pdf" in section.inner_text()
    axe_check(page)

    with page.expect_download() as download_info:
        section.get_by_role("link", name="Beschikking gemeente.pdf (downloaden)").click()
    download = download_info.value
    assert download.suggested_filename == "Beschikking gemeente.pdf"
    assert Path(download.path()).read_bytes() == files.PDF

    page.goto(f"{live_server.url}/dossiers/{participant.pk}/documenten/")
    page.get_by_role("heading", name="Documenten").wait_for()
    axe_check(page)
    follow(page, axe_check, "Verwijderen Beschikking gemeente.pdf", "Document verwijderen")
    page.get_by_role("button", name="Verwijderen").click()
    page.get_by_text("Het document is verwijderd.").wait_for()
    assert page.get_by_text("Nog geen documenten.").is_visible()
    assert Document.objects.get().removed_at is not None
    axe_check(page)
