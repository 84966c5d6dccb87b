"""Writes of pilot places and the forgiveness of residual debt (proposal and decision)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import TeamMembership, User
from accounts.permissions import has_role
from accounts.roles import TEAM_LEAD
from casework import services as core
from casework.models import Enrolment, Programme
from casework.money import format_euro
from casework.validation import check_text
from schuldenvrij.models import (
    ZERO,
    Debt,
    FollowUp,
    Forgiveness,
    PilotPlace,
)
from schuldenvrij.services.base import (
    PROGRAMME,
    _not_future,
    _record_outstanding,
    _require_active,
    _require_worker,
    add_months,
    parse_amount,
)


def places_cap() -> int:
    return int(getattr(settings, "KOERS_SCHULDENVRIJ_PLACES", 100))


def admit_to_pilot(*, actor: User, enrolment: Enrolment, date: dt.date) -> PilotPlace:
    """Give the enrolment a place in the forgiveness pilot; refused when the places are used."""
    _require_worker(actor, enrolment)
    _require_active(enrolment)
    _not_future(date, "admitted_on")
    with transaction.atomic():
        # Serialise admissions: the programme row is the lock of the pilot's places.
        Programme.objects.select_for_update().get(code=PROGRAMME)
        if PilotPlace.objects.filter(enrolment=enrolment).exists():
            raise ValidationError(
                {"enrolment": [_("Deze deelnemer heeft al een plaats in de pilot.")]}
            )
        cap = places_cap()
        if PilotPlace.objects.count() >= cap:
            raise ValidationError(
                {
                    "enrolment": [
                        _(
                            "Alle %(cap)s plaatsen in de pilot kwijtschelding zijn bezet. "
                            "Een nieuwe plaats kan pas als het aantal plaatsen wordt verhoogd."
                        )
                        % {"cap": cap}
                    ]
                }
            )
        place = PilotPlace(enrolment=enrolment, admitted_on=date, admitted_by=actor)
        core.save(place)
    return place


def propose_forgiveness(
    *,
    actor: User,
    enrolment: Enrolment,
    amount,
    date: dt.date,
    funding: str,
    debts: Iterable[Debt] | None = None,
) -> Forgiveness:
    """Propose to forgive (part of) the residual debt. ``debts``: the debts covered (default:
    every open debt and debt in an arrangement); the amount may not exceed their sum."""
    _require_worker(actor, enrolment)
    _require_active(enrolment)
    errors: dict[str, list[str]] = {}
    try:
        amount = parse_amount(amount, "amount")
        if amount <= 0:
            errors["amount"] = [_("Het bedrag moet groter zijn dan nul.")]
    except ValidationError as error:
        errors.update(error.message_dict)
    if funding not in Forgiveness.Funding.values:
        errors["funding"] = [_("Kies de financiering.")]
    if date is None:
        errors["date"] = [_("Vul een datum in.")]
    elif date < enrolment.start_date:
        errors["date"] = [_("De datum ligt voor de start van het traject.")]
    elif date > timezone.localdate() + dt.timedelta(days=366):
        errors["date"] = [_("De datum ligt meer dan een jaar in de toekomst.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if not PilotPlace.objects.filter(enrolment=enrolment).exists():
            raise ValidationError(
                {"enrolment": [_("Geef de deelnemer eerst een plaats in de pilot kwijtschelding.")]}
            )
        if Forgiveness.objects.filter(
            enrolment=enrolment,
            status__in=(Forgiveness.Status.PROPOSED, Forgiveness.Status.APPROVED),
        ).exists():
            raise ValidationError(
                {
                    "enrolment": [
                        _("Voor dit traject loopt al een voorstel of is al kwijtgescholden.")
                    ]
                }
            )
        residual = list(
            Debt.objects.select_for_update().filter(enrolment=enrolment, status__in=Debt.RESIDUAL)
        )
        if debts is None:
            covered = residual
        else:
            wanted = {d.pk for d in debts}
            covered = [d for d in residual if d.pk in wanted]
            if len(covered) != len(wanted):
                raise ValidationError(
                    {"debts": [_("Kies alleen open schulden of schulden in een regeling.")]}
                )
        if not covered:
            raise ValidationError(
                {"debts": [_("Er is geen openstaande restschuld om kwijt te schelden.")]}
            )
        total = sum((d.current_amount for d in covered), ZERO)
        if amount > total:
            raise ValidationError(
                {
                    "amount": [
                        _(
                            "Het bedrag is hoger dan de vastgelegde restschuld "
                            "(%(total)s). Kwijtschelding kan niet meer zijn dan de schuld."
                        )
                        % {"total": format_euro(total)}
                    ]
                }
            )
        forgiveness = Forgiveness(
            enrolment=enrolment, amount=amount, date=date, funding=funding, proposed_by=actor
        )
        core.save(forgiveness)
        forgiveness.debts.set(covered)
    return forgiveness


def decide_forgiveness(
    *,
    actor: User,
    forgiveness: Forgiveness,
    expected_version: int,
    approve: bool,
    reason: str = "",
) -> Forgiveness:
    """Four eyes: a team lead of the enrolment's team who did not propose it approves or
    rejects; a rejection says why (kept encrypted, shown with the decision). On approval the
    covered debts become forgiven, the debts outstanding are recorded and the follow-ups at 6,
    12 and 24 months are planned."""
    enrolment = forgiveness.enrolment
    if not has_role(actor, TEAM_LEAD):
        raise PermissionDenied
    _require_worker(actor, enrolment)
    if not TeamMembership.objects.filter(
        user=actor, team_id=enrolment.team_id, team__active=True
    ).exists():
        raise PermissionDenied
    reason = check_text(reason, field_name="reason", max_length=2000, required=not approve)
    with transaction.atomic():
        current = core.lock(Forgiveness, forgiveness.pk, expected_version)
        if current.proposed_by_id == actor.pk:
            raise ValidationError(
                {
                    "decision": [
                        _(
                            "U hebt deze kwijtschelding zelf voorgesteld. Een andere teamleider "
                            "beslist (vier ogen)."
                        )
                    ]
                }
            )
        if current.status != Forgiveness.Status.PROPOSED:
            raise ValidationError({"decision": [_("Over dit voorstel is al beslist.")]})
        current.decided_by = actor
        current.decided_at = timezone.now()
        if reason:
            current.decision_reason = core.seal_for_participant(
                enrolment, current, "decision_reason", reason
            )
        if not approve:
            current.status = Forgiveness.Status.REJECTED
            core.save(current)
            return current
        covered = list(Debt.objects.select_for_update().filter(forgivenesses=current))
        still = [d for d in covered if d.status in Debt.RESIDUAL]
        total = sum((d.current_amount for d in still), ZERO)
        if len(still) != len(covered) or current.amount > total:
            raise ValidationError(
                {
                    "decision": [
                        _(
                            "De schulden zijn veranderd sinds het voorstel; het bedrag is hoger "
                            "dan de vastgelegde restschuld (%(total)s). Wijs af en doe een "
                            "nieuw voorstel."
                        )
                        % {"total": format_euro(total)}
                    ]
                }
            )
        current.status = Forgiveness.Status.APPROVED
        core.save(current)
        for debt in covered:
            debt.status = Debt.Status.FORGIVEN
            core.save(debt)
        for months in FollowUp.MONTHS:
            core.save(
                FollowUp(
                    forgiveness=current, months=months, due_on=add_months(current.date, months)
                )
            )
        _record_outstanding(
            actor, enrolment, f"forgiveness:{current.pk}", min(current.date, timezone.localdate())
        )
    return current
