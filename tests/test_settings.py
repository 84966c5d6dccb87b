"""Start-up refuses missing or unreadable keys with a message saying what to set."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KEY = base64.b64encode(b"k" * 32).decode()
OTHER = base64.b64encode(b"b" * 32).decode()
# What production needs besides the keys.
PRODUCTION = {
    "KOERS_ENV": "production",
    "KOERS_SECRET_KEY": "x" * 50,
    "KOERS_ALLOWED_HOSTS": "koers.test",
    # `check` does not connect; production refuses SQLite (see below).
    "DATABASE_URL": "postgres://koers@127.0.0.1:5432/koers",
}
AUDIT = "audit1:" + base64.b64encode(b"a" * 32).decode()
KEYS = {
    "KOERS_AUDIT_KEY": AUDIT,
    "KOERS_KEKS": f"k1:{KEY}",
    "KOERS_BLIND_INDEX_KEY": OTHER,
    "KOERS_PSEUDONYM_SECRET": base64.b64encode(b"p" * 32).decode(),
}


def run_check(tmp_path, **env) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("KOERS_") and k != "DJANGO_SETTINGS_MODULE"
    }
    clean.update(
        {"DJANGO_SETTINGS_MODULE": "koers.settings", "KOERS_KEY_FILE": str(tmp_path / "keys.env")}
    )
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_keys(tmp_path):
    result = run_check(
        tmp_path,
        **PRODUCTION,
    )
    assert result.returncode != 0
    assert "KOERS_KEKS" in result.stderr
    assert not (tmp_path / "keys.env").exists()


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = run_check(tmp_path, KOERS_ENV="production")
    assert result.returncode != 0
    assert "KOERS_SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    ("keks", "expected"),
    [
        ("not-a-key", "id:base64key"),
        ("k1:%%%%", "not valid base64"),
        (f"k1:{base64.b64encode(b'short').decode()}", "32 bytes"),
        (f"k1:{KEY},k1:{KEY}", "appears twice"),
    ],
)
def test_unreadable_keys_stop_the_app_with_a_message(tmp_path, keks, expected):
    result = run_check(
        tmp_path,
        **PRODUCTION,
        KOERS_KEKS=keks,
        KOERS_BLIND_INDEX_KEY=OTHER,
        KOERS_PSEUDONYM_SECRET=OTHER,
        KOERS_AUDIT_KEY=AUDIT,
    )
    assert result.returncode != 0
    assert expected in result.stderr


def test_production_starts_with_keys(tmp_path):
    result = run_check(tmp_path, **PRODUCTION, **KEYS)
    assert result.returncode == 0, result.stderr


def test_production_refuses_sqlite_unless_allowed_knowingly(tmp_path):
    on_sqlite = {**PRODUCTION, **KEYS, "DATABASE_URL": f"sqlite:///{tmp_path / 'koers.db'}"}
    refused = run_check(tmp_path, **on_sqlite)
    assert refused.returncode != 0
    assert "Production runs on PostgreSQL: set DATABASE_URL" in refused.stderr
    allowed = run_check(tmp_path, **on_sqlite, KOERS_ALLOW_SQLITE="true")
    assert allowed.returncode == 0, allowed.stderr


def test_demo_generates_a_local_key_file_and_says_so(tmp_path):
    result = run_check(tmp_path, KOERS_ENV="demo")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "keys.env").exists()
    assert "generated a local key file" in result.stderr
    assert oct((tmp_path / "keys.env").stat().st_mode)[-3:] == "600"
