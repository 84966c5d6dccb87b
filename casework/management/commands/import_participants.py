"""Import participants (with enrolment and household) of one team from a CSV file.

A thin caller of ``casework.services.imports.import_participants``: all or nothing, every
error reported as "Rij N: ...", never a value from the file.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Team
from casework.management.commands._refusal import refusal
from casework.models import Enrolment
from casework.services.imports import ImportRefused, import_participants, participants, plural


class Command(BaseCommand):
    help = (
        "Importeer deelnemers van één team uit een CSV-bestand (UTF-8, met kopregel: "
        + ",".join(participants.COLUMNS)
        + "). Elke deelnemer wordt ingeschreven in het programma van zijn rij bij het team "
        "van --team; rijen met hetzelfde household_ref vormen één huishouden (een bestaand "
        "huishouden met dat nummer wordt hergebruikt). Alles of niets: bij één fout wordt "
        "niets geïmporteerd en worden alle fouten per rij gemeld. research_consent (ja/nee/leeg) "
        "wordt vastgelegd als toestemming voor wetenschappelijk onderzoek: ja = gegeven, "
        "nee = geweigerd, met ingang van de enrolment_date en tekstversie 'import'; leeg = "
        "niets vastgelegd (niet gevraagd)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="Pad naar het CSV-bestand (UTF-8).")
        parser.add_argument("--team", required=True, help="Code van het team.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Alleen controleren en melden wat zou worden geïmporteerd; niets opslaan.",
        )
        parser.add_argument(
            "--legal-basis",
            choices=Enrolment.LegalBasis.values,
            default=Enrolment.LegalBasis.PUBLIC_TASK,
            help="Grondslag van de inschrijvingen (standaard: public_task).",
        )

    def handle(self, *args, **options) -> None:
        team = Team.objects.filter(code=options["team"]).first()
        if team is None or not team.active:
            raise CommandError(f"Onbekend of niet-actief team: {options['team']}.")
        try:
            summary = import_participants(
                source=options["file"],
                team=team,
                legal_basis=options["legal_basis"],
                dry_run=options["dry_run"],
            )
        except ImportRefused as refused:
            raise refusal(self, refused) from None
        people = plural(summary.participants, "deelnemer", "deelnemers")
        households = plural(summary.households, "huishouden", "huishoudens")
        if summary.dry_run:
            self.stdout.write(
                f"Proefimport: {people} en {households} ({summary.existing_households} bestaand) "
                "zouden worden geïmporteerd. Er is niets opgeslagen."
            )
        else:
            self.stdout.write(
                f"{people} geïmporteerd, {households} ({summary.new_households} nieuw, "
                f"{summary.existing_households} bestaand)."
            )
        self.stdout.write(
            f"Toestemming voor onderzoek: {summary.consent_given} gegeven, "
            f"{summary.consent_refused} geweigerd, {summary.consent_not_asked} niet gevraagd."
        )
