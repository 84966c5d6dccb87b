"""The rows of one batch of synthetic participants, built participant by participant, table by table."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone

from casework.models import (
    Enrolment,
    Goal,
    Measurement,
    MeasurementValue,
    Participant,
    Plan,
    ProgressEntry,
)
from demo.synthetic.content import (
    FAMILY_NAMES,
    GIVEN_NAMES,
    GOALS,
    NOTES,
    PG_ITEMS,
    POSTCODE_PREFIX,
    PROGRAMMES,
    STREETS,
    WIJKEN,
    ZRM_ITEMS,
)
from privacy.cellkey import KEY_RANGE
from privacy.crypto import Cipher, blind_index
from privacy.models import DataKey
from privacy.services import build_data_key

if TYPE_CHECKING:
    from demo.synthetic.generator import Generator

PLAN_TEXT = "Samen opgesteld plan met de eigen doelen van de deelnemer."
POSTCODE_LETTERS = "ABDEGHKLMNPRST"


@dataclasses.dataclass
class Batch:
    """Generated rows per model, as tuples in the column order of ``Generator.tables``.

    MeasurementValue rows still lack their id (the last column); ``Generator.write`` gives it.
    """

    size: int
    rows: dict[type[models.Model], list[tuple]]


def _ascending_ids(count: int) -> Callable[[], uuid.UUID]:
    """Hands out ``count`` random (version 4) UUIDs, smallest first."""
    return iter(sorted(uuid.uuid4() for _ in range(count))).__next__


class BatchRows:
    """Builds the rows of ``size`` participants; ``add(index)`` adds one participant with
    everything they have. The random draws are made in the same order as ever, so a seed
    keeps its content."""

    def __init__(self, generator: Generator, size: int) -> None:
        self.size = size
        self.generator = generator
        self.rng = generator.rng
        self.seal = Cipher().seal
        self.db_uuid, self.db_date = generator.db_uuid, generator.db_date
        self.created = generator.db_datetime(timezone.now())
        self.user_id = generator.user.pk
        self.programme_ids = [generator.programmes[code] for code in PROGRAMMES]
        self.schedule = [
            (
                wave,
                instrument,
                generator.instrument_ids[instrument],
                "intake" if wave == 0 else f"m{wave * 6}",
                7 + wave * 182,
            )
            for wave, instrument in generator.schedule
        ]
        self.notes = [NOTES[number % len(NOTES)] for number in range(generator.progress)]
        self.rows: dict[type[models.Model], list[tuple]] = {
            model: []
            for model in (
                DataKey,
                Participant,
                Enrolment,
                Plan,
                Goal,
                ProgressEntry,
                Measurement,
                MeasurementValue,
            )
        }
        # Random ids, handed out in ascending order within the batch: every index on them
        # (and on the keys they are referred by) is then written in one sweep instead of at
        # random places, which keeps the time per batch flat as the tables grow.
        self.new_id = {
            Participant: _ascending_ids(size),
            Enrolment: _ascending_ids(size),
            Plan: _ascending_ids(size),
            Goal: _ascending_ids(size),
            ProgressEntry: _ascending_ids(size * generator.progress),
            Measurement: _ascending_ids(size * len(self.schedule)),
        }

    def batch(self) -> Batch:
        return Batch(size=self.size, rows=self.rows)

    def add(self, index: int) -> None:
        """Participant ``index`` of the run: key, identity, enrolment, plan, goal, progress
        entries and measurements."""
        key = build_data_key()
        self.rows[DataKey].append(
            (self.db_uuid(key.pk), key.kek_id, key.wrapped, self.created, None)
        )
        participant_db = self._participant(index, key)
        randint = self.rng.randint
        generator = self.generator
        start = generator.anchor - dt.timedelta(days=generator.waves * 182 + randint(7, 365))
        enrolment_db = self._enrolment(index, participant_db, start)
        plan_db = self._plan(key, enrolment_db)
        goal_id, goal_db, domain = self._goal(key, plan_db, start)
        self._progress(key, enrolment_db, start)
        self._measurements(participant_db, enrolment_db, start, goal_id, goal_db, domain)

    def _sealed(self, key: DataKey, model: type[models.Model], column: str, pk, text):
        return self.seal(datakey=key, model=model, column=column, row_pk=pk, plaintext=text)

    def _identity(self, index: int) -> tuple[tuple[tuple[str, str], ...], dict]:
        """The participant's identifiers (to be sealed, in column order) and the open fields:
        blind indexes, year of birth, gender and wijk."""
        rng, randint = self.rng, self.rng.randint
        gender = rng.choice("MV")
        given = rng.choice(GIVEN_NAMES[gender])
        family = rng.choice(FAMILY_NAMES)
        year = randint(1950, 2012)
        birth = dt.date(year, randint(1, 12), randint(1, 28))
        area = rng.randrange(5)
        bsn = self.generator.bsn()
        client_ref = self.generator.client_ref(index)
        identifiers = (
            ("given_name", given),
            ("family_name", family),
            ("bsn", bsn),
            ("date_of_birth", birth.isoformat()),
            ("street", STREETS[area]),
            ("house_number", str(randint(1, 200))),
            (
                "postcode",
                f"{POSTCODE_PREFIX[area]} {rng.choice(POSTCODE_LETTERS)}"
                f"{rng.choice(POSTCODE_LETTERS)}",
            ),
            ("city", "Leeuwarden"),
            ("phone", f"06 1234 {randint(0, 9999):04d}"),
            ("email", ""),
            ("client_ref", client_ref),
        )
        blind = {
            "bsn": blind_index("bsn", bsn),
            "client_ref": blind_index("client_ref", client_ref),
        }
        return identifiers, {"blind": blind, "year": year, "gender": gender, "wijk": WIJKEN[area]}

    def _participant(self, index: int, key: DataKey) -> object:
        identifiers, open_fields = self._identity(index)
        participant_id = self.new_id[Participant]()
        participant_db = self.db_uuid(participant_id)
        self.rows[Participant].append(
            (
                participant_db,
                1,
                self.db_uuid(key.pk),
                *[
                    self._sealed(key, Participant, column, participant_id, value or None)
                    for column, value in identifiers
                ],
                open_fields["blind"]["bsn"],
                open_fields["blind"]["client_ref"],
                open_fields["year"],
                open_fields["gender"],
                open_fields["wijk"],
                self.created,
                None,
                self.rng.randint(0, KEY_RANGE - 1),
            )
        )
        return participant_db

    def _enrolment(self, index: int, participant_db, start: dt.date) -> object:
        enrolment_db = self.db_uuid(self.new_id[Enrolment]())
        self.rows[Enrolment].append(
            (
                enrolment_db,
                1,
                participant_db,
                self.programme_ids[index % len(PROGRAMMES)],
                self.generator.team.pk,
                self.user_id,
                self.db_date(start),
                None,
                Enrolment.Status.ACTIVE.value,
                Enrolment.FindingPlace.SCHOOL.value,
                Enrolment.LegalBasis.CONSENT.value,
            )
        )
        return enrolment_db

    def _plan(self, key: DataKey, enrolment_db) -> object:
        plan_id = self.new_id[Plan]()
        plan_db = self.db_uuid(plan_id)
        summary = self._sealed(key, Plan, "summary", plan_id, PLAN_TEXT)
        self.rows[Plan].append((plan_db, 1, enrolment_db, summary, self.created))
        return plan_db

    def _goal(self, key: DataKey, plan_db, start: dt.date) -> tuple[uuid.UUID, object, str]:
        goal_text, domain = self.rng.choice(GOALS)
        goal_id = self.new_id[Goal]()
        goal_db = self.db_uuid(goal_id)
        self.rows[Goal].append(
            (
                goal_db,
                1,
                plan_db,
                1,
                self._sealed(key, Goal, "text", goal_id, goal_text),
                domain,
                Goal.Status.OPEN.value,
                self.db_date(start + dt.timedelta(days=14)),
            )
        )
        return goal_id, goal_db, domain

    def _progress(self, key: DataKey, enrolment_db, start: dt.date) -> None:
        span = max(1, (self.generator.anchor - start).days - 1)
        for kind, note in self.notes:
            entry_id = self.new_id[ProgressEntry]()
            self.rows[ProgressEntry].append(
                (
                    self.db_uuid(entry_id),
                    1,
                    enrolment_db,
                    self.db_date(start + dt.timedelta(days=self.rng.randint(1, span))),
                    kind,
                    self._sealed(key, ProgressEntry, "note", entry_id, note),
                    self.user_id,
                    self.created,
                )
            )

    def _first_scores(self, domain: str) -> tuple[dict, dict, int]:
        """ZRM (the goal's life domain first, then other domains) and Positieve Gezondheid
        scores, up to ``--items`` each, and the goal attainment at intake."""
        rng, items = self.rng, self.generator.items
        zrm_items = [domain] + rng.sample([i for i in ZRM_ITEMS if i != domain], k=11)
        pg_items = rng.sample(PG_ITEMS, k=6)
        zrm = {item: rng.randint(1, 4) for item in zrm_items[:items]}
        health = {item: rng.randint(2, 7) for item in pg_items[:items]}
        return zrm, health, rng.randint(0, 4)

    def _measurements(
        self, participant_db, enrolment_db, start: dt.date, goal_id, goal_db, domain: str
    ) -> None:
        rng = self.rng
        zrm, health, attainment = self._first_scores(domain)
        goal_scores = str(goal_id)
        values = self.rows[MeasurementValue]
        current_wave = 0
        for wave, instrument, instrument_id, label, days in self.schedule:
            if wave != current_wave:  # scores improve a little every six months
                current_wave = wave
                zrm = {k: min(5, v + (rng.random() < 0.3)) for k, v in zrm.items()}
                health = {k: min(10, v + (rng.random() < 0.4)) for k, v in health.items()}
                attainment = min(10, attainment + rng.randint(0, 2))
            measurement_db = self.db_uuid(self.new_id[Measurement]())
            self.rows[Measurement].append(
                (
                    measurement_db,
                    1,
                    enrolment_db,
                    participant_db,
                    instrument_id,
                    label,
                    self.db_date(start + dt.timedelta(days=days)),
                    self.user_id,
                )
            )
            if instrument == "zrm":
                values.extend((measurement_db, k, None, v) for k, v in zrm.items())
            elif instrument == "positieve_gezondheid":
                values.extend((measurement_db, k, None, v) for k, v in health.items())
            else:
                values.append((measurement_db, goal_scores, goal_db, attainment))
