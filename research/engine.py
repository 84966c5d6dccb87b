"""The export engine: a study's consented cohort, pseudonymised, generalised and suppressed,
written as a zip of participants, measurements (long and wide per wave), codebook, disclosure
report and manifest.

Memory stays flat whatever the cohort size: every read is a chunked, ordered stream from
``casework.facts`` (ordered by participant id), merged per participant; the disclosure control
keeps counts per combination of quasi-identifiers (not per participant), decided in a first
pass, and a second pass writes the rows. Nothing here decrypts or reads an encrypted column.
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
from privacy.models import Purpose
from privacy.pseudonyms import Pseudonymiser
from research import catalogue as cat
from research import selectors
from research.models import L_DIVERSITY
from research.writers import WRITERS, Column

PROGRESS_EVERY = 500
MAX_SUPPRESSED_SHARE = 0.05  # stop generalising once at most 5% of the cohort is suppressed
SUPPRESSED = ""  # a suppressed or unknown value is empty (missing) in every format


class Cancelled(Exception):
    """The export was cancelled while it ran."""


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

    @property
    def names(self) -> set[str]:
        return {v.name for v in self.variables}

    @property
    def quasi_identifiers(self) -> list[str]:
        return [name for name in cat.QUASI_IDENTIFIERS if name in self.names]

    @property
    def sensitive(self) -> list[cat.Variable]:
        return [v for v in self.variables if v.sensitive]


@dataclass
class Result:
    files: list[Path]
    manifest: dict
    report: dict
    participants: int


# --- generalisation hierarchies -------------------------------------------------------------

AGE_LEVELS = (5, 10, 20)  # band widths; level 3 suppresses the age


def age_band(age: int | None, level: int) -> str:
    if age is None or age < 0 or level >= len(AGE_LEVELS):
        return SUPPRESSED
    width = AGE_LEVELS[level]
    top = 80 if width < 20 else 60
    if age >= top:
        return f"{top}+"
    low = age // width * width
    return f"{low}-{low + width - 1}"


def wijk_value(wijk: str, level: int) -> str:
    if not wijk:
        return SUPPRESSED
    return wijk if level == 0 else "leeuwarden-oost"


def household_band(size: int | None, level: int) -> str:
    if not size:
        return SUPPRESSED
    if level == 0:
        return str(size) if size < 6 else "6+"
    if level == 1:
        return {1: "1", 2: "2", 3: "3-4", 4: "3-4"}.get(size, "5+")
    if level == 2:
        return "1" if size == 1 else "2+"
    return SUPPRESSED


def gender_value(gender: str, level: int) -> str:
    return gender if level == 0 and gender else SUPPRESSED


# The order of DESIGN.md: widen the age band, wijk -> Leeuwarden Oost, household size bands,
# gender suppressed; then the remaining steps to full generalisation.
STEPS = (
    ("age_band", 1),
    ("age_band", 2),
    ("wijk", 1),
    ("household_size", 1),
    ("household_size", 2),
    ("gender", 1),
    ("age_band", 3),
    ("household_size", 3),
)
LEVEL_DESCRIPTIONS = {
    "age_band": ("5-year bands", "10-year bands", "20-year bands", "suppressed"),
    "wijk": ("wijk", "Leeuwarden Oost"),
    "household_size": ("1-5, 6+", "1, 2, 3-4, 5+", "1, 2+", "suppressed"),
    "gender": ("as recorded", "suppressed"),
}


@dataclass
class Disclosure:
    """The decision of the first pass: levels per quasi-identifier, the raw combinations
    whose quasi-identifiers are suppressed, those removed, and the l-diversity blocks."""

    qis: list[str]
    levels: dict[str, int]
    k: int
    suppressed: set = field(default_factory=set)
    removed: set = field(default_factory=set)
    blocked: set = field(default_factory=set)  # (class, variable name)
    report: dict = field(default_factory=dict)

    def generalise(self, raw: tuple) -> tuple:
        return generalise(raw, self.qis, self.levels)

    def output(self, raw: tuple) -> tuple | None:
        """The quasi-identifiers as exported, or None when the participant is removed."""
        if raw in self.removed:
            return None
        if raw in self.suppressed:
            return tuple(SUPPRESSED for _ in self.qis)
        return self.generalise(raw)


def generalise(raw: tuple, qis: list[str], levels: dict[str, int]) -> tuple:
    age, gender, wijk, size = raw
    out = []
    for name in qis:
        if name == "age_band":
            out.append(age_band(age, levels["age_band"]))
        elif name == "gender":
            out.append(gender_value(gender, levels["gender"]))
        elif name == "wijk":
            out.append(wijk_value(wijk, levels["wijk"]))
        else:
            out.append(household_band(size, levels["household_size"]))
    return tuple(out)


def decide(counts: Counter, qis: list[str], k: int) -> Disclosure:
    """Full-domain generalisation in the fixed order until at most 5% of the cohort falls in
    combinations under k; then suppress those combinations' quasi-identifiers, and remove the
    participants when even the suppressed group stays under k."""
    total = sum(counts.values())
    levels = {"age_band": 0, "gender": 0, "wijk": 0, "household_size": 0}
    steps = [step for step in STEPS if step[0] in qis]
    history = []

    def short_of_k(current) -> int:
        classes = Counter()
        for raw, n in counts.items():
            classes[generalise(raw, qis, current)] += n
        return sum(n for n in classes.values() if n < k)

    short = short_of_k(levels)
    history.append({"levels": dict(levels), "participants_under_k": short})
    for name, level in steps:
        if short <= total * MAX_SUPPRESSED_SHARE:
            break
        levels[name] = level
        short = short_of_k(levels)
        history.append({"levels": dict(levels), "participants_under_k": short})
    classes = Counter()
    for raw, n in counts.items():
        classes[generalise(raw, qis, levels)] += n
    suppressed = {raw for raw in counts if classes[generalise(raw, qis, levels)] < k}
    final = Counter()
    empty = tuple(SUPPRESSED for _ in qis)
    for raw, n in counts.items():
        final[empty if raw in suppressed else generalise(raw, qis, levels)] += n
    removed = set()
    if 0 < final.get(empty, 0) < k:
        removed = {
            raw for raw in counts if raw in suppressed or generalise(raw, qis, levels) == empty
        }
        del final[empty]
    disclosure = Disclosure(
        qis=qis, levels=levels, k=k, suppressed=suppressed - removed, removed=removed
    )
    disclosure.report = {
        "k": k,
        "quasi_identifiers": qis,
        "cohort": total,
        "generalisation": {
            name: {"level": levels[name], "description": LEVEL_DESCRIPTIONS[name][levels[name]]}
            for name in qis
        },
        "generalisation_steps": history,
        "participants_with_quasi_identifiers_suppressed": sum(
            counts[raw] for raw in disclosure.suppressed
        ),
        "participants_removed": sum(counts[raw] for raw in removed),
        "combinations": len(final),
        "smallest_combination": min(final.values()) if final else 0,
    }
    return disclosure


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


def _age(year_of_birth, on_date: dt.date) -> int | None:
    return on_date.year - year_of_birth if year_of_birth else None


def _raw(person: dict, households: list[dict], on_date: dt.date) -> tuple:
    size = households[0]["household_size"] if households else None
    return (
        _age(person["year_of_birth"], on_date),
        person["gender"] or "",
        person["wijk"] or "",
        size,
    )


def _people(cohort, on_date) -> Iterator[tuple[dict, list[dict]]]:
    households = Stream(facts.household_facts(cohort, on_date=on_date), "participant_id")
    for person in facts.participant_facts(cohort):
        yield person, households.take(person["id"])


# --- the export ---------------------------------------------------------------------------


def _month(value: dt.date | None) -> str | None:
    return value.strftime("%Y-%m") if value else None


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


def cohort_for(plan: Plan):
    return facts.cohort(
        purpose=Purpose.RESEARCH,
        programme_codes=plan.programmes,
        start=plan.start,
        end=plan.end,
        on_date=plan.on_date,
    )


def run(plan: Plan, out_dir: Path, *, progress: Callable[[int, int], None] | None = None) -> Result:
    """Write every file of the export into ``out_dir`` and zip them into ``export.zip``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    cohort = cohort_for(plan)
    total = cohort.count()
    qis = plan.quasi_identifiers

    # Pass 1: counts per raw combination of quasi-identifiers (no per-participant state).
    counts: Counter = Counter(_raw(p, h, plan.on_date) for p, h in _people(cohort, plan.on_date))
    disclosure = decide(counts, qis, plan.k)

    instrument_vars = {(v.instrument, v.item): v for v in plan.variables if v.kind == "instrument"}
    measure_vars = {v.measure: v for v in plan.variables if v.kind == "measure"}
    instrument_codes = sorted({v.instrument for v in instrument_vars.values()})

    def instrument_variable(row) -> cat.Variable | None:
        return instrument_vars.get((row["instrument_code"], row["item"])) or (
            instrument_vars.get((row["instrument_code"], ""))
            if row["goal_position"] is not None
            else None
        )

    def in_scope(row) -> bool:
        if row["programme_code"] not in plan.programmes:
            return False
        if plan.start and row["date"] < plan.start:
            return False
        return not (plan.end and row["date"] > plan.end)

    # Pass 1b: l-diversity of the sensitive variables per exported combination.
    sensitive = plan.sensitive
    if sensitive:
        disclosure.blocked = _l_diversity(plan, cohort, disclosure, instrument_variable, in_scope)
    disclosure.report["l"] = L_DIVERSITY
    disclosure.report["sensitive_variables"] = [v.name for v in sensitive]

    # Pass 2: the files.
    pz = Pseudonymiser("study", plan.study_code)
    goal_positions = (
        selectors.max_goal_position(
            cohort, [v.instrument for v in instrument_vars.values() if not v.item]
        )
        if any(not v.item for v in instrument_vars.values())
        else 0
    )
    writer = WRITERS[plan.fmt]
    p_cols = participant_columns(plan)
    long_cols = long_columns()
    wide_vars = wide_variables(plan, goal_positions)
    wide_cols = [*wide_key_columns(), *[col for col, _v, _g in wide_vars]]
    participants_t = writer(out_dir, "participants", p_cols)
    long_t = writer(out_dir, "measurements_long", long_cols)
    wide_t = writer(out_dir, "measurements_wide", wide_cols)
    wide_index = {(v.name, g): i for i, (_c, v, g) in enumerate(wide_vars)}
    enrolments = Stream(
        facts.enrolment_facts(cohort, programme_codes=plan.programmes), "participant_id"
    )
    scores = (
        Stream(facts.measurement_facts(cohort, instrument_codes=instrument_codes), "participant_id")
        if instrument_codes
        else None
    )
    outcomes = (
        Stream(facts.outcome_facts(cohort, measure_codes=sorted(measure_vars)), "participant_id")
        if measure_vars
        else None
    )
    suppressed_values = Counter()
    exported = done = 0
    for person, households in _people(cohort, plan.on_date):
        done += 1
        pid = person["id"]
        person_enrolments = enrolments.take(pid)
        person_scores = scores.take(pid) if scores else []
        person_outcomes = outcomes.take(pid) if outcomes else []
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, total)
        qi_values = disclosure.output(_raw(person, households, plan.on_date))
        if qi_values is None:
            continue
        exported += 1
        pseudonym = pz(pid)
        household = pz(households[0]["household_id"], subject="h") if households else None
        first = min((e["start_date"] for e in person_enrolments), default=None)
        participants_t.write(
            _participant_row(plan, pseudonym, household, qi_values, person_enrolments)
        )
        wide_rows: dict[tuple, list] = {}
        for row in person_scores:
            if not in_scope(row) or (plan.waves and row["wave"] not in plan.waves):
                continue
            variable = instrument_variable(row)
            if variable is None:
                continue
            value = row["value"]
            if variable.sensitive and (qi_values, variable.name) in disclosure.blocked:
                value = None
                suppressed_values[variable.name] += 1
            item = str(row["goal_position"]) if not variable.item else row["item"]
            days = (row["date"] - first).days if first else None
            long_t.write(
                (
                    pseudonym,
                    row["programme_code"],
                    row["wave"],
                    _month(row["date"]),
                    days,
                    row["instrument_code"],
                    item,
                    variable.name,
                    value,
                )
            )
            key = (row["programme_code"], row["wave"])
            wide = wide_rows.get(key)
            if wide is None:
                wide = wide_rows[key] = [
                    pseudonym,
                    row["programme_code"],
                    row["wave"],
                    _month(row["date"]),
                    days,
                ] + [None] * len(wide_vars)
            index = wide_index.get(
                (variable.name, row["goal_position"] if not variable.item else None)
            )
            if index is not None:
                wide[5 + index] = value
        for wide in wide_rows.values():
            wide_t.write(wide)
        for row in person_outcomes:
            if not in_scope(row):
                continue
            variable = measure_vars[row["measure_code"]]
            value = _number(row, variable)
            if variable.sensitive and (qi_values, variable.name) in disclosure.blocked:
                value = None
                suppressed_values[variable.name] += 1
            days = (row["date"] - first).days if first else None
            long_t.write(
                (
                    pseudonym,
                    row["programme_code"],
                    "",
                    _month(row["date"]),
                    days,
                    "outcome",
                    variable.measure,
                    variable.name,
                    value,
                )
            )
    if progress:
        progress(total, total)

    files: list[Path] = []
    row_counts: dict[str, int] = {}
    for table in (participants_t, long_t, wide_t):
        for path in table.close():
            files.append(path)
        row_counts[table.name] = table.rows
    report = disclosure.report
    report["participants_exported"] = exported
    report["l_diversity"] = {
        "combinations_with_a_variable_suppressed": len(disclosure.blocked),
        "values_suppressed": dict(sorted(suppressed_values.items())),
    }
    codebook_rows = codebook(
        plan,
        {"participants": p_cols, "measurements_long": long_cols, "measurements_wide": wide_cols},
    )
    files += write_codebook(out_dir, plan.fmt, codebook_rows)
    report_path = out_dir / "disclosure_report.json"
    report_path.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    files.append(report_path)
    manifest = {
        "study": plan.study_code,
        "export": plan.export_id,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "software": f"Koers {software_version()}",
        "format": plan.fmt,
        "k": plan.k,
        "l": L_DIVERSITY,
        "cohort_on": plan.on_date.isoformat(),
        "rows": row_counts,
        "files": {path.name: sha256_file(path) for path in files},
    }
    manifest_path = out_dir / "manifest.json"
    manifest_path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    files.append(manifest_path)
    return Result(files=files, manifest=manifest, report=report, participants=exported)


