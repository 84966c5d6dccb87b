"""Writes of Gezinslab and Buurtgezinnen, by topic. Keyword-only, scope check first, free text
sealed under the household's (or support family's) data key, full_clean and save in one
transaction; editable records are saved only when the version read is still current.

Scope: the actor has a file role and is a member of the record's team, and the household is
visible to the actor (a current member in the actor's caseload). Peer experts may do
everything here: no BSN is involved.

Callers import from here (``from gezinslab import services``); each topic module holds the code.
"""

from __future__ import annotations

from gezinslab.services.barriers import (  # noqa: F401
    add_barrier,
    record_breakthrough,
    update_barrier,
    update_breakthrough,
)
from gezinslab.services.base import (  # noqa: F401
    GOALS_MEASURE,
    LIFE_DOMAIN_CODES,
    MATCH_MEASURE,
    PLAN_TARGET_PAIRS,
    programme_team,
)
from gezinslab.services.goals import (  # noqa: F401
    add_family_goal,
    update_family_goal,
)
from gezinslab.services.matches import (  # noqa: F401
    start_match,
    update_match,
)
from gezinslab.services.organisations import (  # noqa: F401
    save_organisation,
)
from gezinslab.services.support_families import (  # noqa: F401
    add_support_family,
    update_support_family,
)
from gezinslab.services.trajectories import (  # noqa: F401
    start_trajectory,
    update_trajectory,
)
