"""Writes of the debts of a Schuldenvrij enrolment."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from casework import services as core
from casework.models import Enrolment
from casework.validation import check_text
from schuldenvrij.models import (
    Debt,
)
from schuldenvrij.services.base import (
    _not_future,
    _record_outstanding,
    _require_worker,
    parse_amount,
)


def _check_debt(
    *,
    creditor_kind: str,
    creditor_name: str,
    original_amount,
    current_amount,
    status: str,
    since: dt.date | None,
    increase_reason: str,
    allow_forgiven: bool = False,
) -> dict:
    errors: dict[str, list[str]] = {}

    def attempt(field, fn):
        try:
            return fn()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, []).extend(messages)
            return None

    if creditor_kind not in Debt.CreditorKind.values:
        errors.setdefault("creditor_kind", []).append(_("Kies een soort schuldeiser."))
    name = attempt(
        "creditor_name",
        lambda: check_text(creditor_name, field_name="creditor_name", max_length=200),
    )
    original = attempt("original_amount", lambda: parse_amount(original_amount, "original_amount"))
    current = attempt("current_amount", lambda: parse_amount(current_amount, "current_amount"))
    reason = attempt(
        "increase_reason",
        lambda: check_text(
            increase_reason, field_name="increase_reason", max_length=1000, required=False
        ),
    )
    if status not in Debt.Status.values:
        errors.setdefault("status", []).append(_("Kies een status."))
    elif status == Debt.Status.FORGIVEN and not allow_forgiven:
        errors.setdefault("status", []).append(
            _("Een schuld wordt kwijtgescholden via een goedgekeurde kwijtschelding.")
        )
    attempt("since", lambda: _not_future(since, "since"))
    if original is not None and current is not None and current > original and not reason:
        errors.setdefault("current_amount", []).append(
            _(
                "Het huidige bedrag is hoger dan het oorspronkelijke bedrag. "
                "Geef de reden op (bijvoorbeeld rente of incassokosten)."
            )
        )
    if errors:
        raise ValidationError(errors)
    return {
        "creditor_kind": creditor_kind,
        "name": name,
        "original_amount": original,
        "current_amount": current,
        "status": status,
        "since": since,
        "reason": reason if current > original else "",
    }


def add_debt(
    *,
    actor: User,
    enrolment: Enrolment,
    creditor_kind: str,
    creditor_name: str,
    original_amount,
    current_amount,
    status: str = Debt.Status.OPEN,
    since: dt.date | None = None,
    increase_reason: str = "",
    changed_on: dt.date | None = None,
) -> Debt:
    """Add a debt; the debts outstanding are recorded on ``changed_on`` (default today)."""
    _require_worker(actor, enrolment)
    _not_future(changed_on or timezone.localdate(), "changed_on")
    data = _check_debt(
        creditor_kind=creditor_kind,
        creditor_name=creditor_name,
        original_amount=original_amount,
        current_amount=current_amount,
        status=status,
        since=since,
        increase_reason=increase_reason,
    )
    debt = Debt(enrolment=enrolment)
    with transaction.atomic():
        _fill(debt, enrolment, data)
        core.save(debt)
        _record_outstanding(actor, enrolment, f"debt:{debt.pk}", changed_on)
    return debt


def _fill(debt: Debt, enrolment: Enrolment, data: dict) -> None:
    """A debt as ``_check_debt`` checked it: its fields, the creditor's name and the reason of
    an increase sealed under the participant's key."""
    for field in ("creditor_kind", "original_amount", "current_amount", "status", "since"):
        setattr(debt, field, data[field])
    debt.creditor_name = core.seal_for_participant(enrolment, debt, "creditor_name", data["name"])
    debt.increase_reason = core.seal_for_participant(
        enrolment, debt, "increase_reason", data["reason"]
    )


def update_debt(
    *,
    actor: User,
    debt: Debt,
    expected_version: int,
    creditor_kind: str,
    creditor_name: str,
    original_amount,
    current_amount,
    status: str,
    since: dt.date | None,
    increase_reason: str = "",
    changed_on: dt.date | None = None,
) -> Debt:
    """Correct a debt or record its new current amount or status; the change is kept in the
    history and the debts outstanding are recorded as a dated outcome value."""
    enrolment = debt.enrolment
    _require_worker(actor, enrolment)
    _not_future(changed_on or timezone.localdate(), "changed_on")
    with transaction.atomic():
        current = core.lock(Debt, debt.pk, expected_version)
        data = _check_debt(
            creditor_kind=creditor_kind,
            creditor_name=creditor_name,
            original_amount=original_amount,
            current_amount=current_amount,
            status=status,
            since=since,
            increase_reason=increase_reason,
            allow_forgiven=current.status == Debt.Status.FORGIVEN,
        )
        if current.status == Debt.Status.FORGIVEN and data["status"] != Debt.Status.FORGIVEN:
            raise ValidationError(
                {"status": [_("Een kwijtgescholden schuld kan niet meer worden heropend.")]}
            )
        _fill(current, enrolment, data)
        core.save(current)
        _record_outstanding(actor, enrolment, f"debt:{current.pk}", changed_on)
    return current
