"""Files kept outside the database (the access log's checkpoints, the erasure ledger): lines
appended, readable by the service user only, and on disk before the call returns."""

from __future__ import annotations

import os
from pathlib import Path


def append_line(path: str, line: str) -> None:
    """Append ``line`` to the file at ``path`` (created 0600 with its folder); nothing when
    ``path`` is empty (not configured)."""
    if not path:
        return
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())
