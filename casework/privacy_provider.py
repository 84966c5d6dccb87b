"""How the privacy operations reach casework data (registered in ``CaseworkConfig.ready``):
find a participant, collect everything stored about them, summarise, erase, retention."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import transaction
from django.utils import timezone

from casework.models import (
    BreakGlassAccess,
    Enrolment,
    Goal,
    Household,
    HouseholdMembership,
    Measurement,
    Participant,
    ParticipantUserObjectPermission,
    Plan,
    ProgressEntry,
    Transfer,
)
from casework.privacy_data import document_rows
from casework.services import PARTICIPANT_SECRET_FIELDS
from privacy import selectors as privacy_selectors
from privacy.bsn import is_valid_bsn, normalise_bsn
from privacy.crypto import Cipher, DecryptionError, blind_index
from privacy.registry import SubjectProvider, register
from privacy.services import destroy_data_key


def find(query: str) -> uuid.UUID | None:
    """By internal id, BSN or client reference (blind index); erased participants too."""
    query = (query or "").strip()
    if not query:
        return None
    try:
        candidate = uuid.UUID(query)
    except ValueError:
        candidate = None
    if candidate is not None:
        return Participant.objects.filter(pk=candidate).values_list("pk", flat=True).first()
    indexes = {blind_index("client_ref", query)}
    bsn = normalise_bsn(query)
    if is_valid_bsn(bsn):
        indexes.add(blind_index("bsn", bsn))
    from django.db.models import Q

    return (
        Participant.objects.filter(Q(bsn_index__in=indexes) | Q(client_ref_index__in=indexes))
        .values_list("pk", flat=True)
        .first()
    )


def summarise(subject_id) -> dict | None:
    """Non-identifying facts for the privacy officer's page header."""
    participant = Participant.objects.filter(pk=subject_id).first()
    if participant is None:
        return None
    enrolments = list(
        Enrolment.objects.filter(participant=participant).select_related("programme", "team")
    )
    return {
        "id": str(participant.pk),
        "erased": participant.erased_at is not None,
        "erased_at": participant.erased_at.isoformat() if participant.erased_at else None,
        "year_of_birth": participant.year_of_birth,
        "gender": participant.gender,
        "wijk": participant.wijk,
        "enrolments": [
            {
                "programme": e.programme.code,
                "team": e.team.code,
                "status": e.status,
                "start": e.start_date.isoformat(),
                "end": e.end_date.isoformat() if e.end_date else None,
            }
            for e in enrolments
        ],
    }


def _open(cipher: Cipher, model, column: str, pk, envelope):
    try:
        return cipher.open(model=model, column=column, row_pk=pk, envelope=envelope)
    except DecryptionError:
        return "[onleesbaar]"


def _versions(
    model, pk, cipher: Cipher, secret_fields: tuple[str, ...], plain_fields: tuple[str, ...]
):
    rows = []
    for record in model.history.model.objects.filter(id=pk).order_by("history_date"):
        entry = {
            "history_date": record.history_date.isoformat(),
            "history_type": record.history_type,
            "changed_by": record.history_user_id,
        }
        for name in plain_fields:
            value = getattr(record, name)
            entry[name] = value.isoformat() if hasattr(value, "isoformat") else value
        for name in secret_fields:
            entry[name] = _open(cipher, model, name, pk, getattr(record, name))
        rows.append(entry)
    return rows


def _iso(value):
    return value.isoformat() if value is not None else None


