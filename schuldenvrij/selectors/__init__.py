"""Reads of Leeuwarden Schuldenvrij, always for an acting user and within that user's scope.

Lists decrypt in bulk (one ``Cipher().load`` per page) and log one access event per
participant shown. Programme-wide counts go out through ``privacy.release``.

Callers import from here (``from schuldenvrij import selectors``); each topic module holds the
code.
"""

from __future__ import annotations

from schuldenvrij.selectors.base import (  # noqa: F401
    NAME_FIELDS,
    DebtView,
    _log,
    decrypt_debt,
    enrolments,
    get_debt,
    get_enrolment,
    get_follow_up,
    get_forgiveness,
    get_young_person,
)
from schuldenvrij.selectors.caseload import (  # noqa: F401
    BudgetLine,
    EnrolmentDetail,
    OverviewRow,
    ProposalRow,
    SnapshotColumn,
    budget_table,
    debt_view,
    enrolment_detail,
    overview_page,
    pending_proposals,
)
from schuldenvrij.selectors.figures import (  # noqa: F401
    Counters,
    counters,
)
from schuldenvrij.selectors.file_part import (  # noqa: F401
    SectionPart,
    file_section,
)
from schuldenvrij.selectors.follow_ups import (  # noqa: F401
    FollowUpRow,
    YoungPersonRow,
    due_follow_ups,
    follow_ups_due,
    turning_18,
    young_person_row,
)
