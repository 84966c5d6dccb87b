"""Generate fictitious participants at scale, for load tests and benchmarks.

    python manage.py generate_synthetic --participants 100000 --seed 1 [--measurements 20]

The rows are written in bulk, without the services and without the ORM's per-object
machinery, but encrypted exactly as the services do it: every participant gets a data key
of its own (``privacy.services.build_data_key``), every identifier and free text is sealed
with ``Cipher.seal`` under that key with the same associated data as ``casework.services``
(model, column, row pk), BSN and client reference get their blind index, and every
history-tracked row gets its history row (``history_type`` "+", the caseworker as
``history_user``), as ``simple_history.utils.bulk_create_with_history`` would make it.

The content is reproducible: the same seed gives the same names, dates and scores (keys,
nonces and row ids are random, as they must be). Each participant has one active
enrolment with a plan and one goal, ``--progress`` progress entries and ``--measurements``
Measurement rows: waves at intake and every six months, each wave the ZRM, Positieve
Gezondheid and goal attainment (of the one goal), in that order, until the count is
reached. ``--items`` is the number of scores per ZRM and Positieve Gezondheid measurement
(default 1: the participant's focus domain, as a partly filled-in instrument; at most 12
and 6), so by default there is one MeasurementValue row per Measurement row. Full
instruments (``--items 12``) multiply the rows, and the time, about sixfold.

Speed: the rows are built as tuples in the database's own representation (the column list
is checked against the models and their history models, the value conversions against the
fields' ``get_db_prep_save``) and written per table with ``cursor.executemany`` (on
PostgreSQL with ``COPY``), one transaction per ``--batch-size`` participants, while a
forked child process generates the next batch, instead of
``bulk_create_with_history``. Measured figures are in ``benchmarks/README.md``.

All participants are enrolled in one team (``--team``, default ``synth`` of organisation
``synthetic``) whose caseworker (``--caseworker``, default ``synth-caseworker``) can log in
with the demo password. The command refuses to run in production.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import multiprocessing
import random
import time
import uuid
from collections.abc import Callable, Iterator, Sequence

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.utils import timezone

from accounts.models import Organisation, User
from accounts.roles import CASEWORKER
from accounts.services import upsert_organisation, upsert_team, upsert_user
from casework import services
from casework.instruments import LIFE_DOMAINS, PG_DIMENSIONS
from casework.models import (
    Enrolment,
    Goal,
    Instrument,
    Measurement,
    MeasurementValue,
    Participant,
    Plan,
    Programme,
    ProgressEntry,
    Wijk,
)
from privacy.bsn import is_valid_bsn
from privacy.cellkey import KEY_RANGE
from privacy.crypto import Cipher, blind_index
from privacy.models import DataKey
from privacy.services import build_data_key

SYNTH_PASSWORD = "demo-Koers-2026"  # noqa: S105 - published demo password, refused in production
ANCHOR = dt.date(2026, 11, 1)  # latest date used, so the content does not depend on the day

GIVEN_NAMES = {
    "M": [
        "Sjoerd", "Hylke", "Jelle", "Durk", "Eelke", "Sytse", "Auke", "Romke", "Wiebe",
        "Pieter", "Klaas", "Bauke", "Jorrit", "Douwe", "Tsjalle", "Mohamed", "Dirk", "Sybren",
        "Hessel", "Finn", "Sem", "Daan", "Thijs", "Luuk", "Jesse", "Ids", "Wessel", "Bram",
    ],
    "V": [
        "Wytske", "Baukje", "Tjitske", "Sietske", "Geeske", "Yfke", "Janke", "Aukje", "Griet",
        "Minke", "Fenna", "Mirte", "Lieke", "Sanne", "Ilse", "Fatima", "Amira", "Nynke",
        "Trijntje", "Hylkje", "Noor", "Emma", "Tess", "Fleur", "Jet", "Anouk", "Isa", "Femke",
    ],
}  # fmt: skip
FAMILY_NAMES = [
    "Hoekstra", "Dijkstra", "Bosma", "Postma", "Wiersma", "Terpstra", "Zijlstra", "Jansma",
    "Hofstra", "Tuinstra", "Veenstra", "Kuipers", "de Jong", "de Vries", "van der Meer",
    "Visser", "de Boer", "Brouwer", "Sikkema", "Feenstra", "Haitsma", "Koopmans", "Nauta",
    "Wijnja", "El Amrani", "Rienstra", "Sinnema", "Bouma", "Kingma", "Westra",
]  # fmt: skip
STREETS = ["Oostergoweg", "Bilgaardpark", "Vredeplein", "Heechterplaan", "Camminghalaan"]
POSTCODE_PREFIX = ["8921", "8925", "8922", "8924", "8926"]
WIJKEN = [choice.value for choice in Wijk]
PROGRAMMES = ["gezinslab", "buurtgezinnen", "schuldenvrij", "lifecoaching", "baangarantie"]
GOALS = [
    ("Ik wil weer rust in mijn hoofd als de post komt.", "financien"),
    ("Ik wil een baan waar ik trots op ben.", "werk_opleiding"),
    ("Ik wil mijn diploma halen.", "werk_opleiding"),
    ("Minder ruzie thuis, meer samen lachen.", "huiselijke_relaties"),
    ("Ik wil van mijn schulden af.", "financien"),
    ("Ik wil mensen om me heen bij wie ik terecht kan.", "sociaal_netwerk"),
]
NOTES = [
    ("contact", "Telefonisch contact, afspraken doorgenomen."),
    ("home_visit", "Huisbezoek, samen de post doorgenomen."),
    ("meeting", "Overleg met school en wijkteam."),
    ("action", "Samen een aanvraag ingevuld."),
    ("milestone", "Doel bereikt, gevierd met het gezin."),
]
ZRM_ITEMS = [code for code, *_ in LIFE_DOMAINS]
PG_ITEMS = [code for code, *_ in PG_DIMENSIONS]


class Command(BaseCommand):
    help = "Maakt reproduceerbare fictieve deelnemers in bulk (voor belastingtests)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--participants", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--measurements", type=int, default=20, help="Measurement rows per participant."
        )
        parser.add_argument("--progress", type=int, default=4, help="Progress entries each.")
        parser.add_argument(
            "--items", type=int, default=1, help="Scores per ZRM and Positieve Gezondheid."
        )
        parser.add_argument("--team", default="synth")
        parser.add_argument("--caseworker", default="synth-caseworker")
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, **options) -> None:
        if settings.KOERS_ENV == "production":
            raise CommandError("generate_synthetic weigert te draaien in productie.")
        count = options["participants"]
        if (
            count < 1
            or options["measurements"] < 0
            or options["progress"] < 0
            or options["items"] < 1
        ):
            raise CommandError("Aantallen moeten positief zijn.")
        generator = Generator(
            seed=options["seed"],
            measurements=options["measurements"],
            progress=options["progress"],
            items=options["items"],
            team_code=options["team"],
            caseworker=options["caseworker"],
        )
        if Participant.objects.filter(
            client_ref_index=blind_index("client_ref", generator.client_ref(0))
        ).exists():
            raise CommandError(
                f"Er zijn al synthetische deelnemers met seed {options['seed']}; "
                "kies een andere seed of een lege database."
            )
        started = time.monotonic()
        batch_size = max(1, options["batch_size"])
        plan = [(offset, min(batch_size, count - offset)) for offset in range(0, count, batch_size)]
        done = 0
        with sqlite_cache():
            for batch in generator.generated(plan):
                with transaction.atomic():
                    generator.write(batch)
                done += batch.size
                elapsed = time.monotonic() - started
                self.stdout.write(
                    f"{done}/{count} deelnemers, {elapsed:.1f} s ({done / elapsed:.0f} per seconde)"
                )
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Klaar: {count} deelnemers in team {options['team']}, {generator.rows} rijen "
                f"(plus historie) in {elapsed:.1f} s."
            )
        )


@dataclasses.dataclass
class Batch:
    """Generated rows per model, as tuples in the column order of ``Generator.tables``.

    MeasurementValue rows still lack their id (the last column); ``Generator.write`` gives it.
    """

    size: int
    rows: dict[type[models.Model], list[tuple]]


@contextlib.contextmanager
def sqlite_cache(kib: int = 512 * 1024) -> Iterator[None]:
    """On SQLite, a page cache of ``kib`` KiB for this connection while the block runs.

    The indexes on random UUIDs are written all over; with SQLite's default cache of 2 MiB
    every batch spills and rereads pages, which doubles the time. SQLite allocates the
    cache only as pages are used; the previous size is restored afterwards.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


