"""A researcher requests a study, the privacy officer approves it, the researcher exports a
cohort and sees the download; axe reports no accessibility violation on any page."""

from __future__ import annotations

import pytest

from accounts.roles import PRIVACY_OFFICER, RESEARCHER
from research.models import Export, Study
from tests.e2e.conftest import follow, log_in, new_page
from tests.factories import make_user
from tests.research.conftest import build_cohort, in_new_group

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def login(browser, live_server, user):
    context, page = new_page(browser, timeout=15_000)
    log_in(page, live_server, user)
    page.wait_for_load_state()
    return context, page


def test_research_flow(live_server, browser, axe_check, settings, caseworker_a, team_a, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path)
    settings.SENDFILE_ROOT = str(tmp_path)
    build_cohort(caseworker_a, team_a, 10)
    researcher = in_new_group(make_user(RESEARCHER))
    officer = make_user(PRIVACY_OFFICER)

    context, page = login(browser, live_server, researcher)
    page.goto(f"{live_server.url}/onderzoek/")
    axe_check(page)
    follow(page, axe_check, "Variabelencatalogus", "Variabelencatalogus")
    page.goto(f"{live_server.url}/onderzoek/nieuw/")
    axe_check(page)
    page.get_by_label("Code").fill("E2E-1")
    page.get_by_label("Titel").fill("Bestaanszekerheid in Oost")
    page.get_by_label("Hoofdonderzoeker").fill("Dr. T. Visser")
    page.get_by_label("Instelling").fill("Fries Sociaal Planbureau")
    page.get_by_label("Kenmerk ethische toetsing of goedkeuring").fill("FSP-2026-3")
    page.get_by_label("Doel van het onderzoek").fill("Ontwikkeling van zelfredzaamheid.")
    page.get_by_label("Periode vanaf").fill("2023-01-01")
    page.get_by_label("Gezinslab", exact=True).check()
    page.get_by_label("age_band", exact=False).check()
    page.get_by_label("zrm_financien", exact=False).check()
    page.get_by_role("button", name="Aanvragen").click()
    page.get_by_role("heading", name="Bestaanszekerheid in Oost").wait_for()
    assert page.locator("#cohort-size").inner_text().startswith("10")
    axe_check(page)
    study = Study.objects.get(code="E2E-1")
    context.close()

    context, page = login(browser, live_server, officer)
    page.goto(f"{live_server.url}/onderzoek/{study.pk}/")
    axe_check(page)
    page.get_by_label("Goedkeuren").check()
    page.get_by_role("button", name="Besluit opslaan").click()
    page.get_by_text("Het besluit is opgeslagen.").wait_for()
    page.get_by_role("heading", name="Wat een export nu zou bevatten").wait_for()
    page.goto(f"{live_server.url}/onderzoek/herleiding/")
    axe_check(page)
    page.goto(f"{live_server.url}/onderzoek/groepen/")
    page.get_by_role("heading", name="Onderzoeksgroepen").wait_for()
    axe_check(page)
    context.close()

    context, page = login(browser, live_server, researcher)
    page.goto(f"{live_server.url}/onderzoek/{study.pk}/")
    # Before the export: what it would keep at today's cohort size.
    page.get_by_role("table", name="Detail per quasi-identificerende variabele").wait_for()
    axe_check(page)
    page.get_by_label("Formaat").select_option("csv")
    page.get_by_role("button", name="Export starten").click()
    page.get_by_role("link", name="Downloaden").wait_for()
    axe_check(page)
    assert Export.objects.get().status == "done"
    context.close()
