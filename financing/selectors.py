"""Reads of the financing app. Case data comes through ``casework.facts`` (non-identifying,
with the ids of the records a claim's evidence names); these are re-exported here for the
rules."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from accounts.permissions import has_role
from accounts.roles import EVALUATOR, PROGRAMME_OFFICE, TEAM_LEAD
from casework.facts import (  # noqa: F401 - the rules read case data through these
    goal_attainment_rows,
    goal_rise_candidates,
    household_member_ids,
    item_facts,
    item_rise_candidates,
    outcome_facts,
)
from financing.models import Agreement, AgreementUserObjectPermission, Claim, Evidence, Payment

PERMISSION = "work_on_agreement"


# --- agreements -----------------------------------------------------------------------------


def granted(user) -> Q:
    return Q(
        agreementuserobjectpermission__user=user,
        agreementuserobjectpermission__permission__codename=PERMISSION,
    )


def visible_agreements(user) -> QuerySet[Agreement]:
    """The programme office sees every agreement; evaluators and team leads the agreements
    they are granted (django-guardian)."""
    agreements = Agreement.objects.select_related("payer", "programme")
    if has_role(user, PROGRAMME_OFFICE):
        return agreements.order_by("code")
    if has_role(user, EVALUATOR, TEAM_LEAD):
        return agreements.filter(pk__in=Agreement.objects.filter(granted(user)).values("pk"))
    return agreements.none()


def is_granted(user, agreement: Agreement) -> bool:
    return Agreement.objects.filter(pk=agreement.pk).filter(granted(user)).exists()


def granted_users(user, agreement: Agreement) -> list:
    """Who is granted on the agreement (for the programme office only; others get nothing)."""
    if not has_role(user, PROGRAMME_OFFICE):
        return []
    return [
        grant.user
        for grant in AgreementUserObjectPermission.objects.filter(
            content_object=agreement, permission__codename=PERMISSION
        )
        .select_related("user")
        .order_by("user__username")
    ]


def get_agreement(user, code: str) -> Agreement:
    agreement = visible_agreements(user).filter(code=code).first()
    if agreement is None:
        raise Http404
    return agreement


def claims_of(agreement: Agreement) -> QuerySet[Claim]:
    return Claim.objects.filter(agreement=agreement).select_related("definition", "provider")


def visible_claims(user, *, agreement_code: str | None = None) -> QuerySet[Claim]:
    """The claims of the agreements visible to the user, optionally of one agreement."""
    claims = Claim.objects.filter(agreement__in=visible_agreements(user)).select_related(
        "agreement", "definition", "provider"
    )
    if agreement_code:
        claims = claims.filter(agreement__code=agreement_code)
    return claims


def get_claim(user, pk) -> Claim:
    try:
        pk = uuid.UUID(str(pk))
    except ValueError:
        raise Http404 from None
    claim = (
        Claim.objects.select_related("agreement", "definition", "provider")
        .filter(pk=pk, agreement__in=visible_agreements(user))
        .first()
    )
    if claim is None:
        raise Http404
    return claim


def evidence_of(claim: Claim) -> list[Evidence]:
    return list(claim.evidence.order_by("date", "id"))


def paid_total(agreement: Agreement, *, kind: str = Payment.Kind.ACTUAL) -> Decimal:
    total = Payment.objects.filter(agreement=agreement, kind=kind).aggregate(s=Sum("amount"))["s"]
    return (total or Decimal("0")).quantize(Decimal("0.01"))


def committed_total(agreement: Agreement, definition=None) -> tuple[int, Decimal]:
    """Count and amount of the live claims (submitted, verified, paid)."""
    claims = Claim.objects.filter(agreement=agreement, status__in=Claim.LIVE)
    if definition is not None:
        claims = claims.filter(definition=definition)
    row = claims.aggregate(n=Count("pk"), s=Sum("amount"))
    return row["n"] or 0, row["s"] or Decimal("0")


def ledger(agreement: Agreement) -> QuerySet[Payment]:
    return Payment.objects.filter(agreement=agreement).select_related("provider", "corrects")


def volume_by_month(agreement: Agreement) -> dict[str, int]:
    """Claims submitted per month (YYYY-MM), for the volume flag."""
    counts: dict[str, int] = {}
    for moment in Claim.objects.filter(agreement=agreement).values_list("submitted_at", flat=True):
        key = moment.strftime("%Y-%m")
        counts[key] = counts.get(key, 0) + 1
    return counts


def volume_flags(agreement: Agreement, *, factor: float = 2.0, minimum: int = 5) -> list[str]:
    """Months whose claim volume is far above the agreement's usual pattern: more than
    ``factor`` times the median of the other months and at least ``minimum`` claims."""
    counts = volume_by_month(agreement)
    flagged = []
    for month, n in sorted(counts.items()):
        others = sorted(v for m, v in counts.items() if m != month)
        if not others:
            continue
        middle = len(others) // 2
        median = others[middle] if len(others) % 2 else (others[middle - 1] + others[middle]) / 2
        if n >= minimum and n > factor * max(median, 1):
            flagged.append(month)
    return flagged


def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()
