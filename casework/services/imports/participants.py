"""Import of participants (with enrolment, household and research consent) for one team.

All or nothing: every row is validated first and every error is reported as "Rij N: ...";
only a file without errors is written, in one transaction. Messages never contain a value
from the file, only row numbers and column names. The ``import_participants`` command runs
without an actor, for the team its operator names (the command checks that team). The upload
page passes the caseworker or team lead as ``actor``: then the team must be one of the actor's
own (PermissionDenied otherwise), and the actor becomes the caseworker of the enrolments as
``register_participant`` makes them. ``preview_participants`` is the page's dry run: the same
validation, every refused row and a non-identifying sample of the good ones, nothing written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Team, User
from casework.models import Household, HouseholdMembership, Participant, Programme, Wijk
from casework.services.base import _require_team_member
from casework.services.consent import import_research_consent
from casework.services.imports.base import (
    SAMPLES,
    ImportPreview,
    RowErrors,
    RowValidator,
    refuse_empty,
    require_importer,
    write_all,
)
from casework.services.imports.reading import (
    ImportRefused,
    Row,
    Source,
    UnreadableFile,
    parse_date,
    rows_of,
)
from casework.services.imports.records import import_household_member, import_participant
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
# Every column but these describes the person.
NOT_IDENTITY = {
    "date_of_birth",  # parsed first, then part of the identity
    "household_ref",
    "household_role",
    "programme",
    "enrolment_date",
    "research_consent",
}
IDENTITY_COLUMNS = tuple(name for name in COLUMNS if name not in NOT_IDENTITY)
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


@dataclass(frozen=True)
class ParticipantImport:
    """What an import wrote (or, in a dry run, would write)."""

    participants: int
    households: int
    existing_households: int
    consent_given: int
    consent_refused: int
    dry_run: bool

    @property
    def new_households(self) -> int:
        return self.households - self.existing_households

    @property
    def consent_not_asked(self) -> int:
        return self.participants - self.consent_given - self.consent_refused


@dataclass(frozen=True)
class ParticipantSample:
    """A good row as a preview shows it: nothing that identifies the person."""

    line: int
    programme: str
    start_date: dt.date
    household_role: str  # the role's code, "" without a household
    research_consent: str  # "ja", "nee" or ""

    @property
    def household_role_label(self) -> str:
        return HouseholdMembership.Role(self.household_role).label if self.household_role else ""


def import_participants(
    *,
    source: Source,
    team: Team,
    legal_basis: str,
    dry_run: bool = False,
    actor: User | None = None,
    max_rows: int | None = None,
) -> ParticipantImport:
    """Validate every row of ``source`` and, unless ``dry_run``, write them all in one
    transaction. Raises ImportRefused with every error ("Rij N: ...") and writes nothing.
    With ``actor`` (an upload page) the team must be one of the actor's own teams."""
    if actor is not None:
        _require_actor(actor, team)
    parsed = validate_participant_rows(rows_of(source, COLUMNS, max_rows=max_rows))
    check_households(parsed, team=team)
    summary = _summarise(parsed, dry_run=dry_run)
    if not dry_run:
        _write(parsed, team=team, legal_basis=legal_basis, actor=actor)
    return summary


def preview_participants(
    *, actor: User, source: Source, team: Team, max_rows: int | None = None
) -> ImportPreview:
    """What ``import_participants`` would do with ``source`` for ``actor``: every refused row
    and the good rows, by the same validation; nothing is written. A file that cannot be read
    at all raises UnreadableFile; a team that is not the actor's, PermissionDenied."""
    _require_actor(actor, team)
    try:
        rows = rows_of(source, COLUMNS, max_rows=max_rows)
        refuse_empty(rows, "deelnemers")
    except ImportRefused as refused:
        if isinstance(refused, UnreadableFile):
            raise
        return ImportPreview.refused(refused)
    validator = _RowValidator()
    validator.collect(rows)
    errors = validator.errors
    errors.extend_from(_household_errors(validator.parsed, team=team))
    good = [row for row in validator.parsed if row.line not in errors.lines]
    return ImportPreview(
        rows=len(rows),
        good=len(good),
        errors=errors.messages(),
        refused_rows=len(errors.lines),
        samples=[
            ParticipantSample(
                line=row.line,
                programme=row.programme,
                start_date=row.start_date,
                household_role=row.household_role,
                research_consent=row.research_consent,
            )
            for row in good[:SAMPLES]
        ],
        summary=None if errors.lines else _summarise(good, dry_run=True),
    )


