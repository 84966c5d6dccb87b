"""What the casework pages share: the role guards, the generic form page and team lookup."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from accounts.models import Team
from accounts.permissions import access
from accounts.roles import CASEWORKER, PEER_EXPERT, TEAM_LEAD
from accounts.selectors import teams_of

FILE_ROLES = (CASEWORKER, PEER_EXPERT, TEAM_LEAD)
file_access = access(roles=FILE_ROLES)
lead_access = access(roles=(TEAM_LEAD,))


def render_form(
    request, form, *, title: str, back: str, submit: str, status: int = 200, extra=None
):
    """The generic form page (``casework/form.html``) with its title, back link and button."""
    context = {"form": form, "title": title, "back": back, "submit": submit, **(extra or {})}
    return render(request, "casework/form.html", context, status=status)


def team_by_code(user, code: str) -> Team:
    """One of the user's own teams by code; another team is refused."""
    team = teams_of(user).filter(code=code).first()
    if team is None:
        raise PermissionDenied
    return team
