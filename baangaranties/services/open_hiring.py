"""The Open Hiring list: signing up, offering places in order of signing up, withdrawing."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from baangaranties.models import OpenHiringSignup, open_hiring_places
from baangaranties.services.base import _require_programme, _today
from casework import permissions
from casework import services as core
from casework.models import Enrolment


def sign_up_open_hiring(
    *, actor: User, enrolment: Enrolment, signed_up_at: dt.datetime | None = None
) -> OpenHiringSignup:
    """Put a participant on the Open Hiring list: no interview, no CV, only the moment."""
    _require_programme(actor, enrolment)
    signed_up_at = signed_up_at or timezone.now()
    if signed_up_at > timezone.now():
        raise ValidationError(
            {"signed_up_at": [_("Het moment van aanmelden ligt in de toekomst.")]}
        )
    with transaction.atomic():
        if (
            OpenHiringSignup.objects.filter(participant_id=enrolment.participant_id)
            .exclude(status=OpenHiringSignup.Status.WITHDRAWN)
            .exists()
        ):
            raise ValidationError(
                {"enrolment": [_("Deze deelnemer staat al op de Open Hiring-lijst.")]}
            )
        signup = OpenHiringSignup(
            enrolment=enrolment,
            participant_id=enrolment.participant_id,
            signed_up_at=signed_up_at,
        )
        core.save(signup)
    return signup


def offer_open_hiring(*, actor: User) -> list[OpenHiringSignup]:
    """Offer places to the first people waiting, in the order they signed up, until the
    places of the pilot (``KOERS_OPEN_HIRING_PLACES``, 5) are given. Only the actor's teams'
    list is offered; the places count over the whole programme."""
    if not permissions.has_file_access(actor):
        raise PermissionDenied
    places = open_hiring_places()
    with transaction.atomic():
        taken_rows = list(
            OpenHiringSignup.objects.select_for_update().filter(
                status__in=[OpenHiringSignup.Status.OFFERED, OpenHiringSignup.Status.PLACED]
            )
        )
        free = places - len(taken_rows)
        if free <= 0:
            raise ValidationError(
                {"__all__": [_("Alle %(n)s Open Hiring-plekken zijn vergeven.") % {"n": places}]}
            )
        waiting = list(
            OpenHiringSignup.objects.select_for_update()
            .filter(
                status=OpenHiringSignup.Status.WAITING,
                enrolment__team_id__in=permissions.member_teams_subquery(actor),
                enrolment__status=Enrolment.Status.ACTIVE,
            )
            .order_by("signed_up_at", "id")[:free]
        )
        if not waiting:
            raise ValidationError({"__all__": [_("Er staat niemand op de wachtlijst.")]})
        for signup in waiting:
            signup.status = OpenHiringSignup.Status.OFFERED
            signup.offered_on = _today()
            core.save(signup)
    return waiting


def withdraw_open_hiring(
    *, actor: User, signup: OpenHiringSignup, expected_version: int
) -> OpenHiringSignup:
    _require_programme(actor, signup.enrolment)
    with transaction.atomic():
        current = core.lock(OpenHiringSignup, signup.pk, expected_version)
        if current.status == OpenHiringSignup.Status.PLACED:
            raise ValidationError(
                {"status": [_("Wie al aan het werk is, beëindigt de plaatsing in plaats daarvan.")]}
            )
        current.status = OpenHiringSignup.Status.WITHDRAWN
        core.save(current)
    return current