def _l_diversity(plan, cohort, disclosure, instrument_variable, in_scope) -> set:
    """(combination, variable) pairs where a sensitive variable has fewer than l distinct
    values over the combination's participants: its values are suppressed there."""
    distinct: dict[tuple, set] = {}
    sensitive_instruments = sorted({v.instrument for v in plan.sensitive if v.kind == "instrument"})
    sensitive_measures = {v.measure: v for v in plan.sensitive if v.kind == "measure"}
    scores = (
        Stream(
            facts.measurement_facts(cohort, instrument_codes=sensitive_instruments),
            "participant_id",
        )
        if sensitive_instruments
        else None
    )
    outcomes = (
        Stream(
            facts.outcome_facts(cohort, measure_codes=sorted(sensitive_measures)), "participant_id"
        )
        if sensitive_measures
        else None
    )
    for person, households in _people(cohort, plan.on_date):
        qi_values = disclosure.output(_raw(person, households, plan.on_date))
        rows_s = scores.take(person["id"]) if scores else []
        rows_o = outcomes.take(person["id"]) if outcomes else []
        if qi_values is None:
            continue
        for row in rows_s:
            variable = instrument_variable(row)
            if variable is None or not variable.sensitive or not in_scope(row):
                continue
            if plan.waves and row["wave"] not in plan.waves:
                continue  # not exported: its values must not make the exported ones diverse
            seen = distinct.setdefault((qi_values, variable.name), set())
            if len(seen) < L_DIVERSITY:
                seen.add(row["value"])
        for row in rows_o:
            variable = sensitive_measures[row["measure_code"]]
            if not in_scope(row):
                continue
            seen = distinct.setdefault((qi_values, variable.name), set())
            if len(seen) < L_DIVERSITY:
                seen.add(_number(row, variable))
    return {key for key, values in distinct.items() if len(values) < L_DIVERSITY}


