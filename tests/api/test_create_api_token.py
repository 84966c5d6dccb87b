"""manage.py create_api_token: a token through the accounts services, printed once."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import ApiToken
from accounts.tokens import hash_token
from tests.api.conftest import api_client


def _create(*args) -> str:
    out, err = StringIO(), StringIO()
    call_command("create_api_token", *args, stdout=out, stderr=err)
    return out.getvalue().strip()


def test_creates_a_working_token_printed_once(caseworker_a, participant_a):
    plaintext = _create(caseworker_a.username, "--name", "script", "--scopes", "read,write")
    token = ApiToken.objects.get(user=caseworker_a)
    assert token.name == "script" and sorted(token.scopes) == ["read", "write"]
    assert token.token_hash == hash_token(plaintext) and plaintext not in str(token.__dict__)
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    assert client.get("/api/v1/participants/").status_code == 200


def test_refuses_unknown_users_scopes_and_long_lives(caseworker_a):
    with pytest.raises(CommandError, match="Onbekende gebruiker"):
        _create("nobody", "--name", "x")
    with pytest.raises(CommandError, match="scopes"):
        _create(caseworker_a.username, "--name", "x", "--scopes", "admin")
    too_late = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    with pytest.raises(CommandError, match="expires_on"):
        _create(caseworker_a.username, "--name", "x", "--expires", too_late)
    assert not ApiToken.objects.exists()
