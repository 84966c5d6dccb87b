"""The export engine: a study's consented cohort, pseudonymised, generalised and suppressed,
written as a zip of participants, measurements (long and wide per wave), codebook, import
scripts, README, study.json, disclosure report and manifest.

Passes over the cohort, each a chunked stream ordered by participant id from
``casework.facts`` and merged per participant (no per-participant state is kept):

1. count the people per raw combination of quasi-identifiers (``privacy.anonymity``);
2. search the generalisation of least loss that holds k on the classes an attacker sees who
   also holds the research group's earlier releases (the floor);
3. l-diversity per person: for each class, sensitive variable and wave, how many different
   values the people have; a sensitive value of this export is suppressed where fewer than
   l differ or one value is everyone's, and people whose class would make a value the group
   already holds non-diverse are left out;
4. check k on what will actually be written (the household pseudonyms counted as written);
   a node that fails is excluded and the search runs again;
5. write the files.

Memory grows with the number of distinct combinations of quasi-identifiers and of
households, never with the measurements. Nothing here decrypts or reads an encrypted column.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from casework import facts
from privacy import anonymity as an
from privacy.models import Purpose
from privacy.pseudonyms import Pseudonymiser
from research import catalogue as cat
from research import columns as cols
from research import package, readme, selectors
from research.models import L_DIVERSITY
from research.writers import WRITERS

PROGRESS_EVERY = 500
MAX_ATTEMPTS = 6  # searches before the household pseudonym is left out


class Cancelled(Exception):
    """The export was cancelled while it ran."""


class ReleaseRefused(Exception):
    """What would be written does not hold k; nothing is released."""


@dataclass
class Plan:
    study_code: str
    programmes: list[str]
    waves: set[str] | None
    start: dt.date | None
    end: dt.date | None
    variables: list[cat.Variable]
    k: int
    on_date: dt.date
    export_id: str = ""
    fmt: str = "csv"
    l: int = L_DIVERSITY  # noqa: E741 (the l of l-diversity)
    days: bool = False  # intervals in days (approved with the study) instead of weeks
    floor: dict[str, int] = field(default_factory=dict)  # what the group already holds
    held_sensitive: list[cat.Variable] = field(default_factory=list)
    held_programmes: list[str] = field(default_factory=list)
    meta: dict = field(default_factory=dict)  # the study, for README and study.json

    @property
    def names(self) -> set[str]:
        return {v.name for v in self.variables}

    @property
    def quasi_identifiers(self) -> list[str]:
        return [name for name in an.NAMES if name in self.names]

    @property
    def sensitive(self) -> list[cat.Variable]:
        return [v for v in self.variables if v.sensitive]

    @property
    def history_programmes(self) -> list[str]:
        """The programmes whose history counts: this study's and those the group holds."""
        return sorted({*self.programmes, *self.held_programmes})


@dataclass
class Result:
    files: list[Path]
    manifest: dict
    report: dict
    participants: int


# --- merging ordered streams -----------------------------------------------------------------


class Stream:
    """An iterator of rows ordered by ``key``; ``take(pid)`` returns the rows of one
    participant, skipping those of participants before it."""

    def __init__(self, rows: Iterator[dict], key: str) -> None:
        self._rows = iter(rows)
        self._key = key
        self._next = next(self._rows, None)

    def take(self, pid) -> list[dict]:
        out = []
        while self._next is not None and self._next[self._key] < pid:
            self._next = next(self._rows, None)
        while self._next is not None and self._next[self._key] == pid:
            out.append(self._next)
            self._next = next(self._rows, None)
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


def _people(plan: Plan, cohort, members: Counter) -> Iterator[Person]:
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


# --- the disclosure decision ---------------------------------------------------------------------


@dataclass
class Outcome:
    """What the checks decided: the node, the values to suppress, the people left out."""

    decision: an.Decision
    blocked: set = field(default_factory=set)  # (known class, variable, wave)
    left_out: set = field(default_factory=set)  # known classes left out (held values)
    attempts: int = 1
    smallest_written: int = 0
    quasi_identifiers: list[str] = field(default_factory=list)

    def output(self, raw: tuple) -> tuple | None:
        known = self.decision.known(raw)
        if known is None or known in self.left_out:
            return None
        return self.decision.output(raw)


