"""Writes of the casework core. Every function is keyword-only, checks the actor's scope,
encrypts identifying values under the participant's data key, validates and saves in one
transaction. Editable records are saved only when the version read is still current.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import Team, TeamMembership, User
from accounts.permissions import has_role
from accounts.roles import TEAM_LEAD
from casework import permissions
from casework.instruments import STANDARD_INSTRUMENTS
from casework.models import (
    Enrolment,
    Goal,
    Household,
    HouseholdMembership,
    Instrument,
    Measurement,
    MeasurementValue,
    OutcomeMeasure,
    OutcomeValue,
    Participant,
    Plan,
    Programme,
    ProgressEntry,
    Transfer,
    Versioned,
)
from casework.registry import MeasureSpec, measures, programmes
from casework.validation import Identity, check_text, normalise_identity
from privacy.crypto import Cipher, DecryptionError, blind_index
from privacy.fields import EncryptedField
from privacy.services import create_data_key

PARTICIPANT_SECRET_FIELDS = (
    "given_name",
    "family_name",
    "bsn",
    "date_of_birth",
    "street",
    "house_number",
    "postcode",
    "city",
    "phone",
    "email",
    "client_ref",
)


class ConcurrentEditError(Exception):
    """Someone else saved the record after it was read; nothing was saved."""

    def __init__(self, *, changed_fields: list[str]) -> None:
        self.changed_fields = changed_fields
        super().__init__(
            _("Iemand anders heeft dit intussen gewijzigd. Uw wijziging is niet opgeslagen.")
        )


# --- reference data -----------------------------------------------------------------------


@transaction.atomic
def sync_registry() -> None:
    """Mirror the programme registry and the standard instruments into the database."""
    for spec in programmes().values():
        programme = Programme.objects.filter(code=spec.code).first() or Programme(code=spec.code)
        changed = (programme.name_nl, programme.name_en, programme.pillar) != (
            spec.name_nl,
            spec.name_en,
            spec.pillar,
        )
        if changed or programme.pk is None:
            programme.name_nl, programme.name_en, programme.pillar = (
                spec.name_nl,
                spec.name_en,
                spec.pillar,
            )
            programme.full_clean()
            programme.save()
    for definition in STANDARD_INSTRUMENTS:
        upsert_instrument(**definition)
    for spec in measures().values():
        upsert_measure(spec)


def upsert_measure(spec: MeasureSpec) -> OutcomeMeasure:
    measure = OutcomeMeasure.objects.filter(code=spec.code).first() or OutcomeMeasure(
        code=spec.code
    )
    programme = Programme.objects.get(code=spec.programme) if spec.programme else None
    wanted = {
        "programme": programme,
        "label_nl": spec.label_nl,
        "label_en": spec.label_en,
        "kind": spec.kind,
        "unit": spec.unit,
        "choices": [list(choice) for choice in spec.choices],
        "sensitive": spec.sensitive,
        "description_nl": spec.description_nl,
        "description_en": spec.description_en,
    }
    if measure.pk and all(getattr(measure, name) == value for name, value in wanted.items()):
        return measure
    for name, value in wanted.items():
        setattr(measure, name, value)
    measure.full_clean()
    measure.save()
    return measure


@transaction.atomic
def upsert_instrument(*, code: str, name_nl: str, name_en: str, definition: dict) -> Instrument:
    instrument = Instrument.objects.filter(code=code).first() or Instrument(code=code)
    if instrument.pk and (instrument.name_nl, instrument.name_en, instrument.definition) == (
        name_nl,
        name_en,
        definition,
    ):
        return instrument
    instrument.name_nl, instrument.name_en, instrument.definition = name_nl, name_en, definition
    if "scale" not in definition or "items" not in definition:
        raise ValidationError({"definition": [_("Een instrument heeft een schaal en items.")]})
    instrument.full_clean()
    instrument.save()
    return instrument


# --- helpers ------------------------------------------------------------------------------


def _lock(model: type[Versioned], pk, expected_version: int) -> Versioned:
    """Lock the row and check the version read; raise ConcurrentEditError when stale."""
    current = model.objects.select_for_update().get(pk=pk)
    if current.version != expected_version:
        raise ConcurrentEditError(changed_fields=_changed_since(current, expected_version))
    return current


def _changed_since(current: Versioned, version: int) -> list[str]:
    history = current.history.model.objects.filter(id=current.pk)
    old = history.filter(version=version).order_by("-history_date", "-history_id").first()
    new = history.order_by("-history_date", "-history_id").first()
    if old is None or new is None:
        return []
    # Not history's diff_against: it skips non-editable fields, and EncryptedFields are not
    # editable (no form may hold an envelope). Blind indexes and timestamps are skipped: they
    # follow from the fields that are named.
    changed = set()
    cipher = Cipher()
    for model_field in current._meta.concrete_fields:
        if model_field.name == "version" or not (
            model_field.editable or isinstance(model_field, EncryptedField)
        ):
            continue
        before = getattr(old, model_field.attname)
        after = getattr(new, model_field.attname)
        if before == after:
            continue
        if isinstance(model_field, EncryptedField) and _same_plaintext(
            cipher, current, model_field.name, before, after
        ):
            continue  # every save seals with a fresh nonce: compare plaintexts
        changed.add(str(model_field.verbose_name))
    return sorted(changed)


def _same_plaintext(cipher: Cipher, current: Versioned, column: str, old, new) -> bool:
    try:
        opened = [
            cipher.open(model=type(current), column=column, row_pk=current.pk, envelope=value)
            for value in (old, new)
        ]
    except DecryptionError:
        return False
    return opened[0] == opened[1]


def _save(instance, *, bump: bool = True) -> None:
    if bump and isinstance(instance, Versioned) and not instance._state.adding:
        instance.version += 1
    instance.full_clean()
    instance.save()


def _require_scope(actor: User, participant: Participant) -> None:
    if not permissions.has_file_access(actor):
        raise PermissionDenied
    in_scope = (
        Participant.objects.filter(pk=participant.pk, erased_at__isnull=True)
        .filter(permissions.active_enrolment_in_scope(actor))
        .exists()
    )
    if not in_scope:
        raise PermissionDenied


def _require_enrolment_scope(actor: User, enrolment: Enrolment) -> None:
    """The enrolment belongs (now, not as read earlier) to an active team of the actor, and its
    participant is in the actor's caseload (an active enrolment of the actor's teams)."""
    if not permissions.has_file_access(actor):
        raise PermissionDenied
    in_scope = (
        Enrolment.objects.filter(
            pk=enrolment.pk,
            participant__erased_at__isnull=True,
            team_id__in=permissions.member_teams_subquery(actor),
        )
        .filter(permissions.active_enrolment_in_scope(actor, "participant_id"))
        .exists()
    )
    if not in_scope:
        raise PermissionDenied


# Programme apps build on these: the same scope, locking and saving rules as the core.
def require_enrolment_scope(actor: User, enrolment: Enrolment) -> None:
    """Refuse (PermissionDenied) unless the enrolment is of an active team of the actor and its
    participant is in the actor's caseload."""
    _require_enrolment_scope(actor, enrolment)


