"""A Gezinslab professional logs in, opens the family's trajectory from the Gezinslab menu,
adds a family goal (htmx, no reload), records a barrier and its breakthrough and sees them on
the trajectory page; a team lead sees the barriers aggregated. axe reports no violation on
any page on the way."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.roles import PEER_EXPERT
from gezinslab.models import Barrier, Breakthrough, FamilyGoal, SystemOrganisation
from tests.e2e.conftest import WORKLIST, follow, log_in
from tests.factories import make_user
from tests.gezinslab.conftest import make_household, make_trajectory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def trajectory(caseworker_a, team_a):
    # A transactional test flushes the reference list the migration seeded.
    SystemOrganisation.objects.get_or_create(
        code="toeslagen", defaults={"name": "Belastingdienst/Toeslagen", "position": 10}
    )
    SystemOrganisation.objects.get_or_create(code="uwv", defaults={"name": "UWV", "position": 20})
    peer_a = make_user(PEER_EXPERT, teams=[team_a])
    household = make_household(actor=caseworker_a, team=team_a, members=2, name="Gezin Bosma")
    return make_trajectory(
        actor=caseworker_a,
        team=team_a,
        peer=peer_a,
        household=household,
        start_date=dt.date(2025, 1, 10),
        plan_summary="Rust in de post en de geldzaken.",
    )


def test_gezinslab_week(live_server, page, axe_check, caseworker_a, lead_a, trajectory):
    log_in(page, live_server, caseworker_a)
    page.wait_for_url(WORKLIST)

    # The menu leads to the team's trajectories.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Gezinslab").click()
    page.get_by_role("heading", name="Gezinslab: gezinstrajecten").wait_for()
    axe_check(page)
    page.get_by_role("link", name="Gezin Bosma").click()
    page.get_by_role("heading", name="Gezinstraject Gezin Bosma").wait_for()
    assert page.get_by_text("Rust in de post en de geldzaken.").is_visible()
    axe_check(page)

    # A family goal, added in place.
    page.get_by_label("Doel van het gezin (in eigen woorden)").fill("We openen samen de post")
    page.get_by_label("Leefgebied").select_option("financien")
    page.get_by_role("button", name="Doel toevoegen").click()
    page.get_by_text("Het doel is toegevoegd.").wait_for()
    assert page.get_by_text("We openen samen de post").is_visible()
    assert FamilyGoal.objects.count() == 1
    axe_check(page)

    # A barrier: the allowance office claims the childcare allowance back.
    follow(page, axe_check, "Knelpunt vastleggen", "Knelpunt vastleggen")
    page.get_by_label("Organisatie").select_option(label="Belastingdienst/Toeslagen")
    page.get_by_label("Soort knelpunt").select_option("benefit")
    page.get_by_label("Regel of voorziening die het gezin blokkeert").fill(
        "Terugvordering kinderopvangtoeslag"
    )
    page.get_by_label("Speelt sinds").fill("2025-02-01")
    page.get_by_role("button", name="Knelpunt opslaan").click()
    page.get_by_text("Het knelpunt is vastgelegd.").wait_for()
    assert Barrier.objects.count() == 1
    axe_check(page)

    # Its breakthrough, which needs a change of the system.
    follow(page, axe_check, "Doorbraak vastleggen", "Doorbraak vastleggen")
    page.get_by_label("Hoe is het knelpunt doorbroken?").fill("Afspraak bij het maatwerkloket")
    page.get_by_label("Datum doorbraak").fill("2025-04-01")
    page.get_by_label("Hiervoor is een verandering van het systeem nodig").check()
    page.get_by_label("Welke systeemverandering?").fill("Voorschieten op het actuele inkomen")
    page.get_by_role("button", name="Doorbraak opslaan").click()
    page.get_by_text("De doorbraak is vastgelegd.").wait_for()
    assert page.get_by_text("Afspraak bij het maatwerkloket").is_visible()
    assert Breakthrough.objects.get().needs_system_change
    axe_check(page)

    # The team lead sees barriers and breakthroughs aggregated, without the family.
    page.context.clear_cookies()
    log_in(page, live_server, lead_a)
    page.wait_for_url(WORKLIST)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Knelpunten").click()
    page.get_by_role("heading", name="Knelpunten en doorbraken in het systeem").wait_for()
    assert "Bosma" not in page.content()
    axe_check(page)


def test_buurtgezinnen_match(live_server, page, axe_check, caseworker_a, team_a):
    make_household(
        actor=caseworker_a, team=team_a, programme="buurtgezinnen", members=2, name="Gezin Visser"
    )
    log_in(page, live_server, caseworker_a)
    page.wait_for_url(WORKLIST)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Buurtgezinnen"
    ).click()
    page.get_by_role("heading", name="Buurtgezinnen: koppelingen").wait_for()
    assert page.get_by_text("0 van 20 koppels actief").is_visible()
    axe_check(page)

    # A volunteer family joins.
    page.get_by_role("link", name="Steungezinnen").click()
    follow(page, axe_check, "Steungezin vastleggen", "Steungezin vastleggen")
    page.get_by_label("Naam steungezin").fill("Familie Kooistra")
    page.get_by_label("Contactgegevens").fill("06-12345678")
    page.get_by_label("Wijk").select_option("bilgaard")
    page.get_by_role("button", name="Steungezin opslaan").click()
    page.get_by_text("Het steungezin is vastgelegd.").wait_for()
    assert page.get_by_role("cell", name="Familie Kooistra", exact=True).is_visible()
    axe_check(page)

    # And is matched with the family that asked for support.
    page.get_by_role("link", name="Buurtgezinnen", exact=True).first.click()
    follow(page, axe_check, "Steungezin koppelen", "Steungezin koppelen")
    page.get_by_label("Steungezin").select_option(label="Familie Kooistra (0/1)")
    page.get_by_label("Gezin dat steun vraagt").select_option(label="Gezin Visser")
    page.get_by_label("Startdatum").fill("2025-03-01")
    page.get_by_label("Contactritme").select_option("fortnightly")
    page.get_by_role("button", name="Koppeling starten").click()
    page.get_by_text("De koppeling is gestart.").wait_for()
    assert page.get_by_text("1 van 20 koppels actief").is_visible()
    axe_check(page)
