"""Who may use the monitor: everyone reads it (the public page, public figures only); the
programme office reads exact figures and maintains the tree, indicators, targets, baselines
and values."""

from __future__ import annotations

from accounts.permissions import access, has_role
from accounts.roles import PROGRAMME_OFFICE

public_access = access(public=True)
office_access = access(roles=(PROGRAMME_OFFICE,))


def may_manage(user) -> bool:
    return user is not None and has_role(user, PROGRAMME_OFFICE)
