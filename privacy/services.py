"""Writes of the privacy app: data keys, consent, the access log, data-subject requests,
erasure (four eyes) and key rotation."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from privacy import erasure_ledger, registry

# The access log has a module of its own; these names stay importable from here.
from privacy.access_log import (  # noqa: F401
    ChainReport,
    Look,
    log_access,
    log_subjects,
    seal,
    verify_access_log,
)
from privacy.crypto import Cipher, new_raw_data_key, unwrap_data_key, wrap_data_key
from privacy.keys import keyring
from privacy.models import (
    AccessEvent,
    Consent,
    DataKey,
    DataSubjectRequest,
    ErasureRequest,
    Purpose,
    SystemKey,
)
from privacy.periods import add_months


def create_data_key() -> DataKey:
    """A new random data key, wrapped under the newest key-encryption key."""
    datakey_id = uuid.uuid4()
    kek_id, wrapped = wrap_data_key(datakey_id, new_raw_data_key())
    datakey = DataKey(id=datakey_id, kek_id=kek_id, wrapped=wrapped)
    datakey.full_clean()
    with transaction.atomic():
        datakey.save(force_insert=True)
    return datakey


def build_data_key() -> DataKey:
    """An unsaved data key, for bulk creation (synthetic data, imports)."""
    datakey_id = uuid.uuid4()
    kek_id, wrapped = wrap_data_key(datakey_id, new_raw_data_key())
    return DataKey(id=datakey_id, kek_id=kek_id, wrapped=wrapped)


def destroy_data_key(datakey: DataKey) -> None:
    """Crypto-shredding: forget the wrapped key, so every envelope under it is unreadable."""
    with transaction.atomic():
        locked = DataKey.objects.select_for_update().get(pk=datakey.pk)
        locked.wrapped = None
        locked.destroyed_at = timezone.now()
        locked.full_clean()
        locked.save(update_fields=["wrapped", "destroyed_at"])


def system_cipher_key(name: str = "privacy-office") -> DataKey:
    """The data key for the privacy office's own free text (it outlives participants' keys)."""
    with transaction.atomic():
        entry = SystemKey.objects.select_related("data_key").filter(name=name).first()
        if entry is None:
            entry = SystemKey(name=name, data_key=create_data_key())
            entry.full_clean()
            entry.save()
    return entry.data_key


# --- consent ------------------------------------------------------------------------------


def record_consent(
    *,
    subject_id: uuid.UUID,
    purpose: str,
    status: str,
    effective_on: dt.date,
    text_version: str,
    recorded_by=None,
) -> Consent:
    """Append a consent statement. Withdrawal takes effect at once for every later read."""
    if purpose not in Purpose.values:
        raise ValidationError({"purpose": [_("Onbekend doel.")]})
    if status not in Consent.Status.values:
        raise ValidationError({"status": [_("Onbekende status.")]})
    if effective_on > timezone.localdate():
        raise ValidationError({"effective_on": [_("De ingangsdatum ligt in de toekomst.")]})
    text_version = (text_version or "").strip()
    if not text_version:
        raise ValidationError({"text_version": [_("Vermeld de versie van de toestemmingstekst.")]})
    consent = Consent(
        subject_id=subject_id,
        purpose=purpose,
        status=status,
        effective_on=effective_on,
        text_version=text_version,
        recorded_by=recorded_by,
    )
    consent.full_clean()
    with transaction.atomic():
        consent.save(force_insert=True)
    return consent


# --- data-subject requests ----------------------------------------------------------------


def add_one_month(day: dt.date) -> dt.date:
    """Same day next month, or the month's last day (GDPR art. 12(3): one month)."""
    return add_months(day, 1)


def register_request(
    *, actor, subject_id: uuid.UUID, kind: str, received_on: dt.date
) -> DataSubjectRequest:
    _require_privacy_officer(actor)
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": [_("De datum ligt in de toekomst.")]})
    request = DataSubjectRequest(
        subject_id=subject_id,
        kind=kind,
        received_on=received_on,
        deadline=add_one_month(received_on),
        handled_by=actor,
    )
    request.full_clean()
    with transaction.atomic():
        request.save(force_insert=True)
    return request


def update_request(
    *, actor, request: DataSubjectRequest, expected_version: int, status: str, extend: bool = False
) -> DataSubjectRequest:
    """Change the status; ``extend`` adds two months once (art. 12(3), complex requests)."""
    _require_privacy_officer(actor)
    with transaction.atomic():
        current = DataSubjectRequest.objects.select_for_update().get(pk=request.pk)
        if current.version != expected_version:
            from privacy.errors import StaleError

            raise StaleError()
        if extend:
            if current.extended:
                raise ValidationError(
                    {"extend": [_("Een verzoek kan maar één keer worden verlengd.")]}
                )
            current.deadline = add_one_month(add_one_month(current.deadline))
            current.extended = True
        current.status = status
        current.handled_by = actor
        current.closed_on = timezone.localdate() if status in {"done", "refused"} else None
        current.version += 1
        current.full_clean()
        current.save()
    return current


# --- erasure ------------------------------------------------------------------------------


def _require_privacy_officer(actor) -> None:
    from accounts.permissions import has_role
    from accounts.roles import PRIVACY_OFFICER

    if actor is None or not actor.is_authenticated or not has_role(actor, PRIVACY_OFFICER):
        raise PermissionDenied


