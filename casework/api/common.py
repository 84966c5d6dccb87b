"""What every casework endpoint shares: the file-role permission, the base viewset and the access log."""

from __future__ import annotations

from rest_framework import permissions as drf_permissions

from accounts.models import Team
from apibase.framework import ApiViewSet
from apibase.policies import HasScope
from casework import permissions
from privacy import services as privacy_services


class FileAccess(drf_permissions.BasePermission):
    """Only the file roles (caseworker, peer expert, team lead) reach case data."""

    def has_permission(self, request, view):
        return permissions.has_file_access(request.user)


class CaseworkViewSet(ApiViewSet):
    permission_classes = [drf_permissions.IsAuthenticated, FileAccess, HasScope]


def log_returned(
    user, subject_ids, what: str, action: str, subject_type: str = "participant"
) -> None:
    """One access event per subject returned (purpose care), like the pages write."""
    seen = list(dict.fromkeys(subject_ids))
    privacy_services.log_access(
        user=user,
        looks=[
            privacy_services.Look(
                subject_id=subject_id, what=what, action=action, subject_type=subject_type
            )
            for subject_id in seen
        ],
        purpose="care",
    )


def own_team(user, code: str) -> Team:
    team = Team.objects.filter(code=code, active=True, memberships__user=user).first()
    if team is None:
        from django.core.exceptions import ValidationError

        raise ValidationError({"team": ["Geen actief team van u met deze code."]})
    return team
