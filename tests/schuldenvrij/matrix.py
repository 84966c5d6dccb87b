"""The Schuldenvrij part of the role matrix (merged by tests/test_urls.py)."""

from accounts.roles import CASEWORKER, PROGRAMME_OFFICE, TEAM_LEAD

WORKERS = {CASEWORKER, TEAM_LEAD}

PAGES = {
    "schuldenvrij:home": WORKERS,
    "schuldenvrij:enrolment": WORKERS,
    "schuldenvrij:intake": WORKERS,
    "schuldenvrij:snapshot_new": WORKERS,
    "schuldenvrij:debt_new": WORKERS,
    "schuldenvrij:place_admit": WORKERS,
    "schuldenvrij:forgiveness_new": WORKERS,
    "schuldenvrij:debt_edit": WORKERS,
    "schuldenvrij:forgiveness_decide": {TEAM_LEAD},
    "schuldenvrij:forgiveness_reject": {TEAM_LEAD},
    "schuldenvrij:follow_ups": WORKERS,
    "schuldenvrij:follow_up": WORKERS,
    "schuldenvrij:turning_18": WORKERS,
    "schuldenvrij:contact_new": WORKERS,
    "schuldenvrij:figures": {PROGRAMME_OFFICE, TEAM_LEAD},
}
API = {
    **{
        f"api:schuldenvrij-{name}-{kind}": WORKERS
        for name in ("intake", "snapshot", "debt", "forgiveness", "follow-up")
        for kind in ("list", "detail")
    },
    "api:schuldenvrij-place-list": WORKERS,
    "api:schuldenvrij-contact-list": WORKERS,
    "api:schuldenvrij-turning-18-list": WORKERS,
    "api:schuldenvrij-forgiveness-decide": WORKERS,
}
MATRIX = {**PAGES, **API}