def require_team_member(actor: User, team: Team) -> None:
    _require_team_member(actor, team)


def lock(model: type[Versioned], pk, expected_version: int) -> Versioned:
    """Lock the row (inside a transaction) and raise ConcurrentEditError when stale."""
    return _lock(model, pk, expected_version)


def save(instance, *, bump: bool = True) -> None:
    """Validate (full_clean) and save; bump the version of an existing Versioned row."""
    _save(instance, bump=bump)


def participant_key(enrolment: Enrolment):
    """The data key of the enrolment's participant, to seal a programme's free text under."""
    return _participant_key(enrolment)


def _require_team_member(actor: User, team: Team) -> None:
    if not permissions.has_file_access(actor):
        raise PermissionDenied
    if not TeamMembership.objects.filter(user=actor, team=team, team__active=True).exists():
        raise PermissionDenied


def _seal_identity(participant: Participant, identity: Identity, cipher: Cipher) -> None:
    for name in PARTICIPANT_SECRET_FIELDS:
        value = getattr(identity, name)
        if isinstance(value, dt.date):
            value = value.isoformat()
        setattr(
            participant,
            name,
            cipher.seal(
                datakey=participant.data_key,
                model=Participant,
                column=name,
                row_pk=participant.pk,
                plaintext=value or None,
            ),
        )
    participant.bsn_index = blind_index("bsn", identity.bsn) if identity.bsn else None
    participant.client_ref_index = (
        blind_index("client_ref", identity.client_ref) if identity.client_ref else None
    )
    participant.gender = identity.gender
    participant.wijk = identity.wijk
    participant.year_of_birth = identity.year_of_birth


def _check_duplicates(participant: Participant) -> None:
    others = Participant.objects.exclude(pk=participant.pk)
    errors: dict[str, list[str]] = {}
    if participant.bsn_index and others.filter(bsn_index=participant.bsn_index).exists():
        errors["bsn"] = [_("Er is al een deelnemer met dit BSN.")]
    if (
        participant.client_ref_index
        and others.filter(client_ref_index=participant.client_ref_index).exists()
    ):
        errors["client_ref"] = [_("Er is al een deelnemer met dit cliëntnummer.")]
    if errors:
        raise ValidationError(errors)


def _programme(code: str) -> Programme:
    programme = Programme.objects.filter(code=code, active=True).first()
    if programme is None:
        raise ValidationError({"programme": [_("Onbekend programma.")]})
    return programme


