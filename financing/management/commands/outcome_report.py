"""python manage.py outcome_report AGREEMENT_CODE [--period 2026|2026-K1|2026-03]
    --format csv|xlsx|pdf --out FILE [--audience contract|management]

The same report as the page and the API, for operators: by default for the agreement's
evaluators (the contract audience, exact), or as the programme office sees it
(``--audience management``: exact, or by the public method with no amounts when
``KOERS_RELEASE_MANAGEMENT=public``). The period defaults to the current year; a bad one is a
``CommandError`` with the Dutch message. Logged with its SHA-256 under the actor label
``manage.py outcome_report``."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from financing import reports, tables
from financing.models import Agreement


class Command(BaseCommand):
    help = "Write the outcome report of an agreement for a period (csv, xlsx or pdf)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("agreement")
        parser.add_argument(
            "--period", default="", help="YYYY, YYYY-K1..K4 or YYYY-MM (default: this year)"
        )
        parser.add_argument("--format", choices=sorted(reports.RENDERERS), required=True)
        parser.add_argument("--out", required=True)
        parser.add_argument(
            "--audience",
            choices=[str(audience) for audience in tables.AUDIENCES],
            default="contract",
        )

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
                audience=options["audience"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        Path(options["out"]).write_bytes(data)
        self.stdout.write(f"{options['out']} sha256={reports.sha256(data)}")
