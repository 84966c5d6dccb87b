"""Who may use the Gezinslab and Buurtgezinnen pages: the file roles of the teams (scope
per household and team is applied by the selectors); the dashboard, which holds suppressed
counts only, for the programme office and team leads."""

from __future__ import annotations

from accounts.permissions import access
from accounts.roles import CASEWORKER, PEER_EXPERT, PROGRAMME_OFFICE, TEAM_LEAD

FILE_ROLES = (CASEWORKER, PEER_EXPERT, TEAM_LEAD)
DASHBOARD_ROLES = (PROGRAMME_OFFICE, TEAM_LEAD)
file_access = access(roles=FILE_ROLES)
dashboard_access = access(roles=DASHBOARD_ROLES)
