"""python manage.py outcome_report AGREEMENT_CODE --period YYYY[-MM] --format csv|xlsx|pdf --out FILE

The same report as the page and the API, for operators; logged with its SHA-256 under the
actor label ``manage.py outcome_report``."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from financing import reports
from financing.models import Agreement


class Command(BaseCommand):
    help = "Write the outcome report of an agreement for a period (csv, xlsx or pdf)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("agreement")
        parser.add_argument("--period", required=True, help="YYYY or YYYY-MM")
        parser.add_argument("--format", choices=sorted(reports.RENDERERS), required=True)
        parser.add_argument("--out", required=True)

    def handle(self, *args, **options) -> None:
        agreement = (
            Agreement.objects.select_related("payer", "programme")
            .filter(code=options["agreement"])
            .first()
        )
        if agreement is None:
            raise CommandError("Onbekende afspraak.")
        try:
            data = reports.generate(
                user=None,
                actor_label="manage.py outcome_report",
                agreement=agreement,
                period=options["period"],
                fmt=options["format"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        Path(options["out"]).write_bytes(data)
        self.stdout.write(f"{options['out']} sha256={reports.sha256(data)}")
