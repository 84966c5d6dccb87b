"""The ``generate_synthetic`` management command: checks its arguments, then writes batch by batch."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from casework.models import Participant
from demo.synthetic.generator import Generator
from demo.synthetic.tables import sqlite_cache
from privacy.crypto import blind_index


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
        _check_arguments(options)
        generator = Generator(
            seed=options["seed"],
            measurements=options["measurements"],
            progress=options["progress"],
            items=options["items"],
            team_code=options["team"],
            caseworker=options["caseworker"],
        )
        _refuse_a_used_seed(generator, options["seed"])
        count = options["participants"]
        started = time.monotonic()
        self._write_batches(generator, count, max(1, options["batch_size"]), started)
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Klaar: {count} deelnemers in team {options['team']}, {generator.rows} rijen "
                f"(plus historie) in {elapsed:.1f} s."
            )
        )

    def _write_batches(
        self, generator: Generator, count: int, batch_size: int, started: float
    ) -> None:
        """Every batch in its own transaction, with a progress line after each."""
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


def _check_arguments(options: dict) -> None:
    if settings.KOERS_ENV == "production":
        raise CommandError("generate_synthetic weigert te draaien in productie.")
    if (
        options["participants"] < 1
        or options["measurements"] < 0
        or options["progress"] < 0
        or options["items"] < 1
    ):
        raise CommandError("Aantallen moeten positief zijn.")


def _refuse_a_used_seed(generator: Generator, seed: int) -> None:
    """The client references follow from the seed: a seed used before would repeat them."""
    if Participant.objects.filter(
        client_ref_index=blind_index("client_ref", generator.client_ref(0))
    ).exists():
        raise CommandError(
            f"Er zijn al synthetische deelnemers met seed {seed}; "
            "kies een andere seed of een lege database."
        )
