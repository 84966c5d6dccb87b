"""What each environment shows people: Django's debug pages only on a developer's own machine,
static files served without a separate web server, Koers's own error pages everywhere else."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import make_participant

ROOT = Path(__file__).resolve().parent.parent


def debug_in(environment: str, tmp_path) -> str:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("KOERS_") and k != "DJANGO_SETTINGS_MODULE"
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "koers.settings",
            "KOERS_ENV": environment,
            "KOERS_KEY_FILE": str(tmp_path / "keys.env"),
        }
    )
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; print(settings.DEBUG)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize(("environment", "debug"), [("development", "True"), ("demo", "False")])
def test_debug_pages_only_on_a_developers_machine(environment, debug, tmp_path):
    assert debug_in(environment, tmp_path) == debug


def test_a_file_of_another_team_gives_koers_own_not_found_page(
    client, caseworker_a, caseworker_b, team_a
):
    participant = make_participant(actor=caseworker_a, team=team_a)
    client.force_login(caseworker_b)
    response = client.get(reverse("casework:participant_file", kwargs={"pk": participant.pk}))
    assert response.status_code == 404
    page = response.content.decode()
    assert "Niet gevonden" in page
    assert "Naar de startpagina" in page
    assert "URLconf" not in page and "Traceback" not in page
    client.force_login(caseworker_a)
    unknown = client.get(reverse("casework:participant_file", kwargs={"pk": uuid.uuid4()}))
    assert unknown.status_code == 404 and "Niet gevonden" in unknown.content.decode()


def test_static_files_and_favicon_are_served_without_a_web_server(client):
    login = client.get(reverse("accounts:login"))
    assert 'rel="icon"' in login.content.decode()
    for path in (
        "/static/koers/favicon.svg",
        "/static/koers/koers.js",
        "/static/vendor/htmx.min.js",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        b"".join(response.streaming_content if response.streaming else [response.content])


def test_every_page_carries_the_messages_for_a_failed_save(client):
    """koers.js shows these when an htmx save gets no answer it can swap (500, no connection)."""
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Opslaan is niet gelukt door een fout op de server" in page
    assert "Geen verbinding met Koers" in page
    script = client.get("/static/koers/koers.js")
    text = b"".join(script.streaming_content).decode()
    assert "htmx:responseError" in text and "htmx:sendError" in text
