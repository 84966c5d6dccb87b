"""Writes of the reference list of system organisations (functional admin)."""

from __future__ import annotations

from django.db import transaction

from gezinslab.models import (
    SystemOrganisation,
)


def save_organisation(*, instance: SystemOrganisation) -> SystemOrganisation:
    """Save an organisation of the reference list (functional admin, through the admin)."""
    with transaction.atomic():
        instance.full_clean()
        instance.save()
    return instance
