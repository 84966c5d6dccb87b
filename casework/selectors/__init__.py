"""Reads of the casework core, always for an acting user and within that user's scope.

Lists decrypt in bulk: one query loads the data keys of all rows, each unwrapped once.
One module per topic; this package re-exports their public names.
"""

from casework.selectors.caseload import (
    TUSSENVOEGSELS,
    CaseloadPage,
    CaseloadQuery,
    CaseloadRow,
    caseload,
    caseload_page,
    caseload_programmes,
    search_caseload,
    sort_name,
)
from casework.selectors.consent import (
    ConsentRow,
    consent_overview,
    participants_with_consent,
    sharing_consent_in_force,
)
from casework.selectors.file import (
    ChartSeries,
    EnrolmentView,
    GoalView,
    ParticipantFile,
    TimelineItem,
    participant_file,
)
from casework.selectors.history import Change, FileHistory, file_history
from casework.selectors.households import (
    HouseholdMemberView,
    HouseholdView,
    foreign_household_indexes,
    household_choices,
    household_view,
)
from casework.selectors.outcomes import (
    OutcomeView,
    latest_outcomes,
    measure_definitions,
    programmes_withheld_from,
    visible_outcome_values,
)
from casework.selectors.people import LIST_FIELDS, PersonView, decrypt_person, participant_identity
from casework.selectors.plans import (
    PlanPrint,
    get_goal,
    goal_text,
    instruments,
    open_goals,
    plan_for_print,
    plan_summary,
)
from casework.selectors.scope import (
    break_glass_candidate,
    break_glass_participants,
    file_is_open,
    find_outside_caseload,
    get_enrolment,
    get_household,
    get_participant,
    visible_enrolments,
    visible_households,
    visible_participants,
)
from casework.selectors.sections import FileSection, programme_sections, section_mode
from casework.selectors.transfers import (
    TransferView,
    get_transfer_for_decision,
    refused_transfers_for,
    transfer_for_decision,
    transfer_targets,
    transfers_for,
    transfers_to_decide,
)
from casework.selectors.waves import (
    EnrolmentWave,
    due_waves_for,
    participants_with_due_waves,
    waves_due,
)

__all__ = [
    "CaseloadRow",
    "Change",
    "ChartSeries",
    "ConsentRow",
    "EnrolmentView",
    "FileSection",
    "GoalView",
    "HouseholdMemberView",
    "HouseholdView",
    "LIST_FIELDS",
    "OutcomeView",
    "ParticipantFile",
    "PersonView",
    "TUSSENVOEGSELS",
    "TimelineItem",
    "TransferView",
    "break_glass_candidate",
    "break_glass_participants",
    "caseload",
    "caseload_page",
    "caseload_programmes",
    "CaseloadPage",
    "CaseloadQuery",
    "consent_overview",
    "decrypt_person",
    "file_history",
    "file_is_open",
    "FileHistory",
    "find_outside_caseload",
    "foreign_household_indexes",
    "get_enrolment",
    "get_goal",
    "get_household",
    "get_participant",
    "get_transfer_for_decision",
    "goal_text",
    "household_choices",
    "household_view",
    "instruments",
    "latest_outcomes",
    "measure_definitions",
    "open_goals",
    "plan_summary",
    "plan_for_print",
    "PlanPrint",
    "participant_file",
    "participant_identity",
    "participants_with_consent",
    "programme_sections",
    "programmes_withheld_from",
    "search_caseload",
    "section_mode",
    "sharing_consent_in_force",
    "sort_name",
    "transfers_for",
    "transfers_to_decide",
    "EnrolmentWave",
    "due_waves_for",
    "participants_with_due_waves",
    "waves_due",
    "transfer_targets",
    "transfer_for_decision",
    "refused_transfers_for",
    "visible_enrolments",
    "visible_households",
    "visible_outcome_values",
    "visible_participants",
]
