"""Start-up: single sign-on is configured completely or not at all, matches users by a stable
claim, and production never runs without two-factor login for local accounts."""

from __future__ import annotations

import pytest

from tests.test_settings import KEYS, PRODUCTION, run_check

SSO = {
    "KOERS_OIDC_ISSUER": "https://idp.example.test",
    "KOERS_OIDC_AUTHORIZATION_ENDPOINT": "https://idp.example.test/auth",
    "KOERS_OIDC_TOKEN_ENDPOINT": "https://idp.example.test/token",
    "KOERS_OIDC_JWKS_ENDPOINT": "https://idp.example.test/jwks",
    "KOERS_OIDC_CLIENT_ID": "koers",
    "KOERS_OIDC_CLIENT_SECRET": "s3cret",
}


def test_production_refuses_to_start_without_two_factor_login(tmp_path):
    result = run_check(tmp_path, **PRODUCTION, **KEYS, KOERS_REQUIRE_2FA="false")
    assert result.returncode != 0
    assert "KOERS_REQUIRE_2FA=true" in result.stderr


def test_production_starts_with_single_sign_on(tmp_path):
    result = run_check(tmp_path, **PRODUCTION, **KEYS, **SSO)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"KOERS_OIDC_CLIENT_ID": ""}, "set KOERS_OIDC_CLIENT_ID too"),
        ({"KOERS_OIDC_USER_CLAIM": "email"}, "stable identifier"),
        ({"KOERS_OIDC_ROLES_FROM": "ldap"}, "KOERS_OIDC_ROLES_FROM"),
        ({"KOERS_OIDC_CREATE_USERS": "true"}, "KOERS_OIDC_ROLES_FROM=claim"),
        ({"KOERS_OIDC_LOGIN_PAGE": "local"}, "KOERS_OIDC_LOGIN_PAGE"),
        ({"KOERS_OIDC_SIGN_ALGO": "HS256"}, "asymmetric"),
    ],
)
def test_an_incomplete_or_unsafe_configuration_stops_the_app(tmp_path, env, expected):
    result = run_check(tmp_path, **{**SSO, **env})
    assert result.returncode != 0
    assert expected in result.stderr
