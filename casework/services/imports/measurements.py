"""Import of measurement scores (client_ref, instrument, item, date, value).

Rows with the same participant, instrument and date form one measurement. The participant is
found through the blind index of the client reference; the enrolment is the participant's
enrolment that had started on the date (the latest such, an active one first); the wave
follows from the date. All or nothing, like the participants import. The
``import_measurements`` command runs without an actor, on behalf of the teams of the file.
The upload page passes the caseworker or team lead as ``actor``: then a row counts only for a
participant in the actor's caseload and an enrolment of the actor's teams (the participants
they may edit), any other row is refused with its reason, and the scores are written through
``record_measurement`` with the actor's scope checked again. ``preview_measurements`` is the
page's dry run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.models import User
from casework import permissions
from casework.models import Enrolment, Goal, Instrument, Measurement, Participant
from casework.services.imports.base import (
    SAMPLES,
    ImportPreview,
    RowValidator,
    refuse_empty,
    require_importer,
    write_all,
)
from casework.services.imports.reading import (
    ImportRefused,
    Row,
    Source,
    UnreadableFile,
    long_cells,
    parse_date,
    rows_of,
)
from casework.services.measurements import record_measurement
from privacy.crypto import blind_index

COLUMNS = ("client_ref", "instrument", "item", "date", "value")
INTAKE_DAYS = 45
DAYS_PER_MONTH = 365.25 / 12


def derive_wave(start: dt.date, date: dt.date) -> str:
    """'intake' within 45 days of the start, else 'm' + the nearest multiple of 6 months (>= 6)."""
    days = (date - start).days
    if days <= INTAKE_DAYS:
        return "intake"
    months = days / DAYS_PER_MONTH
    return f"m{max(6, int(months / 6 + 0.5) * 6)}"


def pick_enrolment(enrolments: list[Enrolment], date: dt.date) -> Enrolment | None:
    """The enrolment that had started on ``date``: an active one first, then the latest start."""
    started = [e for e in enrolments if e.start_date <= date]
    if not started:
        return None
    return max(started, key=lambda e: (e.status == Enrolment.Status.ACTIVE, e.start_date))


@dataclass
class Group:
    participant: Participant
    enrolment: Enrolment
    instrument: Instrument
    date: dt.date
    wave: str
    values: dict[str, int] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # item -> line

    def __repr__(self) -> str:
        return f"Group(rijen {sorted(self.lines.values())})"

    @property
    def first_line(self) -> int:
        return min(self.lines.values())


@dataclass(frozen=True)
class MeasurementImport:
    """What an import wrote (or, in a dry run, would write)."""

    measurements: int
    scores: int
    dry_run: bool


@dataclass(frozen=True)
class MeasurementSample:
    """A good measurement as a preview shows it: its rows, instrument, date, wave and number
    of scores; nothing that identifies the participant."""

    line: int
    instrument: str
    date: dt.date
    wave: str
    scores: int


def import_measurements(
    *,
    source: Source,
    dry_run: bool = False,
    actor: User | None = None,
    max_rows: int | None = None,
) -> MeasurementImport:
    """Validate every row of ``source`` and, unless ``dry_run``, write all measurements in one
    transaction. Raises ImportRefused with every error ("Rij N: ...") and writes nothing.
    With ``actor`` (an upload page) only the actor's own participants and enrolments count."""
    if actor is not None:
        require_importer(actor)
    groups = validate_measurement_rows(rows_of(source, COLUMNS, max_rows=max_rows), actor=actor)
    if not dry_run:
        write_all(
            groups,
            line_of=lambda group: group.first_line,
            write=lambda group: _write_group(group, actor),
        )
    return _summary(groups, dry_run=dry_run)


def preview_measurements(
    *, actor: User, source: Source, max_rows: int | None = None
) -> ImportPreview:
    """What ``import_measurements`` would do with ``source`` for ``actor``: every refused row
    and the good measurements, by the same validation; nothing is written. A file that cannot
    be read at all raises UnreadableFile."""
    require_importer(actor)
    try:
        rows = rows_of(source, COLUMNS, max_rows=max_rows)
        refuse_empty(rows, "scores")
    except ImportRefused as refused:
        if isinstance(refused, UnreadableFile):
            raise
        return ImportPreview.refused(refused)
    validator = _RowValidator(rows, actor=actor)
    validator.collect(rows)
    bad = validator.errors.lines
    good = [group for group in validator.groups.values() if not bad & set(group.lines.values())]
    return ImportPreview(
        rows=len(rows),
        good=sum(len(group.lines) for group in good),
        errors=validator.errors.messages(),
        refused_rows=len(bad),
        samples=[
            MeasurementSample(
                line=group.first_line,
                instrument=group.instrument.code,
                date=group.date,
                wave=group.wave,
                scores=len(group.values),
            )
            for group in sorted(good, key=lambda group: group.first_line)[:SAMPLES]
        ],
        summary=None if bad else _summary(good, dry_run=True),
    )


