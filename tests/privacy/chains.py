"""What the access-log tests share: each test begins its own chain, and looks logged in bulk."""

from __future__ import annotations

import pytest

from privacy import access_log


@pytest.fixture(autouse=True)
def fresh_chain():
    """Each test begins its own chain, as a new process thread would (autouse in every test
    module that imports it)."""
    access_log._local.chain = None
    yield
    access_log._local.chain = None


def log_looks(user, count: int = 5, what: str = "test"):
    """``count`` looks at no one, logged in one request (``what`` numbered 0, 1, ...)."""
    return access_log.log_access(
        user=user,
        looks=[access_log.Look(subject_id=None, what=f"{what} {n}") for n in range(count)],
        purpose="privacy",
    )
