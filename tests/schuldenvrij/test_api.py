"""The Schuldenvrij API: list, detail, create, stale version 409, other team 404, Dutch field
errors as problem+json, and an access event per participant returned."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from privacy.models import AccessEvent
from schuldenvrij import services
from schuldenvrij.models import BudgetSnapshot, Debt, FollowUp, Forgiveness, PilotPlace
from tests.api.conftest import api_client
from tests.factories import make_participant
from tests.schuldenvrij.conftest import debt_data, forgive, turning_18_soon

pytestmark = pytest.mark.django_db


def test_debts_list_detail_create_update(caseworker_a, enrolment, debts):
    api = api_client(caseworker_a)
    response = api.get(reverse("api:schuldenvrij-debt-list"))
    assert response.status_code == 200
    names = {row["creditor_name"] for row in response.json()["results"]}
    assert names == {"Vattenfall", "Zilveren Kruis"}
    assert AccessEvent.objects.filter(what="schuldenvrij_api_debts", action="list").count() == 1

    response = api.post(
        reverse("api:schuldenvrij-debt-list"),
        debt_data(
            enrolment=str(enrolment.pk),
            creditor_kind="landlord",
            creditor_name="Elkien",
            original_amount="1500.00",
            current_amount="1500.00",
            since="2024-10-01",
        ),
        format="json",
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["creditor_name"] == "Elkien" and created["status"] == "open"

    url = reverse("api:schuldenvrij-debt-detail", kwargs={"pk": created["id"]})
    response = api.patch(url, {"version": 1, "current_amount": "1200.00"}, format="json")
    assert response.status_code == 200 and response.json()["current_amount"] == "1200.00"
    response = api.patch(url, {"version": 1, "current_amount": "1100.00"}, format="json")
    assert response.status_code == 409
    assert response["Content-Type"].startswith("application/problem+json")
    assert api.get(url).json()["current_amount"] == "1200.00"


def test_negative_amount_is_a_dutch_field_error(caseworker_a, enrolment):
    response = api_client(caseworker_a).post(
        reverse("api:schuldenvrij-debt-list"),
        debt_data(enrolment=str(enrolment.pk), original_amount="-10.00", since="2024-10-01"),
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["original_amount"][0]["message"] == (
        "Een bedrag kan niet negatief zijn."
    )
    assert Debt.objects.count() == 0


def test_snapshots_and_intake(caseworker_a, enrolment):
    api = api_client(caseworker_a)
    response = api.post(
        reverse("api:schuldenvrij-snapshot-list"),
        {
            "enrolment": str(enrolment.pk),
            "date": "2025-02-01",
            "amounts": {"income_benefit": "1300.00", "cost_rent": "700.00"},
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["room"] == "600.00"
    response = api.get(reverse("api:schuldenvrij-snapshot-list"), {"enrolment": str(enrolment.pk)})
    assert [row["room"] for row in response.json()["results"]] == ["600.00"]
    response = api.post(
        reverse("api:schuldenvrij-snapshot-list"),
        {"enrolment": str(enrolment.pk), "date": "2025-03-01", "amounts": {"cost_rent": "-1"}},
        format="json",
    )
    assert response.status_code == 400 and BudgetSnapshot.objects.count() == 1

    response = api.post(
        reverse("api:schuldenvrij-intake-list"),
        {"enrolment": str(enrolment.pk), "date": "2025-01-10", "situation": "Veel post"},
        format="json",
    )
    assert response.status_code == 201 and response.json()["situation"] == "Veel post"
    url = reverse("api:schuldenvrij-intake-detail", kwargs={"pk": response.json()["id"]})
    assert api.patch(url, {"version": 1, "situation": "Minder"}, format="json").status_code == 200
    assert api.patch(url, {"version": 1, "situation": "Oud"}, format="json").status_code == 409
    assert api.get(url).json()["situation"] == "Minder"


def test_places_forgiveness_and_decision(caseworker_a, lead_a, lead2_a, enrolment, debts, settings):
    settings.KOERS_SCHULDENVRIJ_PLACES = 1
    api = api_client(caseworker_a)
    response = api.post(
        reverse("api:schuldenvrij-place-list"),
        {"enrolment": str(enrolment.pk), "admitted_on": "2025-02-01"},
        format="json",
    )
    assert response.status_code == 201
    other = make_participant(actor=caseworker_a, team=enrolment.team, programme="schuldenvrij")
    response = api.post(
        reverse("api:schuldenvrij-place-list"),
        {"enrolment": str(other.enrolments.get().pk), "admitted_on": "2025-02-01"},
        format="json",
    )
    assert response.status_code == 400
    assert "Alle 1 plaatsen" in response.json()["errors"]["enrolment"][0]["message"]
    assert PilotPlace.objects.count() == 1

    forgiveness_list = reverse("api:schuldenvrij-forgiveness-list")
    too_much = {
        "enrolment": str(enrolment.pk),
        "amount": "5000.00",
        "date": "2025-06-01",
        "funding": "fno",
    }
    response = api.post(forgiveness_list, too_much, format="json")
    assert response.status_code == 400 and Forgiveness.objects.count() == 0
    response = api.post(forgiveness_list, {**too_much, "amount": "2000.00"}, format="json")
    assert response.status_code == 201
    pk = response.json()["id"]
    decide = reverse("api:schuldenvrij-forgiveness-decide", kwargs={"pk": pk})
    assert api.post(decide, {"version": 1, "decision": "approve"}, format="json").status_code == 403

    lead_api = api_client(lead_a)
    response = lead_api.post(decide, {"version": 1, "decision": "approve"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    stale = {"version": 1, "decision": "reject", "reason": "Eerst een regeling"}
    response = api_client(lead2_a).post(decide, stale, format="json")
    assert response.status_code == 409
    assert Forgiveness.objects.get().status == "approved"


def test_follow_ups_and_turning_18(caseworker_a, lead_a, enrolment, debts, team_a):
    forgive(caseworker_a, lead_a, enrolment, date=services.add_months(dt.date.today(), -6))
    api = api_client(caseworker_a)
    response = api.get(reverse("api:schuldenvrij-follow-up-list"), {"due": "true"})
    rows = response.json()["results"]
    assert [row["months"] for row in rows] == [6]
    bad = api.get(reverse("api:schuldenvrij-follow-up-list"), {"due": "misschien"})
    assert bad.status_code == 400
    url = reverse("api:schuldenvrij-follow-up-detail", kwargs={"pk": rows[0]["id"]})
    today = dt.date.today().isoformat()
    response = api.patch(
        url,
        {"version": 1, "done_on": today, "new_debts": True, "new_debts_amount": None},
        format="json",
    )
    assert response.status_code == 400
    response = api.patch(url, {"version": 1, "done_on": today, "new_debts": False}, format="json")
    assert response.status_code == 200 and response.json()["new_debts"] is False
    assert (
        api.patch(
            url, {"version": 1, "done_on": today, "new_debts": False}, format="json"
        ).status_code
        == 409
    )
    assert FollowUp.objects.filter(done_on__isnull=False).count() == 1

    young = make_participant(
        caseworker_a, team_a, "lifecoaching", given_name="Ids", date_of_birth=turning_18_soon()
    )
    response = api.get(reverse("api:schuldenvrij-turning-18-list"))
    assert [row["participant"] for row in response.json()] == [str(young.pk)]
    response = api.post(
        reverse("api:schuldenvrij-contact-list"),
        {"participant": str(young.pk), "date": today, "done": True},
        format="json",
    )
    assert response.status_code == 201
    assert api.get(reverse("api:schuldenvrij-turning-18-list")).json()[0]["contacted"] is True
    assert len(api.get(reverse("api:schuldenvrij-contact-list")).json()["results"]) == 1


def test_another_team_gets_404_and_creates_nothing(caseworker_b, enrolment, debts):
    api = api_client(caseworker_b)
    detail = reverse("api:schuldenvrij-debt-detail", kwargs={"pk": debts[0].pk})
    assert api.get(detail).status_code == 404
    assert (
        api.patch(detail, {"version": 1, "current_amount": "1"}, format="json").status_code == 404
    )
    response = api.post(
        reverse("api:schuldenvrij-debt-list"),
        debt_data(enrolment=str(enrolment.pk), since="2024-10-01"),
        format="json",
    )
    assert response.status_code == 404
    assert Debt.objects.count() == 2
    assert api.get(reverse("api:schuldenvrij-debt-list")).json()["results"] == []


def test_schema_documents_the_endpoints(caseworker_a):
    response = api_client(caseworker_a).get(reverse("api:schema"), {"format": "json"})
    paths = response.json()["paths"]
    for path in (
        "/api/v1/schuldenvrij/debts/",
        "/api/v1/schuldenvrij/forgivenesses/{id}/decide/",
        "/api/v1/schuldenvrij/turning-18/",
    ):
        assert path in paths


def test_a_rejection_through_the_api_needs_a_reason(caseworker_a, lead_a, enrolment, debts):
    services.admit_to_pilot(actor=caseworker_a, enrolment=enrolment, date=dt.date(2025, 2, 1))
    proposal = services.propose_forgiveness(
        actor=caseworker_a,
        enrolment=enrolment,
        amount="500",
        date=dt.date(2025, 6, 1),
        funding="fno",
    )
    decide = reverse("api:schuldenvrij-forgiveness-decide", kwargs={"pk": proposal.pk})
    client = api_client(lead_a)
    refused = client.post(decide, {"version": 1, "decision": "reject"}, format="json")
    assert refused.status_code == 400 and "reason" in refused.json()["errors"]
    assert Forgiveness.objects.get().status == "proposed"
    body = {"version": 1, "decision": "reject", "reason": "Eerst een regeling"}
    assert client.post(decide, body, format="json").json()["status"] == "rejected"
