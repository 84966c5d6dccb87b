"""Anyone opens the public monitor without logging in, follows a pillar to an indicator with
its chart and table; the programme office logs in, lands on the monitor, uploads a file of
values with a bad row (and sees it refused by row number), then a good one. axe reports no
accessibility violation on any page on the way."""

from __future__ import annotations

import pytest

from accounts.roles import PROGRAMME_OFFICE
from monitoring import services
from monitoring.models import IndicatorValue
from tests.e2e.conftest import log_in
from tests.factories import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def office():
    user = make_user(PROGRAMME_OFFICE)
    services.load_plan(actor=user)
    return user


def test_public_monitor_and_office_import(live_server, page, axe_check, office, tmp_path):
    page.goto(f"{live_server.url}/monitor/")
    page.get_by_role("heading", name="Zitten we op koers?").wait_for()
    axe_check(page)
    page.get_by_role("link", name="Werken").first.click()
    page.get_by_role("heading", name="Pijler Werken").wait_for()
    axe_check(page)
    page.get_by_role("link", name="Percentage in de bijstand").click()
    page.get_by_role("heading", name="Percentage in de bijstand").wait_for()
    assert page.locator("svg[role=img]").count() == 1
    assert page.get_by_role("cell", name="11,7%").count() >= 1
    axe_check(page)

    log_in(page, live_server, office)
    page.get_by_role("heading", name="Zitten we op koers?").wait_for()
    page.get_by_role("link", name="Beheer").first.click()
    page.get_by_role("heading", name="Monitor beheren").wait_for()
    axe_check(page)
    page.get_by_role("link", name="Indicatorwaarden importeren (CSV)").click()
    header = "indicator,area,year,value,source,published\n"
    bad = tmp_path / "bad.csv"
    bad.write_text(
        header + "bijstand,g40,2023,4.4,CBS,2024-03-01\nbijstand,mars,2023,1,CBS,2024-03-01\n"
    )
    page.get_by_label("CSV-bestand").set_input_files(str(bad))
    page.get_by_label("Alleen controleren").uncheck()
    page.get_by_role("button", name="Verder").click()
    page.get_by_text("Rij 3: onbekend gebied.").wait_for()
    axe_check(page)
    assert not IndicatorValue.objects.filter(year=2023).exists()
    good = tmp_path / "good.csv"
    good.write_text(header + "bijstand,g40,2023,4.4,CBS,2024-03-01\n")
    page.get_by_label("CSV-bestand").set_input_files(str(good))
    page.get_by_label("Alleen controleren").uncheck()
    page.get_by_role("button", name="Verder").click()
    page.get_by_text("1 waarden geïmporteerd.").wait_for()
    assert IndicatorValue.objects.filter(year=2023).count() == 1
