"""A jobcoach of the baangaranties team logs in, places a participant with an employer of a
branch chain, records a due retention check in place (htmx) and sees the result; axe
reports no accessibility violation on any page on the way."""

from __future__ import annotations

import pytest

from baangaranties.models import Placement, RetentionCheck
from tests.baangaranties import conftest as app
from tests.e2e.conftest import WORKLIST, log_in

# The app's fixtures (tests/baangaranties/conftest.py is not visible from tests/e2e/).
bg_team, worker, lead, chain = app.bg_team, app.worker, app.lead, app.chain
employer, employer2, commitment = app.employer, app.employer2, app.commitment
enrolment, placement = app.enrolment, app.placement
make_enrolment = app.make_enrolment

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_jobcoach_week(live_server, page, axe_check, worker, bg_team, placement, employer2):
    make_enrolment(worker, bg_team, given_name="Wietske", family_name="Bosma")

    log_in(page, live_server, worker, check=axe_check)
    page.wait_for_url(WORKLIST)

    # The programme's page from the main menu.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Baangaranties"
    ).click()
    page.get_by_role("heading", name="Baangaranties", exact=True).wait_for()
    assert page.get_by_role("link", name="Sietske Hoekstra", exact=True).is_visible()
    axe_check(page)

    # Place Wietske with an employer of the chain.
    page.get_by_role("link", name="Plaatsing vastleggen").filter(has_text="Wietske Bosma").click()
    page.get_by_role("heading", name="Plaatsing vastleggen").wait_for()
    axe_check(page)
    page.get_by_label("Werkgever").select_option(label="Thuiszorg De Wâlden (Zorg & Welzijn)")
    page.get_by_label("Soort contract").select_option("permanent")
    page.get_by_label("Uren per week").fill("32")
    page.get_by_role("button", name="Plaatsing opslaan").click()
    page.get_by_text("De plaatsing is vastgelegd.").wait_for()
    assert page.get_by_text("Thuiszorg De Wâlden").first.is_visible()
    assert Placement.objects.count() == 2
    axe_check(page)

    # The retention checks that are due: record one in place.
    page.get_by_role("link", name="Nazorgchecks").first.click()
    page.get_by_role("heading", name="Nazorgchecks").wait_for()
    axe_check(page)
    check = placement.checks.get(months=3)
    row = page.locator(f"#check-{check.pk}")
    row.get_by_label("Nagevraagd op").fill("2026-06-04")
    row.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Vastgelegd: werkt er nog.").wait_for()
    assert RetentionCheck.objects.get(pk=check.pk).still_employed is True
    axe_check(page)
