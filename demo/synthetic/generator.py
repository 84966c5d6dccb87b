"""The synthetic data generator: its team and caseworker, batches generated ahead in a child
process, and writing them."""

from __future__ import annotations

import multiprocessing
import random
from collections.abc import Iterator

from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from accounts.models import Organisation, User
from accounts.roles import CASEWORKER
from accounts.services import upsert_organisation, upsert_team, upsert_user
from casework import services
from casework.models import Instrument, MeasurementValue, Participant, Programme
from demo.synthetic.content import ANCHOR, PROGRAMMES, SYNTH_PASSWORD
from demo.synthetic.rows import Batch, BatchRows
from demo.synthetic.tables import (
    BSN_COLUMN,
    BSN_INDEX_COLUMN,
    converters,
    new_ids,
    tables,
)
from privacy.bsn import is_valid_bsn


class Generator:
    """The seeded source of synthetic participants: generates batches of rows (in a forked
    child where it can) and writes them, each row with its history row."""

    def __init__(
        self,
        *,
        seed: int,
        measurements: int,
        progress: int,
        items: int,
        team_code: str,
        caseworker: str,
    ) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.measurements = measurements
        self.progress = progress
        self.items = items
        self.rows = 0
        self.anchor = min(timezone.localdate(), ANCHOR)
        self.now = timezone.now()
        services.sync_registry()
        self.team, self.user = _team_and_caseworker(team_code, caseworker)
        self.programmes = {p.code: p.pk for p in Programme.objects.filter(code__in=PROGRAMMES)}
        self.instrument_ids = {i.code: i.pk for i in Instrument.objects.all()}
        self.schedule = [
            (index // 3, ("zrm", "positieve_gezondheid", "goal_attainment")[index % 3])
            for index in range(measurements)
        ]
        self.waves = (measurements + 2) // 3
        self.bsns: set[str] = set()
        self.db_uuid, self.db_date, self.db_datetime = converters()
        self.tables = tables()
        self.history_suffix = (self.db_datetime(self.now), None, "+", self.user.pk)

    def client_ref(self, index: int) -> str:
        return f"SYN{self.seed}-{index + 1:07d}"

    def bsn(self) -> str:
        """A fictitious BSN (99xxxxxxx, passing the 11-proef), unique within this run."""
        while True:
            candidate = f"99{self.rng.randint(0, 9_999_999):07d}"
            if candidate not in self.bsns and is_valid_bsn(candidate):
                self.bsns.add(candidate)
                return candidate

    def generated(self, plan: list[tuple[int, int]]) -> Iterator[Batch]:
        """The batches of ``plan`` (offset, size), generated in order.

        Generating (random draws, encryption) and writing each take about half the time, so
        where processes can be forked a child process generates the next batch while this
        one writes: the child has the seeded random generator and sends each batch through
        a pipe, which holds it back once it is a batch ahead. The child touches no database.
        """
        if len(plan) < 2 or "fork" not in multiprocessing.get_all_start_methods():
            for offset, size in plan:
                yield self.generate(offset, size)
            return
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(target=self._produce, args=(plan, sender), daemon=True)
        child.start()
        sender.close()
        try:
            for _ in plan:
                try:
                    yield receiver.recv()
                except EOFError:
                    raise CommandError(
                        "Het genereren is mislukt (zie de foutmelding hierboven)."
                    ) from None
        finally:
            receiver.close()
            child.join(timeout=5)
            if child.is_alive():
                child.terminate()
                child.join()

    def _produce(self, plan: list[tuple[int, int]], sender) -> None:
        for offset, size in plan:
            sender.send(self.generate(offset, size))
        sender.close()

    def generate(self, offset: int, size: int) -> Batch:
        """``size`` participants with everything they have, as rows ready to be written.

        The random draws are made in the same order as ever, so a seed keeps its content.
        """
        rows = BatchRows(self, size)
        for index in range(offset, offset + size):
            rows.add(index)
        return rows.batch()

    def write(self, batch: Batch) -> None:
        """Write one batch, every row with its history row (in the caller's transaction)."""
        rows = batch.rows
        self._drop_known_bsns(rows[Participant])
        values = rows[MeasurementValue]
        ids = new_ids(MeasurementValue, len(values))
        rows[MeasurementValue] = [row + (pk,) for row, pk in zip(values, ids, strict=True)]
        suffix = self.history_suffix
        with connection.cursor() as cursor:
            for model, table in self.tables.items():
                table.write(cursor, rows[model], suffix)
        self.rows += sum(len(model_rows) for model_rows in rows.values())

    @staticmethod
    def _drop_known_bsns(participants: list[tuple]) -> None:
        """A BSN already in the database (from another seed) is left out, not duplicated."""
        taken = set(
            Participant.objects.filter(
                bsn_index__in=[row[BSN_INDEX_COLUMN] for row in participants]
            ).values_list("bsn_index", flat=True)
        )
        if not taken:
            return
        for position, row in enumerate(participants):
            if row[BSN_INDEX_COLUMN] in taken:
                row = list(row)
                row[BSN_COLUMN] = row[BSN_INDEX_COLUMN] = None
                participants[position] = tuple(row)


def _team_and_caseworker(team_code: str, username: str):
    """The synthetic team, and its caseworker (keeping any teams the user already has)."""
    organisation = upsert_organisation(
        code="synthetic", name="Synthetische gegevens", kind=Organisation.Kind.OTHER
    )
    team = upsert_team(
        organisation=organisation, code=team_code, name=f"Synthetisch team {team_code}"
    )
    existing = User.objects.filter(username=username).first()
    teams = list(existing.teams.all()) if existing else []
    user = upsert_user(
        username=username,
        password=SYNTH_PASSWORD,
        first_name="Synthetische",
        last_name="Hulpverlener",
        organisation=organisation,
        roles=[CASEWORKER],
        teams={team.pk: team for team in [*teams, team]}.values(),
    )
    return team, user