def _summary(groups: list[Group], *, dry_run: bool) -> MeasurementImport:
    return MeasurementImport(
        measurements=len(groups),
        scores=sum(len(group.values) for group in groups),
        dry_run=dry_run,
    )


def _write_group(group: Group, actor: User | None) -> None:
    record_measurement(
        actor=actor,
        check_scope=actor is not None,
        enrolment=group.enrolment,
        instrument=group.instrument,
        wave=group.wave,
        date=group.date,
        values=group.values,
    )


# --- validation ---------------------------------------------------------------------------


def validate_measurement_rows(rows: list[Row], *, actor: User | None = None) -> list[Group]:
    """Every row checked and grouped into measurements; ImportRefused on any error. With
    ``actor``, a row of a participant or an enrolment outside the actor's teams is refused."""
    refuse_empty(rows, "scores")
    validator = _RowValidator(rows, actor=actor)
    validator.run(rows)
    return list(validator.groups.values())


class _RowValidator(RowValidator):
    """Checks rows one by one against what the database knows, grouping the good ones."""

    def __init__(self, rows: list[Row], *, actor: User | None = None) -> None:
        super().__init__()
        self.today = timezone.localdate()
        self.instruments = {i.code: i for i in Instrument.objects.filter(active=True)}
        self.participants = _participants_of(rows, actor)
        # With an actor: the teams whose enrolments the actor may record measurements for.
        self.teams: set[int] | None = None
        if actor is not None:
            self.teams = set(
                permissions.member_teams_subquery(actor).values_list("team_id", flat=True)
            )
        self.goals: dict[object, dict[str, Goal]] = {}  # enrolment pk -> position -> goal
        self.goals_loaded = False
        self.groups: dict[tuple, Group] = {}

    def check(self, line: int, cell: dict[str, str]) -> None:
        problems = [f"{name}: dit veld is verplicht." for name in COLUMNS if not cell[name]]
        participant = self._participant(cell, problems)
        instrument = self._instrument(cell, problems)
        date = self._date(cell, problems)
        number = _value(cell, instrument, problems)
        enrolment = _enrolment(participant, date, problems, teams=self.teams)
        item = None
        if instrument is not None and enrolment is not None and cell["item"]:
            item = self._item(cell["item"], instrument, enrolment, problems)
        if not problems and item is not None and number is not None:
            group = self._group_of(participant, enrolment, instrument, date)
            if item in group.lines:
                problems.append(
                    f"item: dit item staat voor dezelfde meting al in rij {group.lines[item]}."
                )
            else:
                group.values[item] = number
                group.lines[item] = line
        self.errors.add_row(line, problems)

    def _participant(self, cell: dict[str, str], problems: list[str]) -> Participant | None:
        if not cell["client_ref"]:
            return None
        participant = self.participants.get(blind_index("client_ref", cell["client_ref"]))
        if participant is None and self.teams is not None:
            # Outside the caseload reads the same as unknown: the page tells no one whether
            # another team has a participant with this number.
            problems.append(
                "client_ref: er is in uw caseload geen deelnemer met dit cliëntnummer "
                "(onbekend, of een deelnemer van een ander team); u kunt alleen metingen "
                "importeren van deelnemers met een lopende inschrijving bij uw team."
            )
        elif participant is None:
            problems.append("client_ref: onbekend cliëntnummer; er is geen deelnemer mee gevonden.")
        return participant

    def _instrument(self, cell: dict[str, str], problems: list[str]) -> Instrument | None:
        if not cell["instrument"]:
            return None
        instrument = self.instruments.get(cell["instrument"].lower())
        if instrument is None:
            problems.append(
                "instrument: onbekend instrument; kies uit "
                + ", ".join(sorted(self.instruments))
                + "."
            )
        return instrument

    def _date(self, cell: dict[str, str], problems: list[str]) -> dt.date | None:
        if not cell["date"]:
            return None
        date = parse_date(cell["date"])
        if date is None:
            problems.append(
                "date: dit is geen geldige datum; gebruik JJJJ-MM-DD, zoals 2025-03-25."
            )
        elif date > self.today:
            problems.append("date: de datum ligt in de toekomst.")
            return None
        return date

    def _item(
        self, code: str, instrument: Instrument, enrolment: Enrolment, problems: list[str]
    ) -> str | None:
        """The key of the score: the goal's pk for a per-goal instrument, else the item code."""
        if instrument.per_goal:
            goal = self._goals_of(enrolment).get(code.lstrip("0") or "0")
            if goal is None:
                problems.append(
                    "item: het plan van deze inschrijving heeft geen doel met dit volgnummer."
                )
                return None
            return str(goal.pk)
        if code in {entry["code"] for entry in instrument.items}:
            return code
        problems.append("item: onbekend item voor dit instrument.")
        return None

    def _goals_of(self, enrolment: Enrolment) -> dict[str, Goal]:
        """The goals of the enrolment by position; the first call loads the goals of every
        participant of the file in one query."""
        if not self.goals_loaded:
            participants = [p.pk for p in self.participants.values()]
            for goal in Goal.objects.filter(
                plan__enrolment__participant_id__in=participants
            ).select_related("plan"):
                self.goals.setdefault(goal.plan.enrolment_id, {})[str(goal.position)] = goal
            self.goals_loaded = True
        return self.goals.get(enrolment.pk, {})

    def _group_of(
        self, participant: Participant, enrolment: Enrolment, instrument: Instrument, date: dt.date
    ) -> Group:
        """The measurement of this participant, instrument and date; new on its first row."""
        key = (participant.pk, instrument.code, date)
        if key not in self.groups:
            self.groups[key] = Group(
                participant=participant,
                enrolment=enrolment,
                instrument=instrument,
                date=date,
                wave=derive_wave(enrolment.start_date, date),
            )
        return self.groups[key]

    def check_all(self) -> None:
        """A measurement already recorded is not imported again (one query for the file)."""
        if not self.groups:
            return
        recorded = set(
            Measurement.objects.filter(
                participant_id__in={group.participant.pk for group in self.groups.values()},
                instrument__code__in={group.instrument.code for group in self.groups.values()},
                date__in={group.date for group in self.groups.values()},
            ).values_list("participant_id", "instrument__code", "date")
        )
        for key, group in self.groups.items():
            if key in recorded:
                self.errors.add(
                    group.first_line,
                    "er is al een meting met dit instrument op deze datum voor deze deelnemer.",
                )


