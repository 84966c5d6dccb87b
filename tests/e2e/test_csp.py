"""Under the Content-Security-Policy the browser reports no violation on the caseload, the
participant file (htmx at work), the two-factor setup (QR code) and the admin."""

from __future__ import annotations

import pytest

from accounts.roles import FUNCTIONAL_ADMIN
from tests.e2e.conftest import WORKLIST, log_in, open_caseload
from tests.factories import make_participant, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def watch_csp(page) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def test_no_csp_violation_on_caseload_file_and_two_factor_setup(
    live_server, page, caseworker_a, team_a
):
    participant = make_participant(caseworker_a, team_a, name="Sjoukje Hoekstra")
    violations = watch_csp(page)
    log_in(page, live_server, caseworker_a.username)
    page.wait_for_url(WORKLIST)
    open_caseload(page)
    assert page.get_by_role("heading", name="Mijn dossiers").is_visible()

    # htmx search swaps in place: htmx itself must not trip the policy.
    page.get_by_label("Zoek op naam, BSN of cliëntnummer").fill("hoekstra")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_text("1 deelnemer gevonden.").wait_for()
    page.get_by_role("link", name="Sjoukje Hoekstra").click()
    page.get_by_role("heading", name="Sjoukje Hoekstra").wait_for()
    assert str(participant.pk) in page.url

    page.get_by_label("Notitie").fill("Kennismaking.")
    page.get_by_role("button", name="Voortgang opslaan").click()
    page.get_by_text("De voortgang is vastgelegd.").wait_for()

    page.get_by_role("link", name="Tweestapsverificatie").click()
    page.get_by_role("link", name="Tweestapsverificatie instellen").click()
    page.get_by_role("button", name="Volgende").click()
    qr = page.get_by_role("img", name="QR-code voor uw authenticator-app")
    qr.wait_for()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=qr.element_handle())
    assert violations == []


def test_no_csp_violation_in_the_admin(live_server, page):
    admin = make_user(FUNCTIONAL_ADMIN)
    violations = watch_csp(page)
    log_in(page, live_server, admin.username)
    page.wait_for_url("**/beheer/")
    page.goto(f"{live_server.url}/beheer/accounts/user/")
    page.goto(f"{live_server.url}/beheer/accounts/user/{admin.pk}/change/")
    page.get_by_role("button", name="Opslaan", exact=True).wait_for()
    assert violations == []