# --- participants -------------------------------------------------------------------------


def register_participant(
    *,
    actor: User,
    identity: Identity,
    team: Team,
    programme_code: str,
    start_date: dt.date,
    legal_basis: str,
    finding_place: str = "",
    cipher: Cipher | None = None,
) -> Participant:
    """Register a participant and enrol them in a programme of one of the actor's teams."""
    _require_team_member(actor, team)
    identity = normalise_identity(identity)
    programme = _programme(programme_code)
    cipher = cipher or Cipher()
    with transaction.atomic():
        participant = Participant(data_key=create_data_key())
        _seal_identity(participant, identity, cipher)
        _check_duplicates(participant)
        participant.full_clean()
        try:
            participant.save(force_insert=True)
        except IntegrityError:
            raise ValidationError(
                {"bsn": [_("Er is al een deelnemer met dit BSN of cliëntnummer.")]}
            ) from None
        _create_enrolment(
            actor=actor,
            participant=participant,
            programme=programme,
            team=team,
            start_date=start_date,
            legal_basis=legal_basis,
            finding_place=finding_place,
        )
    return participant


def update_participant(
    *, actor: User, participant: Participant, expected_version: int, identity: Identity
) -> Participant:
    _require_scope(actor, participant)
    identity = normalise_identity(identity)
    with transaction.atomic():
        current = _lock(Participant, participant.pk, expected_version)
        current.data_key = participant.data_key
        if not permissions.may_see_bsn(actor):
            raise PermissionDenied
        _seal_identity(current, identity, Cipher())
        _check_duplicates(current)
        _save(current)
    return current


# --- enrolments ---------------------------------------------------------------------------


def _create_enrolment(
    *,
    actor: User,
    participant: Participant,
    programme: Programme,
    team: Team,
    start_date: dt.date,
    legal_basis: str,
    finding_place: str,
) -> Enrolment:
    if Enrolment.objects.filter(
        participant=participant, programme=programme, status=Enrolment.Status.ACTIVE
    ).exists():
        raise ValidationError(
            {"programme": [_("De deelnemer heeft al een lopende inschrijving in dit programma.")]}
        )
    enrolment = Enrolment(
        participant=participant,
        programme=programme,
        team=team,
        start_date=start_date,
        legal_basis=legal_basis,
        finding_place=finding_place,
        caseworker=actor if actor is not None and not permissions.may_assign(actor) else None,
    )
    _save(enrolment)
    plan = Plan(enrolment=enrolment)
    _save(plan)
    return enrolment


def enrol(
    *,
    actor: User,
    participant: Participant,
    programme_code: str,
    team: Team,
    start_date: dt.date,
    legal_basis: str,
    finding_place: str = "",
) -> Enrolment:
    """Enrol a participant of the actor's caseload in another programme of one of their teams."""
    _require_scope(actor, participant)
    _require_team_member(actor, team)
    with transaction.atomic():
        return _create_enrolment(
            actor=actor,
            participant=participant,
            programme=_programme(programme_code),
            team=team,
            start_date=start_date,
            legal_basis=legal_basis,
            finding_place=finding_place,
        )


def end_enrolment(
    *, actor: User, enrolment: Enrolment, expected_version: int, end_date: dt.date, status: str
) -> Enrolment:
    _require_enrolment_scope(actor, enrolment)
    if status not in {Enrolment.Status.COMPLETED, Enrolment.Status.STOPPED}:
        raise ValidationError({"status": [_("Kies afgerond of voortijdig gestopt.")]})
    with transaction.atomic():
        current = _lock(Enrolment, enrolment.pk, expected_version)
        current.end_date = end_date
        current.status = status
        _save(current)
    return current


def assign_caseworker(
    *, actor: User, enrolment: Enrolment, expected_version: int, caseworker: User | None
) -> Enrolment:
    """A team lead assigns an enrolment of their team to one of the team's members."""
    if not permissions.may_assign(actor):
        raise PermissionDenied
    _require_enrolment_scope(actor, enrolment)
    if caseworker is not None and (
        not caseworker.is_active
        or not permissions.has_file_access(caseworker)
        or not TeamMembership.objects.filter(user=caseworker, team_id=enrolment.team_id).exists()
    ):
        raise ValidationError({"caseworker": [_("Deze medewerker hoort niet bij het team.")]})
    with transaction.atomic():
        current = _lock(Enrolment, enrolment.pk, expected_version)
        current.caseworker = caseworker
        _save(current)
    return current


# --- plan and goals -----------------------------------------------------------------------


def _participant_key(enrolment: Enrolment):
    return Participant.objects.select_related("data_key").get(pk=enrolment.participant_id).data_key


