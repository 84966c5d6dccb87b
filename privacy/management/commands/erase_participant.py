"""Erase a participant by crypto-shredding, with four eyes: two privacy officers, two runs."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.permissions import has_role
from accounts.roles import PRIVACY_OFFICER
from privacy import context, registry, services
from privacy.errors import StaleError
from privacy.management.commands._common import refusal, subject_id
from privacy.models import ErasureRequest


class Command(BaseCommand):
    help = (
        "Erase a participant (GDPR art. 17) by crypto-shredding: the participant's data key is "
        "destroyed, so every identifier and note becomes unreadable in rows, history rows and "
        "backups; blind indexes are removed; the household and its other members stay. "
        "Four eyes, in two steps by two different privacy officers: "
        "(1) `erase_participant ID --reason TEXT --officer USERNAME` records the erasure "
        "request (nothing is erased yet); "
        "(2) `erase_participant ID --confirm --officer OTHER_USERNAME` confirms it, and only "
        "then the erasure runs. The same officer cannot confirm their own request; a "
        "participant that is already erased, or already has a request waiting, is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("participant_id", help="internal id (UUID) of the participant")
        parser.add_argument("--reason", help="step 1: why the participant is erased")
        parser.add_argument(
            "--confirm", action="store_true", help="step 2: confirm the waiting request"
        )
        parser.add_argument(
            "--officer", required=True, help="username of the privacy officer who acts"
        )

    def handle(self, *args, participant_id, reason=None, confirm=False, officer, **options):
        if confirm == bool(reason):
            raise CommandError(
                "Geef óf --reason (stap 1: wissen aanvragen) óf --confirm (stap 2: bevestigen "
                "door een tweede privacy officer)."
            )
        actor = get_user_model().objects.filter(username=officer, is_active=True).first()
        if actor is None:
            raise CommandError(f"Onbekende of inactieve gebruiker: {officer!r}.")
        if not has_role(actor, PRIVACY_OFFICER):
            raise CommandError(f"{officer} is geen privacy officer en mag niet wissen.")
        pk = subject_id(participant_id)
        context.new_command_request_id("erase_participant")
        summary = registry.provider().summarise(pk)
        if summary.get("erased"):
            raise CommandError("Deze deelnemer is al gewist.")
        try:
            if confirm:
                self._confirm(actor, pk)
            else:
                services.request_erasure(actor=actor, subject_id=pk, reason=reason)
                self.stdout.write(
                    "Wisverzoek vastgelegd. Er is nog niets gewist: een tweede privacy officer "
                    f"bevestigt met `erase_participant {pk} --confirm --officer GEBRUIKER`."
                )
        except ValidationError as error:
            raise refusal(error) from None
        except PermissionDenied:
            raise CommandError(f"{officer} is geen privacy officer en mag niet wissen.") from None

    def _confirm(self, actor, pk) -> None:
        erasure = ErasureRequest.objects.filter(
            subject_id=pk, status=ErasureRequest.Status.PENDING
        ).first()
        if erasure is None:
            raise CommandError(
                "Er wacht geen wisverzoek voor deze deelnemer; vraag het eerst aan met --reason."
            )
        if erasure.requested_by_id == actor.pk:
            raise CommandError(
                "U heeft dit wisverzoek zelf aangevraagd; een tweede privacy officer moet het "
                "bevestigen."
            )
        try:
            services.confirm_erasure(actor=actor, erasure=erasure, expected_version=erasure.version)
        except StaleError as error:
            raise CommandError(str(error)) from None
        self.stdout.write("De deelnemer is gewist.")
