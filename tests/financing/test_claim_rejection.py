"""Rejecting a claim on its page asks for a confirmation; the reason comes from the list."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.helpers import refused_page

pytestmark = pytest.mark.django_db


def test_rejecting_a_claim_needs_a_confirmation(client, evaluator, claim):
    client.force_login(evaluator)
    url = reverse("financing:claim", kwargs={"pk": claim.pk})
    decision = {"version": claim.version, "verdict": "rejected", "reason": "doubt_measurement"}
    assert "Bevestig dat u de claim afwijst." in refused_page(client, url, decision)
    claim.refresh_from_db()
    assert claim.status == "submitted"
    assert client.post(url, {**decision, "confirm": "on"}).status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.reason) == ("rejected", "doubt_measurement")
    page = client.get(url).content.decode()
    assert "Afgewezen" in page
