"""The measurement form shows what each level of an instrument means."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.models import Instrument, Measurement
from tests.factories import make_participant

pytestmark = pytest.mark.django_db


def test_the_zrm_form_names_every_level_and_saves_the_chosen_one(client, caseworker_a, team_a):
    enrolment = make_participant(actor=caseworker_a, team=team_a).enrolments.get()
    assert Instrument.objects.get(code="zrm").level_labels("en")[1] == "Acute problems"
    client.force_login(caseworker_a)
    url = reverse("casework:measurement_new", kwargs={"pk": enrolment.pk})
    page = client.get(url, {"instrument": "zrm"}).content.decode()
    assert "<legend" in page and "Financiën" in page
    assert "1 — Acute problematiek" in page and "5 — Volledig zelfredzaam" in page
    assert 'type="radio"' in page
    response = client.post(
        url,
        {"instrument": "zrm", "wave": "intake", "date": "2025-01-10", "item_financien": "3"},
    )
    assert response.status_code == 302, response.context["form"].errors
    (measurement,) = Measurement.objects.all()
    assert {v.item: v.value for v in measurement.values.all()} == {"financien": 3}


def test_an_instrument_that_names_only_its_ends_offers_every_score(client, caseworker_a, team_a):
    from casework import services

    enrolment = make_participant(actor=caseworker_a, team=team_a).enrolments.get()
    services.add_goal(actor=caseworker_a, enrolment=enrolment, text="Weer rust in huis")
    client.force_login(caseworker_a)
    url = reverse("casework:measurement_new", kwargs={"pk": enrolment.pk})
    page = client.get(url, {"instrument": "goal_attainment"}).content.decode()
    assert "0 — Nog ver weg" in page and "10 — Bereikt" in page
    assert page.count('type="radio"') == 12  # "not scored" and 0 to 10
