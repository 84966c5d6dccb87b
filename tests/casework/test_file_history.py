"""A file's history says who created or changed which record and which fields, never values."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import CASEWORKER
from casework import selectors, services
from casework.models import Enrolment
from casework.validation import Identity
from privacy.models import AccessEvent
from tests.factories import enrol, make_participant, make_user

pytestmark = pytest.mark.django_db


def test_a_goal_edit_names_the_changed_fields_and_not_the_values(caseworker_a, team_a):
    participant = make_participant(actor=caseworker_a, team=team_a)
    enrolment = participant.enrolments.get()
    goal = services.add_goal(actor=caseworker_a, enrolment=enrolment, text="Schulden op een rij")
    services.update_goal(
        actor=caseworker_a,
        goal=goal,
        expected_version=goal.version,
        text="Schulden op een rij",  # sealed afresh, the same words: not a change
        status="achieved",
    )
    history = selectors.file_history(caseworker_a, participant.pk)
    goal_changes = [change for change in history.changes if change.record == "doel"]
    assert [(change.kind, change.fields) for change in goal_changes] == [
        ("~", ("status",)),
        ("+", ()),
    ]
    assert "Schulden" not in repr(history.changes)


def test_a_new_text_of_an_encrypted_field_is_a_change(caseworker_a, team_a):
    participant = make_participant(actor=caseworker_a, team=team_a)
    goal = services.add_goal(
        actor=caseworker_a, enrolment=participant.enrolments.get(), text="Werk vinden"
    )
    services.update_goal(
        actor=caseworker_a,
        goal=goal,
        expected_version=goal.version,
        text="Een baan van 24 uur",
        status="open",
    )
    (latest, *_) = selectors.file_history(caseworker_a, participant.pk).changes
    assert (latest.record, latest.kind, latest.fields) == ("doel", "~", ("doel in eigen woorden",))


def test_another_teams_enrolment_stays_out_of_the_history(caseworker_a, team_a, team_b):
    participant = make_participant(actor=caseworker_a, team=team_a)
    both = make_user(CASEWORKER, teams=[team_a, team_b])
    start = participant.enrolments.get().start_date
    enrol(both, participant, "schuldenvrij", team_b, start, Enrolment.LegalBasis.CONSENT)

    def enrolments_seen_by(user) -> int:
        changes = selectors.file_history(user, participant.pk).changes
        return sum(change.record == "inschrijving" for change in changes)

    assert enrolments_seen_by(caseworker_a) == 1
    assert enrolments_seen_by(both) == 2


def test_an_identity_correction_names_the_field(caseworker_a, team_a):
    participant = make_participant(actor=caseworker_a, team=team_a, phone="0612345678")
    services.update_participant(
        actor=caseworker_a,
        participant=participant,
        expected_version=participant.version,
        identity=Identity(given_name="Anna", family_name="de Vries", phone="0687654321"),
    )
    (latest, *_) = selectors.file_history(caseworker_a, participant.pk).changes
    assert (latest.record, latest.kind, latest.fields) == ("deelnemer", "~", ("telefoon",))


def test_the_history_page_shows_who_changed_what_and_is_logged(client, caseworker_a, team_a):
    participant = make_participant(actor=caseworker_a, team=team_a)
    enrolment = participant.enrolments.get()
    client.force_login(caseworker_a)
    goal = services.add_goal(actor=caseworker_a, enrolment=enrolment, text="Rijbewijs halen")
    response = client.post(
        reverse("casework:goal_edit", kwargs={"pk": goal.pk}),
        {"text": "Rijbewijs halen", "status": "dropped", "version": goal.version},
    )
    assert response.status_code in (200, 302)
    url = reverse("casework:file_history", kwargs={"pk": participant.pk})
    page = client.get(url).content.decode()
    assert "Doel gewijzigd" in page
    assert (caseworker_a.get_full_name() or caseworker_a.username) in page
    assert "Rijbewijs" not in page
    assert AccessEvent.objects.filter(what="file_history", subject_id=participant.pk).exists()
    file_page = client.get(reverse("casework:participant_file", kwargs={"pk": participant.pk}))
    assert 'href="#h-history"' in file_page.content.decode()
    assert url in file_page.content.decode()


def test_a_caseworker_of_another_team_gets_no_history(client, caseworker_a, caseworker_b, team_a):
    participant = make_participant(actor=caseworker_a, team=team_a)
    client.force_login(caseworker_b)
    response = client.get(reverse("casework:file_history", kwargs={"pk": participant.pk}))
    assert response.status_code == 404


def test_the_history_page_is_paged_with_a_flat_query_count(
    client, caseworker_a, team_a, django_assert_max_num_queries
):
    participant = make_participant(actor=caseworker_a, team=team_a)
    enrolment = participant.enrolments.get()
    client.force_login(caseworker_a)
    url = reverse("casework:file_history", kwargs={"pk": participant.pk})
    services.add_goal(actor=caseworker_a, enrolment=enrolment, text="Doel 0")
    cache.clear()  # the header's work count is kept per user
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    for index in range(1, 50):
        services.add_goal(actor=caseworker_a, enrolment=enrolment, text=f"Doel {index}")
    cache.clear()
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        page = client.get(url).content.decode()
    assert "Pagina 1 van 3" in page
    second = client.get(url, {"pagina": 2}).content.decode()
    assert "Pagina 2 van 3" in second
