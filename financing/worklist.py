"""Results-based financing's work for the work list: claims an evaluator verifies, and verified
claims the programme office pays. Claims carry no identifier: the items name the outcome,
the provider and the agreement only."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import has_role
from accounts.roles import EVALUATOR, PROGRAMME_OFFICE
from casework.registry import WorkItem, WorkSource, register_work_source
from financing import selectors
from financing.models import Claim


def _to_verify(user):
    # The claimant never verifies their own claim (decide_claim refuses it).
    if not has_role(user, EVALUATOR):
        return Claim.objects.none()
    return (
        selectors.visible_claims(user)
        .filter(status=Claim.Status.SUBMITTED)
        .exclude(claimed_by=user)
    )


def _names(claim) -> dict:
    """What a claim's line on the work list names: its outcome, provider and agreement."""
    return {
        "outcome": claim.definition,
        "provider": claim.provider.name,
        "agreement": claim.agreement.code,
    }


def verify_items(user) -> list[WorkItem]:
    return [
        WorkItem(
            kind="claim",
            label=_("Claim beoordelen: %(outcome)s van %(provider)s (%(agreement)s)")
            % _names(claim),
            since=timezone.localdate(claim.submitted_at),
            url=reverse("financing:claim", kwargs={"pk": claim.pk}),
        )
        for claim in _to_verify(user).order_by("submitted_at", "pk")
    ]


def verify_count(user) -> int:
    return _to_verify(user).count()


def _to_pay(user):
    if not has_role(user, PROGRAMME_OFFICE):
        return Claim.objects.none()
    return selectors.visible_claims(user).filter(status=Claim.Status.VERIFIED)


def pay_items(user) -> list[WorkItem]:
    return [
        WorkItem(
            kind="payment",
            label=_("Geverifieerde claim betalen: %(outcome)s van %(provider)s (%(agreement)s)")
            % _names(claim),
            since=timezone.localdate(claim.decided_at or claim.submitted_at),
            url=reverse("financing:payments", kwargs={"code": claim.agreement.code}),
        )
        for claim in _to_pay(user).order_by("decided_at", "pk")
    ]


def pay_count(user) -> int:
    return _to_pay(user).count()


def register_sources() -> None:
    register_work_source(
        WorkSource("financing_verify", frozenset({EVALUATOR}), verify_items, verify_count)
    )
    register_work_source(
        WorkSource("financing_pay", frozenset({PROGRAMME_OFFICE}), pay_items, pay_count)
    )
