"""Personal API tokens: lifecycle, scopes, throttling and the token page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts import tokens
from accounts.models import ApiToken
from accounts.roles import CASEWORKER
from apibase.policies import TokenRateThrottle, UserRateThrottle
from tests.api.conftest import api_client
from tests.factories import make_user

URL = "/api/v1/participants/"


def test_only_the_hash_is_stored_and_the_token_works(caseworker_a):
    new = tokens.create_token(user=caseworker_a, name="crm", scopes=["read"])
    stored = ApiToken.objects.get()
    assert new.plaintext not in str(stored.__dict__)
    assert stored.token_hash == tokens.hash_token(new.plaintext)
    assert new.plaintext.startswith(f"koers_{stored.prefix}_")
    assert "token_hash" not in {f.name for f in stored.history.model._meta.fields}
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {new.plaintext}")
    assert stored.last_used_at is None
    assert client.get(URL).status_code == 200
    stored.refresh_from_db()
    assert stored.last_used_at is not None


def test_revoked_expired_and_unknown_tokens_get_401(caseworker_a):
    new = tokens.create_token(user=caseworker_a, name="crm", scopes=["read"])
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {new.plaintext}")
    assert client.get(URL).status_code == 200
    tokens.revoke_token(user=caseworker_a, token_id=new.token.pk)
    response = client.get(URL)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "invalid_token"
    assert "Bearer" in response["WWW-Authenticate"]

    other = tokens.create_token(user=caseworker_a, name="crm2", scopes=["read"])
    ApiToken.objects.filter(pk=other.token.pk).update(expires_at=timezone.now())
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {other.plaintext}")
    assert client.get(URL).status_code == 401
    client.credentials(HTTP_AUTHORIZATION="Bearer koers_00000000_nonsense")
    assert client.get(URL).status_code == 401
    client.credentials()
    response = client.get(URL)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_a_token_of_a_deactivated_user_gets_401(caseworker_a):
    client = api_client(caseworker_a)
    caseworker_a.is_active = False
    caseworker_a.save()
    assert client.get(URL).status_code == 401


def test_expiry_at_most_one_year_and_scopes_checked(caseworker_a):
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        tokens.create_token(
            user=caseworker_a, name="x", scopes=["read"], expires_on=today + dt.timedelta(days=366)
        )
    with pytest.raises(ValidationError):
        tokens.create_token(user=caseworker_a, name="x", scopes=["admin"])
    with pytest.raises(ValidationError):
        tokens.create_token(user=caseworker_a, name="x", scopes=[])
    token = tokens.create_token(user=caseworker_a, name="x", scopes=["read"]).token
    assert token.expires_at.date() <= today + dt.timedelta(days=365)


def test_wrong_scope_gets_403(caseworker_a, participant_a):
    enrolment = participant_a.enrolments.get()
    read_only = api_client(caseworker_a, scopes=["read"])
    body = {"enrolment": str(enrolment.pk), "date": "2025-02-01", "kind": "contact", "note": "x"}
    response = read_only.post("/api/v1/progress/", body, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "insufficient_scope"
    write_only = api_client(caseworker_a, scopes=["write"])
    assert write_only.get(URL).status_code == 403
    assert write_only.post("/api/v1/progress/", body, format="json").status_code == 201


def test_throttling_per_token_answers_429_with_retry_after(caseworker_a, monkeypatch):
    monkeypatch.setattr(
        TokenRateThrottle, "THROTTLE_RATES", {"token": "3/minute", "user": "100/minute"}
    )
    monkeypatch.setattr(
        UserRateThrottle, "THROTTLE_RATES", {"token": "3/minute", "user": "100/minute"}
    )
    client = api_client(caseworker_a)
    for _ in range(3):
        assert client.get(URL).status_code == 200
    response = client.get(URL)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["code"] == "throttled"
    # another token of the same user has a budget of its own
    assert api_client(caseworker_a).get(URL).status_code == 200


def test_throttling_per_user_over_all_tokens(caseworker_a, monkeypatch):
    rates = {"token": "100/minute", "user": "2/minute"}
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", rates)
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", rates)
    assert api_client(caseworker_a).get(URL).status_code == 200
    assert api_client(caseworker_a).get(URL).status_code == 200
    response = api_client(caseworker_a).get(URL)
    assert response.status_code == 429
    assert "Retry-After" in response


def test_token_page_creates_shows_once_and_revokes(client, caseworker_a):
    client.force_login(caseworker_a)
    page = reverse("accounts:tokens")
    assert client.get(page).status_code == 200
    expires = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    response = client.post(page, {"name": "CRM", "expires_on": expires, "scopes": ["read"]})
    assert response.status_code == 201
    token = ApiToken.objects.get(user=caseworker_a)
    plaintext = response.context["created"].plaintext
    assert plaintext in response.content.decode()
    assert plaintext not in client.get(page).content.decode()  # shown once
    response = client.post(reverse("accounts:token_revoke", kwargs={"pk": token.pk}))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_token_page_refuses_a_year_and_a_day_and_others_tokens(client, caseworker_a):
    client.force_login(caseworker_a)
    expires = (timezone.localdate() + dt.timedelta(days=366)).isoformat()
    response = client.post(
        reverse("accounts:tokens"), {"name": "CRM", "expires_on": expires, "scopes": ["read"]}
    )
    assert response.status_code == 200
    assert "hoogstens een jaar" in response.content.decode()
    assert not ApiToken.objects.exists()
    other = make_user(CASEWORKER)
    foreign = tokens.create_token(user=other, name="x", scopes=["read"]).token
    response = client.post(reverse("accounts:token_revoke", kwargs={"pk": foreign.pk}))
    assert response.status_code == 403
    foreign.refresh_from_db()
    assert foreign.revoked_at is None


def test_token_page_needs_two_factor_when_required(client, caseworker_a, settings):
    settings.KOERS_REQUIRE_2FA = True
    client.force_login(caseworker_a)
    response = client.get(reverse("accounts:tokens"))
    assert response.status_code == 302
    response = client.post(reverse("accounts:tokens"), {"name": "x", "scopes": ["read"]})
    assert response.status_code == 403
    assert not ApiToken.objects.exists()


def test_a_token_passes_the_two_factor_requirement(caseworker_a, settings):
    settings.KOERS_REQUIRE_2FA = True
    assert api_client(caseworker_a).get(URL).status_code == 200
