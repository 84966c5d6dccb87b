"""Reads of Gezinslab and Buurtgezinnen, by topic: scoped querysets, decryption one page at a
time (one ``Cipher().load`` per page), access logging of every household or support family
shown, and the programme-wide aggregates, released through ``privacy.release`` for the
viewer's audience (no identifier, no free text).

Callers import from here (``from gezinslab import selectors``); each topic module holds the code.
"""

from __future__ import annotations

from gezinslab.selectors.base import (  # noqa: F401
    HouseholdChoice,
    _open,
    get_barrier,
    get_breakthrough,
    get_goal,
    get_household,
    get_match,
    get_support_family,
    get_trajectory,
    has_active_member,
    household_choices,
    household_label,
    household_name,
    log_households,
    log_support_families,
    person_name,
    visible_barriers,
    visible_breakthroughs,
    visible_goals,
    visible_matches,
    visible_support_families,
    visible_trajectories,
)
from gezinslab.selectors.buurtgezinnen import (  # noqa: F401
    MatchRow,
    PairsProgress,
    SupportFamilyRow,
    _active_q,
    buurtgezinnen_households,
    household_choices_named,
    match_evaluation,
    matches_page,
    support_families_page,
    support_family_rows,
    support_family_texts,
    team_pairs_progress,
)
from gezinslab.selectors.office import (  # noqa: F401
    Dashboard,
    MedianRow,
    barrier_table_data,
    dashboard,
)
from gezinslab.selectors.trajectories import (  # noqa: F401
    BarrierItem,
    GoalItem,
    TrajectoryRow,
    TrajectoryView,
    _barrier_items,
    barrier_texts,
    duo_candidates,
    goal_text,
    households_to_start,
    life_domain_label,
    organisations,
    trajectories_page,
    trajectory_plan_summary,
    trajectory_view,
)
