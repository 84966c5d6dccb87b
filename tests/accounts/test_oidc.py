"""Single sign-on through OpenID Connect against a fake provider (tests/accounts/oidc_fake.py):
who comes in, with which roles and teams, when Koers asks its own TOTP code, and that every
bad answer of a provider is refused on a Dutch page, logged, and leaves no session behind.
The same flows against a real provider in a browser: tests/e2e/test_sso.py."""

from __future__ import annotations

import time

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import GroupMapping, User
from accounts.roles import CASEWORKER, FUNCTIONAL_ADMIN, TEAM_LEAD
from accounts.services import save_from_admin
from privacy.models import AccessEvent
from tests.accounts import oidc_fake
from tests.accounts.test_security import current_token
from tests.factories import make_user

pytestmark = pytest.mark.django_db

REFUSED = "Inloggen met uw organisatie is niet gelukt"


@pytest.fixture
def provider(monkeypatch):
    fake = oidc_fake.FakeProvider()
    monkeypatch.setattr("mozilla_django_oidc.auth.requests.post", fake.post)
    monkeypatch.setattr("mozilla_django_oidc.auth.requests.get", fake.get)
    with override_settings(**oidc_fake.SETTINGS):
        yield fake


def sso(client, provider, *, claims=None, **overrides):
    """One round trip: Koers sends the browser to the provider, the provider sends it back with
    a code for an ID token with ``claims``. Returns the callback's response."""
    provider.claims = claims or {}
    provider.overrides = overrides
    start = client.get(reverse("accounts:oidc_login"))
    assert start.status_code == 302
    assert start["Location"].startswith(oidc_fake.SETTINGS["OIDC_OP_AUTHORIZATION_ENDPOINT"])
    state = provider.authorize(start["Location"])
    return client.get(reverse("accounts:oidc_callback"), {"code": "c0de", "state": state})


def failures(reason: str) -> list[AccessEvent]:
    return list(
        AccessEvent.objects.filter(
            action=AccessEvent.Action.LOGIN_FAILED, what=f"login failed: sso {reason}"
        )
    )


def assert_refused(client, response, reason: str, text: str) -> None:
    page = response.content.decode()
    assert response.status_code == 403
    assert REFUSED in page and text in page
    assert failures(reason), reason
    assert failures(reason)[-1].source_address == "127.0.0.1"
    assert "_auth_user_id" not in client.session
    assert "oidc_states" not in client.session
    assert client.get(reverse("casework:caseload")).status_code == 302  # to the login page


@pytest.fixture
def mapped(team_a):
    GroupMapping.objects.create(group="koers-hulpverleners", role=CASEWORKER)
    GroupMapping.objects.create(group="team-gla", team=team_a)
    return team_a


# --- who comes in ---------------------------------------------------------------------------


