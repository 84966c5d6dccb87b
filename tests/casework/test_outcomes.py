"""Outcome measures (issue 5, point 6): defined once in the registry with Dutch and English
labels and a type, mirrored in the database, recorded as dated values that research and
financing can use without knowing a programme's tables."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from casework import registry, selectors, services
from casework.models import OutcomeMeasure, OutcomeValue
from privacy.models import AccessEvent
from tests.factories import make_participant, measure, record_outcome

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolment(caseworker_a, team_a):
    return make_participant(actor=caseworker_a, team=team_a).enrolments.get()


def test_every_registered_measure_is_mirrored_with_labels_and_kind():
    specs = registry.measures()
    assert "goal_attainment" in specs
    stored = {m.code: m for m in OutcomeMeasure.objects.all()}
    assert set(stored) == set(specs)
    for code, spec in specs.items():
        measure = stored[code]
        assert (measure.label_nl, measure.label_en, measure.kind) == (
            spec.label_nl,
            spec.label_en,
            spec.kind,
        )
        assert measure.label_nl and measure.label_en
        assert (measure.programme.code if measure.programme else "") == spec.programme


def test_a_measure_is_defined_with_a_known_kind_and_choices_only_for_choice():
    with pytest.raises(ValueError):
        registry.MeasureSpec(code="x", label_nl="x", label_en="x", kind="text")
    with pytest.raises(ValueError):
        registry.MeasureSpec(
            code="x", label_nl="x", label_en="x", kind="integer", choices=(("a", "a", "a"),)
        )


def _measure(code, kind, **extra):
    return OutcomeMeasure.objects.create(
        code=code, label_nl=code, label_en=code, kind=kind, **extra
    )


@pytest.mark.parametrize(
    ("kind", "value", "stored"),
    [
        ("integer", 3, 3),
        ("decimal", "6.5", Decimal("6.50")),
        ("money", Decimal("1250.40"), Decimal("1250.40")),
        ("boolean", True, True),
        ("choice", "werk", "werk"),
    ],
)
def test_values_are_stored_by_kind(caseworker_a, enrolment, kind, value, stored):
    extra = (
        {"choices": [["werk", "Werk", "Work"], ["school", "School", "School"]]}
        if kind == "choice"
        else {}
    )
    _measure(f"test_{kind}", kind, **extra)
    row = record_outcome(caseworker_a, enrolment, f"test_{kind}", dt.date(2025, 2, 1), value)
    row.refresh_from_db()
    assert row.value == stored
    assert row.participant_id == enrolment.participant_id
    assert row.history.count() == 1


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("money", -5, "negatief"),
        ("integer", "2.5", "geheel getal"),
        ("decimal", "veel", "getal"),
        ("decimal", "NaN", "getal"),
        ("boolean", "ja", "ja of nee"),
        ("choice", "onbekend", "mogelijke waarden"),
        ("integer", None, "Vul een waarde in"),
    ],
)
def test_bad_values_are_refused_in_dutch_and_nothing_is_saved(
    caseworker_a, enrolment, kind, value, message
):
    extra = {"choices": [["werk", "Werk", "Work"]]} if kind == "choice" else {}
    _measure(f"test_{kind}", kind, **extra)
    with pytest.raises(ValidationError) as error:
        record_outcome(caseworker_a, enrolment, f"test_{kind}", dt.date(2025, 2, 1), value)
    assert message in str(error.value)
    assert not OutcomeValue.objects.exists()


def test_future_dates_unknown_measures_and_other_programmes_are_refused(caseworker_a, enrolment):
    with pytest.raises(ValidationError, match="toekomst"):
        record_outcome(
            caseworker_a, enrolment, "goal_attainment", dt.date.today() + dt.timedelta(days=2), 5
        )
    with pytest.raises(ValidationError, match="Onbekende uitkomstmaat"):
        record_outcome(caseworker_a, enrolment, "nope", dt.date(2025, 2, 1), 5)
    from casework.models import Programme

    _measure("debts_elsewhere", "money", programme=Programme.objects.get(code="schuldenvrij"))
    with pytest.raises(ValidationError, match="ander programma"):
        record_outcome(caseworker_a, enrolment, "debts_elsewhere", dt.date(2025, 2, 1), 5)
    assert not OutcomeValue.objects.exists()


def test_another_team_may_not_record(caseworker_b, enrolment):
    with pytest.raises(PermissionDenied):
        record_outcome(caseworker_b, enrolment, "goal_attainment", dt.date(2025, 2, 1), 5)
    assert not OutcomeValue.objects.exists()


def test_a_goal_attainment_measurement_records_the_mean_as_outcome(caseworker_a, enrolment):
    goals = [
        services.add_goal(actor=caseworker_a, enrolment=enrolment, text=f"Doel {i}")
        for i in range(3)
    ]
    measure(
        caseworker_a,
        enrolment,
        "goal_attainment",
        "m6",
        dt.date(2025, 7, 1),
        {str(goals[0].pk): 4, str(goals[1].pk): 7, str(goals[2].pk): 8},
    )
    value = OutcomeValue.objects.get(measure__code="goal_attainment")
    assert value.value == Decimal("6.33")
    assert value.date == dt.date(2025, 7, 1)


def test_selector_shows_own_teams_values_only(caseworker_a, caseworker_b, enrolment, team_b):
    record_outcome(caseworker_a, enrolment, "goal_attainment", dt.date(2025, 2, 1), 5)
    assert selectors.visible_outcome_values(caseworker_a).count() == 1
    assert selectors.visible_outcome_values(caseworker_b).count() == 0


def _many(caseworker_a, team_a, n, start=0):
    for i in range(start, start + n):
        enrolment = make_participant(caseworker_a, team_a, client_ref=f"OUT-{i}").enrolments.get()
        record_outcome(caseworker_a, enrolment, "goal_attainment", dt.date(2025, 2, 1), 5)


def test_api_lists_measures_and_own_outcomes_with_flat_queries(
    client, caseworker_a, caseworker_b, team_a, django_assert_max_num_queries
):
    client.force_login(caseworker_a)
    measures = client.get(reverse("api:measure-list")).json()
    assert any(m["code"] == "goal_attainment" and m["label_en"] for m in measures)
    _many(caseworker_a, team_a, 1)
    with django_assert_max_num_queries(16):
        one = client.get(reverse("api:outcome-list")).json()
    _many(caseworker_a, team_a, 49, start=1)
    with django_assert_max_num_queries(16):
        fifty = client.get(reverse("api:outcome-list") + "?page_size=50").json()
    assert len(one["results"]) == 1 and len(fifty["results"]) == 50
    assert fifty["results"][0]["measure"] == "goal_attainment"
    assert fifty["results"][0]["value"] == "5.00"
    assert AccessEvent.objects.filter(what="api_outcomes").count() == 51
    client.force_login(caseworker_b)
    assert client.get(reverse("api:outcome-list")).json()["results"] == []


def test_the_data_dictionary_lists_every_measure_as_registered():
    """docs/data-dictionary.md carries the generated table; refresh it with
    ``manage.py measures_dictionary --write docs/data-dictionary.md``."""
    from pathlib import Path

    from casework.management.commands.measures_dictionary import measures_table, replace_block

    path = Path(__file__).resolve().parents[2] / "docs" / "data-dictionary.md"
    text = path.read_text(encoding="utf-8")
    assert replace_block(text) == text, (
        "run manage.py measures_dictionary --write docs/data-dictionary.md"
    )
    assert "`goal_attainment`" in measures_table()


def test_peer_experts_get_no_schuldenvrij_measures_through_the_api(client, caseworker_a, team_a):
    """Same rule as the file: a peer expert sees no debts, also not as outcome values."""
    from accounts.roles import PEER_EXPERT
    from tests.factories import make_user

    debts = make_participant(caseworker_a, team_a, "schuldenvrij").enrolments.get()
    for code, value in (("schuldenvrij_debts_outstanding", 12345), ("goal_attainment", 6)):
        record_outcome(caseworker_a, debts, code, dt.date(2025, 2, 1), value)
    debt_value = OutcomeValue.objects.get(measure__code="schuldenvrij_debts_outstanding")
    peer = make_user(PEER_EXPERT, teams=[team_a])

    client.force_login(caseworker_a)
    codes = {v["measure"] for v in client.get(reverse("api:outcome-list")).json()["results"]}
    assert codes == {"schuldenvrij_debts_outstanding", "goal_attainment"}

    client.force_login(peer)
    response = client.get(reverse("api:outcome-list"))
    assert [v["measure"] for v in response.json()["results"]] == ["goal_attainment"]
    assert "12345" not in response.content.decode()
    detail = client.get(reverse("api:outcome-detail", kwargs={"pk": debt_value.pk}))
    assert detail.status_code == 404
    assert {v.measure.code for v in selectors.visible_outcome_values(peer)} == {"goal_attainment"}