HISTORY_COLUMNS = ("history_date", "history_change_reason", "history_type", "history_user_id")
PARTICIPANT_COLUMNS = (
    "id", "version", "data_key_id", "given_name", "family_name", "bsn", "date_of_birth",
    "street", "house_number", "postcode", "city", "phone", "email", "client_ref", "bsn_index",
    "client_ref_index", "year_of_birth", "gender", "wijk", "created_at", "erased_at",
    "record_key",
)  # fmt: skip
BSN_COLUMN = PARTICIPANT_COLUMNS.index("bsn")
BSN_INDEX_COLUMN = PARTICIPANT_COLUMNS.index("bsn_index")


class Table:
    """One table (and its history table), written with ``executemany`` of prebuilt tuples.

    ``columns`` are the attribute names in the order of the tuples; they must be exactly the
    model's concrete fields, and the history model's fields must be exactly these plus the
    history fields, so a changed model stops the command instead of writing wrong rows.
    """

    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        quote = connection.ops.quote_name
        fields = {f.attname: f for f in model._meta.local_concrete_fields}
        if sorted(fields) != sorted(columns):
            raise CommandError(
                f"generate_synthetic kent de kolommen van {model._meta.label} niet: "
                f"{sorted(set(fields) ^ set(columns))}"
            )
        self.sql = self._insert(
            model._meta.db_table, [quote(fields[name].column) for name in columns]
        )
        self.copy = self._copy(
            model._meta.db_table, [quote(fields[name].column) for name in columns]
        )
        self.history_sql = self.history_copy = self.history_positions = None
        history = getattr(model, "history", None)
        if history is not None and getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            hfields = {f.attname: f for f in history.model._meta.local_concrete_fields}
            # Columns left out of the history (a participant's record key) are left out of
            # its rows too.
            tracked = [name for name in columns if name in hfields]
            self.history_positions = (
                None if len(tracked) == len(columns) else [columns.index(n) for n in tracked]
            )
            names = [*tracked, *HISTORY_COLUMNS]
            if sorted(hfields) != sorted([*names, "history_id"]):
                raise CommandError(
                    f"generate_synthetic kent de historiekolommen van {model._meta.label} "
                    f"niet: {sorted(set(hfields) ^ {*names, 'history_id'})}"
                )
            history_columns = [quote(hfields[name].column) for name in names]
            self.history_sql = self._insert(history.model._meta.db_table, history_columns)
            self.history_copy = self._copy(history.model._meta.db_table, history_columns)

    @staticmethod
    def _insert(table: str, columns: list[str]) -> str:
        placeholders = ", ".join(["%s"] * len(columns))
        quoted = connection.ops.quote_name(table)
        # Table and column names come from the models, quoted; values are parameters.
        return f"INSERT INTO {quoted} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608

    @staticmethod
    def _copy(table: str, columns: list[str]) -> str:
        return f"COPY {connection.ops.quote_name(table)} ({', '.join(columns)}) FROM STDIN"

    def write(self, cursor, rows: list[tuple], history_suffix: tuple) -> None:
        if not rows:
            return
        if connection.vendor == "postgresql":
            # executemany costs a statement per row there; COPY streams the rows (psycopg 3).
            self._copy_rows(cursor, self.copy, rows)
            if self.history_copy:
                self._copy_rows(cursor, self.history_copy, self._history_rows(rows, history_suffix))
            return
        cursor.executemany(self.sql, rows)
        if self.history_sql:
            cursor.executemany(self.history_sql, self._history_rows(rows, history_suffix))

    def _history_rows(self, rows: list[tuple], suffix: tuple) -> list[tuple]:
        positions = self.history_positions
        if positions is None:
            return [row + suffix for row in rows]
        return [tuple(row[i] for i in positions) + suffix for row in rows]

    @staticmethod
    def _copy_rows(cursor, sql: str, rows: list[tuple]) -> None:
        with cursor.cursor.copy(sql) as copy:
            write_row = copy.write_row
            for row in rows:
                write_row(row)


