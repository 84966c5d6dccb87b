"""Menu entries of the programme apps (``ProgrammeSpec.nav``), per user."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from accounts.permissions import user_roles
from accounts.roles import FILE_ROLES
from casework.registry import extra_nav, programmes


def _team_programmes(user) -> set[str]:
    from casework.models import Enrolment
    from casework.permissions import member_teams_subquery

    return set(
        Enrolment.objects.filter(team_id__in=member_teams_subquery(user))
        .values_list("programme__code", flat=True)
        .distinct()
    )


def programme_nav_for(user) -> list[tuple[str, str]]:
    """(url name, label) of the programme pages the user may use. A page meant for file roles
    is listed for a file-role user only when one of the user's teams works in that programme;
    roles outside the teams (programme office) see every page meant for them."""
    roles = user_roles(user)
    if not roles:
        return []
    team_programmes: set[str] | None = None
    links = []
    for spec in programmes().values():
        for link in spec.nav:
            matching = roles & link.roles
            if not matching:
                continue
            if matching <= FILE_ROLES:
                if team_programmes is None:
                    team_programmes = _team_programmes(user)
                if spec.code not in team_programmes:
                    continue
            links.append((link.url_name, link.label))
    for link in extra_nav():
        if roles & link.roles:
            links.append((link.url_name, link.label))
    return links


def programme_nav(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"koers_programme_nav": []}
    return {"koers_programme_nav": SimpleLazyObject(lambda: programme_nav_for(user))}


def work_count(request):
    """The number of items in the user's work list, for the header: only when the template
    shows it, counted at most once a minute per user (``cached_work_count``)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"koers_work_count": 0}
    from casework.worklist import cached_work_count

    return {"koers_work_count": SimpleLazyObject(lambda: cached_work_count(user))}
