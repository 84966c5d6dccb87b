"""The financing app's part of the role matrix (merged by tests/test_urls.py)."""

from accounts.roles import EVALUATOR, PROGRAMME_OFFICE, TEAM_LEAD

ALL = {PROGRAMME_OFFICE, EVALUATOR, TEAM_LEAD}
OFFICE = {PROGRAMME_OFFICE}
VERIFIERS = {PROGRAMME_OFFICE, EVALUATOR}
# Outcome reports: evaluators (contract audience), programme office and team leads
# (management audience); evaluators and team leads only on agreements they are granted.
REPORTS = {PROGRAMME_OFFICE, EVALUATOR, TEAM_LEAD}

MATRIX = {
    "financing:agreements": ALL,
    "financing:agreement": ALL,
    "financing:amend": OFFICE,
    "financing:definition_new": OFFICE,
    "financing:milestone_new": OFFICE,
    "financing:grant": OFFICE,
    "financing:revoke": OFFICE,
    "financing:set_status": OFFICE,
    "financing:candidates": {TEAM_LEAD},
    "financing:claims": ALL,
    "financing:claim": ALL,
    "financing:payments": VERIFIERS,
    "financing:report": REPORTS,
    "financing:report_download": REPORTS,
    "api:financing-agreement-list": ALL,
    "api:financing-agreement-detail": ALL,
    "api:financing-agreement-report": ALL,
    "api:financing-claim-list": ALL,
    "api:financing-claim-detail": ALL,
    "api:financing-claim-decide": ALL,
}
