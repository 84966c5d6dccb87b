"""Check the hash chain of the access log."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from privacy.services import verify_access_log


class Command(BaseCommand):
    help = (
        "Walk the hash-chained access log and check every event against the one before. Exits "
        "0 when the chain is whole; otherwise exits non-zero naming the sequence number of the "
        "first event that was altered, removed or put out of place."
    )

    def handle(self, *args, **options):
        result = verify_access_log()
        if not result.ok:
            raise CommandError(
                f"Inzagelog is niet intact: eerste fout bij volgnummer {result.first_broken} "
                f"({result.reason}); {result.count} gebeurtenissen daarvoor zijn in orde."
            )
        self.stdout.write(f"Inzagelog intact: {result.count} gebeurtenissen gecontroleerd.")
