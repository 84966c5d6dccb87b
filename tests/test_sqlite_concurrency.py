"""A team works at once on SQLite, the `make demo` default: nobody gets an error.

The test copies its database to a file, serves it with `manage.py runserver` (threaded, the
project's own database settings) and lets twelve caseworkers log in, open their caseload and
file, and save progress notes at the same time."""

from __future__ import annotations

import http.cookiejar
import sqlite3
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from accounts.roles import CASEWORKER
from tests.e2e.conftest import PASSWORD
from tests.factories import make_participant, make_user
from tests.served import copy_test_database, free_port, runserver

pytestmark = pytest.mark.django_db(transaction=True)

SESSIONS = 12
NOTES = 3


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _workday(base: str, username: str, participant_id: str, enrolment_id: str) -> list[int]:
    """One caseworker's requests; the status of each."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    statuses: list[int] = []

    def call(path: str, data: dict | None = None) -> None:
        if data is not None:
            token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
            request = urllib.request.Request(  # noqa: S310 (the test's own http server)
                base + path, data=body, headers={"Referer": base + path}
            )
        else:
            request = urllib.request.Request(base + path)  # noqa: S310
        try:
            with opener.open(request, timeout=60) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)

    call("/account/inloggen/")
    call("/account/inloggen/", {"username": username, "password": PASSWORD})
    for index in range(NOTES):
        call("/dossiers/")
        call(f"/dossiers/{participant_id}/")
        call(
            f"/inschrijvingen/{enrolment_id}/voortgang/",
            {"date": "2026-01-05", "kind": "contact", "note": f"Gebeld, ronde {index}"},
        )
    return statuses


@pytest.mark.skipif(connection.vendor != "sqlite", reason="about SQLite")
def test_a_team_at_once_on_a_sqlite_file_gets_no_error(tmp_path, team_a):
    people = []
    for index in range(SESSIONS):
        user = make_user(CASEWORKER, teams=[team_a])
        participant = make_participant(user, team_a, name=f"Deelnemer Nummer{index}")
        people.append((user.username, str(participant.pk), str(participant.enrolments.get().pk)))
    database = copy_test_database(tmp_path / "koers.sqlite3")
    port = free_port()
    server = runserver(database, port)
    try:
        with ThreadPoolExecutor(SESSIONS) as pool:
            days = list(
                pool.map(lambda person: _workday(f"http://127.0.0.1:{port}", *person), people)
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    for statuses in days:
        # The login page, the login (a redirect), then per round the caseload, the file and a
        # saved note (a redirect back to the file).
        assert statuses == [200, 302] + [200, 200, 302] * NOTES, statuses
    with sqlite3.connect(database) as copy:
        (notes,) = copy.execute("SELECT COUNT(*) FROM casework_progressentry").fetchone()
        (mode,) = copy.execute("PRAGMA journal_mode").fetchone()
    assert notes == SESSIONS * NOTES
    assert mode == "wal"
