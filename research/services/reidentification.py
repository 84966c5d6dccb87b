"""Re-identification with four eyes: a privacy officer asks, a second one confirms, and the
pseudonym is recomputed for every participant until one matches."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import PRIVACY_OFFICER
from casework.services import lock, save
from privacy.models import AccessEvent
from privacy.pseudonyms import Pseudonymiser
from research import selectors
from research.models import Reidentification, Study
from research.services.access import log_access, require


def request_reidentification(
    *, actor, study: Study, pseudonym: str, reason: str, reference: str
) -> Reidentification:
    require(actor, PRIVACY_OFFICER)
    pseudonym = (pseudonym or "").strip().lower()
    errors = {}
    if (
        len(pseudonym) != 21
        or not pseudonym.startswith("p")
        or not all(c in "0123456789abcdef" for c in pseudonym[1:])
    ):
        errors["pseudonym"] = [_("Een pseudoniem van een deelnemer is p gevolgd door 20 tekens.")]
    if reason not in Reidentification.Reason.values:
        errors["reason"] = [_("Kies een reden.")]
    reference = (reference or "").strip()
    if not reference:
        errors["reference"] = [_("Vermeld het kenmerk van het verzoek of de melding.")]
    if errors:
        raise ValidationError(errors)
    item = Reidentification(
        study=study,
        pseudonym=pseudonym,
        reason=reason,
        reference=reference[:60],
        requested_by=actor,
    )
    with transaction.atomic():
        save(item)
        log_access(
            actor,
            f"research_reidentification_request:{item.pk}:study={study.code}",
            AccessEvent.Action.SEARCH,
            purpose="privacy",
        )
    return item


def confirm_reidentification(
    *, actor, reidentification: Reidentification, expected_version: int
) -> Reidentification:
    """A second privacy officer confirms; then the pseudonym is recomputed for every
    participant id of the system until one matches. The found id is logged against the
    participant (purpose privacy)."""
    require(actor, PRIVACY_OFFICER)
    with transaction.atomic():
        current = lock(Reidentification, reidentification.pk, expected_version)
        if current.status != Reidentification.Status.PENDING:
            raise ValidationError(_("Dit verzoek is al afgehandeld."))
        if current.requested_by_id == actor.pk:
            raise ValidationError(
                _("Een tweede privacy officer moet bevestigen: u hebt dit verzoek zelf gedaan.")
            )
        pz = Pseudonymiser("study", current.study.code)
        found: uuid.UUID | None = None
        for pk in selectors.all_participant_ids():
            if pz(pk) == current.pseudonym:
                found = pk
                break
        current.confirmed_by = actor
        current.confirmed_at = timezone.now()
        current.participant_id = found
        current.status = (
            Reidentification.Status.FOUND if found else Reidentification.Status.NOT_FOUND
        )
        save(current)
        log_access(
            actor,
            f"research_reidentification:{current.pk}:study={current.study.code}",
            AccessEvent.Action.VIEW,
            subject_id=found,
            purpose="privacy",
        )
    return current


def cancel_reidentification(
    *, actor, reidentification: Reidentification, expected_version: int
) -> Reidentification:
    require(actor, PRIVACY_OFFICER)
    with transaction.atomic():
        current = lock(Reidentification, reidentification.pk, expected_version)
        if current.status != Reidentification.Status.PENDING:
            raise ValidationError(_("Dit verzoek is al afgehandeld."))
        current.status = Reidentification.Status.CANCELLED
        save(current)
    return current
