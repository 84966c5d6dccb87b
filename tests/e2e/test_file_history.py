"""A caseworker reads in the browser who changed what in a file: the file's last changes and
the whole history a link away, paged, with axe on both pages."""

from __future__ import annotations

import re

import pytest

from casework import services
from tests.e2e.conftest import log_in
from tests.factories import make_participant

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_file_history_from_the_file(live_server, page, axe_check, caseworker_a, team_a):
    participant = make_participant(caseworker_a, team_a, name="Sietske Dijkstra")
    services.add_goal(
        actor=caseworker_a, enrolment=participant.enrolments.get(), text="Een eigen huis"
    )
    log_in(page, live_server, caseworker_a)
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/dossiers/{participant.pk}/")
    page.get_by_role("heading", name="Sietske Dijkstra").wait_for()
    navigation = page.get_by_role("navigation", name="Onderdelen van het dossier")
    navigation.get_by_role("link", name="Geschiedenis").click()
    page.wait_for_url("**#h-history")
    assert page.get_by_role("cell", name="Doel aangemaakt").is_visible()
    axe_check(page)
    page.get_by_role("link", name=re.compile(r"^Alle \d+ wijzigingen bekijken$")).click()
    page.get_by_role("heading", name="Geschiedenis van het dossier").wait_for()
    axe_check(page)
    assert page.get_by_role("cell", name="Deelnemer aangemaakt").is_visible()
    assert "Een eigen huis" not in page.content()