def _ascending_ids(count: int) -> Callable[[], uuid.UUID]:
    """Hands out ``count`` random (version 4) UUIDs, smallest first."""
    return iter(sorted(uuid.uuid4() for _ in range(count))).__next__


def _converters() -> tuple[Callable, Callable, Callable]:
    """UUID, date and datetime to the connection's representation, as the fields do it.

    The fields' own ``get_db_prep_save`` is too slow for millions of cells; these shortcuts
    are checked against it once, on this connection.
    """
    if connection.features.has_native_uuid_field:

        def db_uuid(value: uuid.UUID) -> object:
            return value

    else:

        def db_uuid(value: uuid.UUID) -> object:
            return value.hex

    date_field = Enrolment._meta.get_field("start_date")
    db_date = functools.lru_cache(maxsize=None)(
        lambda value: date_field.get_db_prep_save(value, connection)
    )
    datetime_field = Participant._meta.get_field("created_at")

    def db_datetime(value: dt.datetime) -> object:
        return datetime_field.get_db_prep_save(value, connection)

    sample = uuid.uuid4()
    expected = Participant._meta.get_field("id").get_db_prep_save(sample, connection)
    if db_uuid(sample) != expected:
        raise CommandError("generate_synthetic kan UUID's voor deze database niet omzetten.")
    return db_uuid, db_date, db_datetime


