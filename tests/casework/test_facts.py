"""Non-identifying facts for research and financing: the consented cohort, and rows that hold
no identifier or free text, whatever was recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from casework import facts, services
from privacy.models import Consent, Purpose
from tests.factories import make_household, make_participant, measure, record_consent

pytestmark = pytest.mark.django_db

SECRETS = ("Zwaantje", "Hofstede-Geheim", "999999990", "KLANT-GEHEIM-1", "Mijn geheime doel")


def _consent(actor, participant, status, day):
    record_consent(actor, participant, Purpose.RESEARCH, status, day)


@pytest.fixture
def people(caseworker_a, team_a):
    today = timezone.localdate()
    known = make_participant(
        caseworker_a,
        team_a,
        given_name=SECRETS[0],
        family_name=SECRETS[1],
        client_ref=SECRETS[3],
        year_of_birth=1990,
        gender="V",
        wijk="bilgaard",
    )
    other = make_participant(actor=caseworker_a, team=team_a, client_ref="K2")
    withdrawn = make_participant(actor=caseworker_a, team=team_a, client_ref="K3")
    make_household(caseworker_a, known)
    enrolment = known.enrolments.get()
    goal = services.add_goal(actor=caseworker_a, enrolment=enrolment, text=SECRETS[4])
    measure(
        caseworker_a,
        enrolment,
        "goal_attainment",
        "intake",
        dt.date(2025, 1, 20),
        {str(goal.pk): 3},
    )
    for p in (known, withdrawn):
        _consent(caseworker_a, p, Consent.Status.GIVEN, today - dt.timedelta(days=30))
    _consent(caseworker_a, withdrawn, Consent.Status.WITHDRAWN, today)
    return known, other, withdrawn


def test_cohort_is_consented_and_in_programme_and_period(people):
    known, other, withdrawn = people
    ids = set(facts.cohort(purpose=Purpose.RESEARCH, programme_codes=["gezinslab"]))
    assert ids == {known.pk}
    assert not set(facts.cohort(purpose=Purpose.RESEARCH, programme_codes=["schuldenvrij"]))
    assert not set(
        facts.cohort(
            purpose=Purpose.RESEARCH, programme_codes=["gezinslab"], end=dt.date(2024, 12, 31)
        )
    )


def test_facts_hold_no_identifier_or_free_text(people):
    known = people[0]
    ids = [known.pk]
    rows = [
        *facts.participant_facts(ids),
        *facts.household_facts(ids),
        *facts.enrolment_facts(ids),
        *facts.measurement_facts(ids),
        *facts.outcome_facts(ids),
        *facts.goal_facts(ids),
        *facts.goal_attainment_facts(ids),
    ]
    text = repr(rows)
    for secret in SECRETS:
        assert secret not in text
    assert "k1." not in text  # no envelope either
    person = next(facts.participant_facts(ids))
    assert (person["year_of_birth"], person["gender"], person["wijk"]) == (1990, "V", "bilgaard")
    household = next(facts.household_facts(ids))
    assert household["household_size"] == 1
    score = next(facts.goal_attainment_facts(ids))
    assert (score["goal_position"], score["value"], score["wave"]) == (1, 3, "intake")
    assert next(facts.outcome_facts(ids))["measure_code"] == "goal_attainment"


def test_bulk_reads_plan_for_every_row_on_postgresql_and_reset_after(django_assert_num_queries):
    from django.db import connection

    def setting(name):
        with connection.cursor() as cursor:
            cursor.execute(f"SHOW {name}")
            return cursor.fetchone()[0]

    if connection.vendor != "postgresql":
        with django_assert_num_queries(0), facts.bulk_reads():
            pass  # SQLite plans no differently for a cursor: nothing to set
        return
    before = {name: setting(name) for name in facts.BULK_READ_SETTINGS}
    with facts.bulk_reads():
        assert float(setting("cursor_tuple_fraction")) == 1.0
        assert setting("enable_nestloop") == "off"
    assert {name: setting(name) for name in facts.BULK_READ_SETTINGS} == before
    with pytest.raises(RuntimeError), facts.bulk_reads():
        raise RuntimeError
    assert setting("enable_nestloop") == before["enable_nestloop"]