def save_plan_summary(*, actor: User, plan: Plan, expected_version: int, summary: str) -> Plan:
    enrolment = plan.enrolment
    _require_enrolment_scope(actor, enrolment)
    summary = check_text(summary, field_name="summary", required=False)
    with transaction.atomic():
        current = _lock(Plan, plan.pk, expected_version)
        current.summary = Cipher().seal(
            datakey=_participant_key(enrolment),
            model=Plan,
            column="summary",
            row_pk=current.pk,
            plaintext=summary,
        )
        _save(current)
    return current


def add_goal(
    *,
    actor: User,
    enrolment: Enrolment,
    text: str,
    life_domain: str = "",
    created_on: dt.date | None = None,
) -> Goal:
    """Add a goal, in the participant's own words, to the enrolment's plan."""
    _require_enrolment_scope(actor, enrolment)
    text = check_text(text, field_name="text", max_length=1000)
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(enrolment=enrolment)
        position = (
            plan.goals.order_by("-position").values_list("position", flat=True).first() or 0
        ) + 1
        goal = Goal(
            plan=plan,
            position=position,
            life_domain=life_domain,
            created_on=created_on or timezone.localdate(),
        )
        goal.text = Cipher().seal(
            datakey=_participant_key(enrolment),
            model=Goal,
            column="text",
            row_pk=goal.pk,
            plaintext=text,
        )
        _save(goal)
    return goal


def update_goal(
    *, actor: User, goal: Goal, expected_version: int, text: str, status: str, life_domain: str = ""
) -> Goal:
    enrolment = goal.plan.enrolment
    _require_enrolment_scope(actor, enrolment)
    text = check_text(text, field_name="text", max_length=1000)
    with transaction.atomic():
        current = _lock(Goal, goal.pk, expected_version)
        current.text = Cipher().seal(
            datakey=_participant_key(enrolment),
            model=Goal,
            column="text",
            row_pk=current.pk,
            plaintext=text,
        )
        current.status = status
        current.life_domain = life_domain
        _save(current)
    return current


# --- progress -----------------------------------------------------------------------------


def log_progress(
    *, actor: User, enrolment: Enrolment, date: dt.date, kind: str, note: str
) -> ProgressEntry:
    _require_enrolment_scope(actor, enrolment)
    note = check_text(note, field_name="note")
    if date > timezone.localdate():
        raise ValidationError({"date": [_("De datum ligt in de toekomst.")]})
    entry = ProgressEntry(enrolment=enrolment, date=date, kind=kind, author=actor)
    entry.note = Cipher().seal(
        datakey=_participant_key(enrolment),
        model=ProgressEntry,
        column="note",
        row_pk=entry.pk,
        plaintext=note,
    )
    with transaction.atomic():
        _save(entry)
    return entry


def update_progress(
    *, actor: User, entry: ProgressEntry, expected_version: int, date: dt.date, kind: str, note: str
) -> ProgressEntry:
    _require_enrolment_scope(actor, entry.enrolment)
    note = check_text(note, field_name="note")
    if date > timezone.localdate():
        raise ValidationError({"date": [_("De datum ligt in de toekomst.")]})
    with transaction.atomic():
        current = _lock(ProgressEntry, entry.pk, expected_version)
        current.date, current.kind = date, kind
        current.note = Cipher().seal(
            datakey=_participant_key(entry.enrolment),
            model=ProgressEntry,
            column="note",
            row_pk=current.pk,
            plaintext=note,
        )
        _save(current)
    return current


# --- measurements -------------------------------------------------------------------------


def validate_scores(
    *, instrument: Instrument, enrolment: Enrolment, values: Mapping[str, int | None]
) -> dict[str, tuple[int, Goal | None]]:
    """Check item codes and the scale; return item -> (value, goal). Empty scores are skipped."""
    errors: dict[str, list[str]] = {}
    clean: dict[str, tuple[int, Goal | None]] = {}
    goals = {}
    if instrument.per_goal:
        goals = {str(goal.pk): goal for goal in Goal.objects.filter(plan__enrolment=enrolment)}
        known = set(goals)
    else:
        known = {item["code"] for item in instrument.items}
    for item, value in values.items():
        if value is None or value == "":
            continue
        if item not in known:
            errors.setdefault(item, []).append(_("Onbekend item voor dit instrument."))
            continue
        try:
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError
            number = int(value)
        except (TypeError, ValueError):
            errors.setdefault(item, []).append(_("Vul een heel getal in."))
            continue
        if not instrument.scale_min <= number <= instrument.scale_max:
            errors.setdefault(item, []).append(
                _("De score moet tussen %(min)s en %(max)s liggen.")
                % {"min": instrument.scale_min, "max": instrument.scale_max}
            )
            continue
        clean[item] = (number, goals.get(item))
    if not clean and not errors:
        errors["__all__"] = [_("Vul ten minste één score in.")]
    if errors:
        raise ValidationError(errors)
    return clean


