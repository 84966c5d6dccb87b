"""The lifecoaching part of the role matrix (merged by tests/test_urls.py)."""

from accounts.roles import CASEWORKER, PEER_EXPERT, PROGRAMME_OFFICE, TEAM_LEAD

FILE = {CASEWORKER, PEER_EXPERT, TEAM_LEAD}
COACH_MANAGERS = {CASEWORKER, TEAM_LEAD}

MATRIX: dict[str, set[str]] = {
    "lifecoaching:home": FILE,
    "lifecoaching:coaches": FILE,
    "lifecoaching:coach_new": COACH_MANAGERS,
    "lifecoaching:coach_edit": COACH_MANAGERS,
    "lifecoaching:young_person": FILE,
    "lifecoaching:match_new": FILE,
    "lifecoaching:session_new": FILE,
    "lifecoaching:school_status_new": FILE,
    "lifecoaching:session_edit": FILE,
    "lifecoaching:school_status_edit": FILE,
    "lifecoaching:match_end": FILE,
    "lifecoaching:counters": {PROGRAMME_OFFICE, TEAM_LEAD},
    **{
        f"api:lifecoaching-{name}-{kind}": FILE
        for name in ("coach", "match", "session", "school-status")
        for kind in ("list", "detail")
    },
}
