"""Import participants (with enrolment and household) of one team from a CSV file.

All or nothing: every row is validated first and every error is reported as "Rij N: ...";
only a file without errors is written, in one transaction. Messages never contain a value
from the file, only row numbers and column names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Team
from casework import selectors, services
from casework.management.commands._csv_import import (
    ImportRefused,
    long_cells,
    messages_of,
    parse_date,
    read_rows,
    refuse,
    too_long_message,
)
from casework.models import Enrolment, Household, HouseholdMembership, Participant, Programme, Wijk
from casework.validation import Identity, normalise_identity
from privacy.crypto import Cipher, blind_index

COLUMNS = (
    "client_ref",
    "given_name",
    "family_name",
    "date_of_birth",
    "bsn",
    "gender",
    "street",
    "house_number",
    "postcode",
    "city",
    "wijk",
    "phone",
    "email",
    "household_ref",
    "household_role",
    "programme",
    "enrolment_date",
    "research_consent",
)
IDENTITY_COLUMNS = (
    "client_ref",
    "given_name",
    "family_name",
    "bsn",
    "gender",
    "street",
    "house_number",
    "postcode",
    "city",
    "wijk",
    "phone",
    "email",
)
HOUSEHOLD_REF_MAX = 100
CONSENT_VALUES = ("ja", "nee")
DATE_HINT = "gebruik JJJJ-MM-DD, zoals 2011-03-25"


@dataclass
class ParsedRow:
    line: int
    identity: Identity
    programme: str
    start_date: dt.date
    household_ref: str
    household_role: str
    research_consent: str = ""  # "ja", "nee" or "" (nothing recorded)

    def __repr__(self) -> str:  # never print identifiers
        return f"ParsedRow(rij {self.line})"


class _RowFailed(Exception):
    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__(f"{len(messages)} fout(en)")


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


class Command(BaseCommand):
    help = (
        "Importeer deelnemers van één team uit een CSV-bestand (UTF-8, met kopregel: "
        + ",".join(COLUMNS)
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
            rows = read_rows(options["file"], COLUMNS)
            parsed = self._validate(rows)
            self._check_households(parsed, team=team)
        except ImportRefused as refused:
            raise refuse(self, refused.errors) from None

        refs = {
            blind_index("household_ref", row.household_ref) for row in parsed if row.household_ref
        }
        existing = Household.objects.filter(reference_index__in=refs).count()
        households = _plural(len(refs), "huishouden", "huishoudens")
        given = sum(row.research_consent == "ja" for row in parsed)
        refused_ = sum(row.research_consent == "nee" for row in parsed)
        consent = (
            f"Toestemming voor onderzoek: {given} gegeven, {refused_} geweigerd, "
            f"{len(parsed) - given - refused_} niet gevraagd."
        )
        if options["dry_run"]:
            self.stdout.write(
                f"Proefimport: {_plural(len(parsed), 'deelnemer', 'deelnemers')} en {households} "
                f"({existing} bestaand) zouden worden geïmporteerd. Er is niets opgeslagen."
            )
            self.stdout.write(consent)
            return

        try:
            self._write(parsed, team=team, legal_basis=options["legal_basis"])
        except _RowFailed as failed:
            raise refuse(self, failed.messages) from None
        self.stdout.write(
            f"{_plural(len(parsed), 'deelnemer', 'deelnemers')} geïmporteerd, {households} "
            f"({len(refs) - existing} nieuw, {existing} bestaand)."
        )
        self.stdout.write(consent)

    # --- validation -----------------------------------------------------------------------

    def _validate(self, rows: list[tuple[int, dict[str, str]]]) -> list[ParsedRow]:
        errors: list[tuple[int, str]] = []
        parsed: list[ParsedRow] = []
        programmes = set(Programme.objects.filter(active=True).values_list("code", flat=True))
        roles = HouseholdMembership.Role.values
        today = timezone.localdate()
        seen_bsn: dict[str, int] = {}
        seen_ref: dict[str, int] = {}
        bsn_lines: dict[str, list[int]] = {}
        ref_lines: dict[str, list[int]] = {}

        for line, raw in rows:
            row_errors: list[str] = []
            add = row_errors.append
            too_long = long_cells(raw)
            if too_long:
                errors.append((line, too_long_message(line, too_long)))
                continue
            cell = {name: value.strip() for name, value in raw.items()}

            date_of_birth = None
            if cell["date_of_birth"]:
                date_of_birth = parse_date(cell["date_of_birth"])
                if date_of_birth is None:
                    add(f"date_of_birth: dit is geen geldige datum; {DATE_HINT}.")
            start_date = None
            if not cell["enrolment_date"]:
                add("enrolment_date: de inschrijfdatum is verplicht.")
            else:
                start_date = parse_date(cell["enrolment_date"])
                if start_date is None:
                    add(f"enrolment_date: dit is geen geldige datum; {DATE_HINT}.")
                elif start_date > today:
                    add("enrolment_date: de inschrijfdatum ligt in de toekomst.")
            programme = cell["programme"].lower()
            if not programme:
                add("programme: het programma is verplicht.")
            elif programme not in programmes:
                add(
                    "programme: onbekend programma; kies uit " + ", ".join(sorted(programmes)) + "."
                )
            if cell["research_consent"].lower() not in ("", *CONSENT_VALUES):
                add("research_consent: vul ja, nee of niets in.")
            household_ref, role = cell["household_ref"], cell["household_role"].lower()
            if household_ref:
                if len(household_ref) > HOUSEHOLD_REF_MAX:
                    add(
                        "household_ref: het huishoudnummer is te lang "
                        f"(hoogstens {HOUSEHOLD_REF_MAX} tekens)."
                    )
                if not role:
                    add(
                        "household_role: de rol in het huishouden is verplicht bij een household_ref."
                    )
            if role and role not in roles:
                add("household_role: onbekende rol; kies uit " + ", ".join(roles) + ".")
            elif role and not household_ref:
                add("household_role: een rol zonder household_ref; vul ook het huishoudnummer in.")

            identity = Identity(
                **{name: cell[name] for name in IDENTITY_COLUMNS}, date_of_birth=date_of_birth
            )
            try:
                identity = normalise_identity(identity, today=today)
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        if field == "wijk":
                            message += " Kies uit " + ", ".join(Wijk.values) + "."
                        add(f"{field}: {message}")

            if not row_errors:
                if identity.bsn:
                    index = blind_index("bsn", identity.bsn)
                    if index in seen_bsn:
                        add(f"bsn: dit BSN staat ook in rij {seen_bsn[index]}.")
                    else:
                        seen_bsn[index] = line
                        bsn_lines.setdefault(index, []).append(line)
                if identity.client_ref:
                    index = blind_index("client_ref", identity.client_ref)
                    if index in seen_ref:
                        add(f"client_ref: dit cliëntnummer staat ook in rij {seen_ref[index]}.")
                    else:
                        seen_ref[index] = line
                        ref_lines.setdefault(index, []).append(line)
            errors.extend((line, f"Rij {line}: {message}") for message in row_errors)
            if not row_errors:
                parsed.append(
                    ParsedRow(
                        line=line,
                        identity=identity,
                        programme=programme,
                        start_date=start_date,
                        household_ref=household_ref,
                        household_role=role,
                        research_consent=cell["research_consent"].lower(),
                    )
                )

        # Against the database: one query per kind, through the blind indexes.
        for index in Participant.objects.filter(bsn_index__in=list(bsn_lines)).values_list(
            "bsn_index", flat=True
        ):
            for line in bsn_lines[index]:
                errors.append((line, f"Rij {line}: bsn: er is al een deelnemer met dit BSN."))
        for index in Participant.objects.filter(client_ref_index__in=list(ref_lines)).values_list(
            "client_ref_index", flat=True
        ):
            for line in ref_lines[index]:
                errors.append(
                    (line, f"Rij {line}: client_ref: er is al een deelnemer met dit cliëntnummer.")
                )
        if not rows and not errors:
            errors.append((1, "Rij 1: het bestand bevat geen deelnemers, alleen een kopregel."))
        if errors:
            errors.sort(key=lambda item: item[0])
            raise ImportRefused([message for _, message in errors])
        return parsed

    def _check_households(self, parsed: list[ParsedRow], *, team: Team) -> None:
        """Refuse to join a household that belongs to other teams only."""
        by_index: dict[str, list[int]] = {}
        for row in parsed:
            if row.household_ref:
                by_index.setdefault(blind_index("household_ref", row.household_ref), []).append(
                    row.line
                )
        foreign = selectors.foreign_household_indexes(team=team, indexes=by_index)
        errors = [
            f"Rij {line}: household_ref: dit huishoudnummer hoort bij een huishouden van een ander team."
            for index in foreign
            for line in by_index[index]
        ]
        if errors:
            raise ImportRefused(sorted(errors, key=lambda m: int(m.split(":")[0].split()[1])))

    # --- writing --------------------------------------------------------------------------

    def _write(self, parsed: list[ParsedRow], *, team: Team, legal_basis: str) -> None:
        cipher = Cipher()
        with transaction.atomic():
            for row in parsed:
                try:
                    participant = services.import_participant(
                        identity=row.identity,
                        team=team,
                        programme_code=row.programme,
                        start_date=row.start_date,
                        legal_basis=legal_basis,
                        cipher=cipher,
                    )
                    if row.household_ref:
                        services.import_household_member(
                            reference=row.household_ref,
                            participant=participant,
                            role=row.household_role,
                            start_date=row.start_date,
                            wijk=row.identity.wijk,
                            cipher=cipher,
                        )
                    if row.research_consent:
                        services.import_research_consent(
                            participant=participant,
                            given=row.research_consent == "ja",
                            effective_on=row.start_date,
                        )
                except ValidationError as error:
                    raise _RowFailed(
                        [f"Rij {row.line}: {message}" for message in messages_of(error)]
                        + ["Er is niets geïmporteerd (alles is teruggedraaid)."]
                    ) from None
                except Exception as error:
                    # The text of a database error may quote values: name its type only.
                    raise _RowFailed(
                        [
                            f"Rij {row.line}: onverwachte fout bij het opslaan "
                            f"({type(error).__name__}). Er is niets geïmporteerd "
                            "(alles is teruggedraaid)."
                        ]
                    ) from None
