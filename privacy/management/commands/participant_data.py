"""Right of access from the command line: everything stored about one participant as JSON."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from privacy import context, report
from privacy.management.commands._common import subject_id

ACTOR = "command:participant_data"


class Command(BaseCommand):
    help = (
        "Write everything Koers stores about one participant (identity and all its historical "
        "versions, enrolments, plans, goals, notes, measurements, households, consents, "
        "break-the-glass accesses and who looked) as JSON to stdout; --pdf also writes the "
        "readable Dutch PDF for the resident. Each run is logged in the access log as "
        f"'{ACTOR}'. For an erased participant only non-identifying values remain, and the "
        "command says so on stderr."
    )

    def add_arguments(self, parser):
        parser.add_argument("participant_id", help="internal id (UUID) of the participant")
        parser.add_argument("--pdf", metavar="FILE", help="also write the PDF report to FILE")

    def handle(self, *args, participant_id, pdf=None, **options):
        pk = subject_id(participant_id)
        context.new_command_request_id(ACTOR)
        data = report.participant_report(pk, actor_label=ACTOR)
        self.stdout.write(report.report_json(data))
        if data.get("erased"):
            self.stderr.write(
                "Deze deelnemer is gewist: identificerende gegevens en notities zijn onleesbaar; "
                "alleen niet-identificerende gegevens staan in het overzicht."
            )
        if pdf:
            Path(pdf).write_bytes(report.report_pdf(data))
            self.stderr.write(f"PDF geschreven naar {pdf}.")
