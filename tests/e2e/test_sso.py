"""Single sign-on in the browser against a real OpenID Certified provider (node-oidc-provider,
tests/oidc/fixtures.py): a mapped user lands in their work with their teams and logs out at
Koers and at the provider; an unmapped and a deactivated user are refused; a provider login
without MFA leads to Koers's own TOTP step."""

from __future__ import annotations

import copy

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import GroupMapping, User
from accounts.roles import CASEWORKER, TEAM_LEAD
from tests.accounts.test_security import current_token
from tests.e2e.conftest import WORKLIST, open_caseload
from tests.factories import TeamFactory, make_user
from tests.oidc.fixtures import oidc_provider  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sso(settings, oidc_provider):  # noqa: F811
    """Koers configured for the provider, roles and teams from its group claim, two-factor
    login required, and the mapping the functional admin keeps."""
    for name, value in oidc_provider.koers_settings().items():
        setattr(settings, name, value)
    settings.KOERS_OIDC_ROLES_FROM = "claim"
    settings.KOERS_REQUIRE_2FA = True
    # As koers/settings.py does for KOERS_OIDC_LOGOUT_ENDPOINT: the logout form may go there.
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"].append(oidc_provider.issuer)
    settings.CONTENT_SECURITY_POLICY = policy
    team = TeamFactory(code="e2e", name="Gezinslab Oud-Oost")
    GroupMapping.objects.create(group="koers-hulpverleners", role=CASEWORKER)
    GroupMapping.objects.create(group="team-e2e", team=team)
    return team


def koers_user(login: str, **fields) -> User:
    """A Koers user linked to the provider's ``login``, with other roles and no team: the
    group claim must set them."""
    user = make_user(TEAM_LEAD)
    for name, value in {"sso_subject": login, **fields}.items():
        setattr(user, name, value)
    user.save()
    return user


def sign_in_at_provider(page, live_server, login: str, check=None) -> None:
    page.goto(f"{live_server.url}/account/inloggen/")
    if check is not None:
        check(page)
    page.get_by_role("link", name="Inloggen met uw organisatie").click()
    page.get_by_role("heading", name="Test provider: sign in").wait_for()
    page.get_by_label("Login").fill(login)
    page.get_by_role("button", name="Sign in").click()


def test_a_mapped_user_lands_in_their_work_with_their_teams_and_logs_out_everywhere(
    sso, live_server, page, axe_check
):
    user = koers_user("anna-mfa")
    sign_in_at_provider(page, live_server, "anna-mfa", check=axe_check)
    page.wait_for_url(WORKLIST)  # no Koers code: the provider asserted MFA
    page.get_by_role("heading", name="Werkbak", exact=True).wait_for()
    open_caseload(page)
    assert "Gezinslab Oud-Oost" in page.locator("main").inner_text()
    assert set(user.groups.values_list("name", flat=True)) == {CASEWORKER}

    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("http://127.0.0.1:*/session/end**")  # the provider's logout
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(f"{live_server.url}/account/inloggen/")
    # Logged out at the provider too: single sign-on asks the login again.
    page.get_by_role("link", name="Inloggen met uw organisatie").click()
    page.get_by_role("heading", name="Test provider: sign in").wait_for()


def test_an_unmapped_user_is_refused(sso, live_server, page, axe_check):
    koers_user("cor-ongekoppeld")
    sign_in_at_provider(page, live_server, "cor-ongekoppeld")
    page.get_by_role("heading", name="Inloggen met uw organisatie is niet gelukt").wait_for()
    assert "geen rol in Koers" in page.get_by_role("alert").inner_text()
    axe_check(page)
    page.goto(f"{live_server.url}/dossiers/")
    page.wait_for_url("**/account/inloggen/**")


def test_a_deactivated_user_is_refused(sso, live_server, page):
    koers_user("dirk-uitgeschakeld", is_active=False)
    sign_in_at_provider(page, live_server, "dirk-uitgeschakeld")
    page.get_by_role("heading", name="Inloggen met uw organisatie is niet gelukt").wait_for()
    assert "uitgeschakeld" in page.get_by_role("alert").inner_text()


def test_a_provider_login_without_mfa_leads_to_the_koers_code(sso, live_server, page, axe_check):
    user = koers_user("bram-zonder-mfa")
    device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    sign_in_at_provider(page, live_server, "bram-zonder-mfa")
    page.wait_for_url("**/account/inloggen/organisatie/code/")
    axe_check(page)
    page.get_by_label("Code").fill(current_token(device))
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(WORKLIST)