class Generator:
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
        organisation = upsert_organisation(
            code="synthetic", name="Synthetische gegevens", kind=Organisation.Kind.OTHER
        )
        self.team = upsert_team(
            organisation=organisation, code=team_code, name=f"Synthetisch team {team_code}"
        )
        existing = User.objects.filter(username=caseworker).first()
        teams = list(existing.teams.all()) if existing else []
        self.user = upsert_user(
            username=caseworker,
            password=SYNTH_PASSWORD,
            first_name="Synthetische",
            last_name="Hulpverlener",
            organisation=organisation,
            roles=[CASEWORKER],
            teams={team.pk: team for team in [*teams, self.team]}.values(),
        )
        self.programmes = {p.code: p.pk for p in Programme.objects.filter(code__in=PROGRAMMES)}
        instruments = {i.code: i.pk for i in Instrument.objects.all()}
        self.schedule = [
            (index // 3, ("zrm", "positieve_gezondheid", "goal_attainment")[index % 3])
            for index in range(measurements)
        ]
        self.instrument_ids = instruments
        self.waves = (measurements + 2) // 3
        self.bsns: set[str] = set()
        self.db_uuid, self.db_date, self.db_datetime = _converters()
        self.tables = {
            DataKey: Table(DataKey, ("id", "kek_id", "wrapped", "created_at", "destroyed_at")),
            Participant: Table(Participant, PARTICIPANT_COLUMNS),
            Enrolment: Table(
                Enrolment,
                (
                    "id", "version", "participant_id", "programme_id", "team_id",
                    "caseworker_id", "start_date", "end_date", "status", "finding_place",
                    "legal_basis",
                ),
            ),
            Plan: Table(Plan, ("id", "version", "enrolment_id", "summary", "updated_at")),
            Goal: Table(
                Goal,
                (
                    "id", "version", "plan_id", "position", "text", "life_domain", "status",
                    "created_on",
                ),
            ),
            ProgressEntry: Table(
                ProgressEntry,
                ("id", "version", "enrolment_id", "date", "kind", "note", "author_id",
                 "created_at"),
            ),
            Measurement: Table(
                Measurement,
                (
                    "id", "version", "enrolment_id", "participant_id", "instrument_id", "wave",
                    "date", "recorded_by_id",
                ),
            ),
            MeasurementValue: Table(
                MeasurementValue, ("measurement_id", "item", "goal_id", "value", "id")
            ),
        }  # fmt: skip
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
        rng = self.rng
        randint = rng.randint
        seal = Cipher().seal
        db_uuid, db_date = self.db_uuid, self.db_date
        timedelta = dt.timedelta
        created = self.db_datetime(timezone.now())
        keys: list[tuple] = []
        participants: list[tuple] = []
        enrolments: list[tuple] = []
        plans: list[tuple] = []
        goals: list[tuple] = []
        entries: list[tuple] = []
        measurements: list[tuple] = []
        values: list[tuple] = []
        user_id = self.user.pk
        team_id = self.team.pk
        active = Enrolment.Status.ACTIVE.value
        school = Enrolment.FindingPlace.SCHOOL.value
        consent = Enrolment.LegalBasis.CONSENT.value
        open_status = Goal.Status.OPEN.value
        programme_ids = [self.programmes[code] for code in PROGRAMMES]
        schedule = [
            (
                wave,
                instrument,
                self.instrument_ids[instrument],
                "intake" if wave == 0 else f"m{wave * 6}",
                7 + wave * 182,
            )
            for wave, instrument in self.schedule
        ]
        plan_text = "Samen opgesteld plan met de eigen doelen van de deelnemer."
        notes = [NOTES[number % len(NOTES)] for number in range(self.progress)]
        items = self.items
        # Random ids, handed out in ascending order within the batch: every index on them
        # (and on the keys they are referred by) is then written in one sweep instead of at
        # random places, which keeps the time per batch flat as the tables grow.
        new_participant = _ascending_ids(size)
        new_enrolment = _ascending_ids(size)
        new_plan = _ascending_ids(size)
        new_goal = _ascending_ids(size)
        new_entry = _ascending_ids(size * self.progress)
        new_measurement = _ascending_ids(size * len(schedule))
        for index in range(offset, offset + size):
            key = build_data_key()
            keys.append((db_uuid(key.pk), key.kek_id, key.wrapped, created, None))
            gender = rng.choice("MV")
            given = rng.choice(GIVEN_NAMES[gender])
            family = rng.choice(FAMILY_NAMES)
            year = randint(1950, 2012)
            birth = dt.date(year, randint(1, 12), randint(1, 28))
            area = rng.randrange(5)
            bsn = self.bsn()
            client_ref = self.client_ref(index)
            plain = (
                ("given_name", given),
                ("family_name", family),
                ("bsn", bsn),
                ("date_of_birth", birth.isoformat()),
                ("street", STREETS[area]),
                ("house_number", str(randint(1, 200))),
                (
                    "postcode",
                    f"{POSTCODE_PREFIX[area]} {rng.choice('ABDEGHKLMNPRST')}"
                    f"{rng.choice('ABDEGHKLMNPRST')}",
                ),
                ("city", "Leeuwarden"),
                ("phone", f"06 1234 {randint(0, 9999):04d}"),
                ("email", ""),
                ("client_ref", client_ref),
            )
            participant_id = new_participant()
            participant_db = db_uuid(participant_id)
            participants.append(
                (
                    participant_db,
                    1,
                    db_uuid(key.pk),
                    *[
                        seal(
                            datakey=key,
                            model=Participant,
                            column=column,
                            row_pk=participant_id,
                            plaintext=value or None,
                        )
                        for column, value in plain
                    ],
                    blind_index("bsn", bsn),
                    blind_index("client_ref", client_ref),
                    year,
                    gender,
                    WIJKEN[area],
                    created,
                    None,
                    randint(0, KEY_RANGE - 1),
                )
            )

            start = self.anchor - timedelta(days=self.waves * 182 + randint(7, 365))
            enrolment_db = db_uuid(new_enrolment())
            enrolments.append(
                (
                    enrolment_db,
                    1,
                    participant_db,
                    programme_ids[index % len(PROGRAMMES)],
                    team_id,
                    user_id,
                    db_date(start),
                    None,
                    active,
                    school,
                    consent,
                )
            )
            plan_id = new_plan()
            plan_db = db_uuid(plan_id)
            plans.append(
                (
                    plan_db,
                    1,
                    enrolment_db,
                    seal(
                        datakey=key,
                        model=Plan,
                        column="summary",
                        row_pk=plan_id,
                        plaintext=plan_text,
                    ),
                    created,
                )
            )
            goal_text, domain = rng.choice(GOALS)
            goal_id = new_goal()
            goal_db = db_uuid(goal_id)
            goals.append(
                (
                    goal_db,
                    1,
                    plan_db,
                    1,
                    seal(
                        datakey=key, model=Goal, column="text", row_pk=goal_id, plaintext=goal_text
                    ),
                    domain,
                    open_status,
                    db_date(start + timedelta(days=14)),
                )
            )

            span = max(1, (self.anchor - start).days - 1)
            for kind, note in notes:
                entry_id = new_entry()
                entries.append(
                    (
                        db_uuid(entry_id),
                        1,
                        enrolment_db,
                        db_date(start + timedelta(days=randint(1, span))),
                        kind,
                        seal(
                            datakey=key,
                            model=ProgressEntry,
                            column="note",
                            row_pk=entry_id,
                            plaintext=note,
                        ),
                        user_id,
                        created,
                    )
                )

            # The goal's life domain first, then other domains, up to --items scores.
            zrm_items = [domain] + rng.sample([i for i in ZRM_ITEMS if i != domain], k=11)
            pg_items = rng.sample(PG_ITEMS, k=6)
            zrm = {item: randint(1, 4) for item in zrm_items[:items]}
            health = {item: randint(2, 7) for item in pg_items[:items]}
            attainment = randint(0, 4)
            goal_scores = str(goal_id)
            current_wave = 0
            for wave, instrument, instrument_id, label, days in schedule:
                if wave != current_wave:  # scores improve a little every six months
                    current_wave = wave
                    zrm = {k: min(5, v + (rng.random() < 0.3)) for k, v in zrm.items()}
                    health = {k: min(10, v + (rng.random() < 0.4)) for k, v in health.items()}
                    attainment = min(10, attainment + randint(0, 2))
                measurement_db = db_uuid(new_measurement())
                measurements.append(
                    (
                        measurement_db,
                        1,
                        enrolment_db,
                        participant_db,
                        instrument_id,
                        label,
                        db_date(start + timedelta(days=days)),
                        user_id,
                    )
                )
                if instrument == "zrm":
                    values.extend((measurement_db, k, None, v) for k, v in zrm.items())
                elif instrument == "positieve_gezondheid":
                    values.extend((measurement_db, k, None, v) for k, v in health.items())
                else:
                    values.append((measurement_db, goal_scores, goal_db, attainment))

        return Batch(
            size=size,
            rows={
                DataKey: keys,
                Participant: participants,
                Enrolment: enrolments,
                Plan: plans,
                Goal: goals,
                ProgressEntry: entries,
                Measurement: measurements,
                MeasurementValue: values,
            },
        )

    def write(self, batch: Batch) -> None:
        """Write one batch, every row with its history row (in the caller's transaction)."""
        rows = batch.rows
        self._drop_known_bsns(rows[Participant])
        values = rows[MeasurementValue]
        ids = self._new_ids(MeasurementValue, len(values))
        rows[MeasurementValue] = [row + (pk,) for row, pk in zip(values, ids, strict=True)]
        suffix = self.history_suffix
        with connection.cursor() as cursor:
            for model, table in self.tables.items():
                table.write(cursor, rows[model], suffix)
        self.rows += sum(len(model_rows) for model_rows in rows.values())

    @staticmethod
    def _new_ids(model: type[models.Model], count: int) -> list[int]:
        """``count`` new values of the auto-increment primary key, never used before.

        PostgreSQL hands them out from the column's sequence. SQLite (AUTOINCREMENT) counts
        on from the highest id it ever gave, so a deleted row's id, still named by its
        history rows, is not given again; explicit ids above it move that mark on.
        """
        if not count:
            return []
        table = model._meta.db_table
        column = model._meta.pk.column
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [table, column, count],
                )
                return [pk for (pk,) in cursor.fetchall()]
            quote = connection.ops.quote_name
            cursor.execute(f"SELECT MAX({quote(column)}) FROM {quote(table)}")  # noqa: S608
            highest = cursor.fetchone()[0] or 0
            if connection.vendor == "sqlite":
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
                row = cursor.fetchone()
                highest = max(highest, row[0] if row else 0)
        return list(range(highest + 1, highest + 1 + count))

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
