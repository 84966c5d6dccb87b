"""Writes of the financing app. Every function is keyword-only, checks the actor first,
validates and saves in one transaction; a refusal raises a Dutch ValidationError (or
PermissionDenied) with nothing changed, and is logged (logger ``koers.financing``, without
any identifier: codes and internal ids only).

Callers import from here (``from financing import services``); each topic module holds the
code: ``base`` (refusals, amounts, access checks), ``agreements``, ``claims`` and ``payments``.
"""

from __future__ import annotations

from financing.services.agreements import (  # noqa: F401
    STATUS_STEPS,
    add_definition,
    add_milestone,
    amend_agreement,
    create_agreement,
    grant,
    revoke,
    set_agreement_status,
)
from financing.services.base import (  # noqa: F401
    PERM,
    _deny,
    _money,
    _refuse,
    _require_office,
    logger,
    require_granted,
)
from financing.services.claims import decide_claim, spot_sample, submit_claim  # noqa: F401
from financing.services.payments import correct_payment, record_payment  # noqa: F401
