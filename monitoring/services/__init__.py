"""Writes of the monitor, by topic: the tree and its targets (``tree``), values from outside
(``values``), values Koers computes (``koers``) and loading the plan (``plan``)."""

from monitoring.services.base import ConcurrentEditError  # noqa: F401
from monitoring.services.koers import refresh_koers_values  # noqa: F401
from monitoring.services.plan import load_plan  # noqa: F401
from monitoring.services.tree import (  # noqa: F401
    adjust_baseline,
    create_indicator,
    create_node,
    current_settings,
    set_target,
    set_tolerance,
    update_indicator,
    update_node,
)
from monitoring.services.values import ImportRefused, import_values  # noqa: F401
