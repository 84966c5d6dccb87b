"""What every research write shares: the role check and the access log of what it did or refused."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from accounts.permissions import has_role
from privacy import services as privacy_services

PURPOSE = "research"


def log_access(
    user, what: str, action: str, *, subject_id=None, purpose: str = PURPOSE, actor_label: str = ""
) -> None:
    privacy_services.log_access(
        user=user,
        looks=[
            privacy_services.Look(
                subject_id=subject_id,
                what=what,
                action=action,
                subject_type="participant" if subject_id else "study",
            )
        ],
        purpose=purpose,
        actor_label=actor_label,
    )


def refuse(user, what: str, action: str, error: Exception) -> None:
    """Log a refusal the issue asks to be logged, then raise it."""
    log_access(user, f"refused:{what}"[:200], action)
    raise error


def require(user, *roles: str) -> None:
    if not has_role(user, *roles):
        raise PermissionDenied