def _participants_of(rows: list[Row], actor: User | None = None) -> dict[str, Participant]:
    """The participants the file names, by blind index of the client reference, with their
    enrolments: two queries. With ``actor``, only those in the actor's caseload."""
    indexes = {
        blind_index("client_ref", raw["client_ref"].strip())
        for _, raw in rows
        if raw["client_ref"].strip() and not long_cells(raw)
    }
    found = Participant.objects.filter(
        client_ref_index__in=list(indexes), erased_at__isnull=True
    ).prefetch_related("enrolments")
    if actor is not None:
        found = found.filter(permissions.active_enrolment_in_scope(actor))
    return {p.client_ref_index: p for p in found}


def _value(cell: dict[str, str], instrument: Instrument | None, problems: list[str]) -> int | None:
    if not cell["value"]:
        return None
    try:
        number = int(cell["value"])
    except ValueError:
        problems.append("value: vul een heel getal in.")
        return None
    if instrument and not instrument.scale_min <= number <= instrument.scale_max:
        problems.append(
            f"value: de score moet tussen {instrument.scale_min} en {instrument.scale_max} liggen."
        )
        return None
    return number


def _enrolment(
    participant: Participant | None,
    date: dt.date | None,
    problems: list[str],
    *,
    teams: set[int] | None = None,
) -> Enrolment | None:
    """The enrolment the row's measurement belongs to; with ``teams`` (an actor's), only an
    enrolment of those teams."""
    if participant is None or date is None:
        return None
    enrolments = list(participant.enrolments.all())
    if teams is not None:
        enrolments = [e for e in enrolments if e.team_id in teams]
    enrolment = pick_enrolment(enrolments, date)
    if enrolment is None and teams is not None:
        problems.append(
            "date: de deelnemer had op deze datum nog geen inschrijving bij uw team; "
            "u kunt alleen metingen importeren bij inschrijvingen van uw eigen team."
        )
    elif enrolment is None:
        problems.append("date: de deelnemer had op deze datum nog geen inschrijving.")
    return enrolment
