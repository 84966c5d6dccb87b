"""Behind a proxy, with a database that does not answer, and in the logs: what a hosting party
relies on."""

from __future__ import annotations

import json
import logging

import pytest
from django.db import OperationalError
from django.urls import reverse

from accounts.roles import CASEWORKER
from privacy import context
from tests.factories import make_user


@pytest.fixture
def proxies(settings):
    settings.KOERS_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/24"]
    context._trusted_proxies.cache_clear()
    yield
    context._trusted_proxies.cache_clear()


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        ("127.0.0.1", "203.0.113.7", "203.0.113.7"),
        # A client's own X-Forwarded-For entry is on the left: the last untrusted hop counts.
        ("127.0.0.1", "6.6.6.6, 203.0.113.7", "203.0.113.7"),
        ("127.0.0.1", "203.0.113.7, 10.0.0.5", "203.0.113.7"),
        # Not from a trusted proxy: the header is the client's own words and is ignored.
        ("198.51.100.4", "203.0.113.7", "198.51.100.4"),
        ("127.0.0.1", "not-an-address", "127.0.0.1"),
        ("127.0.0.1", "", "127.0.0.1"),
    ],
)
def test_the_client_address_behind_trusted_proxies(proxies, remote, forwarded, client):
    assert context.client_address(remote, forwarded) == client


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.KOERS_TRUSTED_PROXIES = []
    context._trusted_proxies.cache_clear()
    assert context.client_address("127.0.0.1", "203.0.113.7") == "127.0.0.1"


@pytest.mark.django_db
def test_axes_locks_out_the_client_behind_the_proxy_not_the_proxy(client, proxies):
    user = make_user(CASEWORKER)

    def log_in(password: str, client_address: str):
        """A login through the proxy (127.0.0.1) from ``client_address``."""
        data = {"username": user.username, "password": password}
        proxied = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": client_address}
        return client.post(reverse("accounts:login"), data, **proxied)

    for _ in range(5):
        log_in("wrong", "203.0.113.7")
    locked = log_in("correct-horse-battery", "203.0.113.7")
    assert locked.status_code == 429
    other_client = log_in("correct-horse-battery", "198.51.100.9")
    assert other_client.status_code == 302


@pytest.mark.django_db
def test_a_database_that_does_not_answer_gives_a_503_page(client, monkeypatch):
    client.force_login(make_user(CASEWORKER))

    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("casework.selectors.caseload_page", unreachable)
    response = client.get(reverse("casework:caseload"))
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "Koers is even niet bereikbaar" in response.content.decode()
    assert "connection refused" not in response.content.decode()


def test_json_logs_carry_the_request_id_and_no_more(settings):
    from django.utils.module_loading import import_string

    spec = settings.LOGGING["formatters"]["json"]
    formatter = import_string(spec["()"])(fmt=spec["format"], rename_fields=spec["rename_fields"])
    token = context._request_id.set("req-123")
    try:
        record = logging.LogRecord(
            "koers.test", logging.INFO, __file__, 1, "Export klaar", (), None
        )
        context.RequestContextFilter().filter(record)
    finally:
        context._request_id.reset(token)
    line = json.loads(formatter.format(record))
    assert line["request_id"] == "req-123"
    assert (line["level"], line["logger"], line["message"]) == (
        "INFO",
        "koers.test",
        "Export klaar",
    )
    assert line["user_id"] == ""