def _diversity(plan: Plan, cohort, members: Counter, decision: an.Decision):
    """l per person: for each (known class, sensitive variable, wave) the values of the
    people in it. A group fails when fewer than l values differ, or one value is held by
    every person of it (then belonging to the class gives that value away). Returns the
    failing groups of this export's variables and the classes that fail for a value the
    group already holds."""
    held = {v.name for v in plan.held_sensitive}
    variables = {v.name: v for v in [*plan.sensitive, *plan.held_sensitive]}
    if not variables:
        return set(), set()
    scope = Scope(plan, list(variables.values()))
    scores, outcomes = scope.streams(cohort)
    groups: dict[tuple, list] = {}  # key -> [distinct values (up to l), values held by all]
    for person in _people(plan, cohort, members):
        known = decision.known(person.raw)
        mine: dict[tuple, set] = {}
        for variable, wave, value, _row in scope.values(scores, outcomes, person.id):
            if value is not None:
                mine.setdefault((known, variable.name, wave), set()).add(value)
        if known is None:
            continue
        for key, values in mine.items():
            group = groups.get(key)
            if group is None:
                groups[key] = [set(list(values)[: plan.l]), set(values)]
                continue
            distinct, common = group
            for value in values:
                if len(distinct) >= plan.l:
                    break
                distinct.add(value)
            common &= values
    failing = {
        key for key, (distinct, common) in groups.items() if len(distinct) < plan.l or common
    }
    # A value the group holds was released in the floor's classes. Where this release makes
    # the classes finer, a failing group there would give the held value away: the class is
    # left out. Where it does not, the classes are those of the earlier release, and
    # suppressing this release's values suffices.
    top = an.top_node()
    refines = any(
        level < plan.floor.get(name, top[name]) for name, level in decision.combined.items()
    )
    left_out = {key[0] for key in failing if key[1] in held} if refines else set()
    own = {key for key in failing if key[0] not in left_out}
    return own, left_out


def _written_smallest(plan: Plan, cohort, members: Counter, outcome: Outcome) -> int:
    """The smallest class on what will be written, as the attacker with the group's earlier
    releases sees it: the household pseudonyms counted as they are written."""
    link = an.NAMES.index("household")
    written: Counter = Counter()
    if outcome.decision.levels["household"] < an.BY_NAME["household"].top:
        # Only a written household pseudonym can be counted: a pass for it only then.
        for person in _people(plan, cohort, members):
            out = outcome.output(person.raw)
            if out is not None and out[link] is not None:
                written[person.household_id] += 1
    classes: Counter = Counter()
    for person in _people(plan, cohort, members):
        if outcome.output(person.raw) is None:
            continue
        known = list(outcome.decision.known(person.raw))
        if outcome.output(person.raw)[link] is not None:
            known[link] = written[person.household_id]
        classes[tuple(known)] += 1
    return an.smallest_class_of(classes)


def lattice_for(plan: Plan, cohort, members: Counter) -> an.Lattice:
    """Pass 1: the people per raw combination of quasi-identifiers."""
    return an.Lattice(Counter(p.raw for p in _people(plan, cohort, members)))


def decide(
    plan: Plan, cohort, *, members: Counter | None = None, lattice: an.Lattice | None = None
) -> Outcome:
    """Passes 1 to 4: the node of least loss whose written classes hold k and l."""
    members = members if members is not None else household_members(plan, cohort)
    lattice = lattice or lattice_for(plan, cohort, members)
    exported = plan.quasi_identifiers
    excluded: set = set()
    for attempt in range(1, MAX_ATTEMPTS + 2):
        if attempt > MAX_ATTEMPTS:
            exported = [name for name in exported if name != "household"]
        decision = an.search(
            lattice, exported=exported, k=plan.k, floor=plan.floor, excluded=excluded
        )
        own, left_out = _diversity(plan, cohort, members, decision)
        outcome = Outcome(
            decision, own, left_out, attempt, quasi_identifiers=list(plan.quasi_identifiers)
        )
        if lattice.total == 0:
            return outcome
        outcome.smallest_written = _written_smallest(plan, cohort, members, outcome)
        if outcome.smallest_written >= plan.k or outcome.smallest_written == 0:
            return outcome
        excluded.add(decision.node)
    raise ReleaseRefused


