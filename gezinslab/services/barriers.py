"""Writes of system barriers (knelpunten) and their breakthroughs (doorbraken)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from casework import services as core
from casework.validation import check_text
from gezinslab.models import (
    Barrier,
    Breakthrough,
    FamilyTrajectory,
    SystemOrganisation,
)
from gezinslab.services.base import (
    _household_key,
    _not_future,
    _raise,
    _require_trajectory_scope,
    _seal,
)


def _check_barrier(
    *, organisation, kind, description, since, escalated_to, escalated_on, errors
) -> tuple[str, str]:
    if (
        organisation is None
        or not SystemOrganisation.objects.filter(pk=organisation.pk, active=True).exists()
    ):
        errors.setdefault("organisation", []).append(_("Kies een organisatie uit de lijst."))
    if kind not in Barrier.Kind.values:
        errors.setdefault("kind", []).append(_("Kies een soort knelpunt."))
    texts = []
    for field, value, required in (
        ("description", description, True),
        ("escalated_to", escalated_to, False),
    ):
        try:
            texts.append(check_text(value, field_name=field, max_length=2000, required=required))
        except ValidationError as error:
            errors.setdefault(field, []).extend(error.message_dict[field])
            texts.append("")
    if since is None:
        errors.setdefault("since", []).append(_("Dit veld is verplicht."))
    else:
        _not_future(since, "since", errors)
    if escalated_on is not None:
        _not_future(escalated_on, "escalated_on", errors)
        if since is not None and escalated_on < since:
            errors.setdefault("escalated_on", []).append(
                _("De escalatiedatum ligt voor de datum waarop het speelt.")
            )
        if not texts[1]:
            errors.setdefault("escalated_to", []).append(
                _("Vul in naar wie is geëscaleerd, bij een escalatiedatum.")
            )
    return texts[0], texts[1]


def add_barrier(
    *,
    actor: User,
    trajectory: FamilyTrajectory,
    organisation: SystemOrganisation,
    kind: str,
    description: str,
    since: dt.date,
    escalated_to: str = "",
    escalated_on: dt.date | None = None,
) -> Barrier:
    """Record what in the system blocks the family (a knelpunt)."""
    _require_trajectory_scope(actor, trajectory)
    errors: dict[str, list[str]] = {}
    description, escalated_to = _check_barrier(
        organisation=organisation,
        kind=kind,
        description=description,
        since=since,
        escalated_to=escalated_to,
        escalated_on=escalated_on,
        errors=errors,
    )
    _raise(errors)
    key = _household_key(trajectory.household_id)
    with transaction.atomic():
        barrier = Barrier(
            trajectory=trajectory,
            organisation=organisation,
            kind=kind,
            since=since,
            escalated_on=escalated_on,
        )
        barrier.description = _seal(key, Barrier, "description", barrier.pk, description)
        barrier.escalated_to = _seal(key, Barrier, "escalated_to", barrier.pk, escalated_to)
        core.save(barrier)
    return barrier


def update_barrier(
    *,
    actor: User,
    barrier: Barrier,
    expected_version: int,
    organisation: SystemOrganisation,
    kind: str,
    description: str,
    since: dt.date,
    escalated_to: str = "",
    escalated_on: dt.date | None = None,
    status: str,
) -> Barrier:
    trajectory = barrier.trajectory
    _require_trajectory_scope(actor, trajectory)
    errors: dict[str, list[str]] = {}
    description, escalated_to = _check_barrier(
        organisation=organisation,
        kind=kind,
        description=description,
        since=since,
        escalated_to=escalated_to,
        escalated_on=escalated_on,
        errors=errors,
    )
    if status not in Barrier.Status.values:
        errors.setdefault("status", []).append(_("Onbekende status."))
    has_breakthrough = Breakthrough.objects.filter(barrier_id=barrier.pk).exists()
    if status == Barrier.Status.UNBLOCKED and not has_breakthrough:
        errors.setdefault("status", []).append(
            _("Een knelpunt is doorbroken zodra er een doorbraak is vastgelegd.")
        )
    if has_breakthrough and since is not None:
        breakthrough_date = Breakthrough.objects.get(barrier_id=barrier.pk).date
        if breakthrough_date < since:
            errors.setdefault("since", []).append(
                _("De doorbraak ligt voor deze datum; kies een eerdere datum.")
            )
    _raise(errors)
    key = _household_key(trajectory.household_id)
    with transaction.atomic():
        current = core.lock(Barrier, barrier.pk, expected_version)
        current.organisation = organisation
        current.kind = kind
        current.since = since
        current.escalated_on = escalated_on
        current.status = status
        current.description = _seal(key, Barrier, "description", current.pk, description)
        current.escalated_to = _seal(key, Barrier, "escalated_to", current.pk, escalated_to)
        core.save(current)
    return current


def _check_how(how: str, errors: dict) -> str:
    try:
        return check_text(how, field_name="how", max_length=2000)
    except ValidationError as error:
        errors.update(error.message_dict)
        return how


def _require_system_change(needs_system_change: bool, system_change: str, errors: dict) -> None:
    if needs_system_change and not system_change:
        errors.setdefault("system_change", []).append(
            _("Beschrijf welke systeemverandering nodig is.")
        )


def _check_breakthrough_date(date: dt.date | None, barrier: Barrier, errors: dict) -> None:
    """Required, not in the future, not before the barrier plays."""
    if date is None:
        errors.setdefault("date", []).append(_("Dit veld is verplicht."))
    else:
        _not_future(date, "date", errors)
        if date < barrier.since:
            errors.setdefault("date", []).append(
                _("De doorbraak ligt voor de datum waarop het knelpunt speelt.")
            )


def record_breakthrough(
    *,
    actor: User,
    barrier: Barrier,
    expected_version: int,
    how: str,
    date: dt.date,
    needs_system_change: bool = False,
    system_change: str = "",
) -> Breakthrough:
    """Record how a barrier was unblocked (a doorbraak); the barrier becomes unblocked.
    ``expected_version`` is the barrier's version as read."""
    trajectory = barrier.trajectory
    _require_trajectory_scope(actor, trajectory)
    errors: dict[str, list[str]] = {}
    how = _check_how(how, errors)
    try:
        system_change = check_text(
            system_change, field_name="system_change", max_length=2000, required=False
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    _require_system_change(needs_system_change, system_change, errors)
    if not needs_system_change:
        system_change = ""
    _check_breakthrough_date(date, barrier, errors)
    _raise(errors)
    key = _household_key(trajectory.household_id)
    with transaction.atomic():
        current = core.lock(Barrier, barrier.pk, expected_version)
        if Breakthrough.objects.filter(barrier=current).exists():
            raise ValidationError({"barrier": [_("Dit knelpunt heeft al een doorbraak.")]})
        if date < current.since:
            raise ValidationError(
                {"date": [_("De doorbraak ligt voor de datum waarop het knelpunt speelt.")]}
            )
        breakthrough = Breakthrough(
            barrier=current, date=date, needs_system_change=needs_system_change
        )
        breakthrough.how = _seal(key, Breakthrough, "how", breakthrough.pk, how)
        breakthrough.system_change = _seal(
            key, Breakthrough, "system_change", breakthrough.pk, system_change
        )
        core.save(breakthrough)
        current.status = Barrier.Status.UNBLOCKED
        core.save(current)
    return breakthrough


def update_breakthrough(
    *,
    actor: User,
    breakthrough: Breakthrough,
    expected_version: int,
    how: str,
    date: dt.date,
    needs_system_change: bool = False,
    system_change: str = "",
) -> Breakthrough:
    barrier = breakthrough.barrier
    _require_trajectory_scope(actor, barrier.trajectory)
    errors: dict[str, list[str]] = {}
    how = _check_how(how, errors)
    system_change = (system_change or "").strip() if needs_system_change else ""
    _require_system_change(needs_system_change, system_change, errors)
    _check_breakthrough_date(date, barrier, errors)
    _raise(errors)
    key = _household_key(barrier.trajectory.household_id)
    with transaction.atomic():
        current = core.lock(Breakthrough, breakthrough.pk, expected_version)
        current.date = date
        current.needs_system_change = needs_system_change
        current.how = _seal(key, Breakthrough, "how", current.pk, how)
        current.system_change = _seal(key, Breakthrough, "system_change", current.pk, system_change)
        core.save(current)
    return current