def _require_actor(actor: User, team: Team) -> None:
    """A caseworker or team lead, importing into one of their own active teams."""
    require_importer(actor)
    _require_team_member(actor, team)


# --- validation ---------------------------------------------------------------------------


def validate_participant_rows(rows: list[Row]) -> list[ParsedRow]:
    """Every row checked, against each other and the database; ImportRefused on any error."""
    refuse_empty(rows, "deelnemers")
    validator = _RowValidator()
    validator.run(rows)
    return validator.parsed


class _RowValidator(RowValidator):
    """Checks rows one by one, remembering what is needed to find doubles."""

    def __init__(self) -> None:
        super().__init__()
        self.parsed: list[ParsedRow] = []
        self.programmes = set(Programme.objects.filter(active=True).values_list("code", flat=True))
        self.today = timezone.localdate()
        self.bsn_lines: dict[str, int] = {}  # blind index -> the row that has it
        self.ref_lines: dict[str, int] = {}

    def check(self, line: int, cell: dict[str, str]) -> None:
        problems: list[str] = []
        date_of_birth = _date_of_birth(cell, problems)
        start_date = _enrolment_date(cell, self.today, problems)
        programme = _programme(cell, self.programmes, problems)
        _research_consent(cell, problems)
        household_ref, role = _household(cell, problems)
        identity = _identity(cell, date_of_birth, self.today, problems)
        if not problems:
            self._check_doubles(line, identity, problems)
        self.errors.add_row(line, problems)
        if not problems:
            self.parsed.append(
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

    def _check_doubles(self, line: int, identity: Identity, problems: list[str]) -> None:
        """A BSN or client number may appear in one row of the file only."""
        if identity.bsn:
            index = blind_index("bsn", identity.bsn)
            if index in self.bsn_lines:
                problems.append(f"bsn: dit BSN staat ook in rij {self.bsn_lines[index]}.")
            else:
                self.bsn_lines[index] = line
        if identity.client_ref:
            index = blind_index("client_ref", identity.client_ref)
            if index in self.ref_lines:
                problems.append(
                    f"client_ref: dit cliëntnummer staat ook in rij {self.ref_lines[index]}."
                )
            else:
                self.ref_lines[index] = line

    def check_all(self) -> None:
        """Doubles against the database: one query per kind, through the blind indexes."""
        for index in Participant.objects.filter(bsn_index__in=list(self.bsn_lines)).values_list(
            "bsn_index", flat=True
        ):
            self.errors.add(self.bsn_lines[index], "bsn: er is al een deelnemer met dit BSN.")
        for index in Participant.objects.filter(
            client_ref_index__in=list(self.ref_lines)
        ).values_list("client_ref_index", flat=True):
            self.errors.add(
                self.ref_lines[index], "client_ref: er is al een deelnemer met dit cliëntnummer."
            )


def _date_of_birth(cell: dict[str, str], problems: list[str]) -> dt.date | None:
    if not cell["date_of_birth"]:
        return None
    date_of_birth = parse_date(cell["date_of_birth"])
    if date_of_birth is None:
        problems.append(f"date_of_birth: dit is geen geldige datum; {DATE_HINT}.")
    return date_of_birth


def _enrolment_date(cell: dict[str, str], today: dt.date, problems: list[str]) -> dt.date | None:
    if not cell["enrolment_date"]:
        problems.append("enrolment_date: de inschrijfdatum is verplicht.")
        return None
    start_date = parse_date(cell["enrolment_date"])
    if start_date is None:
        problems.append(f"enrolment_date: dit is geen geldige datum; {DATE_HINT}.")
    elif start_date > today:
        problems.append("enrolment_date: de inschrijfdatum ligt in de toekomst.")
    return start_date


def _programme(cell: dict[str, str], programmes: set[str], problems: list[str]) -> str:
    programme = cell["programme"].lower()
    if not programme:
        problems.append("programme: het programma is verplicht.")
    elif programme not in programmes:
        problems.append(
            "programme: onbekend programma; kies uit " + ", ".join(sorted(programmes)) + "."
        )
    return programme


def _research_consent(cell: dict[str, str], problems: list[str]) -> None:
    if cell["research_consent"].lower() not in ("", *CONSENT_VALUES):
        problems.append("research_consent: vul ja, nee of niets in.")


def _household(cell: dict[str, str], problems: list[str]) -> tuple[str, str]:
    """The household reference and role: both or neither, the role a known one."""
    household_ref, role = cell["household_ref"], cell["household_role"].lower()
    roles = HouseholdMembership.Role.values
    if household_ref:
        if len(household_ref) > HOUSEHOLD_REF_MAX:
            problems.append(
                "household_ref: het huishoudnummer is te lang "
                f"(hoogstens {HOUSEHOLD_REF_MAX} tekens)."
            )
        if not role:
            problems.append(
                "household_role: de rol in het huishouden is verplicht bij een household_ref."
            )
    if role and role not in roles:
        problems.append("household_role: onbekende rol; kies uit " + ", ".join(roles) + ".")
    elif role and not household_ref:
        problems.append(
            "household_role: een rol zonder household_ref; vul ook het huishoudnummer in."
        )
    return household_ref, role


def _identity(
    cell: dict[str, str], date_of_birth: dt.date | None, today: dt.date, problems: list[str]
) -> Identity:
    identity = Identity(
        **{name: cell[name] for name in IDENTITY_COLUMNS}, date_of_birth=date_of_birth
    )
    try:
        return normalise_identity(identity, today=today)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            for message in messages:
                if field == "wijk":
                    message += " Kies uit " + ", ".join(Wijk.values) + "."
                problems.append(f"{field}: {message}")
    return identity


def check_households(parsed: list[ParsedRow], *, team: Team) -> None:
    """Refuse to join a household that belongs to other teams only."""
    _household_errors(parsed, team=team).raise_if_any()


def _household_errors(parsed: list[ParsedRow], *, team: Team) -> RowErrors:
    """The rows that would join a household of other teams only."""
    # Imported here: the selectors import the services package, which holds this module.
    from casework import selectors

    by_index: dict[str, list[int]] = {}
    for row in parsed:
        if row.household_ref:
            by_index.setdefault(blind_index("household_ref", row.household_ref), []).append(
                row.line
            )
    errors = RowErrors()
    for index in selectors.foreign_household_indexes(team=team, indexes=by_index):
        for line in by_index[index]:
            errors.add(
                line,
                "household_ref: dit huishoudnummer hoort bij een huishouden van een ander team.",
            )
    return errors


# --- summary and writing ------------------------------------------------------------------


def _summarise(parsed: list[ParsedRow], *, dry_run: bool) -> ParticipantImport:
    refs = {blind_index("household_ref", row.household_ref) for row in parsed if row.household_ref}
    return ParticipantImport(
        participants=len(parsed),
        households=len(refs),
        existing_households=Household.objects.filter(reference_index__in=refs).count(),
        consent_given=sum(row.research_consent == "ja" for row in parsed),
        consent_refused=sum(row.research_consent == "nee" for row in parsed),
        dry_run=dry_run,
    )


def _write(parsed: list[ParsedRow], *, team: Team, legal_basis: str, actor: User | None) -> None:
    cipher = Cipher()

    def write_row(row: ParsedRow) -> None:
        participant = import_participant(
            actor=actor,
            identity=row.identity,
            team=team,
            programme_code=row.programme,
            start_date=row.start_date,
            legal_basis=legal_basis,
            cipher=cipher,
        )
        if row.household_ref:
            import_household_member(
                reference=row.household_ref,
                participant=participant,
                role=row.household_role,
                start_date=row.start_date,
                wijk=row.identity.wijk,
                cipher=cipher,
            )
        if row.research_consent:
            import_research_consent(
                participant=participant,
                given=row.research_consent == "ja",
                effective_on=row.start_date,
            )

    write_all(parsed, line_of=lambda row: row.line, write=write_row)
