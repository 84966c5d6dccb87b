"""Writes of Leeuwarden Schuldenvrij, by topic. Keyword-only, scope check first, Dutch
ValidationErrors per field, everything in one transaction; editable records are saved through
``lock`` with the version the user read. Every change of what a measure is about records a
dated outcome value.

Callers import from here (``from schuldenvrij import services``); each topic module holds the code.
"""

from __future__ import annotations

from schuldenvrij.services.base import (  # noqa: F401
    MAX_AMOUNT,
    MEASURE_NEW_DEBTS,
    MEASURE_OUTSTANDING,
    MEASURE_ROOM,
    PROGRAMME,
    ConcurrentEditError,
    add_months,
    may_work,
    outstanding_total,
    parse_amount,
    residual_total,
)
from schuldenvrij.services.debts import (  # noqa: F401
    add_debt,
    update_debt,
)
from schuldenvrij.services.follow_up import (  # noqa: F401
    record_follow_up,
    record_preventive_contact,
)
from schuldenvrij.services.forgiveness import (  # noqa: F401
    admit_to_pilot,
    decide_forgiveness,
    places_cap,
    propose_forgiveness,
)
from schuldenvrij.services.intake import (  # noqa: F401
    add_snapshot,
    save_intake,
)
