"""Reference data: chains' commitments per year and the places employers offer."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import has_role
from accounts.roles import CASEWORKER, FUNCTIONAL_ADMIN, TEAM_LEAD
from baangaranties.models import (
    COMMITTED_KINDS,
    BranchChain,
    Commitment,
    Employer,
    OfferedPlace,
    PlaceKind,
    Placement,
)
from baangaranties.services.base import _count, _require_choice, _require_date
from casework import services as core


def may_enter_commitments(user: User) -> bool:
    return has_role(user, TEAM_LEAD, FUNCTIONAL_ADMIN)


def may_offer_places(user: User) -> bool:
    return has_role(user, CASEWORKER, TEAM_LEAD, FUNCTIONAL_ADMIN)


def filled(chain_id: int, year: int, kind: str) -> int:
    """Placements of ``kind`` with an employer of the chain that started in ``year``."""
    return Placement.objects.filter(
        employer__chain_id=chain_id, kind=kind, start_date__year=year
    ).count()


def save_commitment(
    *,
    actor: User,
    chain: BranchChain,
    year: int,
    job_guarantees: int,
    work_experience_places: int,
    internships: int,
    expected_version: int | None = None,
) -> Commitment:
    """Enter or change a chain's commitment for a year (team lead or functional admin). A
    commitment cannot go below the placements already made under it."""
    if not may_enter_commitments(actor):
        raise PermissionDenied
    year = _count(year, "year", minimum=2020)
    if year > 2050:
        raise ValidationError({"year": [_("Kies een jaar tot en met 2050.")]})
    numbers = {
        "job_guarantees": _count(job_guarantees, "job_guarantees"),
        "work_experience_places": _count(work_experience_places, "work_experience_places"),
        "internships": _count(internships, "internships"),
    }
    with transaction.atomic():
        existing = Commitment.objects.filter(chain=chain, year=year).first()
        if existing is None:
            commitment = Commitment(chain=chain, year=year)
        else:
            if expected_version is None:
                raise ValidationError(
                    {"year": [_("Voor deze keten en dit jaar is al een toezegging; wijzig die.")]}
                )
            commitment = core.lock(Commitment, existing.pk, expected_version)
        # Commitment.clean refuses a number below the placements already made.
        for field_name in COMMITTED_KINDS.values():
            setattr(commitment, field_name, numbers[field_name])
        commitment.entered_by = actor
        core.save(commitment)
    return commitment


def add_offered_place(
    *, actor: User, employer: Employer, kind: str, year: int, places: int, opened_on: dt.date
) -> OfferedPlace:
    if not may_offer_places(actor):
        raise PermissionDenied
    kind = _require_choice(kind, PlaceKind, "kind")
    year = _count(year, "year", minimum=2020)
    places = _count(places, "places", minimum=1)
    opened_on = _require_date(opened_on, "opened_on")
    if not employer.active or not employer.chain.active:
        raise ValidationError({"employer": [_("Deze werkgever is niet meer actief.")]})
    offer = OfferedPlace(
        employer=employer, kind=kind, year=year, places=places, opened_on=opened_on
    )
    with transaction.atomic():
        core.save(offer)
    return offer