def test_a_known_user_logs_in_and_the_access_log_says_so(client, provider, caseworker_a):
    caseworker_a.sso_subject = "sub-1"
    caseworker_a.save()
    response = sso(client, provider, claims={"sub": "sub-1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("casework:caseload")).status_code == 200
    event = AccessEvent.objects.get(action=AccessEvent.Action.LOGIN, what="login sso")
    assert event.user == caseworker_a and event.source_address == "127.0.0.1"
    assert provider.verifiers and len(provider.verifiers[0]) >= 43  # PKCE


def test_a_user_is_matched_by_the_stable_claim_never_by_email(client, provider, caseworker_a):
    caseworker_a.email = "a@example.test"
    caseworker_a.save()
    response = sso(client, provider, claims={"sub": "other", "email": "a@example.test"})
    assert_refused(client, response, "unknown_user", "Koers kent u niet")


@override_settings(KOERS_OIDC_USER_CLAIM="oid")
def test_the_matching_claim_can_be_configured(client, provider, caseworker_a):
    caseworker_a.sso_subject = "object-id-9"
    caseworker_a.save()
    response = sso(client, provider, claims={"sub": "pairwise-x", "oid": "object-id-9"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(caseworker_a.pk)


def test_a_deactivated_user_is_refused(client, provider, caseworker_a):
    caseworker_a.sso_subject = "sub-1"
    caseworker_a.is_active = False
    caseworker_a.save()
    response = sso(client, provider, claims={"sub": "sub-1"})
    assert_refused(client, response, "inactive", "uitgeschakeld")
    assert failures("inactive")[0].actor_label == caseworker_a.username


@override_settings(KOERS_OIDC_ROLES_FROM="claim")
def test_roles_and_teams_follow_the_group_claim(client, provider, mapped, team_b):
    user = make_user(TEAM_LEAD, teams=[team_b])
    user.sso_subject = "sub-2"
    user.save()
    groups = ["koers-hulpverleners", "team-gla", "unrelated"]
    response = sso(client, provider, claims={"sub": "sub-2", "groups": groups})
    assert response.status_code == 302
    user.refresh_from_db()
    assert set(user.groups.values_list("name", flat=True)) == {CASEWORKER}
    assert list(user.teams.all()) == [mapped]


@override_settings(KOERS_OIDC_ROLES_FROM="koers")
def test_roles_kept_in_koers_ignore_the_group_claim(client, provider, caseworker_a, team_a):
    caseworker_a.sso_subject = "sub-1"
    caseworker_a.save()
    GroupMapping.objects.create(group="beheer", role=FUNCTIONAL_ADMIN)
    sso(client, provider, claims={"sub": "sub-1", "groups": ["beheer"]})
    assert set(caseworker_a.groups.values_list("name", flat=True)) == {CASEWORKER}
    assert list(caseworker_a.teams.all()) == [team_a]


@override_settings(KOERS_OIDC_ROLES_FROM="claim")
def test_a_group_claim_that_maps_to_no_role_is_refused(client, provider, mapped, caseworker_a):
    caseworker_a.sso_subject = "sub-1"
    caseworker_a.save()
    response = sso(client, provider, claims={"sub": "sub-1", "groups": ["team-gla", "x"]})
    assert_refused(client, response, "no_role", "geen rol in Koers")
    # An inactive mapping counts for nothing (switched off as the functional admin does).
    for mapping in GroupMapping.objects.filter(role=CASEWORKER):
        mapping.active = False
        save_from_admin(instance=mapping)
    response = sso(client, provider, claims={"sub": "sub-1", "groups": ["koers-hulpverleners"]})
    assert_refused(client, response, "no_role", "geen rol in Koers")


@override_settings(KOERS_OIDC_ROLES_FROM="claim", KOERS_OIDC_CREATE_USERS=True)
def test_automatic_creation_makes_a_user_with_the_mapped_roles(client, provider, mapped):
    claims = {"sub": "new-1", "groups": ["koers-hulpverleners", "team-gla"], "name": "N. Ieuw"}
    response = sso(client, provider, claims=claims)
    assert response.status_code == 302
    user = User.objects.get(sso_subject="new-1")
    assert not user.has_usable_password()
    assert user.first_name == "" and user.email == ""  # nothing copied from the provider
    assert list(user.teams.all()) == [mapped]
    assert client.get(reverse("casework:caseload")).status_code == 200


@override_settings(KOERS_OIDC_ROLES_FROM="claim", KOERS_OIDC_CREATE_USERS=True)
def test_automatic_creation_creates_nobody_without_a_role(client, provider, mapped):
    response = sso(client, provider, claims={"sub": "new-2", "groups": ["team-gla"]})
    assert_refused(client, response, "no_role", "geen rol in Koers")
    assert not User.objects.filter(sso_subject="new-2").exists()


# --- a bad answer of the provider -----------------------------------------------------------


@pytest.fixture
def known(caseworker_a):
    caseworker_a.sso_subject = "sub-1"
    caseworker_a.save()
    return caseworker_a


@pytest.mark.parametrize(
    ("overrides", "signing_key", "reason", "text"),
    [
        ({}, "stranger", "signature", "handtekening"),
        ({"iss": "https://evil.example.test"}, "provider", "issuer", "niet van de identiteit"),
        ({"aud": "another-app"}, "provider", "audience", "niet voor Koers bestemd"),
        ({"azp": "another-app"}, "provider", "audience", "niet voor Koers bestemd"),
        ({"exp": 1_000_000_000, "iat": 999_999_000}, "provider", "expired", "verlopen"),
        ({"nonce": "replayed-nonce"}, "provider", "nonce", "al gebruikt"),
        ({"exp": None}, "provider", "invalid", "onvolledig of ongeldig"),
    ],
    ids=["signature", "issuer", "audience", "azp", "expired", "nonce", "no-exp"],
)
def test_a_bad_id_token_is_refused(client, provider, known, overrides, signing_key, reason, text):
    provider.signing_key = signing_key
    response = sso(client, provider, claims={"sub": "sub-1"}, **overrides)
    assert_refused(client, response, reason, text)


def test_a_replayed_state_is_refused(client, provider, known):
    provider.claims = {"sub": "sub-1"}
    state = provider.authorize(client.get(reverse("accounts:oidc_login"))["Location"])
    callback = reverse("accounts:oidc_callback")
    assert client.get(callback, {"code": "c0de", "state": state}).status_code == 302
    client.post(reverse("accounts:logout"))
    response = client.get(callback, {"code": "c0de", "state": state})
    assert_refused(client, response, "state", "al gebruikt")


def test_a_callback_without_a_login_of_this_browser_is_refused(client, provider, known):
    response = client.get(reverse("accounts:oidc_callback"), {"code": "c", "state": "made-up"})
    assert_refused(client, response, "state", "al gebruikt")


def test_a_refusal_ends_a_session_that_was_already_there(client, provider, known, caseworker_b):
    client.force_login(caseworker_b)
    provider.signing_key = "stranger"
    response = sso(client, provider, claims={"sub": "sub-1"})
    assert_refused(client, response, "signature", "handtekening")


def test_an_error_from_the_provider_is_refused(client, provider, known):
    state = provider.authorize(client.get(reverse("accounts:oidc_login"))["Location"])
    response = client.get(
        reverse("accounts:oidc_callback"), {"error": "access_denied", "state": state}
    )
    assert_refused(client, response, "refused_at_provider", "afgebroken of geweigerd")


def test_a_wrong_pkce_verifier_is_refused(client, provider, known):
    provider.claims = {"sub": "sub-1"}
    state = provider.authorize(client.get(reverse("accounts:oidc_login"))["Location"])
    provider.challenge = "not-the-challenge"
    response = client.get(reverse("accounts:oidc_callback"), {"code": "c", "state": state})
    assert_refused(client, response, "provider", "niet bereikbaar of weigerde")


def test_nothing_of_a_token_or_claim_reaches_the_access_log(client, provider, known):
    provider.signing_key = "stranger"
    sso(client, provider, claims={"sub": "sub-1", "name": "Geheime Naam"})
    logged = " ".join(AccessEvent.objects.values_list("what", flat=True))
    assert "sub-1" not in logged and "Geheime" not in logged and "eyJ" not in logged


# --- the second factor ----------------------------------------------------------------------


@override_settings(KOERS_REQUIRE_2FA=True)
def test_a_provider_login_with_mfa_needs_no_koers_code(client, provider, known):
    TOTPDevice.objects.create(user=known, name="default", confirmed=True)
    response = sso(client, provider, claims={"sub": "sub-1", "amr": ["pwd", "mfa"]})
    assert response["Location"] == reverse("home")
    assert client.get(reverse("casework:caseload")).status_code == 200


@override_settings(KOERS_REQUIRE_2FA=True, KOERS_OIDC_MFA_ACR=["loa2"])
def test_an_acr_in_the_list_counts_as_mfa(client, provider, known):
    sso(client, provider, claims={"sub": "sub-1", "acr": "loa2"})
    assert client.get(reverse("casework:caseload")).status_code == 200


@override_settings(KOERS_REQUIRE_2FA=True)
def test_without_mfa_from_the_provider_koers_asks_its_own_code(client, provider, known):
    device = TOTPDevice.objects.create(user=known, name="default", confirmed=True)
    response = sso(client, provider, claims={"sub": "sub-1", "amr": ["pwd"], "acr": "loa1"})
    assert response["Location"] == reverse("accounts:oidc_code")
    assert "_auth_user_id" not in client.session  # not logged in before the code
    code_url = reverse("accounts:oidc_code")
    page = client.get(code_url).content.decode()
    assert "authenticator-app" in page
    wrong = "000000" if current_token(device) != "000000" else "111111"
    assert client.post(code_url, {"otp_token": wrong}).status_code == 400
    assert failures("totp")
    device.refresh_from_db()
    device.throttle_reset()
    response = client.post(code_url, {"otp_token": current_token(device)})
    assert response.status_code == 302
    assert client.get(reverse("casework:caseload")).status_code == 200


@override_settings(KOERS_REQUIRE_2FA=True)
def test_too_many_wrong_codes_end_the_attempt(client, provider, known):
    TOTPDevice.objects.create(user=known, name="default", confirmed=True)
    sso(client, provider, claims={"sub": "sub-1"})
    code_url = reverse("accounts:oidc_code")
    for _attempt in range(4):
        assert client.post(code_url, {"otp_token": "x"}).status_code == 400
    response = client.post(code_url, {"otp_token": "x"})
    assert_refused(client, response, "code", "te vaak een verkeerde code")


@override_settings(KOERS_REQUIRE_2FA=True)
def test_the_code_step_expires(client, provider, known):
    TOTPDevice.objects.create(user=known, name="default", confirmed=True)
    sso(client, provider, claims={"sub": "sub-1"})
    session = client.session
    session["koers_sso_pending"]["until"] = time.time() - 1
    session.save()
    response = client.get(reverse("accounts:oidc_code"))
    assert_refused(client, response, "code", "de tijd om in te loggen is om")


@override_settings(KOERS_REQUIRE_2FA=True)
def test_without_mfa_and_without_a_device_the_user_sets_up_totp(client, provider, known):
    sso(client, provider, claims={"sub": "sub-1"})
    response = client.get(reverse("casework:caseload"))
    assert response["Location"] == reverse("two_factor:setup")


@override_settings(KOERS_REQUIRE_2FA=True)
def test_the_mfa_mark_of_a_session_counts_only_for_its_own_user(client, known, caseworker_b):
    client.force_login(known)
    session = client.session
    session["koers_sso_mfa"] = caseworker_b.pk
    session.save()
    assert client.get(reverse("casework:caseload"))["Location"] == reverse("two_factor:setup")


def test_a_user_deactivated_during_a_session_loses_it(client, provider, known):
    sso(client, provider, claims={"sub": "sub-1"})
    assert client.get(reverse("casework:caseload")).status_code == 200
    known.is_active = False
    save_from_admin(instance=known)  # as the functional admin deactivates a user
    assert client.get(reverse("casework:caseload")).status_code == 302


# --- logout and the login page --------------------------------------------------------------


def test_logout_ends_the_session_here_and_at_the_provider(client, provider, known):
    sso(client, provider, claims={"sub": "sub-1"})
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"].startswith(f"{oidc_fake.ISSUER}/session/end?client_id=koers")
    assert (
        "post_logout_redirect_uri=http%3A%2F%2Ftestserver%2Faccount%2Finloggen%2F"
        in (response["Location"])
    )
    assert "_auth_user_id" not in client.session
    assert AccessEvent.objects.filter(action=AccessEvent.Action.LOGOUT, user=known).exists()


def test_a_local_logout_stays_local(client, provider, known):
    client.force_login(known)
    assert client.post(reverse("accounts:logout"))["Location"] == reverse("accounts:login")


def test_the_login_page_offers_both_ways(client, provider):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Inloggen met uw organisatie" in page and "Wachtwoord" in page


@override_settings(KOERS_OIDC_LOGIN_PAGE="sso")
def test_single_sign_on_alone_keeps_the_local_login_for_emergencies(client, provider):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Inloggen met uw organisatie" in page and "Wachtwoord" not in page
    page = client.get(reverse("accounts:login") + "?lokaal=1").content.decode()
    assert "Wachtwoord" in page
    admin = make_user(FUNCTIONAL_ADMIN)
    response = client.post(
        reverse("accounts:login"),
        {
            "login_view-current_step": "auth",
            "username": admin.username,
            "password": "correct-horse-battery",
        },
    )
    assert response.status_code == 302


def test_without_single_sign_on_the_login_page_has_no_button(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Inloggen met uw organisatie" not in page
    assert client.get(reverse("accounts:oidc_login"))["Location"] == reverse("accounts:login")


def test_a_password_login_never_calls_the_provider(client, provider, known):
    response = client.post(
        reverse("accounts:login") + "?code=c&state=s",
        {"login_view-current_step": "auth", "username": known.username, "password": "x"},
    )
    assert response.status_code == 200
    assert provider.verifiers == []


# --- the mapping in the admin ---------------------------------------------------------------


def test_the_functional_admin_keeps_the_group_mapping(client, team_a):
    from django.core.exceptions import ValidationError

    admin = make_user(FUNCTIONAL_ADMIN)
    client.force_login(admin)
    add = reverse("admin:accounts_groupmapping_add")
    response = client.post(
        add, {"group": "g-1", "role": CASEWORKER, "team": team_a.pk, "active": "on"}
    )
    assert response.status_code == 302
    mapping = GroupMapping.objects.get(group="g-1")
    assert mapping.history.count() == 1
    assert client.get(reverse("admin:accounts_groupmapping_changelist")).status_code == 200
    with pytest.raises(ValidationError):
        GroupMapping(group="g-2").full_clean()
    client.force_login(make_user(CASEWORKER))
    assert client.get(add).status_code == 302  # only the functional admin
