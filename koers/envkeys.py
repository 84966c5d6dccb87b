"""Reading key material from the environment or, outside production, a local key file.

Only configuration lives here: the keys themselves are parsed and checked by
``privacy.keys`` when the app starts.
"""

from __future__ import annotations

import base64
import os
import secrets
import sys
from pathlib import Path

KEY_VARIABLES = (
    "KOERS_KEKS",
    "KOERS_BLIND_INDEX_KEY",
    "KOERS_PSEUDONYM_SECRET",
    "KOERS_AUDIT_KEY",
)


def _new_value(name: str) -> str:
    if name == "KOERS_KEKS":
        return f"local1:{_new_key()}"
    if name == "KOERS_AUDIT_KEY":
        return f"audit1:{_new_key()}"
    return _new_key()


def _new_key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def read_key_file(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        name, value = line.split("=", 1)
        values[name.strip()] = value.strip()
    return values


def write_demo_key_file(path: Path) -> dict[str, str]:
    """Generate fresh local keys for a demo or development machine and say so."""
    path.parent.mkdir(parents=True, exist_ok=True)
    values = {name: _new_value(name) for name in KEY_VARIABLES}
    body = "# Koers local keys for demo and development only. Never use in production.\n"
    body += "".join(f"{name}={value}\n" for name, value in values.items())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(body)
    print(
        f"Koers: generated a local key file for demo use at {path} "
        "(set " + ", ".join(KEY_VARIABLES) + " in production).",
        file=sys.stderr,
    )
    return values


def load_keys(*, production: bool, key_file: Path) -> dict[str, str]:
    """Return the key variables; outside production fall back to (and create) a key file."""
    values = {name: os.environ.get(name, "") for name in KEY_VARIABLES}
    if all(values.values()) or production:
        return values
    from_file = read_key_file(key_file) if key_file.exists() else write_demo_key_file(key_file)
    added = {name: _new_value(name) for name in KEY_VARIABLES if not from_file.get(name)}
    if added:
        # A key file of an older version: add the keys it lacks (a new kind of key only).
        with key_file.open("a", encoding="utf-8") as handle:
            handle.write("".join(f"{name}={value}\n" for name, value in added.items()))
        from_file.update(added)
    return {name: values[name] or from_file.get(name, "") for name in KEY_VARIABLES}
