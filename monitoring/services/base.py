"""What the monitor's writes share: who may write, and the save with history and version."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from casework.services import ConcurrentEditError, lock, save  # noqa: F401
from monitoring.permissions import may_manage


def require_office(actor) -> None:
    """Pages and the API act for a user of the programme office; ``None`` is the operator on
    the command line (``manage.py``), who acts for the office."""
    if actor is not None and not may_manage(actor):
        raise PermissionDenied
