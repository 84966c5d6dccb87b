"""Rewrap the data keys under the newest key-encryption key."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management.base import BaseCommand, CommandError

from privacy.keys import keyring
from privacy.services import keys_under_old_keks, rotate_data_keys


class Command(BaseCommand):
    help = (
        "Key rotation. Put the new key-encryption key FIRST in KOERS_KEKS and keep the old ones "
        "after it, then run this command: every live data key is unwrapped with its old KEK and "
        "wrapped again under the newest, in small transactions (the app keeps running). Data "
        "itself is not re-encrypted: only the data keys are rewrapped. When --check exits 0, "
        "the old KEKs can be removed from KOERS_KEKS. --check changes nothing and exits "
        "non-zero while keys remain under old KEKs, with counts per key id. A data key under a "
        "KEK that is missing from KOERS_KEKS is refused before anything changes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="report keys under old KEKs, change nothing"
        )

    def handle(self, *args, check=False, **options):
        current = keyring().current_kek_id
        if check:
            remaining = keys_under_old_keks()
            if remaining:
                known = {kek_id for kek_id, _ in keyring().keks}
                for kek_id, count in sorted(remaining.items()):
                    missing = "" if kek_id in known else " (ontbreekt in KOERS_KEKS!)"
                    self.stdout.write(f"  {kek_id}: {count}{missing}")
                raise CommandError(
                    f"{sum(remaining.values())} gegevenssleutel(s) nog onder een oude sleutel; "
                    f"de nieuwste is {current!r}. Draai rotate_keys zonder --check."
                )
            self.stdout.write(f"Alle gegevenssleutels staan onder de nieuwste sleutel {current!r}.")
            return
        try:
            result = rotate_data_keys()
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{result.rewrapped} gegevenssleutel(s) opnieuw verpakt onder {current!r}."
        )
        if result.remaining_by_kek:
            raise CommandError(f"Nog onder oude sleutels: {result.remaining_by_kek}.")
