"""Move a closed year of the access log to a file outside the database (see
``privacy.access_log_archive``)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from privacy.access_log_archive import ArchiveRefused, archive_year


class Command(BaseCommand):
    help = (
        "Write the access log's events of a closed year (and the checkpoints that sealed them) "
        "to FILE as JSON lines with a keyed manifest, verify the file, then remove those events "
        "from the database in one transaction; the chains stay verifiable from their anchors. "
        "Refuses the current year, a year not yet sealed by a checkpoint, and a broken log."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="the year to archive")
        parser.add_argument("--out", required=True, help="the archive file to write (new)")

    def handle(self, *args, **options):
        try:
            report = archive_year(options["year"], Path(options["out"]))
        except ArchiveRefused as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(
            f"Inzagelog {report.year} gearchiveerd in {options['out']}: {report.events} "
            f"gebeurtenissen in {report.chains} ketens, {report.checkpoints} controlepunten; "
            f"SHA-256 {report.sha256}. Bewaar het bestand buiten de database."
        )
