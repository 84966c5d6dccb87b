"""Helpers shared by the privacy commands (they import no domain app)."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from privacy import registry


def subject_id(value: str) -> uuid.UUID:
    """The participant's internal id, refused with a Dutch message when unknown."""
    try:
        parsed = uuid.UUID(str(value).strip())
    except ValueError:
        raise CommandError(f"Geen geldig deelnemer-id: {value!r} (verwacht een UUID).") from None
    if registry.provider().summarise(parsed) is None:
        raise CommandError(f"Onbekende deelnemer: {parsed}.")
    return parsed


def refusal(error: ValidationError) -> CommandError:
    return CommandError(" ".join(error.messages))