# --- columns --------------------------------------------------------------------------------


def _column(variable: cat.Variable, name: str | None = None, **extra) -> Column:
    return Column(
        name=name or variable.name,
        label_nl=extra.pop("label_nl", variable.label_nl),
        label_en=extra.pop("label_en", variable.label_en),
        type=variable.type,
        values=variable.values,
        value_labels=variable.value_labels,
        source=variable.source,
        quasi_identifier=variable.quasi_identifier,
        sensitive=variable.sensitive,
    )


PSEUDONYM = Column(
    "pseudonym",
    "Deelnemer (pseudoniem binnen dit onderzoek)",
    "Participant (pseudonym within this study)",
    "string",
    values="p + 20 hexadecimale tekens",
    source="HMAC-SHA256 van het interne id onder de sleutel van het onderzoek",
)


def participant_columns(plan: Plan) -> list[Column]:
    variables = {v.name: v for v in cat.PARTICIPANT_VARIABLES}
    columns = [PSEUDONYM]
    for name in ("household", *cat.QUASI_IDENTIFIERS):
        if name in plan.names:
            columns.append(_column(variables[name]))
    for code in plan.programmes:
        columns += [
            Column(
                f"{code}_start_month",
                f"{code}: maand van de eerste inschrijving",
                f"{code}: month of first enrolment",
                "string",
                "JJJJ-MM",
                source="casework",
            ),
            Column(
                f"{code}_exit_month",
                f"{code}: maand van uitschrijving (leeg = loopt)",
                f"{code}: month of exit (empty = ongoing)",
                "string",
                "JJJJ-MM",
                source="casework",
            ),
            Column(
                f"{code}_status",
                f"{code}: status van de laatste inschrijving",
                f"{code}: status of the latest enrolment",
                "string",
                "active, paused, completed, stopped",
                cat.STATUS_LABELS,
                "casework",
            ),
        ]
    return columns


