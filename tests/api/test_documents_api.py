"""Documents through the API: the same rules as the pages (type by content, limit, the team's
caseload only, logged listing and download), problem details, a flat query count."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import ALL_ROLES, FILE_ROLES
from casework import services
from casework.models import Document
from casework.services import documents as document_services
from privacy.models import AccessEvent
from privacy.services import destroy_data_key
from tests.api.conftest import api_client
from tests.casework import documents as files
from tests.factories import make_participant, make_user


def url(participant, *rest) -> str:
    return "/".join([f"/api/v1/participants/{participant.pk}/documents", *map(str, rest), ""])


def upload(client, participant, data=files.PDF, name="Beschikking.pdf", **extra):
    return client.post(
        url(participant),
        {"file": SimpleUploadedFile(name, data, "application/pdf"), **extra},
        format="multipart",
    )


def test_upload_list_read_and_download(caseworker_a, participant_a):
    client = api_client(caseworker_a)
    enrolment = participant_a.enrolments.get()
    created = upload(client, participant_a, files.XLSX, "Budget.xlsx", enrolment=enrolment.pk)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["name"] == "Budget.xlsx" and body["enrolment_id"] == str(enrolment.pk)
    assert body["content_type"] == Document.objects.get().content_type
    assert body["content_type"].endswith("spreadsheetml.sheet") and body["size"] == len(files.XLSX)
    listing = client.get(url(participant_a))
    assert [row["name"] for row in listing.json()["results"]] == ["Budget.xlsx"]
    assert client.get(url(participant_a, body["id"])).json()["name"] == "Budget.xlsx"
    download = client.get(url(participant_a, body["id"], "content"))
    assert download.status_code == 200 and download.content == files.XLSX
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    actions = list(
        AccessEvent.objects.filter(
            subject_id=participant_a.pk, what__in=["api_documents", "document"]
        )
        .order_by("sequence")
        .values_list("what", "action")
    )
    assert ("api_documents", "list") in actions and ("document", "download") in actions


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (files.REFUSED["html"], "Dit soort bestand kan niet worden toegevoegd"),
        (files.PDF * 10, "Het bestand is te groot"),
    ],
)
def test_refused_uploads_are_problems_and_store_nothing(
    caseworker_a, participant_a, settings, data, message
):
    settings.KOERS_DOCUMENT_MAX_BYTES = len(files.PDF) * 5
    response = upload(api_client(caseworker_a), participant_a, data)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert message in response.json()["errors"]["file"][0]["message"]
    assert not Document.objects.exists()


def test_json_instead_of_a_file_is_refused(caseworker_a, participant_a):
    response = api_client(caseworker_a).post(url(participant_a), {"file": "x"}, format="json")
    assert response.status_code == 415
    assert not Document.objects.exists()


def test_another_team_gets_404_and_other_roles_403(
    caseworker_a, caseworker_b, participant_a, team_a
):
    document = document_services.add_document(
        actor=caseworker_a, participant=participant_a, name="a.pdf", data=files.PDF
    )
    other = api_client(caseworker_b)
    for path in (url(participant_a), url(participant_a, document.pk, "content")):
        response = other.get(path)
        assert (
            response.status_code == 404 and str(participant_a.pk) not in response.content.decode()
        )
    assert upload(other, participant_a).status_code == 404
    for role in sorted(set(ALL_ROLES) - FILE_ROLES):
        client = api_client(make_user(role, teams=[team_a]))
        assert client.get(url(participant_a)).status_code == 403, role
        assert client.get(url(participant_a, document.pk, "content")).status_code == 403, role
    # A document is only found under its own participant.
    own = make_participant(caseworker_a, team_a)
    assert api_client(caseworker_a).get(url(own, document.pk, "content")).status_code == 404


def test_break_the_glass_does_not_open_documents_through_the_api(
    caseworker_a, caseworker_b, participant_a
):
    document = document_services.add_document(
        actor=caseworker_a, participant=participant_a, name="a.pdf", data=files.PDF
    )
    services.open_break_glass(
        actor=caseworker_b, participant=participant_a, reason="Crisismelding in het weekend"
    )
    client = api_client(caseworker_b)
    assert client.get(url(participant_a)).status_code == 404
    assert client.get(url(participant_a, document.pk, "content")).status_code == 404


def test_a_read_only_token_cannot_upload(caseworker_a, participant_a):
    response = upload(api_client(caseworker_a, scopes=("read",)), participant_a)
    assert response.status_code == 403 and response.json()["code"] == "insufficient_scope"


def test_a_destroyed_key_is_a_410_problem(caseworker_a, participant_a):
    document = document_services.add_document(
        actor=caseworker_a, participant=participant_a, name="a.pdf", data=files.PDF
    )
    destroy_data_key(participant_a.data_key)
    response = api_client(caseworker_a).get(url(participant_a, document.pk, "content"))
    assert response.status_code == 410 and response.json()["code"] == "gone"


def test_the_list_is_flat(caseworker_a, participant_a, django_assert_max_num_queries):
    client = api_client(caseworker_a)
    client.get("/api/v1/instruments/")  # warm up (the token's last-used write)

    def add(count):
        for index in range(count):
            document_services.add_document(
                actor=caseworker_a, participant=participant_a, name=f"{index}.pdf", data=files.PDF
            )

    add(1)
    client.get(url(participant_a))
    with CaptureQueriesContext(connection) as one:
        assert client.get(url(participant_a)).status_code == 200
    add(49)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url(participant_a))
    assert len(response.json()["results"]) == 50


def test_an_upload_over_the_limit_is_not_kept_in_full(caseworker_a, participant_a, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10
    settings.KOERS_DOCUMENT_MAX_BYTES = 1000
    client = api_client(caseworker_a)
    assert upload(client, participant_a, files.PDF).status_code == 201
    response = upload(client, participant_a, files.PDF + bytes(1000))
    assert response.status_code == 400
    assert Document.objects.count() == 1
