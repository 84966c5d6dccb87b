"""Access to every Schuldenvrij page and API endpoint, for every role: allowed roles get
200/302 (a POST-only action with an empty form: 302, the API: 400), the others 403; file
roles of another team get 404 for this team's objects; refusals change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from accounts.roles import ALL_ROLES, CASEWORKER, PEER_EXPERT, TEAM_LEAD
from schuldenvrij import services
from schuldenvrij.models import (
    BudgetSnapshot,
    Debt,
    FinancialIntake,
    FollowUp,
    Forgiveness,
    PilotPlace,
    PreventiveContact,
)
from tests.api.conftest import api_client
from tests.factories import make_user
from tests.schuldenvrij.conftest import add_debt, debt_data, forgive, make_enrolment, propose
from tests.schuldenvrij.matrix import MATRIX

pytestmark = pytest.mark.django_db

POST_ONLY = {
    "schuldenvrij:forgiveness_decide",
    "schuldenvrij:contact_new",
    "api:schuldenvrij-forgiveness-decide",
}


@pytest.fixture
def objects(caseworker_a, lead_a, team_a):
    enrolment = make_enrolment(caseworker_a, team_a, given_name="Baukje")
    services.save_intake(actor=caseworker_a, enrolment=enrolment, date=dt.date(2025, 1, 10))
    snapshot = services.add_snapshot(
        actor=caseworker_a, enrolment=enrolment, date=dt.date(2025, 2, 1), amounts={}
    )
    debt = add_debt(caseworker_a, enrolment, current="900")
    services.admit_to_pilot(actor=caseworker_a, enrolment=enrolment, date=dt.date(2025, 2, 1))
    proposal = propose(caseworker_a, enrolment, "500")
    other = make_enrolment(caseworker_a, team_a, given_name="Wytske")
    add_debt(caseworker_a, other, current="300")
    approved = forgive(caseworker_a, lead_a, other, amount="300")
    follow_up = approved.follow_ups.get(months=6)
    services.record_preventive_contact(
        actor=caseworker_a, participant=enrolment.participant, date=dt.date(2025, 3, 1)
    )
    intake = FinancialIntake.objects.get(enrolment=enrolment)
    return {
        "schuldenvrij:enrolment": enrolment.pk,
        "schuldenvrij:intake": enrolment.pk,
        "schuldenvrij:snapshot_new": enrolment.pk,
        "schuldenvrij:debt_new": enrolment.pk,
        "schuldenvrij:place_admit": enrolment.pk,
        "schuldenvrij:forgiveness_new": enrolment.pk,
        "schuldenvrij:debt_edit": debt.pk,
        "schuldenvrij:forgiveness_decide": proposal.pk,
        "schuldenvrij:forgiveness_reject": proposal.pk,
        "schuldenvrij:follow_up": follow_up.pk,
        "schuldenvrij:contact_new": enrolment.participant_id,
        "api:schuldenvrij-intake-detail": intake.pk,
        "api:schuldenvrij-snapshot-detail": snapshot.pk,
        "api:schuldenvrij-debt-detail": debt.pk,
        "api:schuldenvrij-forgiveness-detail": proposal.pk,
        "api:schuldenvrij-forgiveness-decide": proposal.pk,
        "api:schuldenvrij-follow-up-detail": follow_up.pk,
    }


def state():
    return (
        FinancialIntake.objects.count(),
        BudgetSnapshot.objects.count(),
        list(Debt.objects.order_by("pk").values_list("version", "status", "current_amount")),
        PilotPlace.objects.count(),
        list(Forgiveness.objects.order_by("pk").values_list("version", "status")),
        list(FollowUp.objects.order_by("pk").values_list("version", "done_on")),
        PreventiveContact.objects.count(),
    )


def url_for(name, objects):
    return reverse(name, kwargs={"pk": objects[name]} if name in objects else {})


def request(client, name, url, *, api: bool):
    if name in POST_ONLY:
        return client.post(url, {}, format="json") if api else client.post(url, {})
    return client.get(url)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_page_and_endpoint_for_every_role(client, objects, role, team_a):
    user = make_user(role, teams=[team_a])
    client.force_login(user)
    api = api_client(user)
    before = state()
    for name, allowed in MATRIX.items():
        url = url_for(name, objects)
        is_api = name.startswith("api:")
        response = request(api if is_api else client, name, url, api=is_api)
        if role in allowed:
            expected = {400} if is_api and name in POST_ONLY else {200, 302}
            assert response.status_code in expected, (name, role, response.status_code)
        else:
            assert response.status_code == 403, (name, role, response.status_code)
    assert state() == before


@pytest.mark.parametrize("role", sorted({CASEWORKER, PEER_EXPERT, TEAM_LEAD}))
def test_file_roles_of_another_team_get_404(client, objects, role, team_b):
    user = make_user(role, teams=[team_b])
    client.force_login(user)
    api = api_client(user)
    before = state()
    for name in objects:
        url = url_for(name, objects)
        is_api = name.startswith("api:")
        if is_api:
            response = (
                api.post(url, {"version": 1, "decision": "approve"}, format="json")
                if name in POST_ONLY
                else api.get(url)
            )
        else:
            response = (
                client.post(url, {"version": 1, "decision": "approve", "date": "2025-03-01"})
                if name in POST_ONLY
                else client.get(url)
            )
        expected = 404 if role in MATRIX[name] else 403
        assert response.status_code == expected, (name, role, response.status_code)
    # Lists of another team are empty.
    if role != PEER_EXPERT:
        for name in ("home", "follow_ups", "turning_18"):
            body = client.get(reverse(f"schuldenvrij:{name}")).content.decode()
            assert "Baukje" not in body and "Wytske" not in body
        assert api.get(reverse("api:schuldenvrij-debt-list")).json()["results"] == []
    assert state() == before


def test_forbidden_writes_change_nothing(client, objects, team_a):
    peer = make_user(PEER_EXPERT, teams=[team_a])
    client.force_login(peer)
    before = state()
    enrolment = objects["schuldenvrij:enrolment"]
    response = client.post(
        reverse("schuldenvrij:debt_new", kwargs={"pk": enrolment}),
        debt_data(status="open"),
    )
    assert response.status_code == 403
    response = api_client(peer).post(
        reverse("api:schuldenvrij-debt-list"),
        debt_data(enrolment=str(enrolment)),
        format="json",
    )
    assert response.status_code == 403
    caseworker = make_user(CASEWORKER, teams=[team_a])
    client.force_login(caseworker)
    response = client.post(
        reverse(
            "schuldenvrij:forgiveness_decide",
            kwargs={"pk": objects["schuldenvrij:forgiveness_decide"]},
        ),
        {"version": 1, "decision": "approve"},
    )
    assert response.status_code == 403
    assert state() == before
