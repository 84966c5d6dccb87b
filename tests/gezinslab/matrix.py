"""The gezinslab part of the role matrix (merged by tests/test_urls.py)."""

from accounts.roles import CASEWORKER, PEER_EXPERT, PROGRAMME_OFFICE, TEAM_LEAD

FILE = {CASEWORKER, PEER_EXPERT, TEAM_LEAD}
DASHBOARD = {PROGRAMME_OFFICE, TEAM_LEAD}

PAGES = {
    "gezinslab:trajectories": FILE,
    "gezinslab:trajectory_new": FILE,
    "gezinslab:trajectory": FILE,
    "gezinslab:trajectory_edit": FILE,
    "gezinslab:goal_new": FILE,
    "gezinslab:goal_edit": FILE,
    "gezinslab:barrier_new": FILE,
    "gezinslab:barrier_edit": FILE,
    "gezinslab:breakthrough_new": FILE,
    "gezinslab:matches": FILE,
    "gezinslab:match_new": FILE,
    "gezinslab:match_edit": FILE,
    "gezinslab:support_families": FILE,
    "gezinslab:support_family_new": FILE,
    "gezinslab:support_family_edit": FILE,
    "gezinslab:dashboard": DASHBOARD,
}
API_BASENAMES = (
    "gezinslab-trajectory",
    "gezinslab-goal",
    "gezinslab-barrier",
    "gezinslab-breakthrough",
    "buurtgezinnen-family",
    "buurtgezinnen-match",
)
API = {
    **{f"api:{name}-{kind}": FILE for name in API_BASENAMES for kind in ("list", "detail")},
    "api:gezinslab-barrier-table-list": DASHBOARD,
}
MATRIX = {**PAGES, **API}
