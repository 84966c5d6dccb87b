"""Outcome rules: when an outcome counts as achieved, computed from recorded data.

A rule is data: a code, labels, the programme it belongs to, a generic *kind* and the
parameters of that kind (instrument, item, measure codes and thresholds). The kinds are
evaluated here over ``casework.facts`` only (non-identifying, chunked reads), so a new rule for
a programme is one entry in one place:

- in ``RULES`` below, or
- from the programme app itself, without importing ``financing`` (programme apps may not):
  ``ProgrammeSpec(extra={"financing_rules": ({"code": ..., "kind": ..., ...},)})``. The entries
  are plain dicts with the fields of ``RuleSpec``; ``rules()`` reads them from the registry.

Kinds:

``goal_attainment_rise``
    on at least one own goal, a later goal-attainment score (0-10, by the resident) is at least
    ``min_rise`` points above the first score of that goal (the intake).
``instrument_item_rise``
    the first score of ``instrument``/``item`` is at most ``from_max`` and a later one at least
    ``to_min`` (ZRM Financiën from 1-2 to 3 or higher).
``outcome_value``
    a value of ``measure`` meets ``condition`` at least ``months_after`` months after the
    anchor: the enrolment's start in the programme, or (``anchor``) the first value of another
    (or the same) measure that meets the anchor condition (forgiveness: debts outstanding 0;
    a placement: employment status employed).

Sustain period (from the outcome definition): the outcome counts only when a later record,
dated at least ``sustain_days`` after the date it was achieved, still meets the condition and
no record in between breaks it.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from casework import facts
from privacy.periods import add_months

KINDS = ("goal_attainment_rise", "instrument_item_rise", "outcome_value")


@dataclass(frozen=True)
class RuleSpec:
    code: str
    label_nl: str
    label_en: str
    kind: str
    programme: str = ""  # "" for rules of the casework core (goal attainment)
    params: dict = field(default_factory=dict, hash=False, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Rule {self.code!r}: unknown kind {self.kind!r}")

    def label(self, language: str = "nl") -> str:
        return self.label_en if language == "en" else self.label_nl


RULES: dict[str, RuleSpec] = {
    spec.code: spec
    for spec in (
        RuleSpec(
            code="goal_attainment_rise_2",
            label_nl="Doelrealisatie op minstens één eigen doel 2 punten of meer hoger dan bij "
            "de intake (door de deelnemer zelf gescoord)",
            label_en="Goal attainment at least 2 points above intake on at least one own goal "
            "(scored by the resident)",
            kind="goal_attainment_rise",
            params={"min_rise": 2},
        ),
        RuleSpec(
            code="zrm_financien_1_2_to_3",
            label_nl="Zelfredzaamheidsmatrix Financiën van 1-2 naar 3 of hoger",
            label_en="Self-Sufficiency Matrix Finances from 1-2 to 3 or higher",
            kind="instrument_item_rise",
            params={"instrument": "zrm", "item": "financien", "from_max": 2, "to_min": 3},
        ),
        RuleSpec(
            code="schuldenvrij_no_new_debt_12m",
            label_nl="Geen nieuwe schulden 12 maanden na de kwijtschelding",
            label_en="No new debts 12 months after forgiveness",
            kind="outcome_value",
            programme="schuldenvrij",
            params={
                "measure": "schuldenvrij_new_debts_since_forgiveness",
                "condition": ["eq", "0"],
                "anchor": {"measure": "schuldenvrij_debts_outstanding", "condition": ["eq", "0"]},
                "months_after": 12,
            },
        ),
        RuleSpec(
            code="baangarantie_employed_6m",
            label_nl="Aan het werk 6 maanden na een plaatsing",
            label_en="In paid work 6 months after a placement",
            kind="outcome_value",
            programme="baangarantie",
            params={
                "measure": "baangarantie_employment_status",
                "condition": ["eq", "employed"],
                "anchor": {
                    "measure": "baangarantie_employment_status",
                    "condition": ["eq", "employed"],
                },
                "months_after": 6,
            },
        ),
    )
}


def rules() -> dict[str, RuleSpec]:
    """Every rule: the ones above and those programme apps put in ``ProgrammeSpec.extra``."""
    from casework.registry import programmes

    result = dict(RULES)
    for programme in programmes().values():
        for entry in programme.extra.get("financing_rules", ()):
            spec = RuleSpec(**{"programme": programme.code, **entry})
            result[spec.code] = spec
    return result


def rule_choices(programme_code: str | None = None, language: str = "nl"):
    return [
        (code, spec.label(language))
        for code, spec in sorted(rules().items())
        if programme_code is None or spec.programme in {"", programme_code}
    ]


# --- evaluation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceRow:
    kind: str  # measurement | outcome
    role: str  # baseline | anchor | achieved | sustained
    source_id: str
    code: str
    item: str
    date: dt.date
    value: str


@dataclass(frozen=True)
class Result:
    subject_id: object
    achieved_on: dt.date | None = None
    sustained: bool = False
    evidence: tuple[EvidenceRow, ...] = ()

    @property
    def achieved(self) -> bool:
        return self.achieved_on is not None


def evaluate(
    spec: RuleSpec,
    participant_ids,
    *,
    sustain_days: int = 0,
    until: dt.date | None = None,
    programme_code: str | None = None,
) -> Iterator[Result]:
    """A Result per participant who may have reached the outcome (participants whose data
    cannot show it are filtered out in the database and not yielded), streaming over the
    facts ordered by participant: memory stays flat.
    ``until``: records dated later are ignored (a claim's submission, a report's period end)."""
    evaluator = {
        "goal_attainment_rise": _goal_attainment_rise,
        "instrument_item_rise": _instrument_item_rise,
        "outcome_value": _outcome_value,
    }[spec.kind]
    yield from evaluator(spec, participant_ids, sustain_days, until, programme_code)


def _sustain(series, achieved_index, meets, sustain_days):
    """The first record at least ``sustain_days`` after the achieved one, when every record up
    to it still meets the condition; None otherwise."""
    achieved_date = series[achieved_index][0]
    if sustain_days <= 0:
        return series[achieved_index]
    for row in series[achieved_index + 1 :]:
        if not meets(row):
            return None
        if (row[0] - achieved_date).days >= sustain_days:
            return row
    return None


def _first_achieved(
    participant_id, series, meets, sustain_days, evidence_of, *, baseline=(), start=0
) -> Result | None:
    """The result at the first row of ``series`` (from index ``start``) that ``meets`` the
    rule, sustained when a later row still meets it ``sustain_days`` on; its evidence is
    ``baseline``, that row and the sustaining row (``evidence_of(row, role)``). None when no
    row meets it."""
    for index, row in enumerate(series[start:], start=start):
        if meets(row):
            held = _sustain(series, index, meets, sustain_days)
            found = [*baseline, evidence_of(row, "achieved")]
            if held is not None and held is not row:
                found.append(evidence_of(held, "sustained"))
            return Result(participant_id, row[0], held is not None, tuple(found))
    return None


def _goal_attainment_rise(spec, participant_ids, sustain_days, until, programme_code):
    from financing.selectors import goal_attainment_rows, goal_rise_candidates

    min_rise = int(spec.params.get("min_rise", 2))
    # Only goals whose scores span min_rise points can show the rise (filtered in the
    # database); the same rows as casework.facts.goal_attainment_facts otherwise.
    rows = goal_attainment_rows(goal_rise_candidates(participant_ids, min_rise=min_rise))
    for participant_id, group in itertools.groupby(rows, key=lambda r: r["participant_id"]):
        best: Result | None = None
        for _goal_id, scores in itertools.groupby(group, key=lambda r: r["goal_id"]):
            series = [
                (r["date"], r["value"], r) for r in scores if until is None or r["date"] <= until
            ]
            if len(series) < 2:
                continue
            base = series[0]

            def meets(row, base=base):
                return row[1] - base[1] >= min_rise

            result = _first_achieved(
                participant_id,
                series,
                meets,
                sustain_days,
                _measurement,
                baseline=[_measurement(base, "baseline")],
                start=1,
            )
            if result is not None and (best is None or _better(result, best)):
                best = result
        if best is not None:
            yield best


def _better(new: Result, old: Result) -> bool:
    if new.sustained != old.sustained:
        return new.sustained
    return new.achieved_on < old.achieved_on


def _measurement(row, role) -> EvidenceRow:
    date, value, raw = row
    return EvidenceRow(
        kind="measurement",
        role=role,
        source_id=str(raw["measurement_id"]),
        code="goal_attainment",
        item=str(raw["goal_position"]),
        date=date,
        value=str(value),
    )


def _instrument_item_rise(spec, participant_ids, sustain_days, until, programme_code):
    params = spec.params
    instrument, item = params["instrument"], params["item"]
    from_max, to_min = int(params["from_max"]), int(params["to_min"])
    from financing.selectors import item_rise_candidates

    candidates = item_rise_candidates(
        participant_ids, instrument=instrument, item=item, from_max=from_max, to_min=to_min
    )
    rows = _measurement_rows(candidates, instrument, item)
    for participant_id, group in itertools.groupby(rows, key=lambda r: r["participant_id"]):
        series = [(r["date"], r["value"], r) for r in group if until is None or r["date"] <= until]
        if not series or series[0][1] > from_max:
            continue

        def meets(row):
            return row[1] >= to_min

        baseline = [_zrm(series[0], "baseline")]
        found = _first_achieved(
            participant_id, series, meets, sustain_days, _zrm, baseline=baseline, start=1
        )
        yield found or Result(participant_id)


def _measurement_rows(participant_ids, instrument: str, item: str) -> Iterator[dict]:
    from financing.selectors import item_facts

    yield from item_facts(participant_ids, instrument=instrument, item=item)


def _zrm(row, role) -> EvidenceRow:
    date, value, raw = row
    return EvidenceRow(
        kind="measurement",
        role=role,
        source_id=str(raw["measurement_id"]),
        code=raw["instrument_code"],
        item=raw["item"],
        date=date,
        value=str(value),
    )


def _compare(condition, row: dict) -> bool:
    op, expected = condition[0], condition[1]
    if row.get("value_choice"):
        actual: object = row["value_choice"]
    elif row.get("value_bool") is not None:
        actual = "true" if row["value_bool"] else "false"
    else:
        actual = row.get("value_number")
    if op == "in":
        return str(actual) in {str(v) for v in expected}
    if isinstance(actual, Decimal):
        target = Decimal(str(expected))
        return {"eq": actual == target, "le": actual <= target, "ge": actual >= target}[op]
    return op == "eq" and str(actual) == str(expected)


def _shown(row: dict) -> str:
    if row.get("value_choice"):
        return row["value_choice"]
    if row.get("value_bool") is not None:
        return "true" if row["value_bool"] else "false"
    return str(row.get("value_number"))


def _outcome_value(spec, participant_ids, sustain_days, until, programme_code):
    params = spec.params
    measure, condition = params["measure"], params["condition"]
    anchor = params.get("anchor")
    months = int(params.get("months_after", 0))
    codes = {measure} | ({anchor["measure"]} if anchor else set())
    starts = {} if anchor else _enrolment_starts(spec, participant_ids, programme_code)
    from financing.selectors import outcome_facts

    def meets(row):
        return _compare(condition, row[2])

    rows = outcome_facts(participant_ids, measure_codes=sorted(codes))
    for participant_id, group in itertools.groupby(rows, key=lambda r: r["participant_id"]):
        group = [r for r in group if until is None or r["date"] <= until]
        if anchor:
            start, evidence = _anchor_start(group, anchor)
        else:
            start, evidence = starts.get(participant_id), []
        if start is None:
            yield Result(participant_id)
            continue
        due = add_months(start, months)
        series = [
            (r["date"], None, r) for r in group if r["measure_code"] == measure and r["date"] >= due
        ]
        found = _first_achieved(
            participant_id, series, meets, sustain_days, _outcome_evidence, baseline=evidence
        )
        yield found or Result(participant_id)


def _enrolment_starts(spec, participant_ids, programme_code) -> dict:
    """participant id -> the start date of their first enrolment in the rule's programme."""
    starts: dict = {}
    for row in facts.enrolment_facts(
        participant_ids, programme_codes=[programme_code or spec.programme]
    ):
        starts.setdefault(row["participant_id"], row["start_date"])
    return starts


def _anchor_start(group: list[dict], anchor: dict) -> tuple:
    """The date of the first outcome row meeting the anchor's condition, with that row as
    evidence; (None, []) when no row does."""
    first = next(
        (
            r
            for r in group
            if r["measure_code"] == anchor["measure"] and _compare(anchor["condition"], r)
        ),
        None,
    )
    if first is None:
        return None, []
    return first["date"], [_outcome(first, "anchor")]


def _outcome_evidence(row, role) -> EvidenceRow:
    return _outcome(row[2], role)


def _outcome(raw: dict, role: str) -> EvidenceRow:
    return EvidenceRow(
        kind="outcome",
        role=role,
        source_id=str(raw.get("id", "")),
        code=raw["measure_code"],
        item="",
        date=raw["date"],
        value=_shown(raw),
    )


def evaluate_one(spec: RuleSpec, participant_id, **kwargs) -> Result:
    for result in evaluate(spec, [participant_id], **kwargs):
        return result
    return Result(participant_id)


def evaluate_many(spec: RuleSpec, participant_ids: Iterable, **kwargs) -> Iterator[Result]:
    yield from evaluate(spec, participant_ids, **kwargs)