def record_measurement(
    *,
    actor: User | None,
    enrolment: Enrolment,
    instrument: Instrument,
    wave: str,
    date: dt.date,
    values: Mapping[str, int | None],
    check_scope: bool = True,
) -> Measurement:
    """Record scores of one instrument at one wave. ``check_scope`` is off only for imports,
    which a command runs on behalf of a team after checking the team itself."""
    if check_scope:
        _require_enrolment_scope(actor, enrolment)
    if date > timezone.localdate():
        raise ValidationError({"date": [_("De datum ligt in de toekomst.")]})
    if date < enrolment.start_date:
        raise ValidationError({"date": [_("De datum ligt voor de start van de inschrijving.")]})
    if not instrument.active:
        raise ValidationError({"instrument": [_("Dit instrument is niet meer in gebruik.")]})
    clean = validate_scores(instrument=instrument, enrolment=enrolment, values=values)
    with transaction.atomic():
        measurement = Measurement(
            enrolment=enrolment,
            participant_id=enrolment.participant_id,
            instrument=instrument,
            wave=wave,
            date=date,
            recorded_by=actor,
        )
        _save(measurement)
        for item, (value, goal) in clean.items():
            row = MeasurementValue(measurement=measurement, item=item, value=value, goal=goal)
            _save(row)
        if instrument.per_goal and clean:
            scores = [value for value, _goal in clean.values()]
            _store_outcome(
                enrolment=enrolment,
                measure=OutcomeMeasure.objects.get(code="goal_attainment"),
                date=date,
                value=Decimal(sum(scores)) / len(scores),
                source=f"measurement:{measurement.pk}",
                actor=actor,
            )
    return measurement


# --- outcome measures ---------------------------------------------------------------------


def _outcome_value(measure: OutcomeMeasure, value) -> dict:
    """The value in the column its kind uses, or a Dutch ValidationError."""
    kind = measure.kind
    if value is None or value == "":
        raise ValidationError({"value": [_("Vul een waarde in.")]})
    if kind == OutcomeMeasure.Kind.CHOICE:
        allowed = {choice[0] for choice in measure.choices}
        if str(value) not in allowed:
            raise ValidationError({"value": [_("Kies een van de mogelijke waarden.")]})
        return {"value_choice": str(value)}
    if kind == OutcomeMeasure.Kind.BOOLEAN:
        if not isinstance(value, bool):
            raise ValidationError({"value": [_("Kies ja of nee.")]})
        return {"value_bool": value}
    if isinstance(value, bool):
        raise ValidationError({"value": [_("Vul een getal in.")]})
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({"value": [_("Vul een getal in.")]}) from None
    if not number.is_finite():
        raise ValidationError({"value": [_("Vul een getal in.")]})
    if kind == OutcomeMeasure.Kind.INTEGER and number != number.to_integral_value():
        raise ValidationError({"value": [_("Vul een geheel getal in.")]})
    if kind == OutcomeMeasure.Kind.MONEY and number < 0:
        raise ValidationError({"value": [_("Een bedrag kan niet negatief zijn.")]})
    return {"value_number": number.quantize(Decimal("0.01"))}


def _store_outcome(*, enrolment, measure, date, value, source, actor) -> OutcomeValue:
    row = OutcomeValue(
        participant_id=enrolment.participant_id,
        enrolment=enrolment,
        measure=measure,
        date=date,
        source=source[:80],
        recorded_by=actor,
        **_outcome_value(measure, value),
    )
    _save(row)
    return row


def record_outcome(
    *,
    actor: User | None,
    enrolment: Enrolment,
    measure_code: str,
    date: dt.date,
    value,
    source: str = "",
    check_scope: bool = True,
) -> OutcomeValue:
    """Record a dated value of an outcome measure for the enrolment's participant. Programme
    services call this whenever they record what a measure is about (a debt paid, a school
    status, a placement check), inside their own transaction. ``check_scope`` is off only for
    a caller that checked the actor's scope itself in the same transaction."""
    if check_scope:
        _require_enrolment_scope(actor, enrolment)
    measure = OutcomeMeasure.objects.filter(code=measure_code).first()
    if measure is None:
        raise ValidationError({"measure": [_("Onbekende uitkomstmaat.")]})
    if measure.programme_id and measure.programme_id != enrolment.programme_id:
        raise ValidationError({"measure": [_("Deze uitkomstmaat hoort bij een ander programma.")]})
    if date > timezone.localdate():
        raise ValidationError({"date": [_("De datum ligt in de toekomst.")]})
    with transaction.atomic():
        return _store_outcome(
            enrolment=enrolment,
            measure=measure,
            date=date,
            value=value,
            source=source,
            actor=actor,
        )


