"""Import measurement scores from a CSV file (client_ref, instrument, item, date, value).

A thin caller of ``casework.services.imports.import_measurements``: rows with the same
participant, instrument and date form one measurement; all or nothing, like
``import_participants``.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from casework.management.commands._refusal import refusal
from casework.services.imports import ImportRefused, import_measurements, measurements, plural


class Command(BaseCommand):
    help = (
        "Importeer scores van metingen uit een CSV-bestand (UTF-8, met kopregel: "
        + ",".join(measurements.COLUMNS)
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
            summary = import_measurements(source=options["file"], dry_run=options["dry_run"])
        except ImportRefused as refused:
            raise refusal(self, refused) from None
        found = (
            f"{plural(summary.measurements, 'meting', 'metingen')} met "
            f"{plural(summary.scores, 'score', 'scores')}"
        )
        if summary.dry_run:
            self.stdout.write(
                f"Proefimport: {found} zouden worden geïmporteerd. Er is niets opgeslagen."
            )
        else:
            self.stdout.write(f"{found} geïmporteerd.")
