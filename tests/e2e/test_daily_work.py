"""A caseworker's and a team lead's day in the browser: the caseload's filters, the file's
navigation, an amount typed in Dutch notation, a save that fails on the server, and refusing a
transfer with a reason. axe reports no accessibility violation on any page on the way."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.roles import TEAM_LEAD
from casework import services
from casework.models import Transfer
from schuldenvrij.models import Debt
from tests.e2e.conftest import WORKLIST, add_debt, follow, log_in, new_page, open_caseload
from tests.factories import make_participant, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def participants(caseworker_a, team_a):
    gezinslab = make_participant(
        caseworker_a, team_a, name="Wietske Bosma", start_date=dt.date(2025, 1, 6)
    )
    debts = make_participant(
        caseworker_a, team_a, "schuldenvrij", name="Jouke Visser", start_date=dt.date(2025, 2, 3)
    )
    return gezinslab, debts


def test_filters_navigation_dutch_amounts_and_a_failed_save(
    live_server, page, axe_check, caseworker_a, participants
):
    log_in(page, live_server, caseworker_a)
    page.wait_for_url(WORKLIST)
    open_caseload(page)
    page.get_by_label("Programma").select_option("schuldenvrij")
    page.get_by_role("button", name="Toon").click()
    page.get_by_text("1 deelnemer.").wait_for()
    assert page.get_by_role("link", name="Jouke Visser").is_visible()
    assert page.get_by_role("link", name="Wietske Bosma").count() == 0
    axe_check(page)

    # The file: a navigation to its sections that stays in view.
    follow(page, axe_check, "Jouke Visser", "Jouke Visser")
    navigation = page.get_by_role("navigation", name="Onderdelen van het dossier")
    navigation.get_by_role("link", name="Tijdlijn").click()
    page.wait_for_url("**#h-timeline")
    assert navigation.is_visible()

    # A save the server fails: a message, and what was typed stays.
    page.route("**/voortgang/**", lambda route: route.fulfill(status=500, body="Server Error"))
    page.get_by_label("Notitie").fill("Brief van de woningcorporatie besproken.")
    page.get_by_role("button", name="Voortgang opslaan").click()
    page.get_by_text("Opslaan is niet gelukt door een fout op de server").wait_for()
    assert page.get_by_label("Notitie").input_value() == "Brief van de woningcorporatie besproken."
    page.unroute("**/voortgang/**")

    # An amount as the Dutch write it.
    page.goto(live_server.url + "/schuldenvrij/")
    follow(page, axe_check, "Jouke Visser", "Financieel dossier van Jouke Visser")
    add_debt(page, original="10.673,81", current="10673,81")
    page.get_by_text("De schuld is toegevoegd.").wait_for()
    assert page.get_by_text("€ 10.673,81").first.is_visible()
    assert str(Debt.objects.get().current_amount) == "10673.81"
    axe_check(page)


def test_the_receiving_team_lead_refuses_a_transfer_with_a_reason(
    live_server, browser, axe_check, lead_a, team_a, team_b, participants
):
    receiving = make_user(TEAM_LEAD, teams=[team_b])
    participant, _ = participants
    services.request_transfer(
        actor=lead_a,
        enrolment=participant.enrolments.get(),
        to_team=team_b,
        reason="Het gezin verhuist.",
    )
    context, page = new_page(browser)
    log_in(page, live_server, receiving)
    page.wait_for_url(WORKLIST)
    page.get_by_role("link", name="Overdrachten").click()
    page.get_by_role("heading", name="Overdrachten").wait_for()
    table = page.get_by_role("table")
    assert "Wietske Bosma" in table.inner_text() and "Het gezin verhuist." in table.inner_text()
    axe_check(page)
    follow(page, axe_check, "Weigeren…", "Overdracht weigeren")
    page.get_by_label("Waarom weigert u?").fill("Wij hebben tot maart geen plek.")
    page.get_by_role("button", name="Overdracht weigeren").click()
    page.get_by_text("Bevestig dat u de overdracht weigert.").wait_for()
    assert Transfer.objects.get().status == Transfer.Status.PENDING
    axe_check(page)
    page.get_by_label("Ja, ik weiger deze overdracht.").check()
    page.get_by_role("button", name="Overdracht weigeren").click()
    page.get_by_text("De overdracht is geweigerd.").wait_for()
    assert Transfer.objects.get().status == Transfer.Status.REFUSED
    context.close()
