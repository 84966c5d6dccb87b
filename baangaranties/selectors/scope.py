"""The user's scope in the programme (active enrolments of their teams and the records under
them), with the shared helpers: names decrypted in bulk and one access event per person."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from baangaranties.models import AssistanceRoute, OpenHiringSignup, Placement, RetentionCheck
from casework import selectors as core
from casework.models import Enrolment
from privacy import services as privacy_services
from privacy.crypto import Cipher

PROGRAMME = "baangarantie"
DUE_WITHIN_DAYS = 14
YOUNG_BELOW_AGE = 27
NAME_FIELDS = ("given_name", "family_name", "client_ref")


def _today() -> dt.date:
    return timezone.localdate()


def _log(user: User, participant_ids, what: str, action: str) -> None:
    privacy_services.log_subjects(
        user, participant_ids, what=f"baangaranties_{what}", action=action, purpose="care"
    )


def _names(participants) -> dict:
    """Display names of participants (with ``data_key`` selected), decrypted in bulk."""
    participants = list({p.pk: p for p in participants}.values())
    cipher = Cipher().load(p.data_key for p in participants)
    return {
        p.pk: core.decrypt_person(p, cipher, show_bsn=False, fields=NAME_FIELDS).display_name
        for p in participants
    }


def programme_enrolments(user: User) -> QuerySet[Enrolment]:
    """Active baangarantie enrolments of the user's teams, in the user's caseload."""
    return core.visible_enrolments(user).filter(
        programme__code=PROGRAMME, status=Enrolment.Status.ACTIVE
    )


def _get(queryset, pk, *related):
    """The row ``pk`` of ``queryset`` with ``related`` selected; 404 when it is not there."""
    row = queryset.select_related(*related).filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


def get_programme_enrolment(user: User, pk) -> Enrolment:
    return _get(programme_enrolments(user), pk, "participant__data_key", "programme", "team")


def visible_placements(user: User) -> QuerySet[Placement]:
    return Placement.objects.filter(enrolment__in=programme_enrolments(user))


def visible_checks(user: User) -> QuerySet[RetentionCheck]:
    return RetentionCheck.objects.filter(placement__enrolment__in=programme_enrolments(user))


def visible_signups(user: User) -> QuerySet[OpenHiringSignup]:
    return OpenHiringSignup.objects.filter(enrolment__in=programme_enrolments(user))


def visible_routes(user: User) -> QuerySet[AssistanceRoute]:
    return AssistanceRoute.objects.filter(enrolment__in=programme_enrolments(user))


def get_placement(user: User, pk) -> Placement:
    return _get(
        visible_placements(user),
        pk,
        "enrolment__programme",
        "employer__chain",
        "participant__data_key",
    )


def get_check(user: User, pk) -> RetentionCheck:
    return _get(
        visible_checks(user),
        pk,
        "placement__enrolment__programme",
        "placement__employer",
        "placement__participant__data_key",
    )


def get_signup(user: User, pk) -> OpenHiringSignup:
    return _get(visible_signups(user), pk, "enrolment__programme", "participant__data_key")


def get_route(user: User, pk) -> AssistanceRoute:
    return _get(visible_routes(user), pk, "enrolment__programme", "participant__data_key")
