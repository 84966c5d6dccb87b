"""A caseworker logs in, finds a participant, logs progress, records a measurement and sees
the chart; axe reports no accessibility violation on any page on the way."""

from __future__ import annotations

import datetime as dt

import pytest

from casework import services
from casework.models import ProgressEntry
from tests.e2e.conftest import WORKLIST, follow, log_in, open_caseload
from tests.factories import make_participant, measure, valid_bsn

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def participant(caseworker_a, team_a):
    participant = make_participant(
        caseworker_a,
        team_a,
        name="Wietske Bosma",
        bsn=valid_bsn(),
        client_ref="GL-0420",
        wijk="bilgaard",
        start_date=dt.date(2025, 1, 6),
    )
    enrolment = participant.enrolments.get()
    services.add_goal(actor=caseworker_a, enrolment=enrolment, text="Mijn post zelf bijhouden")
    measure(
        caseworker_a,
        enrolment,
        "zrm",
        "intake",
        dt.date(2025, 1, 10),
        {"financien": 1, "huisvesting": 2},
    )
    for index in range(3):
        make_participant(caseworker_a, team_a, given_name=f"Ander{index}", family_name="Deelnemer")
    return participant


def test_caseworker_daily_flow(live_server, page, axe_check, caseworker_a, participant):
    log_in(page, live_server, caseworker_a, check=axe_check)
    page.wait_for_url(WORKLIST)
    open_caseload(page)
    assert page.get_by_role("heading", name="Mijn dossiers").is_visible()
    axe_check(page)

    # Find the participant with the search (htmx, no reload).
    page.get_by_label("Zoek op naam, BSN of cliëntnummer").fill("bosma")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_text("1 deelnemer gevonden.").wait_for()
    follow(page, axe_check, "Wietske Bosma", "Wietske Bosma")

    # Log progress: the timeline updates in place.
    page.get_by_label("Notitie").fill("Samen de post doorgenomen, twee brieven beantwoord.")
    page.get_by_role("button", name="Voortgang opslaan").click()
    page.get_by_text("De voortgang is vastgelegd.").wait_for()
    assert page.get_by_text("Samen de post doorgenomen, twee brieven beantwoord.").is_visible()
    assert ProgressEntry.objects.count() == 1
    axe_check(page)

    # Record a ZRM measurement at six months.
    follow(page, axe_check, "Meting vastleggen", "Meting vastleggen: Zelfredzaamheidsmatrix")
    page.get_by_label("Peilmoment").select_option("m6")
    page.get_by_label("Datum").fill("2025-07-10")
    # Each level says what it means, as the ZRM defines it.
    page.get_by_role("group", name="Financiën").get_by_label("3 — Beperkt zelfredzaam").check()
    page.get_by_role("group", name="Huisvesting").get_by_label("4 — Voldoende zelfredzaam").check()
    page.get_by_role("button", name="Meting opslaan").click()

    # Back in the file: the chart (before and after) with its table.
    page.get_by_text("De meting is vastgelegd.").wait_for()
    chart = page.locator("figure.koers-chart").first
    assert chart.locator("svg rect").count() >= 4
    table = chart.locator("table")
    assert "Zelfredzaamheidsmatrix per peilmoment" in table.inner_text()
    assert "m6" in table.inner_text()
    axe_check(page)


def test_keyboard_user_can_skip_to_content(live_server, page, caseworker_a, participant):
    page.goto(f"{live_server.url}/account/inloggen/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