# --- households ---------------------------------------------------------------------------


def create_household(
    *,
    actor: User,
    name: str = "",
    reference: str = "",
    wijk: str = "",
    first_member: Participant,
    role: str,
    start_date: dt.date,
) -> Household:
    """Create a household around a participant of the actor's caseload."""
    _require_scope(actor, first_member)
    name = check_text(name, field_name="name", max_length=200, required=False)
    reference = check_text(reference, field_name="reference", max_length=100, required=False)
    cipher = Cipher()
    with transaction.atomic():
        household = Household(data_key=create_data_key(), wijk=wijk)
        household.name = cipher.seal(
            datakey=household.data_key,
            model=Household,
            column="name",
            row_pk=household.pk,
            plaintext=name,
        )
        household.reference = cipher.seal(
            datakey=household.data_key,
            model=Household,
            column="reference",
            row_pk=household.pk,
            plaintext=reference,
        )
        household.reference_index = blind_index("household_ref", reference) if reference else None
        if (
            household.reference_index
            and Household.objects.filter(reference_index=household.reference_index).exists()
        ):
            raise ValidationError({"reference": [_("Er is al een huishouden met dit nummer.")]})
        _save(household)
        _add_member(household=household, participant=first_member, role=role, start_date=start_date)
    return household


def _add_member(*, household: Household, participant: Participant, role: str, start_date: dt.date):
    if HouseholdMembership.objects.filter(
        household=household, participant=participant, end_date__isnull=True
    ).exists():
        raise ValidationError({"participant": [_("Deze deelnemer hoort al bij dit huishouden.")]})
    membership = HouseholdMembership(
        household=household, participant=participant, role=role, start_date=start_date
    )
    _save(membership)
    return membership


def add_household_member(
    *, actor: User, household: Household, participant: Participant, role: str, start_date: dt.date
) -> HouseholdMembership:
    _require_scope(actor, participant)
    _require_household_scope(actor, household)
    with transaction.atomic():
        return _add_member(
            household=household, participant=participant, role=role, start_date=start_date
        )


def _require_household_scope(actor: User, household: Household) -> None:
    """A current member of the household is in the actor's caseload; otherwise adding one's
    own participant to any household would reveal that household's name and reference."""
    in_scope = HouseholdMembership.objects.filter(
        household_id=household.pk,
        end_date__isnull=True,
        participant__erased_at__isnull=True,
    ).filter(permissions.active_enrolment_in_scope(actor, "participant_id"))
    if not in_scope.exists():
        raise PermissionDenied


def end_household_membership(
    *, actor: User, membership: HouseholdMembership, expected_version: int, end_date: dt.date
) -> HouseholdMembership:
    _require_scope(actor, membership.participant)
    with transaction.atomic():
        current = _lock(HouseholdMembership, membership.pk, expected_version)
        current.end_date = end_date
        _save(current)
    return current


# --- imports ------------------------------------------------------------------------------
#
# The import path. ``manage.py import_participants`` runs without a logged-in user: an operator
# runs it for one named team, and the command checks that team itself. These functions
# therefore take no actor and check no actor scope; nothing else may call them.


def import_participant(
    *,
    identity: Identity,
    team: Team,
    programme_code: str,
    start_date: dt.date,
    legal_basis: str,
    finding_place: str = "",
    cipher: Cipher | None = None,
) -> Participant:
    """Import path of ``register_participant``: register and enrol a participant for ``team``
    without an actor (no scope check, no caseworker assigned). Only for the import command."""
    if not team.active:
        raise ValidationError({"team": [_("Dit team is niet actief.")]})
    identity = normalise_identity(identity)
    programme = _programme(programme_code)
    cipher = cipher or Cipher()
    with transaction.atomic():
        participant = Participant(data_key=create_data_key())
        _seal_identity(participant, identity, cipher)
        _check_duplicates(participant)
        participant.full_clean()
        participant.save(force_insert=True)
        _create_enrolment(
            actor=None,
            participant=participant,
            programme=programme,
            team=team,
            start_date=start_date,
            legal_basis=legal_basis,
            finding_place=finding_place,
        )
    return participant


def import_household_member(
    *,
    reference: str,
    participant: Participant,
    role: str,
    start_date: dt.date,
    wijk: str = "",
    cipher: Cipher | None = None,
) -> tuple[Household, bool]:
    """Import path of ``create_household``/``add_household_member``: add the participant to
    the household with this reference (found by blind index), creating it when there is none.
    Returns the household and whether it was created. Only for the import command."""
    reference = check_text(reference, field_name="reference", max_length=100)
    index = blind_index("household_ref", reference)
    cipher = cipher or Cipher()
    with transaction.atomic():
        household = Household.objects.select_for_update().filter(reference_index=index).first()
        created = household is None
        if created:
            household = Household(data_key=create_data_key(), wijk=wijk)
            household.reference = cipher.seal(
                datakey=household.data_key,
                model=Household,
                column="reference",
                row_pk=household.pk,
                plaintext=reference,
            )
            household.reference_index = index
            _save(household)
        _add_member(household=household, participant=participant, role=role, start_date=start_date)
    return household, created


