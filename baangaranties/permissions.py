"""Who may use the baangaranties pages: the file roles of the teams for placements; chains,
employers and offered places (no personal data) also for the programme office and the
functional admin; commitments by team leads and the functional admin; the dashboard for the
programme office and team leads."""

from __future__ import annotations

from accounts.permissions import access
from accounts.roles import (
    CASEWORKER,
    FILE_ROLES,
    FUNCTIONAL_ADMIN,
    PROGRAMME_OFFICE,
    TEAM_LEAD,
)

file_access = access(roles=FILE_ROLES)
reference_access = access(roles=FILE_ROLES | {PROGRAMME_OFFICE, FUNCTIONAL_ADMIN})
commitment_access = access(roles=(TEAM_LEAD, FUNCTIONAL_ADMIN))
offer_access = access(roles=(CASEWORKER, TEAM_LEAD, FUNCTIONAL_ADMIN))
dashboard_access = access(roles=(PROGRAMME_OFFICE, TEAM_LEAD))
