"""What the casework pages share: the role guards, the form page of a step on a file and
team lookup."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied

from accounts.models import Team
from accounts.permissions import access
from accounts.roles import CASEWORKER, PEER_EXPERT, TEAM_LEAD
from accounts.selectors import teams_of
from casework.pages import form_page

FILE_ROLES = (CASEWORKER, PEER_EXPERT, TEAM_LEAD)
file_access = access(roles=FILE_ROLES)
lead_access = access(roles=(TEAM_LEAD,))


def render_form(
    request, form, *, title: str, back: str, submit: str, status: int = 200, extra=None
):
    """The shared form page with its title, button and a link back to the URL name ``back``
    (with ``back_pk`` in ``extra``: that object's page)."""
    extra = dict(extra or {})
    back_pk = extra.pop("back_pk", None)
    return form_page(
        request,
        form,
        title=title,
        back=(back, back_pk) if back_pk else back,
        submit=submit,
        status=status,
        **extra,
    )


def render_file_form(request, form, *, participant_id, title: str, submit: str):
    """The form page of a step on a participant's file: back to that file, 400 with errors."""
    return form_page(request, form, title=title, back=_file(participant_id), submit=submit)


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
    return form_page(
        request,
        form,
        title=title,
        back=_file(participant_id),
        submit=submit,
        write=write,
        success=success,
    )


def _file(participant_id) -> tuple:
    return ("casework:participant_file", participant_id)


def team_by_code(user, code: str) -> Team:
    """One of the user's own teams by code; another team is refused."""
    team = teams_of(user).filter(code=code).first()
    if team is None:
        raise PermissionDenied
    return team
