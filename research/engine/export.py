"""Pass 5 of the export: the participants and measurement tables, codebook, disclosure
report, import scripts, README and manifest, written into a directory and zipped."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from casework import facts
from privacy import anonymity as an
from privacy.pseudonyms import Pseudonymiser
from research import columns as cols
from research import package, readme, selectors
from research.engine.cohort import Person, Scope, cohort_for, household_members, people
from research.engine.disclosure import Outcome, decide, report
from research.engine.plan import Plan, Result
from research.package.profile import Profile
from research.writers import WRITERS

PROGRESS_EVERY = 500
QI_COLUMNS = ("household", "age_band", "gender", "wijk", "household_size")
HISTORY = an.NAMES.index("programme_history")


def run(plan: Plan, out_dir: Path, *, progress: Callable[[int, int], None] | None = None) -> Result:
    """Write every file of the export into ``out_dir``."""
    with facts.bulk_reads():
        return _run(plan, out_dir, progress)


def _run(plan: Plan, out_dir: Path, progress) -> Result:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    cohort = cohort_for(plan)
    total = cohort.count()
    members = household_members(plan, cohort)
    outcome = decide(plan, cohort, members=members)
    rows = _Rows(plan, outcome, cohort, out_dir)
    _write_people(rows, cohort, members, total, progress)
    files, written, row_counts = rows.close()
    disclosure = _disclosure(plan, outcome, rows)
    files += _write_codebook(plan, out_dir, rows.columns, written)
    files.append(_write_json(out_dir / "disclosure_report.json", disclosure, ensure_ascii=False))
    files += package.write_scripts(
        out_dir, fmt=plan.fmt, tables=rows.columns, files=written, profiles=rows.profiles
    )
    created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    files += readme.write_readme(
        out_dir, meta=_readme_meta(plan, disclosure, rows, total, created, files)
    )
    manifest = _manifest(plan, created, row_counts, files)
    files.append(_write_json(out_dir / "manifest.json", manifest))
    return Result(files=files, manifest=manifest, report=disclosure, participants=rows.exported)


# --- the rows of each person ---------------------------------------------------------------


@dataclass
class _Rows:
    """The three data tables of an export and what writing a person into them needs."""

    plan: Plan
    outcome: Outcome
    cohort: object
    out_dir: Path
    exported: int = 0
    suppressed_values: Counter = field(default_factory=Counter)

    def __post_init__(self) -> None:
        plan, decision = self.plan, self.outcome.decision
        self.positions = [plan.history_programmes.index(code) for code in plan.programmes]
        self.names = plan.names  # a set made per call: once, not per person
        self.history_level = decision.levels["programme_history"]
        self.scope = Scope(plan, plan.variables)
        self.pz = Pseudonymiser("study", plan.study_code)
        self._open_tables()

    def _open_tables(self) -> None:
        plan = self.plan
        per_goal = [v.instrument for v in self.scope.instruments.values() if not v.item]
        goal_positions = selectors.max_goal_position(self.cohort, per_goal) if per_goal else 0
        writer = WRITERS[plan.fmt]
        p_cols = cols.participant_columns(plan.names, plan.programmes)
        long_cols = cols.long_columns(days=plan.days)
        wide_vars = cols.wide_variables(plan.variables, goal_positions)
        key_cols = cols.key_columns(days=plan.days, long=False)
        wide_cols = [*key_cols, *[col for col, _v, _g in wide_vars]]
        self.columns = {
            "participants": p_cols,
            "measurements_long": long_cols,
            "measurements_wide": wide_cols,
        }
        self.participants = writer(self.out_dir, "participants", p_cols)
        self.long = writer(self.out_dir, "measurements_long", long_cols)
        self.wide = writer(self.out_dir, "measurements_wide", wide_cols)
        self.profiles = self._profiles() if plan.fmt == "csv" else {}
        self.wide_width = len(wide_vars)
        self.wide_index = {(v.name, g): i for i, (_c, v, g) in enumerate(wide_vars)}

    def _profiles(self) -> dict[str, Profile]:
        """What load.sps needs of each CSV table, gathered while the rows are written."""
        profiles = {}
        for table in (self.participants, self.long, self.wide):
            profiles[table.name] = Profile(None, table.columns)
            table.observers.append(profiles[table.name].add_columns)
        return profiles

    def write(self, person: Person, values: list) -> None:
        """The participant row and the measurement rows of one person (none if left out)."""
        out = self.outcome.output(person.raw)
        if out is None:
            return
        self.exported += 1
        pseudonym = self.pz(person.id)
        self.participants.write(self._participant_row(person, out, pseudonym))
        self._write_measurements(person, values, pseudonym)

    def _participant_row(self, person: Person, out: tuple, pseudonym: str) -> tuple:
        row = [pseudonym]
        for name in QI_COLUMNS:
            if name not in self.names:
                continue
            value = out[an.NAMES.index(name)]
            if name == "household":
                value = self.pz(person.household_id, subject="h") if value is not None else None
            row.append(value)
        if "programme_history" in self.names:
            for position in self.positions:
                entry = out[HISTORY][position]
                row += list(entry) if entry else [None, None, None]
        return tuple(row)

    def _write_measurements(self, person: Person, values: list, pseudonym: str) -> None:
        decision = self.outcome.decision
        known = self.outcome.known(person.raw)
        top = an.BY_NAME["programme_history"].top
        level = top if person.raw in decision.suppressed else self.history_level
        first = min((e["start_date"] for e in person.enrolments), default=None)
        wide_rows: dict[tuple, list] = {}
        keys_at: dict[tuple, tuple] = {}  # the keys of each measurement: for all its scores
        for variable, wave, value, source in values:
            if variable.sensitive and (known, variable.name, wave) in self.outcome.blocked:
                value = None
                self.suppressed_values[variable.name] += 1
            at = (source["programme_code"], wave, source["date"])
            keys = keys_at.get(at)
            if keys is None:
                keys = keys_at[at] = _keys(pseudonym, *at, first, level, self.plan)
            if variable.kind == "measure":
                self.long.write((*keys, "outcome", variable.measure, variable.name, value))
                continue
            item = str(source["goal_position"]) if not variable.item else source["item"]
            self.long.write((*keys, source["instrument_code"], item, variable.name, value))
            self._fill_wide(wide_rows, keys, wave, variable, source, value)
        for wide in wide_rows.values():
            self.wide.write(wide)

    def _fill_wide(self, wide_rows: dict, keys: tuple, wave, variable, source, value) -> None:
        """Put one value in the wide row of its programme and wave."""
        wave_key = (source["programme_code"], wave)
        wide = wide_rows.get(wave_key)
        if wide is None:
            wide = wide_rows[wave_key] = [*keys] + [None] * self.wide_width
        index = self.wide_index.get(
            (variable.name, source["goal_position"] if not variable.item else None)
        )
        if index is not None:
            wide[len(keys) + index] = value

    def close(self) -> tuple[list[Path], dict[str, list[str]], dict[str, int]]:
        """The files, the file names per table and the rows per table."""
        files: list[Path] = []
        written: dict[str, list[str]] = {}
        row_counts: dict[str, int] = {}
        for table in (self.participants, self.long, self.wide):
            paths = table.close()
            files += paths
            written[table.name] = [path.name for path in paths]
            row_counts[table.name] = table.rows
        return files, written, row_counts


def _write_people(rows: _Rows, cohort, members: Counter, total: int, progress) -> None:
    scores, outcomes = rows.scope.streams(cohort)
    for done, person in enumerate(people(rows.plan, cohort, members), start=1):
        values = list(rows.scope.values(scores, outcomes, person.id))
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, total)
        rows.write(person, values)
    if progress:
        progress(total, total)


def _keys(pseudonym, programme, wave, day, first, level, plan: Plan) -> tuple:
    """pseudonym, programme, wave, wave index, month (as coarse as the person's programme
    history) and the interval since the first enrolment (weeks, or days when approved)."""
    interval = None
    if first is not None:
        days = (day - first).days
        interval = days if plan.days else days // 7
    return (pseudonym, programme, wave, _wave_index(wave), _month(day, level), interval)


@lru_cache(maxsize=4096)
def _month(day, level):
    """The written month of a day at a level: a few hundred distinct days per export, each
    written for many scores."""
    return an.month_date(an.month_index(day), level)


@lru_cache(maxsize=256)
def _wave_index(wave):
    return cols.wave_index(wave)


# --- the files about the data ----------------------------------------------------------------


def _disclosure(plan: Plan, outcome: Outcome, rows: _Rows) -> dict:
    disclosure = report(plan, outcome)
    disclosure["participants_exported"] = rows.exported
    disclosure["l_diversity"] = {
        "groups_with_a_value_suppressed": len(outcome.blocked),
        "values_suppressed": dict(sorted(rows.suppressed_values.items())),
    }
    return disclosure


def _write_codebook(plan: Plan, out_dir: Path, tables: dict, written: dict) -> list[Path]:
    """The codebook files; adds the codebook to ``tables`` and ``written`` for the scripts."""
    paths = cols.write_codebook(out_dir, plan.fmt, cols.codebook(plan.variables, tables))
    tables["codebook"] = cols.CODEBOOK_COLUMNS
    written["codebook"] = [p.name for p in paths if p.suffix == f".{plan.fmt}"] or [
        p.name for p in paths
    ]
    return paths


def _write_json(path: Path, data: dict, *, ensure_ascii: bool = True) -> Path:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=ensure_ascii), encoding="utf-8")
    return path


def _readme_meta(
    plan: Plan, disclosure: dict, rows: _Rows, total: int, created: str, files: list[Path]
) -> dict:
    return {
        **plan.meta,
        "exported_variables": [v.name for v in plan.variables],
        "k": plan.k,
        "l": plan.l,
        "intervals": plan.intervals,
        "generalisation": {
            name: item["description"] for name, item in disclosure["generalisation"].items()
        },
        "suppression": {
            "participants_with_quasi_identifiers_suppressed": disclosure[
                "participants_with_quasi_identifiers_suppressed"
            ],
            "participants_left_out": total - rows.exported,
            "values_suppressed": sum(rows.suppressed_values.values()),
        },
        "released_at": created,
        "software": f"Koers {software_version()}",
        "format": plan.fmt,
        "files": [path.name for path in files],
    }


def _manifest(plan: Plan, created: str, row_counts: dict, files: list[Path]) -> dict:
    return {
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
