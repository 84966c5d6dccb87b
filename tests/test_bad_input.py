"""Bad input at the doors: refused with a clear Dutch message, logged, nothing changed."""

from __future__ import annotations

import logging

from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.roles import PROGRAMME_OFFICE
from casework.models import Participant, ProgressEntry
from tests.factories import make_participant, make_user


def test_post_without_csrf_token_is_refused_in_dutch_and_saves_nothing(
    caseworker_a, team_a, caplog
):
    participant = make_participant(actor=caseworker_a, team=team_a)
    client = Client(enforce_csrf_checks=True)
    client.force_login(caseworker_a)
    url = reverse("casework:progress_new", kwargs={"pk": participant.enrolments.get().pk})
    with caplog.at_level(logging.WARNING, logger="django.security.csrf"):
        response = client.post(url, {"date": "2025-03-03", "kind": "contact", "note": "Vals"})
    assert response.status_code == 403
    assert "Het formulier is verlopen of ongeldig" in response.content.decode()
    assert ProgressEntry.objects.count() == 0
    assert any("CSRF" in record.getMessage() for record in caplog.records)


def test_replayed_csrf_token_of_another_session_is_refused(caseworker_a, team_a):
    participant = make_participant(actor=caseworker_a, team=team_a)
    url = reverse("casework:progress_new", kwargs={"pk": participant.enrolments.get().pk})
    other = Client(enforce_csrf_checks=True)
    other.get(reverse("accounts:login"))
    stolen = other.cookies["csrftoken"].value
    client = Client(enforce_csrf_checks=True)
    client.force_login(caseworker_a)
    response = client.post(
        url,
        {"date": "2025-03-03", "kind": "contact", "note": "Vals", "csrfmiddlewaretoken": stolen},
    )
    assert response.status_code == 403
    assert ProgressEntry.objects.count() == 0


def test_tampered_ciphertext_gets_a_clear_page_and_a_log_line_without_values(
    client, caseworker_a, team_a, caplog
):
    first = make_participant(actor=caseworker_a, team=team_a, given_name="Tjitske")
    second = make_participant(actor=caseworker_a, team=team_a, given_name="Hendrikje")
    table = Participant._meta.db_table
    with connection.cursor() as cursor:  # an attacker with database rights moves a ciphertext
        cursor.execute(
            f"SELECT given_name FROM {table} WHERE id = %s",  # noqa: S608
            [second.pk.hex if connection.vendor == "sqlite" else second.pk],
        )
        envelope = cursor.fetchone()[0]
        cursor.execute(
            f"UPDATE {table} SET given_name = %s WHERE id = %s",  # noqa: S608
            [envelope, first.pk.hex if connection.vendor == "sqlite" else first.pk],
        )
    client.force_login(caseworker_a)
    with caplog.at_level(logging.ERROR, logger="koers.security"):
        response = client.get(reverse("casework:participant_file", kwargs={"pk": first.pk}))
    content = response.content.decode()
    assert response.status_code == 500
    assert "Deze gegevens kunnen niet worden getoond" in content
    assert "Hendrikje" not in content and "Tjitske" not in content
    messages = " ".join(record.getMessage() for record in caplog.records)
    assert "Decryption refused" in messages
    assert "Hendrikje" not in messages and "Tjitske" not in messages


def test_dutch_404_and_403_pages(client, caseworker_a):
    client.force_login(caseworker_a)
    missing = client.get("/bestaat-niet/")
    assert missing.status_code == 404
    assert "Niet gevonden" in missing.content.decode()
    client.force_login(make_user(PROGRAMME_OFFICE))
    refused = client.get(reverse("casework:caseload"))
    assert refused.status_code == 403
    assert "Geen toegang" in refused.content.decode()
