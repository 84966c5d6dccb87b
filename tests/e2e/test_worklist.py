"""Every demo role logs in and finds what waits for them on their landing page, oldest first,
each item a link to a page they may open; axe passes on the work list and on the monitor's box."""

from __future__ import annotations

import pytest

from demo.accounts import DEMO_PASSWORD, DEMO_USERS
from tests.e2e.conftest import WORKLIST, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The functional admin lands in the admin: no work of theirs waits in Koers.
ROLES = [user.username for user in DEMO_USERS if user.username != "beheerder"]


@pytest.mark.parametrize("username", ROLES)
def test_each_demo_role_finds_its_waiting_work(demo_data, live_server, page, axe_check, username):
    log_in(page, live_server, username, password=DEMO_PASSWORD)
    if username == "programmabureau":
        page.wait_for_url("**/monitor/")
        page.get_by_role("heading", name="Wacht op u").wait_for()
    else:
        page.wait_for_url(WORKLIST)
        page.get_by_role("heading", name="Werkbak", exact=True).wait_for()
        assert "de oudste bovenaan" in page.get_by_role("status").first.inner_text()
    axe_check(page)
    links = page.locator(".koers-worklist a")
    assert links.count() > 0
    # The header counts what waits.
    badge = page.locator(".koers-badge--count")
    assert int(badge.inner_text()) > 0
    # The oldest item leads to a page the user may open.
    href = links.first.get_attribute("href")
    response = page.goto(f"{live_server.url}{href}")
    assert response is not None and response.ok, (username, href, response and response.status)
