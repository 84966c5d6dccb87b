"""Reads of the baangaranties app, always for an acting user and within that user's scope.

Lists decrypt the names of the participants they show in bulk (one ``Cipher().load`` per
list) and write one access event per participant shown. Programme-wide counters go out
through ``privacy.release`` for the viewer's audience; the team's own lists show its own
participants.

Callers import from here (``from baangaranties import selectors``); each topic module holds
the code: ``scope`` (what the user may see, names, logging), ``reference``, ``lists`` (the
team's lists), ``dashboard`` (the programme's counters) and ``participant_file``.
"""

from __future__ import annotations

from baangaranties.selectors.dashboard import ChainYear, Dashboard, dashboard  # noqa: F401
from baangaranties.selectors.lists import (  # noqa: F401
    CheckRow,
    OpenHiringState,
    OverviewRow,
    RouteRow,
    SignupRow,
    YoungRow,
    due_checks,
    due_checks_page,
    open_hiring_page,
    open_hiring_state,
    overview_page,
    routes_page,
    young_without_route,
)
from baangaranties.selectors.participant_file import file_section, participant_name  # noqa: F401
from baangaranties.selectors.reference import (  # noqa: F401
    active_employers,
    chains,
    commitments,
    employers,
    offered_places,
)
from baangaranties.selectors.scope import (  # noqa: F401
    DUE_WITHIN_DAYS,
    NAME_FIELDS,
    PROGRAMME,
    YOUNG_BELOW_AGE,
    _log,
    _names,
    _today,
    get_check,
    get_placement,
    get_programme_enrolment,
    get_route,
    get_signup,
    programme_enrolments,
    visible_checks,
    visible_placements,
    visible_routes,
    visible_signups,
)
