"""Serve the test database from a real server process: a copy of it in a SQLite file, a free
port, and waiting until the server listens. For the tests of deployment and concurrency."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def copy_test_database(target: Path) -> Path:
    """The (SQLite, in-memory) test database with what the test committed, as a file."""
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
    return target


def serve(command: list[str], database: Path, port: int, **env: str) -> subprocess.Popen:
    """Start ``command`` (from the project root) on ``database`` and wait until ``port``
    listens; the caller terminates it."""
    server = subprocess.Popen(
        command,
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": f"sqlite:///{database}",
            "DJANGO_SETTINGS_MODULE": "koers.settings_test",
            **env,
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            if server.poll() is not None:
                pytest.fail(f"{command[0]} stopped with exit code {server.returncode}")
            time.sleep(0.3)
    server.kill()
    pytest.fail(f"{command[0]} did not start")


def runserver(database: Path, port: int) -> subprocess.Popen:
    return serve(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        database,
        port,
    )
