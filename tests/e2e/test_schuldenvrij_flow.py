"""Leeuwarden Schuldenvrij in the browser: a caseworker logs in, opens the financial file from
the Schuldenvrij menu, records a budget snapshot and a debt, gives a place in the pilot and
proposes the forgiveness of the residual debt; a team lead approves it and sees the follow-ups
planned. axe reports no accessibility violation on any page on the way."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.roles import TEAM_LEAD
from schuldenvrij import services
from schuldenvrij.models import Debt, FollowUp, Forgiveness
from tests.e2e.conftest import WORKLIST, add_debt, follow, log_in, new_page
from tests.factories import make_participant, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def enrolment(caseworker_a, team_a):
    participant = make_participant(
        caseworker_a, team_a, "schuldenvrij", name="Wietske Bosma", start_date=dt.date(2025, 1, 6)
    )
    enrolment = participant.enrolments.get()
    services.save_intake(
        actor=caseworker_a,
        enrolment=enrolment,
        date=dt.date(2025, 1, 10),
        situation="Veel ongeopende post.",
    )
    services.add_debt(
        actor=caseworker_a,
        enrolment=enrolment,
        creditor_kind="health_insurer",
        creditor_name="De Friesland",
        original_amount="850.00",
        current_amount="850.00",
        since=dt.date(2024, 6, 1),
    )
    return enrolment


def login(page, live_server, user) -> None:
    log_in(page, live_server, user)
    page.wait_for_url(WORKLIST)


def test_caseworker_proposes_and_team_lead_approves(
    live_server, browser, page, axe_check, caseworker_a, team_a, enrolment
):
    login(page, live_server, caseworker_a.username)
    page.get_by_role("link", name="Schuldenvrij", exact=True).click()
    page.get_by_role("heading", name="Leeuwarden Schuldenvrij").wait_for()
    axe_check(page)
    follow(page, axe_check, "Wietske Bosma", "Financieel dossier van Wietske Bosma")

    # A budget snapshot: the chart and its table show the monthly room.
    follow(page, axe_check, "Budgetoverzicht toevoegen", "Budgetoverzicht vastleggen")
    page.get_by_label("Peildatum").fill("2025-02-01")
    page.get_by_label("Uitkering / bijstand").fill("1325,00")
    page.get_by_label("Toeslagen").fill("210")
    page.get_by_label("Huur").fill("690")
    page.get_by_label("Energie").fill("145")
    page.get_by_role("button", name="Budgetoverzicht opslaan").click()
    page.get_by_text("Het budgetoverzicht is vastgelegd.").wait_for()
    chart = page.locator("figure.koers-chart")
    assert chart.locator("svg rect").count() == 3
    assert "€ 700,00" in chart.locator("table").inner_text()
    axe_check(page)

    # A debt: a negative amount is refused in Dutch, then the right one is saved.
    add_debt(page, original="400", current="-400")
    page.get_by_text("Een bedrag kan niet negatief zijn.").wait_for()
    axe_check(page)
    page.get_by_label("Huidig bedrag (euro)").fill("400")
    page.get_by_role("button", name="Toevoegen").click()
    page.get_by_text("De schuld is toegevoegd.").wait_for()
    assert page.get_by_text("€ 1.250,00").first.is_visible()

    # A place in the pilot, then the proposal.
    page.get_by_role("link", name="Plaats in de pilot geven").click()
    axe_check(page)
    page.get_by_role("button", name="Plaats geven").click()
    page.get_by_text("De deelnemer heeft een plaats in de pilot.").wait_for()
    follow(page, axe_check, "Kwijtschelding voorstellen", "Kwijtschelding voorstellen")
    page.get_by_label("Bedrag kwijtschelding (euro)").fill("1250")
    page.get_by_label("Datum kwijtschelding").fill(dt.date.today().isoformat())
    page.get_by_label("Financiering").select_option("fno")
    page.get_by_role("button", name="Voorstel indienen").click()
    page.get_by_text("Een andere teamleider beslist erover.").wait_for()
    assert Forgiveness.objects.get().status == "proposed"
    axe_check(page)
    page.context.close()

    # The team lead approves on the Schuldenvrij page.
    lead = make_user(TEAM_LEAD, teams=[team_a])
    context, lead_page = new_page(browser)
    login(lead_page, live_server, lead.username)
    lead_page.get_by_role("link", name="Schuldenvrij", exact=True).click()
    lead_page.get_by_role(
        "heading", name="Voorstellen tot kwijtschelding die wachten op een besluit"
    ).wait_for()
    axe_check(lead_page)
    lead_page.get_by_role("button", name="Goedkeuren Wietske Bosma").click()
    lead_page.get_by_text("Uw besluit over de kwijtschelding is vastgelegd.").wait_for()
    assert Forgiveness.objects.get().status == "approved"
    assert set(Debt.objects.values_list("status", flat=True)) == {"forgiven"}
    lead_page.get_by_role("link", name="Wietske Bosma").click()
    lead_page.get_by_role("heading", name="Nazorg na de kwijtschelding").wait_for()
    assert FollowUp.objects.count() == 3
    axe_check(lead_page)
    context.close()
