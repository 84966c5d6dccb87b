"""Import yearly indicator values from a CSV file (indicator,area,year,value,source,published).
All or nothing; every bad row is reported with its number."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from monitoring import services


class Command(BaseCommand):
    help = "Importeer indicatorwaarden uit een CSV-bestand (alles of niets)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="alleen controleren")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            data = file.read_bytes()
        except OSError:
            raise CommandError("Het bestand kan niet worden gelezen.") from None
        try:
            summary = services.import_values(actor=None, data=data, dry_run=dry_run)
        except services.ImportRefused as refused:
            raise CommandError(
                "\n".join(["Het bestand is geweigerd; er is niets opgeslagen.", *refused.errors])
            ) from None
        prefix = "Gecontroleerd (niets opgeslagen)" if dry_run else "Geïmporteerd"
        self.stdout.write(
            f"{prefix}: {summary.total} rijen, {summary.created} nieuw, "
            f"{summary.replaced} vervangen, {summary.unchanged} ongewijzigd."
        )