def _participant_row(plan, pseudonym, household, qi_values, enrolments) -> tuple:
    row = [pseudonym]
    if "household" in plan.names:
        row.append(household)
    row += list(qi_values)
    by_programme: dict[str, list[dict]] = {}
    for enrolment in enrolments:
        by_programme.setdefault(enrolment["programme_code"], []).append(enrolment)
    for code in plan.programmes:
        runs = by_programme.get(code, [])
        if not runs:
            row += [None, None, None]
            continue
        ends = [e["end_date"] for e in runs]
        exit_month = None if any(end is None for end in ends) else _month(max(ends))
        row += [_month(runs[0]["start_date"]), exit_month, runs[-1]["status"]]
    return tuple(row)


def long_columns() -> list[Column]:
    return [
        PSEUDONYM,
        Column("programme", "Programma", "Programme", "string", source="casework"),
        Column(
            "wave",
            "Peilmoment (leeg bij uitkomstmaten)",
            "Wave (empty for outcome measures)",
            "string",
            "intake, m6, m12, ..., exit, follow_up",
            source="casework",
        ),
        Column("month", "Maand van de meting", "Month of the measurement", "string", "JJJJ-MM"),
        Column(
            "days_since_first_enrolment",
            "Dagen sinds de eerste inschrijving",
            "Days since first enrolment",
            "integer",
            ">= 0",
        ),
        Column("instrument", "Instrument (of 'outcome')", "Instrument (or 'outcome')", "string"),
        Column(
            "item",
            "Item (volgnummer van het doel bij doelrealisatie; code van de "
            "uitkomstmaat bij 'outcome')",
            "Item (goal position for goal attainment; measure code for 'outcome')",
            "string",
        ),
        Column(
            "variable",
            "Variabele (naam in het codeboek)",
            "Variable (name in the codebook)",
            "string",
        ),
        Column(
            "value",
            "Waarde (zie het codeboek per variabele; leeg = onderdrukt)",
            "Value (see the codebook per variable; empty = suppressed)",
            "number",
        ),
    ]


