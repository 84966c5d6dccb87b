"""Writes of the research app: studies (request, decide, close, researchers), exports (request,
run, cancel, download, expire) and re-identification (four eyes).

Keyword-only; the permission check comes first; bad input is a ValidationError with a Dutch
message and nothing changed. The refusals the issue names (an export of an unapproved, closed
or someone else's study, a variable outside the approved list, k below 5, a download after
expiry, by another researcher, or of a cancelled job) are written to the access log.

The modules: ``access`` (role check and access log), ``studies`` (studies and groups),
``exports`` (request, cancel, expire, download), ``export_job`` (the background job and the
release ledger) and ``reidentification`` (four eyes).
"""

from casework.services import save
from research.services.access import PURPOSE, log_access
from research.services.export_job import record_release, run_export
from research.services.exports import (
    cancel_export,
    download_export,
    expire_export,
    expire_exports,
    plan_for,
    request_export,
)
from research.services.reidentification import (
    cancel_reidentification,
    confirm_reidentification,
    request_reidentification,
)
from research.services.studies import (
    add_group_member,
    add_researcher,
    close_study,
    create_group,
    decide_study,
    effective_k,
    request_study,
)

__all__ = [
    "PURPOSE",
    "add_group_member",
    "add_researcher",
    "cancel_export",
    "cancel_reidentification",
    "close_study",
    "confirm_reidentification",
    "create_group",
    "decide_study",
    "download_export",
    "effective_k",
    "expire_export",
    "expire_exports",
    "log_access",
    "plan_for",
    "record_release",
    "request_export",
    "request_reidentification",
    "request_study",
    "run_export",
    "save",  # the one save of casework, also used by the commands
]
