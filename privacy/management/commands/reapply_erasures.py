"""After a restore: erase again everyone the erasure ledger holds but the database does not."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from privacy import context
from privacy.erasure_ledger import reapply


class Command(BaseCommand):
    help = (
        "Read the erasure ledger (KOERS_ERASURE_LEDGER, or --ledger FILE) and erase again every "
        "participant it names whom the restored database holds unerased. Refuses, erasing "
        "nothing, when a line of the ledger is not valid (its HMAC under KOERS_AUDIT_KEY). Run "
        "it after every restore, before the app is opened to users."
    )

    def add_arguments(self, parser):
        parser.add_argument("--ledger", help="the ledger file (default: KOERS_ERASURE_LEDGER)")
        parser.add_argument("--dry-run", action="store_true", help="count only, erase nothing")

    def handle(self, *args, ledger=None, dry_run=False, **options):
        path = Path(ledger or settings.KOERS_ERASURE_LEDGER or "")
        if not str(path) or str(path) == "." or not path.exists():
            raise CommandError(f"Geen wisregister gevonden: {path} (zet KOERS_ERASURE_LEDGER).")
        context.new_command_request_id("reapply_erasures")
        result = reapply(path, dry_run=dry_run)
        if result.refused:
            raise CommandError(
                "Het wisregister is niet te vertrouwen (regel "
                + ", ".join(str(number) for number in result.refused)
                + " zonder geldige handtekening); er is niets gewist."
            )
        verb = "opnieuw te wissen" if dry_run else "opnieuw gewist"
        self.stdout.write(
            f"Wisregister: {len(result.erased)} {verb}, {result.already} al gewist, "
            f"{result.unknown} onbekend in deze database."
        )
