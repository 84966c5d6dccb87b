"""Create a personal API token for a user from the command line (for an operator who runs
``manage.py`` on the server; users create their own on ``/account/tokens/``)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts import tokens
from accounts.models import User


class Command(BaseCommand):
    help = (
        "Maak een persoonlijke API-token voor USERNAME en druk hem één keer af (alleen de "
        "token, op stdout; er wordt alleen een hash bewaard). Rechten: read, write, export."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="Naam van de token.")
        parser.add_argument(
            "--scopes", default="read", help="Rechten, met komma's: read,write,export."
        )
        parser.add_argument(
            "--expires",
            type=dt.date.fromisoformat,
            default=None,
            help="Vervaldatum JJJJ-MM-DD (hoogstens een jaar; standaard over een jaar).",
        )

    def handle(self, *args, **options) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError("Onbekende gebruiker.")
        scopes = [scope.strip() for scope in options["scopes"].split(",") if scope.strip()]
        try:
            new = tokens.create_token(
                user=user, name=options["name"], scopes=scopes, expires_on=options["expires"]
            )
        except ValidationError as error:
            messages = [f"{field}: {m}" for field, ms in error.message_dict.items() for m in ms]
            raise CommandError(" ".join(messages)) from None
        except PermissionDenied:
            raise CommandError("Deze gebruiker is niet actief.") from None
        self.stderr.write(
            f"Token {new.token.prefix} ({', '.join(new.token.scopes)}) geldig tot "
            f"{new.token.expires_at:%Y-%m-%d}. Hij wordt maar één keer getoond:"
        )
        self.stdout.write(new.plaintext)
