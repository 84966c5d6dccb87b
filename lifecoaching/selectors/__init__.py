"""Reads of the lifecoaching app, always for an acting user and within that user's scope.

Lists decrypt in bulk (one ``Cipher().load`` over the data keys of the rows shown) and use a
fixed number of queries for any number of rows. Page-level reads log one access event per
participant (and per coach) whose decrypted data they return; ``file_section`` does not log
(the file page does).

Callers import from here (``from lifecoaching import selectors``); each topic module holds the
code: ``scope`` (what the user may see, logging), ``coaches``, ``young_people``,
``participant_file`` and ``counters``."""

from __future__ import annotations

from lifecoaching.selectors.coaches import (  # noqa: F401
    CoachView,
    coach_detail,
    coach_views,
    coaches_page,
    suggestions,
    vog_expiring,
)
from lifecoaching.selectors.counters import (  # noqa: F401
    LEVEL_GROUPS,
    Counters,
    LevelRow,
    Split,
    counters,
)
from lifecoaching.selectors.participant_file import file_section  # noqa: F401
from lifecoaching.selectors.scope import (  # noqa: F401
    PROGRAMME,
    VOG_WARNING_DAYS,
    _log,
    get_coach,
    get_enrolment,
    get_match,
    get_school_status,
    get_session,
    lifecoaching_enrolments,
    visible_coaches,
    visible_matches,
    visible_school_statuses,
    visible_sessions,
)
from lifecoaching.selectors.young_people import (  # noqa: F401
    MatchView,
    SessionView,
    StatusView,
    YoungPersonPage,
    YoungPersonRow,
    school_status_detail,
    session_detail,
    young_people,
    young_people_page,
    young_person,
)