def collect(subject_id) -> dict | None:
    """Everything stored about the participant, decrypted, with every historical version."""
    participant = Participant.objects.select_related("data_key").filter(pk=subject_id).first()
    if participant is None:
        return None
    base = {
        "participant_id": str(participant.pk),
        "generated_at": timezone.now().isoformat(),
        "erased": participant.erased_at is not None,
    }
    consents = [
        {
            "purpose": c.purpose,
            "status": c.status,
            "effective_on": _iso(c.effective_on),
            "text_version": c.text_version,
            "recorded_at": _iso(c.recorded_at),
        }
        for c in privacy_selectors.consent_history(participant.pk)
    ]
    events = [
        {
            "number": e.pk,
            "occurred_at": _iso(e.occurred_at),
            "who": e.actor_label,
            "roles": e.roles,
            "action": e.action,
            "what": e.what,
            "purpose": e.purpose,
            "break_glass": e.break_glass,
        }
        for e in privacy_selectors.access_events_for(participant.pk)
    ]
    if participant.erased_at is not None:
        base.update(
            {
                "erased_at": _iso(participant.erased_at),
                "message": "Deze deelnemer is gewist: identificerende gegevens en notities zijn "
                "onleesbaar gemaakt (crypto-shredding).",
                "statistics": {
                    "year_of_birth": participant.year_of_birth,
                    "gender": participant.gender,
                    "wijk": participant.wijk,
                },
                "consents": consents,
                "access_events": events,
            }
        )
        return base
    cipher = Cipher().load([participant.data_key])
    identity = {
        name: _open(cipher, Participant, name, participant.pk, getattr(participant, name))
        for name in PARTICIPANT_SECRET_FIELDS
    }
    identity.update(
        {
            "year_of_birth": participant.year_of_birth,
            "gender": participant.gender,
            "wijk": participant.wijk,
        }
    )
    enrolments = []
    for enrolment in Enrolment.objects.filter(participant=participant).select_related(
        "programme", "team"
    ):
        plan = Plan.objects.filter(enrolment=enrolment).first()
        goals = list(Goal.objects.filter(plan=plan)) if plan else []
        progress = list(ProgressEntry.objects.filter(enrolment=enrolment).order_by("date"))
        enrolments.append(
            {
                "id": str(enrolment.pk),
                "programme": enrolment.programme.code,
                "team": enrolment.team.name,
                "start_date": _iso(enrolment.start_date),
                "end_date": _iso(enrolment.end_date),
                "status": enrolment.status,
                "finding_place": enrolment.finding_place,
                "legal_basis": enrolment.legal_basis,
                "plan": {
                    "summary": _open(cipher, Plan, "summary", plan.pk, plan.summary),
                    "versions": _versions(Plan, plan.pk, cipher, ("summary",), ("version",)),
                }
                if plan
                else None,
                "goals": [
                    {
                        "position": goal.position,
                        "text": _open(cipher, Goal, "text", goal.pk, goal.text),
                        "status": goal.status,
                        "versions": _versions(
                            Goal, goal.pk, cipher, ("text",), ("status", "version")
                        ),
                    }
                    for goal in goals
                ],
                "progress": [
                    {
                        "date": _iso(entry.date),
                        "kind": entry.kind,
                        "note": _open(cipher, ProgressEntry, "note", entry.pk, entry.note),
                        "versions": _versions(
                            ProgressEntry, entry.pk, cipher, ("note",), ("date", "kind", "version")
                        ),
                    }
                    for entry in progress
                ],
                "transfers": [
                    {
                        "from_team": t.from_team.name,
                        "to_team": t.to_team.name,
                        "status": t.status,
                        "reason": _open(cipher, Transfer, "reason", t.pk, t.reason),
                        "requested_at": _iso(t.requested_at),
                    }
                    for t in Transfer.objects.filter(enrolment=enrolment).select_related(
                        "from_team", "to_team"
                    )
                ],
            }
        )
    measurements = [
        {
            "instrument": m.instrument.code,
            "wave": m.wave,
            "date": _iso(m.date),
            "values": {v.item: v.value for v in m.values.all()},
        }
        for m in Measurement.objects.filter(participant=participant)
        .select_related("instrument")
        .prefetch_related("values")
        .order_by("date")
    ]
    households = []
    for membership in HouseholdMembership.objects.filter(participant=participant).select_related(
        "household__data_key"
    ):
        household = membership.household
        hcipher = Cipher().load([household.data_key])
        households.append(
            {
                "role": membership.role,
                "start_date": _iso(membership.start_date),
                "end_date": _iso(membership.end_date),
                "household_name": _open(hcipher, Household, "name", household.pk, household.name),
                "household_reference": _open(
                    hcipher, Household, "reference", household.pk, household.reference
                ),
            }
        )
    break_glass = [
        {
            "by": access.user.get_username(),
            "opened_at": _iso(access.opened_at),
            "expires_at": _iso(access.expires_at),
            "reason": _open(cipher, BreakGlassAccess, "reason", access.pk, access.reason),
            "reviewed": access.reviewed_at is not None,
        }
        for access in BreakGlassAccess.objects.filter(participant=participant).select_related(
            "user"
        )
    ]
    base.update(
        {
            "identity": identity,
            "identity_versions": _versions(
                Participant,
                participant.pk,
                cipher,
                PARTICIPANT_SECRET_FIELDS,
                ("year_of_birth", "gender", "wijk", "version"),
            ),
            "enrolments": enrolments,
            "measurements": measurements,
            "households": households,
            "consents": consents,
            "break_glass": break_glass,
            "access_events": events,
            "outcomes": _outcomes(participant),
            "programme_data": _programme_data(participant, cipher),
            "documents": document_rows(participant, cipher),
        }
    )
    return base


