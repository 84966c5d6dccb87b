"""The outcome rules: each kind computed from recorded data over casework.facts, the sustain
period, and rules registered by a programme through ProgrammeSpec.extra."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from casework import registry
from casework.models import Instrument, OutcomeMeasure
from financing import rules
from tests.factories import make_participant, measure, record_outcome
from tests.financing.conftest import START, rising_participant


def one(code, participant, **kwargs):
    return rules.evaluate_one(rules.rules()[code], participant.pk, **kwargs)


def test_goal_attainment_rise_on_at_least_one_own_goal(caseworker_a, team_a):
    up = rising_participant(caseworker_a, team_a, scores=(2, 3, 4))
    assert one("goal_attainment_rise_2", up).achieved_on == START + dt.timedelta(days=370)
    flat = rising_participant(caseworker_a, team_a, scores=(5, 6))
    assert not one("goal_attainment_rise_2", flat).achieved
    down = rising_participant(caseworker_a, team_a, scores=(6, 4))
    assert not one("goal_attainment_rise_2", down).achieved


def _zrm(actor, enrolment, scores):
    zrm = Instrument.objects.get(code="zrm")
    for index, score in enumerate(scores):
        measure(
            actor,
            enrolment,
            zrm,
            ["intake", "m6", "m12", "m18"][index],
            START + dt.timedelta(days=10 + 180 * index),
            {"financien": score, "huisvesting": 5},
        )


@pytest.mark.parametrize(
    "scores,achieved,sustained_90",
    [
        ((2, 3), True, False),
        ((1, 3, 4), True, True),
        ((3, 4), False, False),
        ((2, 2), False, False),
        ((2, 3, 2), True, False),
    ],
)
def test_zrm_financien_from_1_2_to_3_or_higher(
    caseworker_a, team_a, scores, achieved, sustained_90
):
    participant = make_participant(actor=caseworker_a, team=team_a, start_date=START)
    _zrm(caseworker_a, participant.enrolments.get(), scores)
    result = one("zrm_financien_1_2_to_3", participant, sustain_days=90)
    assert result.achieved is achieved
    assert result.sustained is sustained_90
    if achieved:
        assert {e.role for e in result.evidence} >= {"baseline", "achieved"}
        assert all(e.code == "zrm" and e.item == "financien" for e in result.evidence)


def test_outcome_value_rule_after_the_enrolment_start(caseworker_a, team_a):
    spec = rules.RuleSpec(
        code="test_ga_at_least_7_after_6m",
        label_nl="t",
        label_en="t",
        kind="outcome_value",
        programme="gezinslab",
        params={"measure": "goal_attainment", "condition": ["ge", "7"], "months_after": 6},
    )
    early = rising_participant(
        caseworker_a,
        team_a,
        scores=(7, 3),
        dates=[START + dt.timedelta(days=30), START + dt.timedelta(days=100)],
    )
    assert not rules.evaluate_one(spec, early.pk).achieved  # 7 came before 6 months
    late = rising_participant(
        caseworker_a,
        team_a,
        scores=(3, 8),
        dates=[START + dt.timedelta(days=30), START + dt.timedelta(days=200)],
    )
    result = rules.evaluate_one(spec, late.pk)
    assert result.achieved_on == START + dt.timedelta(days=200)
    assert result.evidence[0].kind == "outcome" and result.evidence[0].value == "8.00"


def _measure(code):
    if not OutcomeMeasure.objects.filter(code=code).exists():
        pytest.skip(f"measure {code} not registered by its programme app")


def test_no_new_debt_12_months_after_forgiveness(caseworker_b, team_b):
    _measure("schuldenvrij_new_debts_since_forgiveness")
    participant = make_participant(caseworker_b, team_b, "schuldenvrij", start_date=START)
    enrolment = participant.enrolments.get()
    forgiven = dt.date(2025, 2, 1)
    for code, day, value in [
        ("schuldenvrij_debts_outstanding", START + dt.timedelta(days=5), "4200"),
        ("schuldenvrij_debts_outstanding", forgiven, "0"),
        ("schuldenvrij_new_debts_since_forgiveness", dt.date(2025, 8, 1), "0"),
    ]:
        record_outcome(caseworker_b, enrolment, code, day, value)
    assert not one("schuldenvrij_no_new_debt_12m", participant).achieved  # only 6 months on
    record_outcome(
        caseworker_b,
        enrolment,
        "schuldenvrij_new_debts_since_forgiveness",
        dt.date(2026, 2, 3),
        "0",
    )
    result = one("schuldenvrij_no_new_debt_12m", participant)
    assert result.achieved_on == dt.date(2026, 2, 3)
    assert [e.role for e in result.evidence] == ["anchor", "achieved"]


def test_in_paid_work_6_months_after_placement(caseworker_b, team_b):
    _measure("baangarantie_employment_status")
    participant = make_participant(caseworker_b, team_b, "baangarantie", start_date=START)
    enrolment = participant.enrolments.get()
    for day, value in [
        (dt.date(2025, 2, 1), "unemployed"),
        (dt.date(2025, 3, 1), "employed"),
        (dt.date(2025, 9, 2), "employed"),
    ]:
        record_outcome(caseworker_b, enrolment, "baangarantie_employment_status", day, value)
    result = one("baangarantie_employed_6m", participant)
    assert result.achieved_on == dt.date(2025, 9, 2)


def test_a_programme_adds_a_rule_in_one_place(monkeypatch):
    spec = registry.programmes()["gezinslab"]
    extended = dataclasses.replace(
        spec,
        extra={
            **spec.extra,
            "financing_rules": (
                {
                    "code": "gezinslab_ga_rise_3",
                    "label_nl": "3 punten",
                    "label_en": "3 points",
                    "kind": "goal_attainment_rise",
                    "params": {"min_rise": 3},
                },
            ),
        },
    )
    monkeypatch.setitem(registry._programmes, "gezinslab", extended)
    found = rules.rules()["gezinslab_ga_rise_3"]
    assert found.programme == "gezinslab" and found.params == {"min_rise": 3}
    assert ("gezinslab_ga_rise_3", "3 punten") in rules.rule_choices("gezinslab")
    assert "gezinslab_ga_rise_3" not in dict(rules.rule_choices("schuldenvrij"))


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        rules.RuleSpec(code="x", label_nl="x", label_en="x", kind="typed_in")
