"""The privacy officer's pages: only for privacy officers, search by POST, the participant page
shows everything decrypted and logs the look, break-the-glass review, data-subject requests,
four-eyes erasure and the right-of-access downloads."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import ALL_ROLES, PRIVACY_OFFICER
from casework.models import BreakGlassAccess, Participant
from privacy import report
from privacy.models import AccessEvent, DataSubjectRequest, ErasureRequest
from tests.factories import make_user
from tests.helpers import was_logged
from tests.privacy.conftest import GOAL, NEW_STREET, NOTE, OLD_STREET, PLAN

GET_PAGES = ["privacy:home", "privacy:break_glass", "privacy:requests"]
POST_ACTIONS = [
    "privacy:search",
    "privacy:report_download",
    "privacy:break_glass_review",
    "privacy:request_new",
    "privacy:request_update",
    "privacy:erasure_request",
    "privacy:erasure_confirm",
    "privacy:erasure_cancel",
]


@pytest.mark.parametrize("role", [r for r in ALL_ROLES if r != PRIVACY_OFFICER])
def test_every_page_refuses_every_other_role(client, full_file, role):
    client.force_login(make_user(role))
    participant_url = reverse("privacy:participant_file", kwargs={"pk": full_file.participant.pk})
    for url in [reverse(name) for name in GET_PAGES] + [participant_url]:
        assert client.get(url).status_code == 403, (role, url)
    for name in POST_ACTIONS:
        response = client.post(reverse(name), {"participant": str(full_file.participant.pk)})
        assert response.status_code == 403, (role, name)
    assert not AccessEvent.objects.filter(purpose="privacy").exists()


def test_every_page_is_open_to_the_privacy_officer(client, full_file, officer):
    client.force_login(officer)
    participant_url = reverse("privacy:participant_file", kwargs={"pk": full_file.participant.pk})
    for url in [reverse(name) for name in GET_PAGES] + [participant_url]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Privacy" in response.content.decode()
    for name in POST_ACTIONS:
        assert client.get(reverse(name)).status_code == 405, name


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("privacy:home"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("how", ["bsn", "bsn_formatted", "client_ref", "id"])
def test_search_by_bsn_client_ref_or_id(client, full_file, officer, how):
    query = {
        "bsn": full_file.bsn,
        "bsn_formatted": f"{full_file.bsn[:4]}.{full_file.bsn[4:6]}.{full_file.bsn[6:]}",
        "client_ref": full_file.client_ref,
        "id": str(full_file.participant.pk),
    }[how]
    client.force_login(officer)
    response = client.post(reverse("privacy:search"), {"q": query})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "privacy:participant_file", kwargs={"pk": full_file.participant.pk}
    )
    if how != "id":  # the number searched for is in no URL
        assert query not in response["Location"]


def test_search_without_match_says_so(client, full_file, officer):
    client.force_login(officer)
    response = client.post(reverse("privacy:search"), {"q": "111222333"})
    assert response.status_code == 200
    assert "Geen deelnemer gevonden." in response.content.decode()
    assert client.get(reverse("privacy:search")).status_code == 405  # never by GET


def test_participant_page_shows_everything_decrypted_and_logs_the_look(client, full_file, officer):
    client.force_login(officer)
    pk = full_file.participant.pk
    before = AccessEvent.objects.filter(subject_id=pk).count()
    response = client.get(reverse("privacy:participant_file", kwargs={"pk": pk}))
    html = response.content.decode()
    assert response.status_code == 200
    for value in (full_file.bsn, full_file.client_ref, NEW_STREET, OLD_STREET, PLAN, GOAL, NOTE):
        assert value in html, value
    assert "Familie de Vries" in html  # household
    assert "Crisismelding in het weekend" in html  # break-the-glass reason
    assert "financien" in html  # measurement
    events = AccessEvent.objects.filter(subject_id=pk).order_by("id")
    assert events.count() == before + 1
    look = events.last()
    assert (look.user, look.purpose, look.action, look.what) == (
        officer,
        "privacy",
        AccessEvent.Action.VIEW,
        "privacy_file",
    )
    # Who looked, newest first: the page lists its own look first.
    assert html.index(f"<td>{look.pk}</td>") < html.index(f"<td>{events.first().pk}</td>")


def test_unknown_participant_is_not_found_and_not_logged(client, officer):
    import uuid

    client.force_login(officer)
    response = client.get(reverse("privacy:participant_file", kwargs={"pk": uuid.uuid4()}))
    assert response.status_code == 404
    assert not AccessEvent.objects.exclude(purpose="security").exists()


# --- break-the-glass review ---------------------------------------------------------------


def test_break_glass_review_list_and_verdict(client, full_file, officer, caseworker_b):
    client.force_login(officer)
    response = client.get(reverse("privacy:break_glass"))
    html = response.content.decode()
    assert "Crisismelding in het weekend" in html
    assert caseworker_b.username in html
    assert reverse("privacy:participant_file", kwargs={"pk": full_file.participant.pk}) in html
    # Showing the reasons is a look at the participant's file.
    assert was_logged(full_file.participant.pk, "break_glass_reason", user=officer)
    access = full_file.break_glass
    response = client.post(
        reverse("privacy:break_glass_review"),
        {"access": access.pk, "version": access.version, "verdict": "unjustified"},
    )
    assert response.status_code == 302
    access = BreakGlassAccess.objects.get(pk=access.pk)
    assert (access.reviewed_by, access.review_note) == (officer, "unjustified")
    assert "Crisismelding" not in client.get(reverse("privacy:break_glass")).content.decode()
    # A second verdict on the same access is refused with a message.
    response = client.post(
        reverse("privacy:break_glass_review"),
        {"access": access.pk, "version": access.version, "verdict": "justified"},
        follow=True,
    )
    assert "al beoordeeld" in response.content.decode()


# --- data-subject requests ----------------------------------------------------------------


def test_register_request_and_deadline(client, full_file, officer):
    client.force_login(officer)
    received = timezone.localdate() - dt.timedelta(days=40)
    response = client.post(
        reverse("privacy:request_new"),
        {"participant": full_file.client_ref, "kind": "access", "received_on": received},
    )
    assert response.status_code == 302
    request = DataSubjectRequest.objects.get()
    assert request.subject_id == full_file.participant.pk
    html = client.get(reverse("privacy:requests")).content.decode()
    assert request.deadline < timezone.localdate()
    assert "te laat" in html  # overdue highlighted
    # One extension of two months, then no more.
    response = client.post(
        reverse("privacy:request_update"),
        {
            "request": request.pk,
            "version": request.version,
            "status": "in_progress",
            "extend": "on",
        },
    )
    request.refresh_from_db()
    assert request.extended and request.status == "in_progress"
    assert request.deadline > timezone.localdate()
    response = client.post(
        reverse("privacy:request_update"),
        {"request": request.pk, "version": request.version, "status": "done", "extend": "on"},
        follow=True,
    )
    assert "maar één keer" in response.content.decode()
    response = client.post(
        reverse("privacy:request_update"),
        {"request": request.pk, "version": request.version, "status": "done"},
    )
    request.refresh_from_db()
    assert request.status == "done" and request.closed_on == timezone.localdate()


def test_register_request_for_unknown_participant_is_refused(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("privacy:request_new"),
        {"participant": "onbekend", "kind": "access", "received_on": timezone.localdate()},
    )
    assert response.status_code == 400
    assert "Geen deelnemer gevonden." in response.content.decode()
    assert not DataSubjectRequest.objects.exists()


# --- erasure ------------------------------------------------------------------------------


def test_erasure_needs_a_second_officer(client, full_file, officer, officer2):
    pk = full_file.participant.pk
    page = reverse("privacy:participant_file", kwargs={"pk": pk})
    client.force_login(officer)
    response = client.post(
        reverse("privacy:erasure_request"),
        {"participant": pk, "reason": "Verzoek van betrokkene"},
        follow=True,
    )
    html = response.content.decode()
    assert "wacht op bevestiging door een tweede privacy officer" in html
    erasure = ErasureRequest.objects.get()
    # A second request while one waits is refused.
    response = client.post(
        reverse("privacy:erasure_request"), {"participant": pk, "reason": "Nog eens"}, follow=True
    )
    assert "Er wacht al een wisverzoek" in response.content.decode()
    # The same officer cannot confirm.
    response = client.post(
        reverse("privacy:erasure_confirm"),
        {"erasure": erasure.pk, "version": erasure.version},
        follow=True,
    )
    assert "tweede privacy officer" in response.content.decode()
    assert Participant.objects.get(pk=pk).erased_at is None
    # The second officer sees the reason and confirms.
    client.force_login(officer2)
    html = client.get(page).content.decode()
    assert "Verzoek van betrokkene" in html
    response = client.post(
        reverse("privacy:erasure_confirm"),
        {"erasure": erasure.pk, "version": erasure.version},
        follow=True,
    )
    assert "De deelnemer is gewist" in response.content.decode()
    assert Participant.objects.get(pk=pk).erased_at is not None
    html = client.get(page).content.decode()
    assert "gewist" in html
    for value in (full_file.bsn, full_file.client_ref, NEW_STREET, NOTE, GOAL, PLAN):
        assert value not in html
    # Erased: a new request is refused.
    response = client.post(
        reverse("privacy:erasure_request"), {"participant": pk, "reason": "Nog eens"}, follow=True
    )
    assert "al gewist" in response.content.decode()


def test_erasure_can_be_cancelled(client, full_file, officer):
    client.force_login(officer)
    pk = full_file.participant.pk
    client.post(reverse("privacy:erasure_request"), {"participant": pk, "reason": "Vergissing"})
    erasure = ErasureRequest.objects.get()
    client.post(
        reverse("privacy:erasure_cancel"), {"erasure": erasure.pk, "version": erasure.version}
    )
    erasure.refresh_from_db()
    assert erasure.status == ErasureRequest.Status.CANCELLED
    assert Participant.objects.get(pk=pk).erased_at is None


# --- downloads ----------------------------------------------------------------------------


def test_json_download_is_an_uncached_attachment_without_identifiers_in_its_name(
    client, full_file, officer
):
    client.force_login(officer)
    pk = full_file.participant.pk
    response = client.post(
        reverse("privacy:report_download"), {"participant": pk, "format": "json"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="inzage-{str(pk)[:8]}.json"'
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["identity"]["bsn"] == full_file.bsn
    assert len(data["identity_versions"]) >= 2
    event = AccessEvent.objects.filter(subject_id=pk).order_by("-id").first()
    assert (event.user, event.action, event.what) == (
        officer,
        AccessEvent.Action.DOWNLOAD,
        "access_report_json",
    )
    assert data["access_events"][0]["number"] == event.pk


@pytest.mark.pdf
def test_pdf_download_is_a_readable_dutch_pdf(client, full_file, officer):
    client.force_login(officer)
    pk = full_file.participant.pk
    response = client.post(reverse("privacy:report_download"), {"participant": pk, "format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="inzage-{str(pk)[:8]}.pdf"'
    assert response["Cache-Control"] == "no-store"
    assert response.content.startswith(b"%PDF-")
    assert was_logged(pk, "access_report_pdf")
    html = report.report_html(report.participant_report(pk, actor_label="test"))
    assert "Uw gegevens in Koers" in html
    assert NOTE in html and full_file.bsn in html
    assert "Wie heeft uw gegevens bekeken" in html


@pytest.mark.pdf
def test_pdf_loads_no_external_resource():
    """Whatever the HTML asks for (images, style sheets, fonts), nothing is fetched."""
    from weasyprint import HTML

    fetcher = report._no_external_fetcher()
    html = (
        '<link rel="stylesheet" href="https://example.org/x.css">'
        '<img src="https://example.org/pixel.png"><img src="file:///etc/passwd">'
        "<p>Hallo</p>"
    )
    pdf = HTML(string=html, url_fetcher=fetcher).write_pdf()
    assert pdf.startswith(b"%PDF-")
    assert set(fetcher.refused) == {
        "https://example.org/x.css",
        "https://example.org/pixel.png",
        "file:///etc/passwd",
    }
    # And the report template itself asks for nothing at all.
    assert report.render_pdf("<p>Hallo</p>").startswith(b"%PDF-")


def _pdf_objects(pdf: bytes) -> bytes:
    """The PDF with every compressed stream inflated, to look for its catalog's keys."""
    import re
    import zlib

    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(parts)


@pytest.mark.pdf
def test_every_pdf_is_tagged_for_screen_readers(full_file):
    """PDF/UA-1: a structure tree, marked content, the document's language and its title shown,
    so a screen reader reads the resident's report in order with its headings and tables."""
    html = report.report_html(report.participant_report(full_file.participant.pk, actor_label="t"))
    objects = _pdf_objects(report.render_pdf(html))
    assert b"/StructTreeRoot" in objects
    assert b"/MarkInfo" in objects
    assert b"/Lang" in objects
    assert b"/DisplayDocTitle true" in objects
    assert b"pdfuaid:part" in objects
