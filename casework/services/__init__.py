"""Writes of the casework core, by topic (as Zulip's ``actions`` and pretix's
``services``): every function is keyword-only, checks the actor's scope, encrypts
identifying values under the participant's data key, validates and saves in one
transaction; editable records are saved only when the version read is still current.

Callers import from here (``from casework import services``); each topic module holds
the code."""

from __future__ import annotations

from casework.services.base import (  # noqa: F401
    PARTICIPANT_SECRET_FIELDS,
    ConcurrentEditError,
    _changed_since,
    _check_duplicates,
    _lock,
    _participant_key,
    _programme,
    _require_enrolment_scope,
    _require_scope,
    _require_team_member,
    _same_plaintext,
    _save,
    _seal_identity,
    lock,
    participant_key,
    require_enrolment_scope,
    require_team_member,
    save,
    seal_for_participant,
    sync_registry,
    upsert_instrument,
    upsert_measure,
)
from casework.services.break_glass import (  # noqa: F401
    BREAK_GLASS_HOURS,
    open_break_glass,
    review_break_glass,
)
from casework.services.consent import (  # noqa: F401
    IMPORT_CONSENT_TEXT_VERSION,
    _check_consent_order,
    import_research_consent,
    record_consent,
)
from casework.services.enrolments import (  # noqa: F401
    _create_enrolment,
    assign_caseworker,
    end_enrolment,
    enrol,
)
from casework.services.households import (  # noqa: F401
    _add_member,
    _require_household_scope,
    add_household_member,
    create_household,
    end_household_membership,
)
from casework.services.imports import (  # noqa: F401
    import_household_member,
    import_participant,
)
from casework.services.measurements import (  # noqa: F401
    record_measurement,
    validate_scores,
)
from casework.services.outcomes import (  # noqa: F401
    _outcome_value,
    _store_outcome,
    record_outcome,
)
from casework.services.participants import (  # noqa: F401
    register_participant,
    update_participant,
)
from casework.services.plans import (  # noqa: F401
    add_goal,
    save_plan_summary,
    update_goal,
)
from casework.services.progress import (  # noqa: F401
    log_progress,
    update_progress,
)
from casework.services.transfers import (  # noqa: F401
    _revoke_transfer_grants,
    cancel_transfer,
    decide_transfer,
    named_teams,
    request_transfer,
    runs_programme,
    set_programme_teams,
)
