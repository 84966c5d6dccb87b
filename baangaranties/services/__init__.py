"""Writes of the baangaranties app. Keyword-only; the actor's scope is checked first; input
is validated, then saved inside one transaction, so that bad input changes nothing. Editable
records are saved through ``casework.services.lock`` with the version the user read.

Callers import from here (``from baangaranties import services``); each topic module holds
the code: ``base`` (scope, validators, outcomes), ``reference`` (commitments, offered
places), ``placements`` (with retention checks), ``open_hiring`` and ``assistance``.
"""

from __future__ import annotations

from baangaranties.models import COMMITTED_KINDS, Route, basic_jobs_cap  # noqa: F401
from baangaranties.services.assistance import (  # noqa: F401
    add_route,
    record_social_assistance,
    update_route,
)
from baangaranties.services.base import (  # noqa: F401
    PROGRAMME,
    ROUTE_OF_KIND,
    ConcurrentEditError,
    _outcome,
    _require_programme,
    _today,
    add_months,
)
from baangaranties.services.open_hiring import (  # noqa: F401
    offer_open_hiring,
    sign_up_open_hiring,
    withdraw_open_hiring,
)
from baangaranties.services.placements import (  # noqa: F401
    active_basic_jobs,
    create_placement,
    employment_status,
    end_placement,
    peak_basic_jobs,
    record_check,
)
from baangaranties.services.reference import (  # noqa: F401
    add_offered_place,
    filled,
    may_enter_commitments,
    may_offer_places,
    save_commitment,
)
from casework import services as core  # noqa: F401