def wide_key_columns() -> list[Column]:
    return long_columns()[:5]


def wide_variables(
    plan: Plan, goal_positions: int
) -> list[tuple[Column, cat.Variable, int | None]]:
    out = []
    for variable in plan.variables:
        if variable.kind != "instrument":
            continue
        if variable.item:
            out.append((_column(variable), variable, None))
            continue
        for position in range(1, goal_positions + 1):
            out.append(
                (
                    _column(
                        variable,
                        name=f"{variable.name}_{position}",
                        label_nl=f"{variable.label_nl}: doel {position}",
                        label_en=f"{variable.label_en}: goal {position}",
                    ),
                    variable,
                    position,
                )
            )
    return out


CODEBOOK_COLUMNS = [
    Column("file", "Bestand", "File", "string"),
    Column("column", "Kolom", "Column", "string"),
    Column(
        "variable",
        "Variabele (waarden in measurements_long)",
        "Variable (values in measurements_long)",
        "string",
    ),
    Column("label_nl", "Label (Nederlands)", "Label (Dutch)", "string"),
    Column("label_en", "Label (Engels)", "Label (English)", "string"),
    Column("type", "Type", "Type", "string"),
    Column("values", "Toegestane waarden", "Allowed values", "string"),
    Column("value_labels", "Waardelabels", "Value labels", "string"),
    Column("source", "Bron", "Source", "string"),
    Column("quasi_identifier", "Quasi-identificerend", "Quasi-identifier", "integer"),
    Column("sensitive", "Gevoelig", "Sensitive", "integer"),
]


