"""What the casework pages share: the role guards, the generic form page and team lookup."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from accounts.models import Team
from accounts.permissions import access
from accounts.roles import CASEWORKER, PEER_EXPERT, TEAM_LEAD
from accounts.selectors import teams_of
from casework import form_errors

FILE_ROLES = (CASEWORKER, PEER_EXPERT, TEAM_LEAD)
file_access = access(roles=FILE_ROLES)
lead_access = access(roles=(TEAM_LEAD,))


def render_form(
    request, form, *, title: str, back: str, submit: str, status: int = 200, extra=None
):
    """The generic form page (``casework/form.html``) with its title, back link and button."""
    context = {"form": form, "title": title, "back": back, "submit": submit, **(extra or {})}
    return render(request, "casework/form.html", context, status=status)


def render_file_form(request, form, *, participant_id, title: str, submit: str):
    """The form page of a step on a participant's file: back to that file, 400 with errors."""
    return render_form(
        request,
        form,
        title=title,
        back="casework:participant_file",
        submit=submit,
        status=400 if form.errors else 200,
        extra={"back_pk": participant_id},
    )


def file_form_step(
    request,
    form,
    write: Callable[[dict], object],
    success: str,
    *,
    participant_id,
    title: str,
    submit: str,
):
    """A step on a participant's file: a saved form goes back to the file with ``success``
    as message; otherwise the form page, with the errors of the form or the service."""
    if form_errors.submit(request, form, write, success):
        return redirect("casework:participant_file", pk=participant_id)
    return render_file_form(
        request, form, participant_id=participant_id, title=title, submit=submit
    )


def team_by_code(user, code: str) -> Team:
    """One of the user's own teams by code; another team is refused."""
    team = teams_of(user).filter(code=code).first()
    if team is None:
        raise PermissionDenied
    return team
