from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts import tokens
from tests.factories import make_participant


@pytest.fixture(autouse=True)
def _clear_throttles():
    cache.clear()
    yield
    cache.clear()


def token_for(user, scopes=("read", "write")) -> str:
    return tokens.create_token(user=user, name="test", scopes=scopes).plaintext


def api_client(user=None, scopes=("read", "write")) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(user, scopes)}")
    return client


@pytest.fixture
def participant_a(caseworker_a, team_a):
    return make_participant(actor=caseworker_a, team=team_a, bsn="111222333", client_ref="K-1")