def _outcomes(participant) -> list[dict]:
    from casework.models import OutcomeValue

    return [
        {
            "measure": value.measure.code,
            "label": value.measure.label_nl,
            "date": _iso(value.date),
            "value": str(value.value) if value.value is not None else None,
            "programme": value.enrolment.programme.code,
        }
        for value in OutcomeValue.objects.filter(participant=participant)
        .select_related("measure", "enrolment__programme")
        .order_by("date", "recorded_at")
    ]


def _programme_data(participant, cipher) -> list[dict]:
    """Each programme app's records of the participant (``ProgrammeSpec.subject_data``)."""
    from casework.registry import programmes

    blocks = []
    for code, spec in sorted(programmes().items()):
        if not spec.subject_data:
            continue
        for block in spec.subject_data(participant=participant, cipher=cipher):
            if block.get("rows"):
                blocks.append({"programme": code, **block})
    return blocks


def erase(subject_id, *, erased_by=None) -> None:
    """Crypto-shredding: destroy the participant's data key, drop the blind indexes (also from
    the history rows, where an HMAC of the BSN would still allow a lookup) and mark the row
    erased. Year of birth, gender, wijk, enrolments and scores stay for statistics; the
    household stays intact for the others."""
    with transaction.atomic():
        participant = (
            Participant.objects.select_for_update().select_related("data_key").get(pk=subject_id)
        )
        destroy_data_key(participant.data_key)
        participant.bsn_index = None
        participant.client_ref_index = None
        participant.erased_at = timezone.now()
        participant.version += 1
        participant._history_user = erased_by
        participant.full_clean()
        participant.save()
        # History rows are not tracked rows themselves: scrubbing their blind indexes (an HMAC
        # of the BSN still allows a lookup by whoever holds the key) is part of erasure.
        Participant.history.model.objects.filter(id=participant.pk).update(
            bsn_index=None, client_ref_index=None
        )
        ParticipantUserObjectPermission.objects.filter(content_object=participant).delete()


def due_for_retention(cutoffs: dict[str, dt.date]) -> list[uuid.UUID]:
    """Participants with no running enrolment whose every enrolment ended before the cutoff of
    its programme (today minus the programme's retention period)."""
    candidates = (
        Participant.objects.filter(erased_at__isnull=True)
        .exclude(enrolments__status__in=[Enrolment.Status.ACTIVE, Enrolment.Status.PAUSED])
        .prefetch_related("enrolments__programme")
    )
    due = []
    for participant in candidates.iterator(chunk_size=500):
        enrolments = list(participant.enrolments.all())
        if not enrolments:
            continue
        if all(
            e.end_date is not None and e.end_date < cutoffs.get(e.programme.code, dt.date.min)
            for e in enrolments
        ):
            due.append(participant.pk)
    return due


def pending_break_glass() -> list[dict]:
    """Break-the-glass accesses the privacy officer has not reviewed yet, oldest first, with
    the reason decrypted (unreadable once the participant was erased)."""
    accesses = list(
        BreakGlassAccess.objects.filter(reviewed_at__isnull=True)
        .select_related("user", "participant__data_key")
        .order_by("opened_at")
    )
    cipher = Cipher().load({access.participant.data_key for access in accesses})
    return [
        {
            "id": access.pk,
            "version": access.version,
            "subject_id": access.participant_id,
            "user": access.user.get_username(),
            "user_name": access.user.get_full_name() or access.user.get_username(),
            "opened_at": access.opened_at,
            "expires_at": access.expires_at,
            "reason": _open(cipher, BreakGlassAccess, "reason", access.pk, access.reason),
            "erased": access.participant.erased_at is not None,
        }
        for access in accesses
    ]


def review_break_glass(actor, access_id, expected_version: int, verdict: str) -> None:
    """The privacy officer's verdict on one break-the-glass access (casework.services does it)."""
    from casework import services
    from privacy.errors import StaleError

    access = BreakGlassAccess.objects.filter(pk=access_id).first()
    if access is None:
        raise LookupError("Unknown break-the-glass access.")
    try:
        services.review_break_glass(
            actor=actor, access=access, expected_version=expected_version, verdict=verdict
        )
    except services.ConcurrentEditError:
        raise StaleError() from None


def register_provider() -> None:
    register(
        "participant",
        SubjectProvider(
            find=find,
            collect=collect,
            summarise=summarise,
            erase=erase,
            due_for_retention=due_for_retention,
            pending_break_glass=pending_break_glass,
            review_break_glass=review_break_glass,
        ),
    )
