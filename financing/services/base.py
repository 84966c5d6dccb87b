"""Shared ground of the financing writes: refusals and denials (logged without identifiers),
amounts in euros, and the office and grant checks."""

from __future__ import annotations

import logging
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import has_role
from accounts.roles import PROGRAMME_OFFICE
from financing import selectors
from financing.models import Agreement

logger = logging.getLogger("koers.financing")
PERM = "financing.work_on_agreement"


def _refuse(code: str, message: str, *, actor=None, agreement=None, field: str = "__all__"):
    logger.warning(
        "financing refused %s (user %s, agreement %s)",
        code,
        getattr(actor, "pk", None),
        getattr(agreement, "code", None),
    )
    raise ValidationError({field: [ValidationError(message, code=code)]})


def _deny(code: str, *, actor=None, agreement=None):
    logger.warning(
        "financing denied %s (user %s, agreement %s)",
        code,
        getattr(actor, "pk", None),
        getattr(agreement, "code", None),
    )
    raise PermissionDenied(code)


def _money(value, field: str) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({field: [_("Vul een bedrag in euro's in.")]}) from None
    if not amount.is_finite():
        raise ValidationError({field: [_("Vul een bedrag in euro's in.")]})
    return amount


def _require_office(actor: User) -> None:
    if not has_role(actor, PROGRAMME_OFFICE):
        _deny("not_programme_office", actor=actor)


def require_granted(actor: User, agreement: Agreement, *roles: str) -> None:
    """The actor has one of ``roles`` and a grant on the agreement; refused and logged else."""
    if not has_role(actor, *roles) or not selectors.is_granted(actor, agreement):
        _deny("not_on_agreement", actor=actor, agreement=agreement)
