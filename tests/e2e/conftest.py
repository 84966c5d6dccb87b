"""Browser tests in the system's Chromium through Playwright (no browser download)."""

from __future__ import annotations

import os
import shutil

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    return (
        os.environ.get("KOERS_CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        message = "no Chromium found (apt-get install -y chromium): browser tests skipped"
        if os.environ.get("KOERS_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


PASSWORD = "correct-horse-battery"  # every user of tests/factories.py has it


def new_page(browser, timeout=10_000):
    """A page in a fresh Dutch browser context (its own cookies: another user) and the context."""
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(timeout)
    return context, page


# Where a user with work lands after logging in: the work list ("werkbak").
WORKLIST = "**/werkbak/"


def log_in(page, live_server, user, *, check=None, password: str = PASSWORD) -> None:
    """``user`` (or a username) logs in on the login page; ``check`` (axe_check) checks the login
    page first. The caller waits for the page it expects next: the work list (``WORKLIST``) for
    every role but the programme office (the monitor) and the functional admin (the admin)."""
    page.goto(f"{live_server.url}/account/inloggen/")
    if check is not None:
        check(page)
    page.get_by_label("Gebruikersnaam").fill(getattr(user, "username", user))
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def open_caseload(page) -> None:
    """From any page with the header: the caseload ("Mijn dossiers") through the main menu."""
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Mijn dossiers"
    ).click()
    page.wait_for_url("**/dossiers/")
    page.get_by_role("heading", name="Mijn dossiers").wait_for()


def follow(page, check, link: str, heading: str) -> None:
    """Click the link named ``link``, wait for the heading ``heading`` and check the page."""
    page.get_by_role("link", name=link).click()
    page.get_by_role("heading", name=heading).wait_for()
    check(page)


def add_debt(page, *, original: str, current: str) -> None:
    """From a participant's financial file: the form of a new debt (a CJIB debt since
    1 November 2024) filled in with these amounts as typed, and submitted."""
    page.get_by_role("link", name="Schuld toevoegen").click()
    page.get_by_label("Soort schuldeiser").select_option("cjib")
    page.get_by_label("Naam schuldeiser").fill("CJIB")
    page.get_by_label("Oorspronkelijk bedrag (euro)").fill(original)
    page.get_by_label("Huidig bedrag (euro)").fill(current)
    page.get_by_label("Sinds").fill("2024-11-01")
    page.get_by_role("button", name="Toevoegen").click()


@pytest.fixture
def page(browser):
    context, page = new_page(browser)
    yield page
    context.close()


@pytest.fixture
def axe_check():
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page) -> None:
        results = axe.run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
        assert results.violations_count == 0, results.generate_report()

    return check
