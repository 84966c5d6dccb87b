"""What every write of the casework core shares: reference data, version checks and
conflicts, saving with validation, the participant's data key."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Team, TeamMembership, User
from casework import permissions
from casework.instruments import STANDARD_INSTRUMENTS
from casework.models import (
    Enrolment,
    Instrument,
    OutcomeMeasure,
    Participant,
    Programme,
    Versioned,
)
from casework.registry import MeasureSpec, measures, programmes
from casework.validation import Identity
from privacy.crypto import Cipher, DecryptionError, blind_index
from privacy.fields import EncryptedField

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


def seal_for_participant(enrolment: Enrolment, row, column: str, text: str | None) -> str | None:
    """Free text of ``row`` (a record of the enrolment, in casework or a programme) sealed
    for its ``column`` under the data key of the enrolment's participant; empty: None."""
    return Cipher().seal(
        datakey=_participant_key(enrolment),
        model=type(row),
        column=column,
        row_pk=row.pk,
        plaintext=text or None,
    )


def _require_team_member(actor: User, team: Team) -> None:
    if not permissions.has_file_access(actor):
        raise PermissionDenied
    if not TeamMembership.objects.filter(user=actor, team=team, team__active=True).exists():
        raise PermissionDenied


def _seal_own(row, cipher: Cipher, **texts: str | None) -> None:
    """Seal each text into its column of ``row`` under the row's own data key (a participant's
    identity, a household's name and reference); empty: None."""
    for column, text in texts.items():
        setattr(
            row,
            column,
            cipher.seal(
                datakey=row.data_key,
                model=type(row),
                column=column,
                row_pk=row.pk,
                plaintext=text or None,
            ),
        )


def _seal_identity(participant: Participant, identity: Identity, cipher: Cipher) -> None:
    texts = {}
    for name in PARTICIPANT_SECRET_FIELDS:
        value = getattr(identity, name)
        texts[name] = value.isoformat() if isinstance(value, dt.date) else value
    _seal_own(participant, cipher, **texts)
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


def _participant_key(enrolment: Enrolment):
    return Participant.objects.select_related("data_key").get(pk=enrolment.participant_id).data_key
