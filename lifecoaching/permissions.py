"""Who may use the lifecoaching pages: the file roles of the teams; coaches are managed by
caseworkers and team leads; the counters for the programme office and team leads."""

from __future__ import annotations

from accounts.permissions import access
from accounts.roles import CASEWORKER, PEER_EXPERT, PROGRAMME_OFFICE, TEAM_LEAD

FILE_ROLES = (CASEWORKER, PEER_EXPERT, TEAM_LEAD)
file_access = access(roles=FILE_ROLES)
coach_managers = access(roles=(CASEWORKER, TEAM_LEAD))
counters_access = access(roles=(PROGRAMME_OFFICE, TEAM_LEAD))
