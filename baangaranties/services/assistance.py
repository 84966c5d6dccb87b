"""Social assistance: recording it, and routes out of it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from baangaranties.models import AssistanceRoute
from baangaranties.services.base import (
    _outcome,
    _require_choice,
    _require_date,
    _require_programme,
    _today,
)
from casework import services as core
from casework.models import Enrolment


def record_social_assistance(
    *, actor: User, enrolment: Enrolment, on_assistance: bool, date: dt.date
) -> None:
    """Record that the participant is (or is no longer) on social assistance."""
    _require_programme(actor, enrolment)
    if not isinstance(on_assistance, bool):
        raise ValidationError({"on_assistance": [_("Kies ja of nee.")]})
    date = _require_date(date, "date")
    if date > _today():
        raise ValidationError({"date": [_("De datum ligt in de toekomst.")]})
    with transaction.atomic():
        _outcome(
            actor, enrolment, "baangarantie_social_assistance", date, on_assistance, "assistance"
        )


def add_route(
    *,
    actor: User,
    enrolment: Enrolment,
    on_assistance_since: dt.date,
    route: str,
    target_date: dt.date | None = None,
    status: str = AssistanceRoute.Status.PLANNED,
) -> AssistanceRoute:
    _require_programme(actor, enrolment)
    on_assistance_since = _require_date(on_assistance_since, "on_assistance_since")
    if on_assistance_since > _today():
        raise ValidationError({"on_assistance_since": [_("Deze datum ligt in de toekomst.")]})
    route = _require_choice(route, AssistanceRoute.Kind, "route")
    status = _require_choice(status, AssistanceRoute.Status, "status")
    target_date = _require_date(target_date, "target_date", required=False)
    if target_date and target_date < on_assistance_since:
        raise ValidationError(
            {"target_date": [_("De streefdatum ligt voor de datum in de bijstand.")]}
        )
    with transaction.atomic():
        if AssistanceRoute.objects.filter(
            participant_id=enrolment.participant_id, status__in=AssistanceRoute.OPEN_STATUSES
        ).exists():
            raise ValidationError(
                {"route": [_("Deze deelnemer heeft al een lopende route uit de bijstand.")]}
            )
        row = AssistanceRoute(
            enrolment=enrolment,
            participant_id=enrolment.participant_id,
            on_assistance_since=on_assistance_since,
            route=route,
            target_date=target_date,
            status=status,
            status_date=_today(),
        )
        core.save(row)
        _outcome(
            actor,
            enrolment,
            "baangarantie_social_assistance",
            on_assistance_since,
            status != AssistanceRoute.Status.OFF_ASSISTANCE,
            f"route:{row.pk}",
        )
    return row


def update_route(
    *,
    actor: User,
    route: AssistanceRoute,
    expected_version: int,
    route_kind: str,
    target_date: dt.date | None,
    status: str,
    status_date: dt.date | None = None,
) -> AssistanceRoute:
    _require_programme(actor, route.enrolment)
    route_kind = _require_choice(route_kind, AssistanceRoute.Kind, "route")
    status = _require_choice(status, AssistanceRoute.Status, "status")
    target_date = _require_date(target_date, "target_date", required=False)
    status_date = _require_date(status_date, "status_date", required=False) or _today()
    if status_date > _today():
        raise ValidationError({"status_date": [_("De datum ligt in de toekomst.")]})
    with transaction.atomic():
        current = core.lock(AssistanceRoute, route.pk, expected_version)
        if target_date and target_date < current.on_assistance_since:
            raise ValidationError(
                {"target_date": [_("De streefdatum ligt voor de datum in de bijstand.")]}
            )
        if status_date < current.on_assistance_since:
            raise ValidationError(
                {"status_date": [_("De datum ligt voor de datum in de bijstand.")]}
            )
        changed_status = current.status != status
        current.route = route_kind
        current.target_date = target_date
        current.status = status
        if changed_status:
            current.status_date = status_date
        core.save(current)
        if changed_status and status == AssistanceRoute.Status.OFF_ASSISTANCE:
            _outcome(
                actor,
                current.enrolment,
                "baangarantie_social_assistance",
                status_date,
                False,
                f"route:{current.pk}",
            )
    return current