def _labels(value_labels: dict) -> str:
    return "; ".join(f"{code} = {nl} / {en}" for code, (nl, en) in value_labels.items())


def codebook(plan: Plan, files: dict[str, list[Column]]) -> list[tuple]:
    rows = []
    for file, columns in files.items():
        for c in columns:
            rows.append(
                (
                    file,
                    c.name,
                    "",
                    c.label_nl,
                    c.label_en,
                    c.type,
                    c.values,
                    _labels(c.value_labels),
                    c.source,
                    int(c.quasi_identifier),
                    int(c.sensitive),
                )
            )
    for v in plan.variables:
        if v.kind in {"instrument", "measure"}:
            rows.append(
                (
                    "measurements_long",
                    "value",
                    v.name,
                    v.label_nl,
                    v.label_en,
                    v.type,
                    v.values,
                    _labels(v.value_labels),
                    v.source,
                    int(v.quasi_identifier),
                    int(v.sensitive),
                )
            )
    return rows


def write_codebook(out_dir: Path, fmt: str, rows: list[tuple]) -> list[Path]:
    """The codebook as CSV always (readable by anyone), and in the export's format too."""
    paths = []
    for kind in dict.fromkeys(["csv", fmt]):
        table = WRITERS[kind](out_dir, "codebook", CODEBOOK_COLUMNS)
        for row in rows:
            table.write(row)
        paths += table.close()
    return paths


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
