"""A team lead claims an outcome from the candidates page; the evaluator on the agreement
sees the claim as a pseudonym with its evidence as months and values, verifies it and opens
the outcome report; axe reports no accessibility violation on any page on the way."""

from __future__ import annotations

import pytest

from accounts.roles import EVALUATOR, PROGRAMME_OFFICE
from financing.models import Claim
from tests.e2e.conftest import follow, log_in, new_page
from tests.factories import OrganisationFactory, make_user
from tests.financing.conftest import add_definition, make_agreement, rising_participant

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def evaluator():
    return make_user(EVALUATOR)


@pytest.fixture
def setup(evaluator, lead_a, caseworker_a, team_a):
    from financing import services

    office = make_user(PROGRAMME_OFFICE)
    orgs = {
        "fno": OrganisationFactory(code="fno", name="FNO", kind="funder"),
        "wb": OrganisationFactory(code="wijkbedrijf-bilgaard", name="Wijkbedrijf Bilgaard"),
        "df": OrganisationFactory(code="dreamfabryk", name="Dreamfabryk"),
    }

    agreement = make_agreement(office, orgs, code="FNO-E2E")
    for user in (evaluator, lead_a):
        services.grant(actor=office, agreement=agreement, user=user)
    definition = add_definition(office, agreement, code="eigen-doel-2-punten")
    participant = rising_participant(
        caseworker_a, team_a, given_name="Wietske", family_name="Bosma"
    )
    return agreement, definition, participant


def login(live_server, page, user):
    log_in(page, live_server, user)
    page.wait_for_load_state()


def test_claim_verify_and_report(live_server, browser, axe_check, setup, lead_a, evaluator):
    agreement, _definition, participant = setup
    base = f"{live_server.url}/financiering/"

    context, page = new_page(browser)
    login(live_server, page, lead_a)
    page.goto(base)
    page.get_by_role("heading", name="Resultaatafspraken").wait_for()
    axe_check(page)
    follow(page, axe_check, "FNO-E2E", "Afspraak FNO-E2E (FNO-E2E)")
    follow(page, axe_check, "Kandidaten voor een claim", "Kandidaten voor een claim")
    assert page.get_by_text(f"Deelnemer {str(participant.pk)[:8]}").is_visible()
    page.get_by_role("button", name="Claim indienen").click()
    page.get_by_text("De claim is ingediend.").wait_for()
    axe_check(page)
    context.close()
    claim = Claim.objects.get()

    context, page = new_page(browser)
    login(live_server, page, evaluator)
    page.goto(f"{base}afspraak/{agreement.code}/claims/")
    page.get_by_role("heading", name="Claims — FNO-E2E").wait_for()
    axe_check(page)
    assert "Bosma" not in page.content()
    page.get_by_role("link", name=str(claim.pk)[:8]).click()
    page.get_by_role("heading", name="Bewijs").wait_for()
    axe_check(page)
    page.get_by_label("Besluit").select_option("verified")
    page.get_by_label("Reden").select_option("evidence_consistent")
    page.get_by_role("button", name="Besluit vastleggen").click()
    page.get_by_text("Het besluit is vastgelegd.").wait_for()
    claim.refresh_from_db()
    assert claim.status == "verified"
    page.goto(f"{base}afspraak/{agreement.code}/rapport/?periode=2025")
    page.get_by_role("heading", name="Uitkomstrapport — FNO-E2E, 2025").wait_for()
    assert page.locator("figure.koers-chart svg").count() == 2
    axe_check(page)
    context.close()