def report(plan: Plan, outcome: Outcome) -> dict:
    decision = outcome.decision
    return {
        "k": plan.k,
        "l": plan.l,
        "quasi_identifiers": plan.quasi_identifiers,
        "sensitive_variables": [v.name for v in plan.sensitive],
        "cohort": decision.cohort,
        "generalisation": an.describe(decision.levels, plan.quasi_identifiers),
        "group_holds": an.describe(plan.floor, plan.floor) if plan.floor else {},
        "held_sensitive_variables": [v.name for v in plan.held_sensitive],
        "search": {
            "nodes_evaluated": decision.evaluated,
            "attempts": outcome.attempts,
            "feasible": decision.feasible,
        },
        "participants_with_quasi_identifiers_suppressed": decision.suppressed_people,
        "participants_removed": decision.removed_people,
        "classes_left_out_for_held_values": len(outcome.left_out),
        "smallest_class_as_written": outcome.smallest_written,
        "intervals": "days" if plan.days else "weeks",
    }


# --- the export ---------------------------------------------------------------------------


def run(plan: Plan, out_dir: Path, *, progress: Callable[[int, int], None] | None = None) -> Result:
    """Write every file of the export into ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    cohort = cohort_for(plan)
    total = cohort.count()
    members = household_members(plan, cohort)
    outcome = decide(plan, cohort, members=members)
    decision = outcome.decision
    history = an.NAMES.index("programme_history")
    positions = [plan.history_programmes.index(code) for code in plan.programmes]
    history_level = decision.levels["programme_history"]
    top_history = an.BY_NAME["programme_history"].top

    scope = Scope(plan, plan.variables)
    pz = Pseudonymiser("study", plan.study_code)
    per_goal = [v.instrument for v in scope.instruments.values() if not v.item]
    goal_positions = selectors.max_goal_position(cohort, per_goal) if per_goal else 0
    writer = WRITERS[plan.fmt]
    p_cols = cols.participant_columns(plan.names, plan.programmes)
    long_cols = cols.long_columns(days=plan.days)
    wide_vars = cols.wide_variables(plan.variables, goal_positions)
    key_cols = cols.key_columns(days=plan.days, long=False)
    wide_cols = [*key_cols, *[col for col, _v, _g in wide_vars]]
    tables = {
        "participants": p_cols,
        "measurements_long": long_cols,
        "measurements_wide": wide_cols,
    }
    participants_t = writer(out_dir, "participants", p_cols)
    long_t = writer(out_dir, "measurements_long", long_cols)
    wide_t = writer(out_dir, "measurements_wide", wide_cols)
    wide_index = {(v.name, g): i for i, (_c, v, g) in enumerate(wide_vars)}
    scores, outcomes = scope.streams(cohort)
    qi_names = ("household", "age_band", "gender", "wijk", "household_size")
    qi_index = {name: an.NAMES.index(name) for name in qi_names}
    suppressed_values: Counter = Counter()
    exported = done = 0
    for person in _people(plan, cohort, members):
        done += 1
        values = list(scope.values(scores, outcomes, person.id))
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, total)
        out = outcome.output(person.raw)
        if out is None:
            continue
        exported += 1
        known = decision.known(person.raw)
        pseudonym = pz(person.id)
        row = [pseudonym]
        for name in qi_names:
            if name not in plan.names:
                continue
            value = out[qi_index[name]]
            if name == "household":
                value = pz(person.household_id, subject="h") if value is not None else None
            row.append(value)
        if "programme_history" in plan.names:
            for position in positions:
                entry = out[history][position]
                row += list(entry) if entry else [None, None, None]
        participants_t.write(tuple(row))
        level = top_history if person.raw in decision.suppressed else history_level
        first = min((e["start_date"] for e in person.enrolments), default=None)
        wide_rows: dict[tuple, list] = {}
        for variable, wave, value, source in values:
            if variable.sensitive and (known, variable.name, wave) in outcome.blocked:
                value = None
                suppressed_values[variable.name] += 1
            keys = _keys(
                pseudonym, source["programme_code"], wave, source["date"], first, level, plan
            )
            if variable.kind == "measure":
                long_t.write((*keys, "outcome", variable.measure, variable.name, value))
                continue
            item = str(source["goal_position"]) if not variable.item else source["item"]
            long_t.write((*keys, source["instrument_code"], item, variable.name, value))
            wide = wide_rows.get((source["programme_code"], wave))
            if wide is None:
                wide = wide_rows[(source["programme_code"], wave)] = [*keys] + [None] * len(
                    wide_vars
                )
            index = wide_index.get(
                (variable.name, source["goal_position"] if not variable.item else None)
            )
            if index is not None:
                wide[len(keys) + index] = value
        for wide in wide_rows.values():
            wide_t.write(wide)
    if progress:
        progress(total, total)

    files: list[Path] = []
    row_counts: dict[str, int] = {}
    written: dict[str, list[str]] = {}
    for table in (participants_t, long_t, wide_t):
        paths = table.close()
        files += paths
        written[table.name] = [path.name for path in paths]
        row_counts[table.name] = table.rows
    disclosure = report(plan, outcome)
    disclosure["participants_exported"] = exported
    disclosure["l_diversity"] = {
        "groups_with_a_value_suppressed": len(outcome.blocked),
        "values_suppressed": dict(sorted(suppressed_values.items())),
    }
    codebook_paths = cols.write_codebook(out_dir, plan.fmt, cols.codebook(plan.variables, tables))
    files += codebook_paths
    tables["codebook"] = cols.CODEBOOK_COLUMNS
    written["codebook"] = [p.name for p in codebook_paths if p.suffix == f".{plan.fmt}"] or [
        p.name for p in codebook_paths
    ]
    report_path = out_dir / "disclosure_report.json"
    report_path.write_text(json.dumps(disclosure, indent=2, ensure_ascii=False), encoding="utf-8")
    files.append(report_path)
    files += package.write_scripts(out_dir, fmt=plan.fmt, tables=tables, files=written)
    created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    files += readme.write_readme(
        out_dir,
        meta={
            **plan.meta,
            "exported_variables": [v.name for v in plan.variables],
            "k": plan.k,
            "l": plan.l,
            "intervals": "days" if plan.days else "weeks",
            "generalisation": {
                name: item["description"] for name, item in disclosure["generalisation"].items()
            },
            "suppression": {
                "participants_with_quasi_identifiers_suppressed": disclosure[
                    "participants_with_quasi_identifiers_suppressed"
                ],
                "participants_left_out": total - exported,
                "values_suppressed": sum(suppressed_values.values()),
            },
            "released_at": created,
            "software": f"Koers {software_version()}",
            "format": plan.fmt,
            "files": [path.name for path in files],
        },
    )
    manifest = {
        "study": plan.study_code,
        "export": plan.export_id,
        "created_at": created,
        "software": f"Koers {software_version()}",
        "format": plan.fmt,
        "k": plan.k,
        "l": plan.l,
        "cohort_on": plan.on_date.isoformat(),
        "rows": row_counts,
        "files": {path.name: sha256_file(path) for path in files},
    }
    manifest_path = out_dir / "manifest.json"
    manifest_path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    files.append(manifest_path)
    return Result(files=files, manifest=manifest, report=disclosure, participants=exported)


def _keys(pseudonym, programme, wave, day, first, level, plan: Plan) -> tuple:
    """pseudonym, programme, wave, wave index, month (as coarse as the person's programme
    history) and the interval since the first enrolment (weeks, or days when approved)."""
    interval = None
    if first is not None:
        days = (day - first).days
        interval = days if plan.days else days // 7
    return (
        pseudonym,
        programme,
        wave,
        cols.wave_index(wave),
        an.month_date(an.month_index(day), level),
        interval,
    )


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def software_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("koers")
    except PackageNotFoundError:
        return "dev"


def zip_files(files: list[Path], target: Path) -> Path:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            archive.write(path, arcname=path.name)
    return target