# --- transfers ----------------------------------------------------------------------------


def request_transfer(*, actor: User, enrolment: Enrolment, to_team: Team, reason: str) -> Transfer:
    """Refer or transfer an enrolment to another team; the receiving team's leads decide."""
    if not permissions.may_assign(actor):  # transfers are the team lead's (DESIGN.md, roles)
        raise PermissionDenied
    _require_enrolment_scope(actor, enrolment)
    if enrolment.status != Enrolment.Status.ACTIVE:
        raise ValidationError(
            {"enrolment": [_("Alleen een lopende inschrijving kan worden overgedragen.")]}
        )
    if to_team.pk == enrolment.team_id:
        raise ValidationError({"to_team": [_("Kies een ander team dan het huidige.")]})
    if not to_team.active:
        raise ValidationError({"to_team": [_("Dit team is niet actief.")]})
    reason = check_text(reason, field_name="reason", max_length=2000)
    transfer = Transfer(
        enrolment=enrolment, from_team_id=enrolment.team_id, to_team=to_team, requested_by=actor
    )
    transfer.reason = Cipher().seal(
        datakey=_participant_key(enrolment),
        model=Transfer,
        column="reason",
        row_pk=transfer.pk,
        plaintext=reason,
    )
    with transaction.atomic():
        if Transfer.objects.filter(enrolment=enrolment, status=Transfer.Status.PENDING).exists():
            raise ValidationError(
                {"to_team": [_("Er loopt al een overdracht voor deze inschrijving.")]}
            )
        _save(transfer)
        leads = User.objects.filter(
            memberships__team=to_team, groups__name=TEAM_LEAD, is_active=True
        ).distinct()
        for lead in leads:
            assign_perm("casework.decide_transfer", lead, transfer)
    return transfer


def decide_transfer(
    *, actor: User, transfer: Transfer, expected_version: int, accept: bool
) -> Transfer:
    """Accept (the enrolment moves to the receiving team, with its access) or refuse."""
    if not actor.has_perm("casework.decide_transfer", transfer):
        raise PermissionDenied
    # The grant was given to the receiving team's leads; it lapses when they no longer are.
    if (
        not permissions.may_assign(actor)
        or not TeamMembership.objects.filter(
            user=actor, team_id=transfer.to_team_id, team__active=True
        ).exists()
    ):
        raise PermissionDenied
    with transaction.atomic():
        current = _lock(Transfer, transfer.pk, expected_version)
        if current.status != Transfer.Status.PENDING:
            raise ValidationError({"status": [_("Over deze overdracht is al beslist.")]})
        if (
            accept
            and not Enrolment.objects.filter(
                pk=current.enrolment_id, status=Enrolment.Status.ACTIVE
            ).exists()
        ):
            raise ValidationError(
                {
                    "status": [
                        _("Deze inschrijving loopt niet meer en kan niet worden overgedragen.")
                    ]
                }
            )
        current.status = Transfer.Status.ACCEPTED if accept else Transfer.Status.REFUSED
        current.decided_by = actor
        current.decided_at = timezone.now()
        _save(current)
        if accept:
            enrolment = Enrolment.objects.select_for_update().get(pk=current.enrolment_id)
            enrolment.team_id = current.to_team_id
            enrolment.caseworker = None
            _save(enrolment)
        _revoke_transfer_grants(current)
    return current


def cancel_transfer(*, actor: User, transfer: Transfer, expected_version: int) -> Transfer:
    if not permissions.may_assign(actor) and transfer.requested_by_id != actor.pk:
        raise PermissionDenied
    _require_enrolment_scope(actor, transfer.enrolment)
    with transaction.atomic():
        current = _lock(Transfer, transfer.pk, expected_version)
        if current.status != Transfer.Status.PENDING:
            raise ValidationError({"status": [_("Over deze overdracht is al beslist.")]})
        current.status = Transfer.Status.CANCELLED
        current.decided_by = actor
        current.decided_at = timezone.now()
        _save(current)
        _revoke_transfer_grants(current)
    return current


def _revoke_transfer_grants(transfer: Transfer) -> None:
    from casework.models import TransferUserObjectPermission

    for grant in TransferUserObjectPermission.objects.filter(
        content_object=transfer
    ).select_related("user"):
        remove_perm("casework.decide_transfer", grant.user, transfer)


# --- consent ------------------------------------------------------------------------------


