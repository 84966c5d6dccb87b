"""Transfers as the receiving team lead meets them: who it is about, only teams that run the
programme, and a refusal that asks why and is read back by the sending team."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import TEAM_LEAD
from casework import selectors, services
from casework.models import Programme, Transfer
from privacy.models import AccessEvent
from tests.factories import TeamFactory, make_participant, make_user
from tests.paging import assert_flat, assert_paged, last_event, logged

pytestmark = pytest.mark.django_db


def _transfer(lead_a, caseworker_a, team_a, team_b, **identity):
    participant = make_participant(actor=caseworker_a, team=team_a, **identity)
    return services.request_transfer(
        actor=lead_a, enrolment=participant.enrolments.get(), to_team=team_b, reason="Verhuisd"
    )


def test_receiving_lead_sees_who_from_where_and_why(
    client, lead_a, lead_b, caseworker_a, team_a, team_b
):
    transfer = _transfer(
        lead_a, caseworker_a, team_a, team_b, given_name="Hendrikje", client_ref="GL-4711"
    )
    client.force_login(lead_b)
    page = client.get(reverse("casework:transfers")).content.decode()
    for shown in ("Hendrikje de Vries", "GL-4711", "Gezinslab", "Gezinslab Bilgaard", "Verhuisd"):
        assert shown in page
    assert reverse("casework:transfer_refuse", kwargs={"pk": transfer.pk}) in page
    event = AccessEvent.objects.exclude(purpose="security").get(user=lead_b)
    assert (event.purpose, event.action) == ("transfer", AccessEvent.Action.LIST)
    assert event.subject_id == transfer.enrolment.participant_id


def test_the_team_choice_offers_only_teams_that_run_the_programme(
    client, lead_a, caseworker_a, team_a, team_b
):
    elsewhere = TeamFactory(code="bgx", name="Baangaranties Elders")
    gezinslab = Programme.objects.get(code="gezinslab")
    gezinslab.teams.set([team_a, team_b])
    participant = make_participant(actor=caseworker_a, team=team_a)
    enrolment = participant.enrolments.get()
    client.force_login(lead_a)
    form = client.get(reverse("casework:transfer_new", kwargs={"pk": enrolment.pk}))
    page = form.content.decode()
    assert team_b.name in page and elsewhere.name not in page
    assert selectors.transfer_targets(lead_a, enrolment) == [team_b]
    refused = client.post(
        reverse("casework:transfer_new", kwargs={"pk": enrolment.pk}),
        {"to_team": elsewhere.code, "reason": "Verhuisd"},
    )
    assert refused.status_code == 400
    with pytest.raises(ValidationError, match="voert dit programma niet uit"):
        services.request_transfer(
            actor=lead_a, enrolment=enrolment, to_team=elsewhere, reason="Verhuisd"
        )
    assert not Transfer.objects.exists()


def test_refusing_asks_a_reason_and_a_confirmation_and_the_sender_reads_it(
    client, lead_a, lead_b, caseworker_a, team_a, team_b
):
    transfer = _transfer(lead_a, caseworker_a, team_a, team_b, given_name="Tjitske")
    client.force_login(lead_b)
    # The refuse button of the list leads to the page that asks why.
    via_list = client.post(
        reverse("casework:transfer_decide", kwargs={"pk": transfer.pk}),
        {"version": 1, "decision": "refuse"},
    )
    url = reverse("casework:transfer_refuse", kwargs={"pk": transfer.pk})
    assert via_list.status_code == 302 and via_list.url == url
    assert "Tjitske de Vries" in client.get(url).content.decode()
    for data in ({"version": 1, "reason": "Vol"}, {"version": 1, "confirm": "on"}):
        response = client.post(url, data)
        assert response.status_code == 400
        assert Transfer.objects.get(pk=transfer.pk).status == Transfer.Status.PENDING
    missing_confirmation = client.post(url, {"version": 1, "reason": "Vol"}).content.decode()
    assert "Bevestig dat u de overdracht weigert." in missing_confirmation
    done = client.post(
        url, {"version": 1, "reason": "Ons team zit vol tot maart", "confirm": "on"}, follow=True
    )
    assert "De overdracht is geweigerd" in done.content.decode()
    assert Transfer.objects.get(pk=transfer.pk).status == Transfer.Status.REFUSED
    client.force_login(lead_a)
    sender = client.get(reverse("casework:transfers")).content.decode()
    assert "Ons team zit vol tot maart" in sender and "Tjitske de Vries" in sender


def test_transfer_list_queries_stay_flat(client, lead_a, caseworker_a, team_a, team_b):
    make_user(TEAM_LEAD, teams=[team_b])
    _transfer(lead_a, caseworker_a, team_a, team_b, given_name="Een")
    client.force_login(lead_a)
    client.get(reverse("casework:transfers"))  # first request of the session: caches warm
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("casework:transfers")).status_code == 200
    for index in range(12):
        _transfer(lead_a, caseworker_a, team_a, team_b, given_name=f"Nummer{index}")
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("casework:transfers")).content.decode()
    assert "Nummer11 de Vries" in page
    assert len(many.captured_queries) == len(one.captured_queries)


@pytest.fixture
def transfers(lead_a, caseworker_a, team_a, team_b):
    """``transfers(n)``: ``n`` pending transfers to team B, of P000, P001, ..., each asked a
    minute after the one before."""
    make_user(TEAM_LEAD, teams=[team_b])
    made = []
    start = timezone.now() - dt.timedelta(days=1)

    def grow(n: int) -> list:
        while len(made) < n:
            transfer = _transfer(
                lead_a, caseworker_a, team_a, team_b, given_name=f"P{len(made):03d}"
            )
            at = start + dt.timedelta(minutes=len(made))
            Transfer.objects.filter(pk=transfer.pk).update(requested_at=at)
            made.append(transfer)
        return made

    return grow


def test_transfers_are_paged_oldest_first_and_only_the_page_is_logged(
    client, lead_a, lead_b, transfers
):
    made = transfers(51)
    names = [f"P{i:03d} de Vries" for i in range(51)]
    ids = [t.enrolment.participant_id for t in made]
    for user, pattern in (
        (lead_b, r'<th scope="row">(P\d+ de Vries)'),
        (lead_a, r">(P\d+ de Vries)</a>"),
    ):
        client.force_login(user)
        url = reverse("casework:transfers")
        assert_paged(client, url, pattern, names)
        for number, shown in ((1, ids[:50]), (2, ids[50:])):
            since = last_event()
            assert client.get(url, {"pagina": number}).status_code == 200
            assert sorted(logged("transfer_reason", since)) == sorted(shown)


def test_the_transfers_page_costs_the_same_for_1_50_and_120(client, lead_b, transfers):
    client.force_login(lead_b)
    assert_flat(client, reverse("casework:transfers"), transfers)


def test_the_functional_admin_names_the_teams_of_a_programme(client, team_a, team_b):
    from accounts.roles import FUNCTIONAL_ADMIN

    inactive = TeamFactory(code="oud", name="Opgeheven team", active=False)
    gezinslab = Programme.objects.get(code="gezinslab")
    client.force_login(make_user(FUNCTIONAL_ADMIN))
    url = reverse("admin:casework_programme_change", args=[gezinslab.pk])
    page = client.get(url).content.decode()
    assert team_a.name in page and inactive.name not in page
    response = client.post(url, {"teams": [team_a.pk, team_b.pk]})
    assert response.status_code == 302
    assert set(gezinslab.teams.all()) == {team_a, team_b}
    assert gezinslab.name_nl == Programme.objects.get(pk=gezinslab.pk).name_nl
    assert client.get(reverse("admin:casework_programme_add")).status_code == 403
