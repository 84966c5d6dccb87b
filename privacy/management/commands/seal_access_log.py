"""Write a checkpoint of the access log (every chain's tail), in and outside the database."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from privacy.access_log import seal


class Command(BaseCommand):
    help = (
        "Record every chain's last event in a keyed checkpoint, in the database and in "
        "KOERS_AUDIT_CHECKPOINT_FILE (and the koers.audit log). Run it every few minutes: "
        "events removed from a chain's end before the last checkpoint are detected."
    )

    def handle(self, *args, **options):
        checkpoint = seal()
        self.stdout.write(
            f"Controlepunt {checkpoint.number} vastgelegd: {len(checkpoint.heads)} ketens."
        )