def record_consent(
    *,
    actor: User,
    participant: Participant,
    purpose: str,
    status: str,
    effective_on: dt.date,
    text_version: str,
):
    """A caseworker records a participant's consent statement (given, refused, withdrawn).

    A statement takes effect on its date; from then on it is the one in force, so a
    withdrawal dated today counts at once for every later read. A statement dated before the
    latest one recorded for the purpose would never be in force and is refused."""
    from privacy import services as privacy_services

    _require_scope(actor, participant)
    _check_consent_order(participant, purpose, effective_on)
    return privacy_services.record_consent(
        subject_id=participant.pk,
        purpose=purpose,
        status=status,
        effective_on=effective_on,
        text_version=text_version,
        recorded_by=actor,
    )


def _check_consent_order(participant: Participant, purpose: str, effective_on: dt.date) -> None:
    from privacy.models import Consent

    latest = (
        Consent.objects.filter(subject_id=participant.pk, purpose=purpose)
        .order_by("-effective_on")
        .values_list("effective_on", flat=True)
        .first()
    )
    if latest is not None and effective_on < latest:
        raise ValidationError(
            {
                "effective_on": [
                    _(
                        "Voor dit doel is al een verklaring vastgelegd die ingaat op %(date)s. "
                        "Een nieuwe verklaring kan niet eerder ingaan."
                    )
                    % {"date": latest.strftime("%d-%m-%Y")}
                ]
            }
        )


IMPORT_CONSENT_TEXT_VERSION = "import"


def import_research_consent(*, participant: Participant, given: bool, effective_on: dt.date):
    """Import path of ``record_consent``: the research consent column of an import file, as
    given or refused on the enrolment date, recorded by nobody (text version "import").
    Only for the import command, which checks the team itself."""
    from privacy import services as privacy_services
    from privacy.models import Consent, Purpose

    return privacy_services.record_consent(
        subject_id=participant.pk,
        purpose=Purpose.RESEARCH,
        status=Consent.Status.GIVEN if given else Consent.Status.REFUSED,
        effective_on=effective_on,
        text_version=IMPORT_CONSENT_TEXT_VERSION,
        recorded_by=None,
    )


# --- break-the-glass ----------------------------------------------------------------------

BREAK_GLASS_HOURS = 24


def open_break_glass(
    *, actor: User, participant: Participant, reason: str, hours: int | None = None
):
    """Open a file outside the actor's caseload for a limited time, with a reason. The grant
    is a guardian object permission plus a record the privacy officer reviews."""
    from django.conf import settings

    from casework.models import BreakGlassAccess

    if not permissions.may_break_glass(actor):
        raise PermissionDenied
    if participant.erased_at is not None:
        raise ValidationError({"participant": [_("Deze deelnemer is gewist.")]})
    reason = check_text(reason, field_name="reason", max_length=2000)
    if len(reason) < 10:
        raise ValidationError(
            {
                "reason": [
                    _("Beschrijf de reden in ten minste tien tekens; de privacy officer leest mee.")
                ]
            }
        )
    hours = hours or getattr(settings, "KOERS_BREAK_GLASS_HOURS", BREAK_GLASS_HOURS)
    access = BreakGlassAccess(
        participant=participant,
        user=actor,
        expires_at=timezone.now() + dt.timedelta(hours=hours),
    )
    key = Participant.objects.select_related("data_key").get(pk=participant.pk).data_key
    access.reason = Cipher().seal(
        datakey=key, model=BreakGlassAccess, column="reason", row_pk=access.pk, plaintext=reason
    )
    from privacy import services as privacy_services
    from privacy.models import AccessEvent

    with transaction.atomic():
        _save(access)
        assign_perm("casework.break_glass", actor, participant)
        privacy_services.log_access(
            user=actor,
            looks=[
                privacy_services.Look(
                    subject_id=participant.pk,
                    what="break_glass_opened",
                    action=AccessEvent.Action.BREAK_GLASS,
                    break_glass=True,
                )
            ],
            purpose="break_glass",
        )
    return access


def review_break_glass(*, actor: User, access, expected_version: int, verdict: str):
    """The privacy officer marks a break-the-glass access as reviewed (justified or not)."""
    from accounts.roles import PRIVACY_OFFICER
    from casework.models import BreakGlassAccess

    if not has_role(actor, PRIVACY_OFFICER):
        raise PermissionDenied
    if verdict not in {"justified", "unjustified"}:
        raise ValidationError({"verdict": [_("Kies terecht of onterecht.")]})
    with transaction.atomic():
        current = _lock(BreakGlassAccess, access.pk, expected_version)
        if current.reviewed_at is not None:
            raise ValidationError({"verdict": [_("Deze toegang is al beoordeeld.")]})
        current.reviewed_by = actor
        current.reviewed_at = timezone.now()
        current.review_note = verdict
        _save(current)
    return current
