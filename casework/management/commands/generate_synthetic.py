"""Generate fictitious participants at scale, for load tests and benchmarks.

    python manage.py generate_synthetic --participants 100000 --seed 1 [--measurements 20]

The rows are made in bulk, without the services, but encrypted exactly as the services do it:
every participant gets a data key of its own (``privacy.services.build_data_key``), every
identifier and free text is sealed with ``Cipher.seal`` under that key with the same
associated data as ``casework.services`` (model, column, row pk), BSN and client reference
get their blind index, and every history-tracked row gets its history row through
``simple_history.utils.bulk_create_with_history``.

The content is reproducible: the same seed gives the same names, dates and scores (keys,
nonces and row ids are random, as they must be). Each participant has one active
enrolment with a plan and one goal, ``--progress`` progress entries and ``--measurements``
Measurement rows: waves at intake and every six months, each wave the ZRM, Positieve
Gezondheid and goal attainment (of the one goal), in that order, until the count is
reached. ``--items`` is the number of scores per ZRM and Positieve Gezondheid measurement
(default 1: the participant's focus domain, as a partly filled-in instrument; at most 12
and 6), so by default there is one MeasurementValue row per Measurement row. Full
instruments (``--items 12``) multiply the rows, and the time, about sixfold.

Speed: the cost is Django's bulk insert of each row and its history row (tens of
microseconds each), not the encryption. Measured and extrapolated figures are in
``benchmarks/README.md``.

All participants are enrolled in one team (``--team``, default ``synth`` of organisation
``synthetic``) whose caseworker (``--caseworker``, default ``synth-caseworker``) can log in
with the demo password. The command refuses to run in production.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import uuid

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

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
        done = 0
        while done < count:
            size = min(batch_size, count - done)
            with transaction.atomic():
                generator.batch(done, size)
            done += size
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

    def client_ref(self, index: int) -> str:
        return f"SYN{self.seed}-{index + 1:07d}"

    def bsn(self) -> str:
        """A fictitious BSN (99xxxxxxx, passing the 11-proef), unique within this run."""
        while True:
            candidate = f"99{self.rng.randint(0, 9_999_999):07d}"
            if candidate not in self.bsns and is_valid_bsn(candidate):
                self.bsns.add(candidate)
                return candidate

    def batch(self, offset: int, size: int) -> None:
        rng = self.rng
        cipher = Cipher()
        keys: list[DataKey] = []
        participants: list[Participant] = []
        enrolments: list[Enrolment] = []
        plans: list[Plan] = []
        goals: list[Goal] = []
        entries: list[ProgressEntry] = []
        measurements: list[Measurement] = []
        values: list[MeasurementValue] = []
        user_id = self.user.pk
        for index in range(offset, offset + size):
            key = build_data_key()
            keys.append(key)
            gender = rng.choice("MV")
            given = rng.choice(GIVEN_NAMES[gender])
            family = rng.choice(FAMILY_NAMES)
            year = rng.randint(1950, 2012)
            birth = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
            area = rng.randrange(5)
            bsn = self.bsn()
            client_ref = self.client_ref(index)
            plain = {
                "given_name": given,
                "family_name": family,
                "bsn": bsn,
                "date_of_birth": birth.isoformat(),
                "street": STREETS[area],
                "house_number": str(rng.randint(1, 200)),
                "postcode": f"{POSTCODE_PREFIX[area]} {rng.choice('ABDEGHKLMNPRST')}"
                f"{rng.choice('ABDEGHKLMNPRST')}",
                "city": "Leeuwarden",
                "phone": f"06 1234 {rng.randint(0, 9999):04d}",
                "email": "",
                "client_ref": client_ref,
            }
            participant = Participant(
                id=uuid.uuid4(),
                data_key=key,
                bsn_index=blind_index("bsn", bsn),
                client_ref_index=blind_index("client_ref", client_ref),
                year_of_birth=year,
                gender=gender,
                wijk=WIJKEN[area],
            )
            for column, value in plain.items():
                setattr(
                    participant,
                    column,
                    cipher.seal(
                        datakey=key,
                        model=Participant,
                        column=column,
                        row_pk=participant.pk,
                        plaintext=value or None,
                    ),
                )
            participants.append(participant)

            start = self.anchor - dt.timedelta(days=self.waves * 182 + rng.randint(7, 365))
            enrolment = Enrolment(
                id=uuid.uuid4(),
                participant_id=participant.pk,
                programme_id=self.programmes[PROGRAMMES[index % len(PROGRAMMES)]],
                team_id=self.team.pk,
                caseworker_id=user_id,
                start_date=start,
                status=Enrolment.Status.ACTIVE,
                finding_place=Enrolment.FindingPlace.SCHOOL,
                legal_basis=Enrolment.LegalBasis.CONSENT,
            )
            enrolments.append(enrolment)
            plan = Plan(id=uuid.uuid4(), enrolment_id=enrolment.pk)
            plan.summary = cipher.seal(
                datakey=key,
                model=Plan,
                column="summary",
                row_pk=plan.pk,
                plaintext="Samen opgesteld plan met de eigen doelen van de deelnemer.",
            )
            plans.append(plan)
            goal_text, domain = rng.choice(GOALS)
            goal = Goal(
                id=uuid.uuid4(),
                plan_id=plan.pk,
                position=1,
                life_domain=domain,
                created_on=start + dt.timedelta(days=14),
            )
            goal.text = cipher.seal(
                datakey=key, model=Goal, column="text", row_pk=goal.pk, plaintext=goal_text
            )
            goals.append(goal)

            span = max(1, (self.anchor - start).days - 1)
            for number in range(self.progress):
                kind, note = NOTES[number % len(NOTES)]
                entry = ProgressEntry(
                    id=uuid.uuid4(),
                    enrolment_id=enrolment.pk,
                    date=start + dt.timedelta(days=rng.randint(1, span)),
                    kind=kind,
                    author_id=user_id,
                )
                entry.note = cipher.seal(
                    datakey=key,
                    model=ProgressEntry,
                    column="note",
                    row_pk=entry.pk,
                    plaintext=note,
                )
                entries.append(entry)

            # The goal's life domain first, then other domains, up to --items scores.
            zrm_items = [domain] + rng.sample([i for i in ZRM_ITEMS if i != domain], k=11)
            pg_items = rng.sample(PG_ITEMS, k=6)
            zrm = {item: rng.randint(1, 4) for item in zrm_items[: self.items]}
            health = {item: rng.randint(2, 7) for item in pg_items[: self.items]}
            attainment = rng.randint(0, 4)
            current_wave = 0
            for wave, instrument in self.schedule:
                if wave != current_wave:  # scores improve a little every six months
                    current_wave = wave
                    zrm = {k: min(5, v + (rng.random() < 0.3)) for k, v in zrm.items()}
                    health = {k: min(10, v + (rng.random() < 0.4)) for k, v in health.items()}
                    attainment = min(10, attainment + rng.randint(0, 2))
                measurement = Measurement(
                    id=uuid.uuid4(),
                    enrolment_id=enrolment.pk,
                    participant_id=participant.pk,
                    instrument_id=self.instrument_ids[instrument],
                    wave="intake" if wave == 0 else f"m{wave * 6}",
                    date=start + dt.timedelta(days=7 + wave * 182),
                    recorded_by_id=user_id,
                )
                measurements.append(measurement)
                if instrument == "zrm":
                    scores = zrm.items()
                elif instrument == "positieve_gezondheid":
                    scores = health.items()
                else:
                    scores = [(str(goal.pk), attainment)]
                for item, value in scores:
                    values.append(
                        MeasurementValue(
                            measurement_id=measurement.pk,
                            item=item,
                            value=value,
                            goal_id=goal.pk if instrument == "goal_attainment" else None,
                        )
                    )

        self._drop_known_bsns(participants)
        DataKey.objects.bulk_create(keys, batch_size=2000)
        for model, rows in (
            (Participant, participants),
            (Enrolment, enrolments),
            (Plan, plans),
            (Goal, goals),
            (ProgressEntry, entries),
            (Measurement, measurements),
            (MeasurementValue, values),
        ):
            bulk_create_with_history(
                rows, model, batch_size=2000, default_user=self.user, default_date=self.now
            )
        self.rows += sum(
            len(rows)
            for rows in (keys, participants, enrolments, plans, goals, entries, measurements)
        ) + len(values)

    @staticmethod
    def _drop_known_bsns(participants: list[Participant]) -> None:
        """A BSN already in the database (from another seed) is left out, not duplicated."""
        taken = set(
            Participant.objects.filter(
                bsn_index__in=[p.bsn_index for p in participants]
            ).values_list("bsn_index", flat=True)
        )
        for participant in participants:
            if participant.bsn_index in taken:
                participant.bsn = None
                participant.bsn_index = None
