"""The cohort as ordered streams merged per participant: people with their raw
quasi-identifiers, and the measurement and outcome values of each in scope."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby
from operator import itemgetter

from casework import facts
from privacy import anonymity as an
from privacy.models import Purpose
from research import catalogue as cat
from research.engine.plan import Plan

# --- merging ordered streams -----------------------------------------------------------------


class Stream:
    """An iterator of rows ordered by ``key``; ``take(pid)`` returns the rows of one
    participant, skipping those of participants before it.

    The rows are grouped per participant as they are read (``groupby`` compares a row's id
    with the one before by identity first, which ``casework.facts`` makes cheap by giving
    the rows of one person one id object), so that ``take`` compares ids once per person,
    not once per row."""

    def __init__(self, rows: Iterator[dict], key: str) -> None:
        self._groups = groupby(rows, key=itemgetter(key))
        self._advance()

    def _advance(self) -> None:
        self._pid, self._rows = next(self._groups, (None, None))

    def take(self, pid) -> list[dict]:
        while self._rows is not None and self._pid < pid:
            self._advance()
        if self._rows is None or self._pid != pid:
            return []
        out = list(self._rows)
        self._advance()
        return out


@dataclass
class Person:
    id: object
    raw: tuple
    household_id: object
    enrolments: list[dict]


def _history(enrolments: list[dict], programmes: list[str]) -> tuple:
    by_programme: dict[str, list[dict]] = {}
    for enrolment in enrolments:
        by_programme.setdefault(enrolment["programme_code"], []).append(enrolment)
    out = []
    for code in programmes:
        runs = by_programme.get(code)
        if not runs:
            out.append(None)
            continue
        ends = [run["end_date"] for run in runs]
        exit_ = None if any(end is None for end in ends) else an.month_index(max(ends))
        out.append((an.month_index(runs[0]["start_date"]), exit_, runs[-1]["status"]))
    return tuple(out)


def people(plan: Plan, cohort, members: Counter) -> Iterator[Person]:
    """Every person of the cohort with the raw combination of quasi-identifiers."""
    households = Stream(facts.household_facts(cohort, on_date=plan.on_date), "participant_id")
    enrolments = Stream(
        facts.enrolment_facts(cohort, programme_codes=plan.history_programmes), "participant_id"
    )
    for person in facts.participant_facts(cohort):
        homes = households.take(person["id"])
        runs = enrolments.take(person["id"])
        year = person["year_of_birth"]
        household_id = homes[0]["household_id"] if homes else None
        raw = (
            plan.on_date.year - year if year else None,
            person["gender"] or "",
            person["wijk"] or "",
            homes[0]["household_size"] if homes else None,
            members[household_id] if household_id else 0,
            _history(runs, plan.history_programmes),
        )
        yield Person(person["id"], raw, household_id, runs)


def household_members(plan: Plan, cohort) -> Counter:
    """How many of the cohort live in each household (what shared pseudonyms would show)."""
    return Counter(
        row["household_id"] for row in facts.household_facts(cohort, on_date=plan.on_date)
    )


def cohort_for(plan: Plan):
    return facts.cohort(
        purpose=Purpose.RESEARCH,
        programme_codes=plan.programmes,
        start=plan.start,
        end=plan.end,
        on_date=plan.on_date,
    )


# --- values --------------------------------------------------------------------------------


def _number(row: dict, variable: cat.Variable):
    if variable.measure_kind == "choice":
        value = row["value_choice"]
        return variable.choices.index(value) + 1 if value in variable.choices else None
    if variable.measure_kind == "boolean":
        return None if row["value_bool"] is None else int(row["value_bool"])
    value = row["value_number"]
    if value is None:
        return None
    return int(value) if variable.type == "integer" else float(Decimal(value))


class Scope:
    """Which measurement and outcome rows of a person the export (or a check) reads."""

    def __init__(self, plan: Plan, variables: list[cat.Variable]) -> None:
        self.plan = plan
        self.instruments = {(v.instrument, v.item): v for v in variables if v.kind == "instrument"}
        self.measures = {v.measure: v for v in variables if v.kind == "measure"}
        self.instrument_codes = sorted({v.instrument for v in self.instruments.values()})

    def instrument_variable(self, row) -> cat.Variable | None:
        return self.instruments.get((row["instrument_code"], row["item"])) or (
            self.instruments.get((row["instrument_code"], ""))
            if row["goal_position"] is not None
            else None
        )

    def takes(self, row, *, wave: str | None = None) -> bool:
        plan = self.plan
        if row["programme_code"] not in plan.programmes:
            return False
        if plan.start and row["date"] < plan.start:
            return False
        if plan.end and row["date"] > plan.end:
            return False
        return not (wave is not None and plan.waves and wave not in plan.waves)

    def streams(self, cohort) -> tuple[Stream | None, Stream | None]:
        scores = (
            Stream(
                facts.measurement_facts(cohort, instrument_codes=self.instrument_codes),
                "participant_id",
            )
            if self.instrument_codes
            else None
        )
        outcomes = (
            Stream(
                facts.outcome_facts(cohort, measure_codes=sorted(self.measures)),
                "participant_id",
            )
            if self.measures
            else None
        )
        return scores, outcomes

    def values(self, scores, outcomes, pid) -> Iterator[tuple[cat.Variable, str, object, dict]]:
        """(variable, wave, value, row) of one person, in scope."""
        for row in scores.take(pid) if scores else []:
            if not self.takes(row, wave=row["wave"]):
                continue
            variable = self.instrument_variable(row)
            if variable is not None:
                yield variable, row["wave"], row["value"], row
        for row in outcomes.take(pid) if outcomes else []:
            if self.takes(row):
                variable = self.measures[row["measure_code"]]
                yield variable, "", _number(row, variable), row
