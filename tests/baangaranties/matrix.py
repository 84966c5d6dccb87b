"""The baangaranties part of the role matrix (merged by tests/test_urls.py)."""

from accounts.roles import (
    CASEWORKER,
    FILE_ROLES,
    FUNCTIONAL_ADMIN,
    PROGRAMME_OFFICE,
    TEAM_LEAD,
)

FILE = set(FILE_ROLES)
REFERENCE = FILE | {PROGRAMME_OFFICE, FUNCTIONAL_ADMIN}

MATRIX: dict[str, set[str]] = {
    "baangaranties:home": FILE,
    "baangaranties:placement_new": FILE,
    "baangaranties:placement_end": FILE,
    "baangaranties:checks": FILE,
    "baangaranties:check_record": FILE,
    "baangaranties:open_hiring": FILE,
    "baangaranties:open_hiring_offer": FILE,
    "baangaranties:open_hiring_signup": FILE,
    "baangaranties:open_hiring_withdraw": FILE,
    "baangaranties:routes": FILE,
    "baangaranties:route_new": FILE,
    "baangaranties:route_edit": FILE,
    "baangaranties:assistance_new": FILE,
    "baangaranties:chains": REFERENCE,
    "baangaranties:commitment_edit": {TEAM_LEAD, FUNCTIONAL_ADMIN},
    "baangaranties:offered_place_new": {CASEWORKER, TEAM_LEAD, FUNCTIONAL_ADMIN},
    "baangaranties:dashboard": {PROGRAMME_OFFICE, TEAM_LEAD},
    **{
        f"api:baangaranties-{name}-{kind}": REFERENCE
        for name in ("chain", "employer", "commitment", "offered-place")
        for kind in ("list", "detail")
    },
    **{
        f"api:baangaranties-{name}-{kind}": FILE
        for name in ("placement", "retention-check", "open-hiring", "route")
        for kind in ("list", "detail")
    },
}
