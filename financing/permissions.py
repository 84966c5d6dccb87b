"""Who may use the financing pages: the programme office, and evaluators and team leads granted
on an agreement (django-guardian object permission, checked by the selectors and services).
Outcome reports for the programme office, and for the evaluators (contract audience) and team
leads (management audience) granted on the agreement."""

from __future__ import annotations

from accounts.permissions import access
from accounts.roles import EVALUATOR, PROGRAMME_OFFICE, TEAM_LEAD

ALL = (PROGRAMME_OFFICE, EVALUATOR, TEAM_LEAD)
REPORT_ROLES = (PROGRAMME_OFFICE, EVALUATOR, TEAM_LEAD)

# Every page of the app: the agreements one is granted on (the office: all).
agreement_access = access(roles=ALL)
# Creating and amending agreements, definitions, milestones and grants.
office_access = access(roles=(PROGRAMME_OFFICE,))
# Candidates and claims are submitted by team leads.
claimant_access = access(roles=(TEAM_LEAD,))
# Verification, spot samples and payments.
verifier_access = access(roles=(PROGRAMME_OFFICE, EVALUATOR))
# Outcome reports (page, PDF, XLSX, API).
report_access = access(roles=REPORT_ROLES)
