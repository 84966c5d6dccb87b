"""Thin views: parse the form, call a service or selector, render.

One module per topic; this package re-exports the views that ``casework.urls`` routes to.
"""

from casework.views.break_glass import (
    BREAK_GLASS_CANDIDATE,
    break_glass_access,
    break_glass_confirm,
    break_glass_find,
)
from casework.views.caseload import caseload, caseload_search
from casework.views.common import FILE_ROLES, file_access, lead_access
from casework.views.consent import consent_new
from casework.views.enrolments import (
    assign,
    enrolment_end,
    transfer_decide,
    transfer_new,
    transfer_refuse,
    transfers,
)
from casework.views.households import household, household_member_add, household_new
from casework.views.imports import import_confirm, import_example, import_upload
from casework.views.participants import (
    enrol,
    file_history,
    participant_edit,
    participant_file,
    participant_new,
)
from casework.views.plans import goal_edit, goal_new, plan_edit, plan_pdf
from casework.views.progress import measurement_new, progress_new
from casework.views.worklist import worklist_page

__all__ = [
    "worklist_page",
    "BREAK_GLASS_CANDIDATE",
    "FILE_ROLES",
    "assign",
    "break_glass_access",
    "break_glass_confirm",
    "break_glass_find",
    "caseload",
    "caseload_search",
    "consent_new",
    "enrol",
    "enrolment_end",
    "file_access",
    "file_history",
    "goal_edit",
    "goal_new",
    "household",
    "household_member_add",
    "household_new",
    "import_confirm",
    "import_example",
    "import_upload",
    "lead_access",
    "measurement_new",
    "participant_edit",
    "participant_file",
    "participant_new",
    "plan_edit",
    "plan_pdf",
    "progress_new",
    "transfer_decide",
    "transfer_refuse",
    "transfer_new",
    "transfers",
]
