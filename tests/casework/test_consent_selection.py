"""Who is in a research cohort: the latest consent statement on the day decides (withdrawn
then given again, same-day statements ordered by when they were recorded, statements dated
in the future), and selecting the cohort and its facts costs the same number of queries for
one person as for fifty (issue 20: set-based, no query or sub-select per person)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework import facts
from privacy.models import Consent, Purpose
from privacy.selectors import has_consent, subjects_with_consent
from tests.factories import make_participant, measure, record_consent

pytestmark = pytest.mark.django_db

GIVEN, REFUSED, WITHDRAWN = (
    Consent.Status.GIVEN,
    Consent.Status.REFUSED,
    Consent.Status.WITHDRAWN,
)
TODAY = dt.date(2026, 6, 15)
NOON = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)


def statement(subject, status, day, *, minute=0, purpose=Purpose.RESEARCH):
    """A statement written straight to the table, with ``recorded_at`` set (the services
    refuse a backdated statement; these tests need the rows in any order)."""
    consent = Consent.objects.create(
        subject_id=subject, purpose=purpose, status=status, effective_on=day, text_version="t"
    )
    Consent.objects.filter(pk=consent.pk).update(recorded_at=NOON + dt.timedelta(minutes=minute))
    return consent


def selected(on=TODAY, purpose=Purpose.RESEARCH) -> set:
    return set(subjects_with_consent(purpose, on).values_list("subject_id", flat=True))


def agrees_with_has_consent(subjects, on=TODAY) -> bool:
    """The set-based selection says what the per-person check says, for every subject."""
    chosen = selected(on)
    return all((s in chosen) == has_consent(s, Purpose.RESEARCH, on) for s in subjects)


def test_withdrawn_then_given_again():
    again, still_out, never_back = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    for subject in (again, still_out, never_back):
        statement(subject, GIVEN, TODAY - dt.timedelta(days=100))
        statement(subject, WITHDRAWN, TODAY - dt.timedelta(days=50))
    statement(again, GIVEN, TODAY - dt.timedelta(days=10))
    statement(still_out, REFUSED, TODAY - dt.timedelta(days=10))
    assert selected() == {again}
    # Between the withdrawal and the new consent nobody was in.
    assert selected(TODAY - dt.timedelta(days=20)) == set()
    # Before the withdrawal everybody was.
    assert selected(TODAY - dt.timedelta(days=60)) == {again, still_out, never_back}
    assert agrees_with_has_consent([again, still_out, never_back])


def test_same_day_statements_count_in_the_order_they_were_recorded():
    given_last, withdrawn_last = uuid.uuid4(), uuid.uuid4()
    # Inserted in the opposite order of recorded_at: the time of recording decides, not the
    # order of the rows.
    statement(given_last, GIVEN, TODAY, minute=30)
    statement(given_last, WITHDRAWN, TODAY, minute=5)
    statement(withdrawn_last, WITHDRAWN, TODAY, minute=30)
    statement(withdrawn_last, GIVEN, TODAY, minute=5)
    assert selected() == {given_last}
    assert agrees_with_has_consent([given_last, withdrawn_last])


def test_a_later_day_wins_over_a_later_recording():
    subject = uuid.uuid4()
    statement(subject, GIVEN, TODAY - dt.timedelta(days=1), minute=60)
    statement(subject, WITHDRAWN, TODAY - dt.timedelta(days=2), minute=90)
    assert selected() == {subject}
    assert agrees_with_has_consent([subject])


def test_statements_dated_in_the_future_are_not_yet_in_force():
    leaving, coming, only_future = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    statement(leaving, GIVEN, TODAY - dt.timedelta(days=30))
    statement(leaving, WITHDRAWN, TODAY + dt.timedelta(days=5))
    statement(coming, REFUSED, TODAY - dt.timedelta(days=30))
    statement(coming, GIVEN, TODAY + dt.timedelta(days=5))
    statement(only_future, GIVEN, TODAY + dt.timedelta(days=1))
    assert selected() == {leaving}
    assert selected(TODAY + dt.timedelta(days=5)) == {coming, only_future}
    for day in (TODAY, TODAY + dt.timedelta(days=5)):
        assert agrees_with_has_consent([leaving, coming, only_future], on=day)


def test_consent_for_another_purpose_does_not_count():
    subject = uuid.uuid4()
    statement(subject, GIVEN, TODAY - dt.timedelta(days=3), purpose=Purpose.CARE)
    statement(subject, WITHDRAWN, TODAY - dt.timedelta(days=2), purpose=Purpose.RESEARCH)
    statement(subject, GIVEN, TODAY - dt.timedelta(days=1), purpose=Purpose.CARE)
    assert selected() == set()
    assert selected(purpose=Purpose.CARE) == {subject}


def _read_cohort_and_facts() -> tuple[int, int]:
    """Select the research cohort and read every fact stream of it; (people, queries)."""
    today = timezone.localdate()
    with CaptureQueriesContext(connection) as queries:
        cohort = facts.cohort(purpose=Purpose.RESEARCH, programme_codes=["gezinslab"])
        people = list(cohort)
        list(facts.participant_facts(cohort))
        list(facts.household_facts(cohort, on_date=today))
        list(facts.enrolment_facts(cohort, programme_codes=["gezinslab"]))
        list(facts.measurement_facts(cohort, instrument_codes=["zrm"]))
        list(facts.outcome_facts(cohort))
    return len(people), len(queries)


def test_cohort_and_facts_take_as_many_queries_for_fifty_as_for_one(caseworker_a, team_a):
    today = timezone.localdate()
    counts = {}
    made = 0
    for size in (1, 50):
        while made < size:
            person = make_participant(caseworker_a, team_a, client_ref=f"Q{made}")
            record_consent(
                caseworker_a, person, Purpose.RESEARCH, GIVEN, today - dt.timedelta(days=9)
            )
            if made % 2:  # half of them withdrew again, on another day
                record_consent(
                    caseworker_a, person, Purpose.RESEARCH, WITHDRAWN, today - dt.timedelta(days=3)
                )
                record_consent(
                    caseworker_a, person, Purpose.RESEARCH, GIVEN, today - dt.timedelta(days=1)
                )
            measure(
                caseworker_a,
                person.enrolments.get(),
                "zrm",
                "intake",
                today - dt.timedelta(days=2),
                {"financien": 3},
            )
            made += 1
        people, queries = _read_cohort_and_facts()
        assert people == size
        counts[size] = queries
    assert counts[1] == counts[50]
