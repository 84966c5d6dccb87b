"""A lifecoach logs in, opens Lifecoaching, lets a young person choose a coach by interest,
logs a session (in place, htmx), records the school status and sees it on the page and in the
file; axe reports no accessibility violation on any page on the way."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts.roles import CASEWORKER
from lifecoaching import services
from lifecoaching.models import CoachMatch, CoachSession, SchoolStatus
from tests.e2e.conftest import WORKLIST, follow, log_in
from tests.factories import TeamFactory, make_participant, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup():
    team = TeamFactory(code="lcd", name="Lifecoaching Dreamfabryk")
    worker = make_user(CASEWORKER, teams=[team])
    today = timezone.localdate()
    participant = make_participant(
        worker, team, "lifecoaching", name="Sanne Wiersma", start_date=today - dt.timedelta(days=90)
    )
    for name, interests in (
        ("Hessel Kuipers", ["technology", "games"]),
        ("Sytske de Boer", ["sport"]),
    ):
        services.create_coach(
            actor=worker,
            team=team,
            name=name,
            kind="volunteer",
            vog_date=today - dt.timedelta(days=100),
            vog_expiry=today + dt.timedelta(days=800),
            interests=interests,
            capacity=2,
        )
    return worker, participant


def test_lifecoach_weekly_flow(live_server, page, axe_check, setup):
    worker, participant = setup
    log_in(page, live_server, worker)
    page.wait_for_url(WORKLIST)

    page.get_by_role("link", name="Lifecoaching", exact=True).click()
    page.get_by_role("heading", name="Lifecoaching", exact=True).wait_for()
    axe_check(page)

    page.get_by_role("link", name="Sanne Wiersma", exact=True).click()
    page.get_by_role("heading", name="Sanne Wiersma").wait_for()
    axe_check(page)

    # The young person chooses a coach, filtered by what she likes.
    page.get_by_role("link", name="Coach kiezen met de jongere").click()
    page.get_by_role("checkbox", name="Sport").check()
    page.get_by_role("button", name="Coaches zoeken").click()
    page.wait_for_url("**interests=sport**")
    assert page.get_by_role("radio", name="Hessel Kuipers").count() == 0
    axe_check(page)
    page.get_by_role("radio", name="Sytske de Boer").check()
    page.get_by_role("button", name="Keuze vastleggen").click()
    page.get_by_text("De koppeling met de coach is vastgelegd.").wait_for()
    assert "Sytske de Boer" in page.locator("#current-coach").inner_text()
    assert CoachMatch.objects.get().chosen_by_young_person
    axe_check(page)

    # Log this week's session: the list updates in place.
    page.get_by_label("Duur (minuten)").fill("90")
    page.get_by_label("Soort").select_option("activity")
    page.get_by_label("Notitie").fill("Samen gevoetbald en over de toetsweek gepraat.")
    page.get_by_role("button", name="Gesprek opslaan").click()
    page.get_by_text("Het gesprek is vastgelegd.").wait_for()
    assert page.get_by_text("Samen gevoetbald en over de toetsweek gepraat.").is_visible()
    assert CoachSession.objects.count() == 1
    axe_check(page)

    # Record the school status.
    follow(page, axe_check, "Nieuwe schoolsituatie vastleggen", "Schoolsituatie vastleggen")
    page.get_by_label("School", exact=True).fill("Piter Jelles")
    page.get_by_label("Niveau").select_option("vmbo-gt")
    page.get_by_label("Schooladvies groep 8").select_option("vmbo-gt/havo")
    page.get_by_role("button", name="Schoolsituatie opslaan").click()
    page.get_by_text("De schoolsituatie is vastgelegd.").wait_for()
    assert "Piter Jelles" in page.locator("#school-statuses").inner_text()
    assert SchoolStatus.objects.count() == 1
    axe_check(page)

    # The file shows the programme's part with the coach and the school.
    page.get_by_role("link", name="Naar het dossier").click()
    section = page.locator('[data-programme="lifecoaching"]')
    section.wait_for()
    assert "Sytske de Boer" in section.inner_text()
    assert "vmbo gemengd/theoretisch" in section.inner_text()
    axe_check(page)


def test_programme_office_reads_the_counters(live_server, page, axe_check, setup):
    from accounts.roles import PROGRAMME_OFFICE

    office = make_user(PROGRAMME_OFFICE)
    log_in(page, live_server, office)
    page.get_by_role("link", name="Lifecoaching cijfers").click()
    page.get_by_role("heading", name="Lifecoaching cijfers").wait_for()
    assert "<10" not in page.locator("#counters").inner_text()
    page.get_by_label("Periode").select_option(label=str(dt.date.today().year))
    page.get_by_role("button", name="Toon").click()
    page.get_by_role("heading", name="Lifecoaching cijfers").wait_for()
    assert f"periode={dt.date.today().year}" in page.url
    assert "Sanne" not in page.content()
    axe_check(page)
