"""What every casework endpoint shares: the file-role permission, the base viewset and the access log."""

from __future__ import annotations

from rest_framework import permissions as drf_permissions

from accounts.models import Team
from apibase.policies import HasScope
from apibase.viewsets import KoersViewSet, ListMixin, RetrieveMixin, log_returned
from casework import permissions


class FileAccess(drf_permissions.BasePermission):
    """Only the file roles (caseworker, peer expert, team lead) reach case data."""

    def has_permission(self, request, view):
        return permissions.has_file_access(request.user)


class CaseworkViewSet(KoersViewSet):
    permission_classes = [drf_permissions.IsAuthenticated, FileAccess, HasScope]


class CodeTableViewSet(ListMixin, RetrieveMixin, CaseworkViewSet):
    # Reference data read by code (instruments, outcome measures): all rows at once, read-only.
    pagination_class = None
    lookup_field = "code"
    http_method_names = ["get", "head", "options"]


def own_team(user, code: str) -> Team:
    team = Team.objects.filter(code=code, active=True, memberships__user=user).first()
    if team is None:
        from django.core.exceptions import ValidationError

        raise ValidationError({"team": ["Geen actief team van u met deze code."]})
    return team


__all__ = ["CaseworkViewSet", "CodeTableViewSet", "FileAccess", "log_returned", "own_team"]
