"""Deciding and cancelling transfers through the API: the same services as the pages, 409 on a
stale version, 404 for whoever may not decide or cancel."""

from __future__ import annotations

import pytest

from casework import services
from casework.models import Enrolment, Transfer
from privacy.models import AccessEvent
from tests.api.conftest import api_client
from tests.factories import make_participant


@pytest.fixture
def transfer(lead_a, lead_b, team_b, participant_a):
    return services.request_transfer(
        actor=lead_a, enrolment=participant_a.enrolments.get(), to_team=team_b, reason="Verhuisd"
    )


def _post(client, transfer, what, **data):
    return client.post(f"/api/v1/transfers/{transfer.pk}/{what}/", data, format="json")


def test_the_receiving_lead_accepts(lead_b, team_b, transfer):
    client = api_client(lead_b)
    listed = client.get("/api/v1/transfers/").json()["results"]
    assert [t["incoming"] for t in listed] == [True]
    response = _post(client, transfer, "decide", version=listed[0]["version"], decision="accept")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "accepted" and body["reason"] == "Verhuisd"
    assert Enrolment.objects.get(pk=transfer.enrolment_id).team_id == team_b.pk
    assert client.get(f"/api/v1/enrolments/{transfer.enrolment_id}/").status_code == 200


def test_the_receiving_lead_refuses(lead_b, team_a, transfer):
    client = api_client(lead_b)
    without_reason = _post(client, transfer, "decide", version=1, decision="refuse")
    assert without_reason.status_code == 400
    assert Transfer.objects.get(pk=transfer.pk).status == Transfer.Status.PENDING
    response = _post(
        client, transfer, "decide", version=1, decision="refuse", reason="Geen plek in het team"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "refused"
    assert Enrolment.objects.get(pk=transfer.enrolment_id).team_id == team_a.pk


def test_a_stale_decision_gets_409_and_changes_nothing(lead_b, transfer):
    Transfer.objects.filter(pk=transfer.pk).update(version=transfer.version + 1)
    response = _post(api_client(lead_b), transfer, "decide", version=1, decision="accept")
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert Transfer.objects.get(pk=transfer.pk).status == Transfer.Status.PENDING


def test_others_may_not_decide(lead_a, caseworker_b, transfer):
    for user in (lead_a, caseworker_b):
        response = _post(api_client(user), transfer, "decide", version=1, decision="accept")
        assert response.status_code in {403, 404}, user
    assert Transfer.objects.get(pk=transfer.pk).status == Transfer.Status.PENDING


def test_an_invalid_decision_is_a_field_error(lead_b, transfer):
    response = _post(api_client(lead_b), transfer, "decide", version=1, decision="maybe")
    assert response.status_code == 400
    assert "decision" in response.json()["errors"]


def test_the_sending_lead_cancels(lead_a, lead_b, transfer):
    response = _post(api_client(lead_a), transfer, "cancel", version=1)
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    again = _post(api_client(lead_a), transfer, "cancel", version=2)
    assert again.status_code == 400
    # The grant to decide lapsed with the cancellation.
    decide = _post(api_client(lead_b), transfer, "decide", version=2, decision="accept")
    assert decide.status_code == 404


def test_a_stale_cancel_gets_409(lead_a, transfer):
    Transfer.objects.filter(pk=transfer.pk).update(version=transfer.version + 1)
    response = _post(api_client(lead_a), transfer, "cancel", version=1)
    assert response.status_code == 409
    assert Transfer.objects.get(pk=transfer.pk).status == Transfer.Status.PENDING


def test_the_receiving_team_may_not_cancel(lead_b, caseworker_b, transfer):
    for user in (lead_b, caseworker_b):
        assert _post(api_client(user), transfer, "cancel", version=1).status_code == 404
    assert Transfer.objects.get(pk=transfer.pk).status == Transfer.Status.PENDING


def test_a_caseworker_of_the_sending_team_may_not_cancel(caseworker_a, transfer):
    assert _post(api_client(caseworker_a), transfer, "cancel", version=1).status_code == 403


def test_the_list_is_paged_by_50_and_logs_only_the_page(
    lead_a, lead_b, caseworker_a, team_a, team_b
):
    for index in range(51):
        services.request_transfer(
            actor=lead_a,
            enrolment=make_participant(
                caseworker_a, team_a, given_name=f"P{index}"
            ).enrolments.get(),
            to_team=team_b,
            reason="Verhuisd",
        )
    client = api_client(lead_b)
    first = client.get("/api/v1/transfers/").json()
    assert len(first["results"]) == 50 and first["next"]
    events = AccessEvent.objects.filter(user=lead_b, what="transfer_reason")
    assert events.count() == 50
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    assert events.count() == 51
    assert {t["id"] for t in first["results"]} | {t["id"] for t in second["results"]} == {
        str(pk) for pk in Transfer.objects.values_list("pk", flat=True)
    }
