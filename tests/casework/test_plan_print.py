"""The plan on paper for the resident: their goals in their own words and the agreements."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework import plan_print, selectors, services
from privacy.models import AccessEvent
from tests.factories import make_participant
from tests.helpers import was_logged

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolment(caseworker_a, team_a):
    participant = make_participant(actor=caseworker_a, team=team_a, given_name="Hiske")
    enrolment = participant.enrolments.get()
    done = services.add_goal(actor=caseworker_a, enrolment=enrolment, text="Een rijbewijs halen")
    services.add_goal(actor=caseworker_a, enrolment=enrolment, text="Elke maand de huur betalen")
    services.update_goal(
        actor=caseworker_a,
        goal=done,
        expected_version=done.version,
        text="Een rijbewijs halen",
        status="achieved",
    )
    services.save_plan_summary(
        actor=caseworker_a,
        plan=enrolment.plan,
        expected_version=enrolment.plan.version,
        summary="Elke dinsdag samen de post openen.",
    )
    return enrolment


def test_the_printed_plan_holds_the_residents_own_words(caseworker_a, enrolment):
    plan = selectors.plan_for_print(caseworker_a, enrolment)
    assert plan.name == "Hiske de Vries"
    assert [g.text for g in plan.goals] == ["Elke maand de huur betalen", "Een rijbewijs halen"]
    html = plan_print.plan_html(plan)
    for shown in (
        "Mijn plan",
        "Hiske de Vries",
        "Elke maand de huur betalen",
        "Een rijbewijs halen",
        "Elke dinsdag samen de post openen.",
        "Handtekening",
    ):
        assert shown in html
    assert was_logged(enrolment.participant_id, "plan_print", user=caseworker_a)


@pytest.mark.pdf
def test_the_plan_downloads_as_a_pdf_without_a_name_in_the_file_name(
    client, caseworker_a, enrolment
):
    client.force_login(caseworker_a)
    file = client.get(reverse("casework:participant_file", kwargs={"pk": enrolment.participant_id}))
    url = reverse("casework:plan_pdf", kwargs={"pk": enrolment.pk})
    assert url in file.content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="plan-{str(enrolment.pk)[:8]}.pdf"'
    )
    assert "Hiske" not in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"


def test_another_team_gets_no_plan(client, caseworker_b, enrolment):
    client.force_login(caseworker_b)
    response = client.get(reverse("casework:plan_pdf", kwargs={"pk": enrolment.pk}))
    assert response.status_code == 404
    assert not AccessEvent.objects.filter(what="plan_print").exists()