def request_erasure(*, actor, subject_id: uuid.UUID, reason: str) -> ErasureRequest:
    """First privacy officer: ask to erase. Nothing is erased until a second officer confirms."""
    _require_privacy_officer(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Geef de reden van het wissen.")]})
    if len(reason) > 2000:
        raise ValidationError({"reason": [_("De reden is te lang (hoogstens 2000 tekens).")]})
    summary = registry.provider().summarise(subject_id)
    if summary is None:
        raise ValidationError({"subject": [_("Onbekende deelnemer.")]})
    if summary.get("erased"):
        raise ValidationError({"subject": [_("Deze deelnemer is al gewist.")]})
    erasure = ErasureRequest(subject_id=subject_id, requested_by=actor)
    erasure.reason = Cipher().seal(
        datakey=system_cipher_key(),
        model=ErasureRequest,
        column="reason",
        row_pk=erasure.pk,
        plaintext=reason,
    )
    with transaction.atomic():
        if ErasureRequest.objects.filter(subject_id=subject_id, status="pending").exists():
            raise ValidationError(
                {"subject": [_("Er wacht al een wisverzoek voor deze deelnemer.")]}
            )
        erasure.full_clean()
        erasure.save(force_insert=True)
    return erasure


def confirm_erasure(*, actor, erasure: ErasureRequest, expected_version: int) -> ErasureRequest:
    """Second privacy officer: confirm, and the participant is erased by crypto-shredding."""
    _require_privacy_officer(actor)
    with transaction.atomic():
        current = ErasureRequest.objects.select_for_update().get(pk=erasure.pk)
        if current.version != expected_version:
            from privacy.errors import StaleError

            raise StaleError()
        if current.status != ErasureRequest.Status.PENDING:
            raise ValidationError({"status": [_("Dit wisverzoek is al afgehandeld.")]})
        if current.requested_by_id == actor.pk:
            raise ValidationError(
                {"confirmed_by": [_("Een tweede privacy officer moet het wissen bevestigen.")]}
            )
        summary = registry.provider().summarise(current.subject_id)
        if summary is None or summary.get("erased"):
            raise ValidationError({"subject": [_("Deze deelnemer is al gewist.")]})
        current.confirmed_by = actor
        current.status = ErasureRequest.Status.DONE
        current.executed_at = timezone.now()
        current.version += 1
        current.full_clean()
        current.save()
        erasure_ledger.erase(current.subject_id, erased_by=actor, reason="request")
        log_access(
            user=actor,
            looks=[
                Look(
                    subject_id=current.subject_id, what="erasure", action=AccessEvent.Action.ERASURE
                )
            ],
            purpose="privacy",
        )
    return current


def cancel_erasure(*, actor, erasure: ErasureRequest, expected_version: int) -> ErasureRequest:
    _require_privacy_officer(actor)
    with transaction.atomic():
        current = ErasureRequest.objects.select_for_update().get(pk=erasure.pk)
        if current.version != expected_version or current.status != ErasureRequest.Status.PENDING:
            raise ValidationError({"status": [_("Dit wisverzoek is al afgehandeld.")]})
        current.status = ErasureRequest.Status.CANCELLED
        current.version += 1
        current.save()
    return current


def erasure_reason(erasure: ErasureRequest) -> str | None:
    return Cipher().open(
        model=ErasureRequest, column="reason", row_pk=erasure.pk, envelope=erasure.reason
    )


# --- key rotation -------------------------------------------------------------------------


@dataclass(frozen=True)
class RotationReport:
    rewrapped: int
    remaining_by_kek: dict[str, int]


def keys_under_old_keks() -> dict[str, int]:
    current = keyring().current_kek_id
    counts: dict[str, int] = {}
    for kek_id in (
        DataKey.objects.filter(destroyed_at__isnull=True)
        .exclude(kek_id=current)
        .values_list("kek_id", flat=True)
    ):
        counts[kek_id] = counts.get(kek_id, 0) + 1
    return counts


def rotate_data_keys(*, batch_size: int = 500) -> RotationReport:
    """Rewrap every live data key under the newest key-encryption key, in small transactions,
    so the app keeps running. Refuses (before changing anything) when a key it needs is gone."""
    ring = keyring()
    current = ring.current_kek_id
    known = {kek_id for kek_id, _ in ring.keks}
    missing = set(
        DataKey.objects.filter(destroyed_at__isnull=True)
        .exclude(kek_id__in=known)
        .values_list("kek_id", flat=True)
    )
    if missing:
        raise ValidationError(
            _(
                "Sleutel(s) %(ids)s ontbreken in KOERS_KEKS; zet ze terug achter de nieuwste sleutel."
            )
            % {"ids": ", ".join(sorted(missing))}
        )
    rewrapped = 0
    while True:
        with transaction.atomic():
            batch = list(
                DataKey.objects.select_for_update()
                .filter(destroyed_at__isnull=True)
                .exclude(kek_id=current)
                .order_by("pk")[:batch_size]
            )
            if not batch:
                break
            for datakey in batch:
                raw = unwrap_data_key(datakey.pk, datakey.kek_id, datakey.wrapped)
                datakey.kek_id, datakey.wrapped = wrap_data_key(datakey.pk, raw, current)
                datakey.save(update_fields=["kek_id", "wrapped"])
            rewrapped += len(batch)
    return RotationReport(rewrapped=rewrapped, remaining_by_kek=keys_under_old_keks())
