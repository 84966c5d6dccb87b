"""Import measurement scores from a CSV file (client_ref, instrument, item, date, value).

Rows with the same participant, instrument and date form one measurement. The participant is
found through the blind index of the client reference; the enrolment is the participant's
enrolment that had started on the date (the latest such, an active one first); the wave
follows from the date. All or nothing, like ``import_participants``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from casework import services
from casework.management.commands._csv_import import (
    ImportRefused,
    long_cells,
    messages_of,
    parse_date,
    read_rows,
    refuse,
    too_long_message,
)
from casework.models import Enrolment, Goal, Instrument, Measurement, Participant
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


class _GroupFailed(Exception):
    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__(f"{len(messages)} fout(en)")


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


class Command(BaseCommand):
    help = (
        "Importeer scores van metingen uit een CSV-bestand (UTF-8, met kopregel: "
        + ",".join(COLUMNS)
        + "). Rijen met dezelfde deelnemer, hetzelfde instrument en dezelfde datum vormen één "
        "meting; het peilmoment volgt uit de datum (intake binnen 45 dagen na de start van de "
        "inschrijving, anders m6, m12, ...). Bij goal_attainment is item het volgnummer van het "
        "doel in het plan. Alles of niets: bij één fout wordt niets geïmporteerd."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="Pad naar het CSV-bestand (UTF-8).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Alleen controleren en melden wat zou worden geïmporteerd; niets opslaan.",
        )

    def handle(self, *args, **options) -> None:
        try:
            rows = read_rows(options["file"], COLUMNS)
            groups = self._validate(rows)
        except ImportRefused as refused:
            raise refuse(self, refused.errors) from None
        scores = sum(len(group.values) for group in groups)
        summary = (
            f"{_plural(len(groups), 'meting', 'metingen')} met {_plural(scores, 'score', 'scores')}"
        )
        if options["dry_run"]:
            self.stdout.write(
                f"Proefimport: {summary} zouden worden geïmporteerd. Er is niets opgeslagen."
            )
            return
        try:
            self._write(groups)
        except _GroupFailed as failed:
            raise refuse(self, failed.messages) from None
        self.stdout.write(f"{summary} geïmporteerd.")

    # --- validation -----------------------------------------------------------------------

    def _validate(self, rows: list[tuple[int, dict[str, str]]]) -> list[Group]:
        errors: list[tuple[int, str]] = []
        today = timezone.localdate()
        instruments = {i.code: i for i in Instrument.objects.filter(active=True)}
        indexes = {
            blind_index("client_ref", raw["client_ref"].strip())
            for _, raw in rows
            if raw["client_ref"].strip() and not long_cells(raw)
        }
        participants = {
            p.client_ref_index: p
            for p in Participant.objects.filter(
                client_ref_index__in=list(indexes), erased_at__isnull=True
            ).prefetch_related("enrolments")
        }
        goals: dict[object, dict[str, Goal]] = {}
        groups: dict[tuple, Group] = {}

        for line, raw in rows:
            row_errors: list[str] = []
            add = row_errors.append
            too_long = long_cells(raw)
            if too_long:
                errors.append((line, too_long_message(line, too_long)))
                continue
            cell = {name: value.strip() for name, value in raw.items()}
            for name in COLUMNS:
                if not cell[name]:
                    add(f"{name}: dit veld is verplicht.")
            participant = instrument = date = number = None
            if cell["client_ref"]:
                participant = participants.get(blind_index("client_ref", cell["client_ref"]))
                if participant is None:
                    add("client_ref: onbekend cliëntnummer; er is geen deelnemer mee gevonden.")
            if cell["instrument"]:
                instrument = instruments.get(cell["instrument"].lower())
                if instrument is None:
                    add(
                        "instrument: onbekend instrument; kies uit "
                        + ", ".join(sorted(instruments))
                        + "."
                    )
            if cell["date"]:
                date = parse_date(cell["date"])
                if date is None:
                    add("date: dit is geen geldige datum; gebruik JJJJ-MM-DD, zoals 2025-03-25.")
                elif date > today:
                    add("date: de datum ligt in de toekomst.")
                    date = None
            if cell["value"]:
                try:
                    number = int(cell["value"])
                except ValueError:
                    add("value: vul een heel getal in.")
                else:
                    if instrument and not instrument.scale_min <= number <= instrument.scale_max:
                        add(
                            f"value: de score moet tussen {instrument.scale_min} en "
                            f"{instrument.scale_max} liggen."
                        )
                        number = None
            enrolment = None
            if participant is not None and date is not None:
                enrolment = pick_enrolment(list(participant.enrolments.all()), date)
                if enrolment is None:
                    add("date: de deelnemer had op deze datum nog geen inschrijving.")
            item = None
            if instrument is not None and enrolment is not None and cell["item"]:
                if instrument.per_goal:
                    if enrolment.pk not in goals:
                        goals[enrolment.pk] = {
                            str(goal.position): goal
                            for goal in Goal.objects.filter(plan__enrolment=enrolment)
                        }
                    goal = goals[enrolment.pk].get(cell["item"].lstrip("0") or "0")
                    if goal is None:
                        add(
                            "item: het plan van deze inschrijving heeft geen doel met dit "
                            "volgnummer."
                        )
                    else:
                        item = str(goal.pk)
                elif cell["item"] in {entry["code"] for entry in instrument.items}:
                    item = cell["item"]
                else:
                    add("item: onbekend item voor dit instrument.")
            if not row_errors and item is not None and number is not None:
                key = (participant.pk, instrument.code, date)
                group = groups.get(key)
                if group is None:
                    group = groups[key] = Group(
                        participant=participant,
                        enrolment=enrolment,
                        instrument=instrument,
                        date=date,
                        wave=derive_wave(enrolment.start_date, date),
                    )
                if item in group.lines:
                    add(f"item: dit item staat voor dezelfde meting al in rij {group.lines[item]}.")
                else:
                    group.values[item] = number
                    group.lines[item] = line
            errors.extend((line, f"Rij {line}: {message}") for message in row_errors)

        for group in groups.values():
            if Measurement.objects.filter(
                participant=group.participant, instrument=group.instrument, date=group.date
            ).exists():
                line = group.first_line
                errors.append(
                    (
                        line,
                        f"Rij {line}: er is al een meting met dit instrument op deze datum "
                        "voor deze deelnemer.",
                    )
                )
        if not rows and not errors:
            errors.append((1, "Rij 1: het bestand bevat geen scores, alleen een kopregel."))
        if errors:
            errors.sort(key=lambda entry: entry[0])
            raise ImportRefused([message for _, message in errors])
        return list(groups.values())

    # --- writing --------------------------------------------------------------------------

    def _write(self, groups: list[Group]) -> None:
        with transaction.atomic():
            for group in groups:
                line = group.first_line
                try:
                    services.record_measurement(
                        actor=None,
                        check_scope=False,
                        enrolment=group.enrolment,
                        instrument=group.instrument,
                        wave=group.wave,
                        date=group.date,
                        values=group.values,
                    )
                except ValidationError as error:
                    raise _GroupFailed(
                        [f"Rij {line}: {message}" for message in messages_of(error)]
                        + ["Er is niets geïmporteerd (alles is teruggedraaid)."]
                    ) from None
                except Exception as error:
                    # The text of a database error may quote values: name its type only.
                    raise _GroupFailed(
                        [
                            f"Rij {line}: onverwachte fout bij het opslaan "
                            f"({type(error).__name__}). Er is niets geïmporteerd "
                            "(alles is teruggedraaid)."
                        ]
                    ) from None
