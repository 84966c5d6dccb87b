"""What the access-log tests share: each test begins its own chain, and looks logged in bulk."""

from __future__ import annotations

import pytest

from privacy import access_log
from privacy.models import AccessEvent


@pytest.fixture(autouse=True)
def fresh_chain():
    """Each test begins its own chain, as a new process thread would (autouse in every test
    module that imports it)."""
    access_log._local.chain = None
    yield
    access_log._local.chain = None


def log_looks(user, count: int = 5, what: str = "test") -> list[AccessEvent]:
    """``count`` looks at no one, logged in one request (``what`` numbered 0, 1, ...); the
    events as stored (``log_access`` returns only their number)."""
    written = access_log.log_access(
        user=user,
        looks=[access_log.Look(subject_id=None, what=f"{what} {n}") for n in range(count)],
        purpose="privacy",
    )
    assert written == count
    chain = AccessEvent.objects.filter(chain=access_log._chain_id()).order_by("-link")
    return list(chain[:count])[::-1]
