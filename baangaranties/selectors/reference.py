"""Reference data: branch chains, employers, commitments and offered places."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from baangaranties.models import BranchChain, Commitment, Employer, OfferedPlace


def chains() -> QuerySet[BranchChain]:
    return BranchChain.objects.prefetch_related(
        Prefetch("employers", queryset=Employer.objects.order_by("name")),
        Prefetch("commitments", queryset=Commitment.objects.order_by("year")),
    ).order_by("name")


def employers() -> QuerySet[Employer]:
    return Employer.objects.select_related("chain").order_by("chain__name", "name")


def active_employers() -> QuerySet[Employer]:
    return employers().filter(active=True, chain__active=True)


def commitments() -> QuerySet[Commitment]:
    return Commitment.objects.select_related("chain").order_by("year", "chain__name")


def offered_places() -> QuerySet[OfferedPlace]:
    return (
        OfferedPlace.objects.select_related("employer__chain")
        .annotate(taken=Count("placements"))
        .order_by("-year", "employer__name", "kind")
    )
