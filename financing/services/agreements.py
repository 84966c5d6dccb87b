"""Agreements and what they hold: creation, grants, status steps, amendments, outcome
definitions and milestones."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import Organisation, User
from accounts.permissions import user_roles
from accounts.roles import EVALUATOR, TEAM_LEAD
from casework import services as casework_services
from casework.models import Programme
from casework.money import format_euro
from financing import rules, selectors
from financing.models import Agreement, AgreementProvider, Amendment, Milestone, OutcomeDefinition
from financing.services.base import PERM, _money, _refuse, _require_office


def create_agreement(
    *,
    actor: User,
    code: str,
    name: str,
    payer: Organisation,
    providers: list[Organisation],
    programme: Programme,
    start_date: dt.date,
    end_date: dt.date,
    cap,
    status: str = Agreement.Status.ACTIVE,
) -> Agreement:
    _require_office(actor)
    if not providers:
        raise ValidationError({"providers": [_("Kies ten minste één uitvoerder.")]})
    if end_date < start_date:
        raise ValidationError({"end_date": [_("De einddatum ligt voor de begindatum.")]})
    agreement = Agreement(
        code=code,
        name=name,
        payer=payer,
        programme=programme,
        start_date=start_date,
        end_date=end_date,
        cap=_money(cap, "cap"),
        status=status,
    )
    with transaction.atomic():
        casework_services.save(agreement)
        for organisation in providers:
            link = AgreementProvider(agreement=agreement, organisation=organisation)
            casework_services.save(link)
    return agreement


def grant(*, actor: User, agreement: Agreement, user: User) -> None:
    """Give an evaluator or team lead access to one agreement (django-guardian)."""
    _require_office(actor)
    if not (user_roles(user) & {EVALUATOR, TEAM_LEAD}):
        raise ValidationError(
            {"user": [_("Alleen evaluatoren en teamleiders krijgen toegang tot een afspraak.")]}
        )
    with transaction.atomic():
        assign_perm(PERM, user, agreement)


def revoke(*, actor: User, agreement: Agreement, user: User) -> None:
    """Take an evaluator's or team lead's access to one agreement away (at once)."""
    _require_office(actor)
    if not selectors.is_granted(user, agreement):
        raise ValidationError({"user": [_("Deze gebruiker heeft geen toegang tot deze afspraak.")]})
    with transaction.atomic():
        remove_perm(PERM, user, agreement)


# From draft to running to closed, never back: claims are only made on a running agreement and
# a closed one keeps its claims, payments and reports as they are.
STATUS_STEPS = {
    Agreement.Status.DRAFT: {Agreement.Status.ACTIVE},
    Agreement.Status.ACTIVE: {Agreement.Status.CLOSED},
    Agreement.Status.CLOSED: set(),
}


def set_agreement_status(
    *, actor: User, agreement: Agreement, expected_version: int, status: str
) -> Agreement:
    """Start (draft to running) or close (running to closed) an agreement; the change is kept
    in the agreement's history."""
    _require_office(actor)
    with transaction.atomic():
        current = casework_services.lock(Agreement, agreement.pk, expected_version)
        if status not in STATUS_STEPS.get(current.status, set()):
            _refuse(
                "status_step",
                _("Een afspraak met status %(old)s kan niet naar status %(new)s.")
                % {
                    "old": current.get_status_display(),
                    "new": dict(Agreement.Status.choices).get(status, status),
                },
                actor=actor,
                agreement=current,
                field="status",
            )
        current.status = status
        casework_services.save(current)
    return current


def amend_agreement(
    *,
    actor: User,
    agreement: Agreement,
    expected_version: int,
    date: dt.date,
    reason: str,
    new_cap=None,
    new_end_date: dt.date | None = None,
) -> Amendment:
    """Change the cap or end date, with a date and reason. The cap may never go below what
    is paid (actual payments)."""
    _require_office(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Vermeld de reden van de wijziging.")]})
    with transaction.atomic():
        current = casework_services.lock(Agreement, agreement.pk, expected_version)
        cap = current.cap if new_cap in (None, "") else _money(new_cap, "new_cap")
        end = new_end_date or current.end_date
        if cap < 0:
            raise ValidationError({"new_cap": [_("Het plafond kan niet negatief zijn.")]})
        paid = selectors.paid_total(current)
        if cap < paid:
            _refuse(
                "cap_below_paid",
                _("Het nieuwe plafond (%(cap)s) is lager dan wat al is betaald (%(paid)s).")
                % {"cap": format_euro(cap), "paid": format_euro(paid)},
                actor=actor,
                agreement=current,
                field="new_cap",
            )
        if end < current.start_date:
            raise ValidationError({"new_end_date": [_("De einddatum ligt voor de begindatum.")]})
        amendment = Amendment(
            agreement=current,
            date=date,
            reason=reason,
            old_cap=current.cap,
            new_cap=cap,
            old_end_date=current.end_date,
            new_end_date=end,
            created_by=actor,
        )
        casework_services.save(amendment)
        current.cap, current.end_date = cap, end
        casework_services.save(current)
    return amendment


def add_definition(
    *,
    actor: User,
    agreement: Agreement,
    code: str,
    description: str,
    unit: str,
    price,
    max_count: int,
    max_amount,
    sustain_days: int,
    validation: str,
    rule: str,
) -> OutcomeDefinition:
    """A new outcome definition. Its code is immutable: definitions are never renamed (a
    changed outcome is a new definition)."""
    _require_office(actor)
    spec = rules.rules().get(rule)
    if spec is None:
        raise ValidationError({"rule": [_("Onbekende regel.")]})
    if spec.programme and spec.programme != agreement.programme.code:
        raise ValidationError({"rule": [_("Deze regel hoort bij een ander programma.")]})
    if OutcomeDefinition.objects.filter(agreement=agreement, code=code).exists():
        raise ValidationError({"code": [_("Deze afspraak heeft al een resultaat met deze code.")]})
    definition = OutcomeDefinition(
        agreement=agreement,
        code=code,
        description=(description or "").strip(),
        unit=unit,
        price=_money(price, "price"),
        max_count=max_count,
        max_amount=_money(max_amount, "max_amount"),
        sustain_days=sustain_days,
        validation=validation,
        rule=rule,
    )
    with transaction.atomic():
        casework_services.save(definition)
    return definition


def add_milestone(
    *,
    actor: User,
    agreement: Agreement,
    label: str,
    metric: str,
    kind: str,
    period_start: dt.date,
    period_end: dt.date,
    target: int,
) -> Milestone:
    _require_office(actor)
    if period_end < period_start:
        raise ValidationError({"period_end": [_("Het einde ligt voor het begin.")]})
    milestone = Milestone(
        agreement=agreement,
        label=label,
        metric=metric,
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        target=target,
    )
    with transaction.atomic():
        casework_services.save(milestone)
    return milestone
