"""Who looked: every page that shows identifying data writes the right access events (user,
roles, subject, action, what, request id of the response, purpose), and nothing else; the
events hold no identifier; logging keeps the caseload page's query count flat."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from guardian.shortcuts import assign_perm

from accounts.roles import TEAM_LEAD
from casework import services
from casework.models import HouseholdMembership, Transfer
from privacy.models import AccessEvent
from tests.factories import add_member, make_household, make_participant, make_user, valid_bsn

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna(caseworker_a, team_a):
    bsn = valid_bsn()
    participant = make_participant(
        caseworker_a, team_a, name="Annigje Wybrandastra", bsn=bsn, client_ref="GL-55501"
    )
    return participant, bsn


def events_of(response) -> list[AccessEvent]:
    """The events written while serving this response (matched by its request id)."""
    request_id = response["X-Request-ID"]
    assert request_id
    return list(AccessEvent.objects.filter(request_id=request_id).order_by("id"))


def assert_event(event, user, subject_id, action, what, subject_type="participant", purpose="care"):
    """``event`` is ``user``'s ``action`` on ``what`` of the subject, for care and without
    break-the-glass."""
    assert event.user_id == user.pk
    assert event.actor_label == user.username
    assert event.roles == ",".join(sorted(user.groups.values_list("name", flat=True)))
    assert event.subject_id == subject_id
    assert event.subject_type == subject_type
    assert event.action == action
    assert event.what == what
    assert event.purpose == purpose
    assert event.break_glass is False


def test_opening_the_file_writes_one_view_event(client, caseworker_a, anna):
    participant, _ = anna
    client.force_login(caseworker_a)
    response = client.get(reverse("casework:participant_file", kwargs={"pk": participant.pk}))
    assert response.status_code == 200
    (event,) = events_of(response)
    assert_event(event, caseworker_a, participant.pk, AccessEvent.Action.VIEW, "participant_file")
    assert event.roles == "caseworker"
    assert (
        AccessEvent.objects.exclude(purpose="security").count() == 1
    )  # nothing outside this request


def test_household_view_logs_the_household_and_the_visible_members(
    client, caseworker_a, caseworker_b, team_a, team_b, anna
):
    participant, _ = anna
    sibling = make_participant(actor=caseworker_a, team=team_a, given_name="Sibbele")
    stranger = make_participant(actor=caseworker_b, team=team_b, given_name="Vreemde")
    household = make_household(caseworker_a, participant, name="Gezin Wybrandastra")
    add_member(caseworker_a, household, sibling, "child")
    # A member outside caseworker A's caseload (joined by team B): shown without identity,
    # so not logged.
    HouseholdMembership.objects.create(
        household=household, participant=stranger, role="partner", start_date=dt.date(2025, 1, 6)
    )
    client.force_login(caseworker_a)
    response = client.get(reverse("casework:household", kwargs={"pk": household.pk}))
    assert response.status_code == 200
    first, *members = events_of(response)
    assert_event(
        first,
        caseworker_a,
        household.pk,
        AccessEvent.Action.VIEW,
        "household",
        subject_type="household",
    )
    assert {event.subject_id for event in members} == {participant.pk, sibling.pk}
    for event in members:
        assert_event(
            event, caseworker_a, event.subject_id, AccessEvent.Action.LIST, "household_member"
        )
    assert not AccessEvent.objects.filter(subject_id=stranger.pk).exists()


def test_caseload_writes_one_list_event_per_listed_participant(
    client, caseworker_a, caseworker_b, team_a, team_b, anna
):
    participant, _ = anna
    others = [
        make_participant(actor=caseworker_a, team=team_a, given_name=f"P{i}") for i in range(3)
    ]
    outside = make_participant(actor=caseworker_b, team=team_b)
    client.force_login(caseworker_a)
    response = client.get(reverse("casework:caseload"))
    events = events_of(response)
    assert sorted(str(e.subject_id) for e in events) == sorted(
        str(p.pk) for p in [participant, *others]
    )
    for event in events:
        assert_event(event, caseworker_a, event.subject_id, AccessEvent.Action.LIST, "caseload")
    assert not AccessEvent.objects.filter(subject_id=outside.pk).exists()


@pytest.mark.parametrize("query", ["wybrandastra", "GL-55501", "bsn"])
def test_search_logs_only_the_hits(client, caseworker_a, team_a, anna, query):
    participant, bsn = anna
    for index in range(3):
        make_participant(actor=caseworker_a, team=team_a, given_name=f"Niet{index}")
    client.force_login(caseworker_a)
    response = client.post(
        reverse("casework:caseload_search"), {"q": bsn if query == "bsn" else query}
    )
    assert response.status_code == 200
    (event,) = events_of(response)
    assert_event(event, caseworker_a, participant.pk, AccessEvent.Action.SEARCH, "caseload_search")


def test_search_without_hits_logs_nothing(client, caseworker_a, anna):
    client.force_login(caseworker_a)
    response = client.post(reverse("casework:caseload_search"), {"q": "Niemandsland"})
    assert events_of(response) == []
    assert not AccessEvent.objects.exclude(purpose="security").exists()


def test_transfer_list_logs_the_participants_whose_reason_is_shown(
    client, lead_a, team_a, team_b, caseworker_a, anna
):
    participant, _ = anna
    make_participant(actor=caseworker_a, team=team_a, given_name="Zonder overdracht")
    services.request_transfer(
        actor=lead_a, enrolment=participant.enrolments.get(), to_team=team_b, reason="Verhuisd"
    )
    receiving = make_user(TEAM_LEAD, teams=[team_b])
    assign_perm("casework.decide_transfer", receiving, Transfer.objects.get())
    for user in (lead_a, receiving):
        client.force_login(user)
        response = client.get(reverse("casework:transfers"))
        assert response.status_code == 200
        (event,) = events_of(response)
        assert_event(
            event,
            user,
            participant.pk,
            AccessEvent.Action.LIST,
            "transfer_reason",
            purpose="transfer",
        )
        assert event.roles == "team_lead"


def test_goal_edit_form_logs_the_goal_read(client, caseworker_a, anna):
    participant, _ = anna
    goal = services.add_goal(
        actor=caseworker_a, enrolment=participant.enrolments.get(), text="Een baan vinden"
    )
    client.force_login(caseworker_a)
    response = client.get(reverse("casework:goal_edit", kwargs={"pk": goal.pk}))
    assert response.status_code == 200
    (event,) = events_of(response)
    assert_event(event, caseworker_a, participant.pk, AccessEvent.Action.VIEW, "goal")


def test_request_ids_differ_per_request(client, caseworker_a, anna):
    participant, _ = anna
    client.force_login(caseworker_a)
    url = reverse("casework:participant_file", kwargs={"pk": participant.pk})
    first, second = client.get(url), client.get(url)
    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert len(events_of(first)) == len(events_of(second)) == 1


def test_events_hold_no_identifier_in_plain_text(
    client, caseworker_a, lead_a, team_a, team_b, anna
):
    participant, bsn = anna
    enrolment = participant.enrolments.get()
    goal = services.add_goal(actor=caseworker_a, enrolment=enrolment, text="Rijbewijs halen")
    household = make_household(
        caseworker_a, participant, name="Gezin Wybrandastra", reference="HH-55501"
    )
    services.request_transfer(actor=lead_a, enrolment=enrolment, to_team=team_b, reason="Verhuisd")
    client.force_login(caseworker_a)
    for url in (
        reverse("casework:caseload"),
        reverse("casework:participant_file", kwargs={"pk": participant.pk}),
        reverse("casework:household", kwargs={"pk": household.pk}),
        reverse("casework:goal_edit", kwargs={"pk": goal.pk}),
        reverse("casework:transfers"),
    ):
        assert client.get(url).status_code == 200
    for query in ("Annigje", bsn, "GL-55501"):
        client.post(reverse("casework:caseload_search"), {"q": query})
    assert AccessEvent.objects.exclude(purpose="security").count() >= 8
    secrets = ["Annigje", "Wybrandastra", bsn, "GL-55501", "HH-55501", "Rijbewijs", "Verhuisd"]
    columns = [field.attname for field in AccessEvent._meta.concrete_fields]
    for row in AccessEvent.objects.exclude(purpose="security").values_list(*columns):
        for value in row:
            text = str(value).casefold()
            for secret in secrets:
                assert secret.casefold() not in text, (secret, columns)


def test_caseload_query_count_stays_flat_with_logging(
    client, caseworker_a, team_a, django_assert_max_num_queries
):
    make_participant(actor=caseworker_a, team=team_a)
    client.force_login(caseworker_a)
    url = reverse("casework:caseload")
    with CaptureQueriesContext(connection) as one:
        response = client.get(url)
    assert len(events_of(response)) == 1
    for index in range(49):
        make_participant(actor=caseworker_a, team=team_a, given_name=f"P{index}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert len(events_of(response)) == 50
