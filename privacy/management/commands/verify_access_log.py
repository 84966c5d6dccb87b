"""Check the access log: every chain, its keyed hashes, and the checkpoints in and outside the
database."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from privacy.access_log import seal, verify_access_log
from privacy.access_log_archive import verify_archive


class Command(BaseCommand):
    help = (
        "Walk every chain of the access log and check each event's keyed hash and place, and "
        "every checkpoint in the database and in KOERS_AUDIT_CHECKPOINT_FILE. Exits 0 when all "
        "is whole (and then seals a new checkpoint, unless --no-seal); otherwise exits non-zero "
        "naming the first event or checkpoint that was altered, removed or put out of place."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-seal", action="store_true", help="check only; write no new checkpoint"
        )
        parser.add_argument(
            "--archive",
            metavar="FILE",
            help="check only this archive file (archive_access_log), not the database",
        )

    def handle(self, *args, **options):
        if options["archive"]:
            archived = verify_archive(options["archive"])
            if not archived.ok:
                raise CommandError(
                    f"Archief is niet intact: eerste fout bij {archived.where} ({archived.reason})."
                )
            self.stdout.write(
                f"Archief {archived.year} intact: {archived.events} gebeurtenissen in "
                f"{archived.chains} ketens, {archived.checkpoints} controlepunten; "
                f"SHA-256 {archived.sha256}."
            )
            return
        result = verify_access_log()
        if not result.ok:
            raise CommandError(
                f"Inzagelog is niet intact: eerste fout bij {result.first_broken} "
                f"({result.reason}); {result.count} gebeurtenissen daarvoor zijn in orde."
            )
        if not options["no_seal"]:
            seal()
        self.stdout.write(
            f"Inzagelog intact: {result.count + result.legacy} gebeurtenissen gecontroleerd "
            f"in {result.chains} ketens, {result.checkpoints} controlepunten "
            f"({result.outside} ook buiten de database)."
        )
