"""Who may use the Schuldenvrij pages: caseworkers and team leads of the team (peer experts see
nothing of this programme); decisions on a forgiveness by a team lead; the figures for the
programme office and team leads. Scope per enrolment is applied by the selectors."""

from __future__ import annotations

from accounts.permissions import access
from accounts.roles import CASEWORKER, PROGRAMME_OFFICE, TEAM_LEAD

WORKERS = (CASEWORKER, TEAM_LEAD)
worker_access = access(roles=WORKERS)
lead_access = access(roles=(TEAM_LEAD,))
figures_access = access(roles=(PROGRAMME_OFFICE, TEAM_LEAD))
