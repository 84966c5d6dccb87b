"""Erase participants whose retention period has passed."""

from __future__ import annotations

from collections import Counter

from django.core.management.base import BaseCommand
from django.db import transaction

from privacy import context, erasure_ledger, registry, services
from privacy.models import AccessEvent
from privacy.retention import cutoffs

ACTOR = "command:apply_retention"


class Command(BaseCommand):
    help = (
        "Erase (crypto-shredding) every participant whose enrolments all ended longer ago than "
        "the retention period of their programme (settings.KOERS_RETENTION_YEARS, years after "
        "the end). Programmes without a period are never due. Prints counts per programme, "
        "no identifiers. --dry-run lists what is due and erases nothing. Each erasure is "
        f"logged in the access log as '{ACTOR}'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="report only, erase nothing")

    def handle(self, *args, dry_run=False, **options):
        provider = registry.provider()
        limits = cutoffs()
        due = provider.due_for_retention(limits)
        per_programme: Counter[str] = Counter()
        for pk in due:
            summary = provider.summarise(pk) or {}
            for programme in sorted({e["programme"] for e in summary.get("enrolments", [])}):
                per_programme[programme] += 1
        self.stdout.write("Bewaartermijnen (einde traject vóór):")
        for code, cutoff in sorted(limits.items()):
            self.stdout.write(f"  {code}: {cutoff.isoformat()}")
        verb = "te wissen" if dry_run else "gewist"
        self.stdout.write(f"Deelnemers {verb}: {len(due)}")
        for code, count in sorted(per_programme.items()):
            self.stdout.write(f"  {code}: {count}")
        if dry_run:
            self.stdout.write("Proefdraai (--dry-run): er is niets gewist.")
            return
        context.new_command_request_id(ACTOR)
        for pk in due:
            with transaction.atomic():
                erasure_ledger.erase(pk, reason="retention")
                services.log_access(
                    actor_label=ACTOR,
                    looks=[
                        services.Look(
                            subject_id=pk, what="retention", action=AccessEvent.Action.ERASURE
                        )
                    ],
                    purpose="retention",
                )
