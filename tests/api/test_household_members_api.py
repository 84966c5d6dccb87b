"""Adding a household member through the API: same service and scope as the page."""

from __future__ import annotations

from casework.models import HouseholdMembership
from tests.api.conftest import api_client
from tests.factories import make_household, make_participant


def _household(caseworker, participant):
    return make_household(caseworker, participant, name="Gezin")


def _join(user, household, participant, role="child"):
    """``user`` asks the API to add ``participant`` to ``household`` from 1 February 2025."""
    data = {"participant": str(participant.pk), "role": role, "start_date": "2025-02-01"}
    return api_client(user).post(f"/api/v1/households/{household.pk}/members/", data, format="json")


def test_caseworker_adds_a_member_of_their_caseload(caseworker_a, team_a, participant_a):
    household = _household(caseworker_a, participant_a)
    child = make_participant(actor=caseworker_a, team=team_a, given_name="Kind")
    response = _join(caseworker_a, household, child)
    assert response.status_code == 201, response.content
    assert {m["participant"] for m in response.json()["members"]} == {
        str(participant_a.pk),
        str(child.pk),
    }
    assert HouseholdMembership.objects.filter(household=household, participant=child).exists()


def test_another_teams_participant_or_household_is_not_found(
    caseworker_a, caseworker_b, team_b, participant_a
):
    household = _household(caseworker_a, participant_a)
    other = make_participant(actor=caseworker_b, team=team_b, given_name="Ander")
    response = _join(caseworker_a, household, other)
    assert response.status_code == 404
    response = _join(caseworker_b, household, other)
    assert response.status_code == 404
    assert HouseholdMembership.objects.count() == 1


def test_bad_role_is_a_problem_with_field_errors(caseworker_a, team_a, participant_a):
    household = _household(caseworker_a, participant_a)
    child = make_participant(actor=caseworker_a, team=team_a, given_name="Kind")
    response = _join(caseworker_a, household, child, role="grandma")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert "role" in response.json()["errors"]
    assert HouseholdMembership.objects.count() == 1
