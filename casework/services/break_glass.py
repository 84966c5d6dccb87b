"""Writes of the casework core: break-the-glass."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from accounts.models import User
from accounts.permissions import has_role
from casework import permissions
from casework.models import (
    Participant,
)
from casework.services.base import (
    _lock,
    _save,
)
from casework.validation import check_text
from privacy.crypto import Cipher

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
