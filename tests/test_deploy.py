"""The deployment files work as the README says: gunicorn with `deploy/gunicorn.conf.py` serves
Koers (health, static files, the login page), the systemd units and timers name commands that
exist, and the example environment names only variables the README documents."""

from __future__ import annotations

import configparser
import json
import re
import sys
import urllib.request
from pathlib import Path

import pytest
from django.core.management import get_commands
from django.db import connection

from tests.served import copy_test_database, free_port, serve

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


def _get(url: str) -> tuple[int, bytes, dict]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (local server)
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="serves a copy of the SQLite test db")
def test_gunicorn_with_the_deploy_config_serves_koers(tmp_path):
    database = copy_test_database(tmp_path / "koers.sqlite3")
    port = free_port()
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    server = serve(
        [gunicorn, "-c", "deploy/gunicorn.conf.py", "koers.wsgi:application"],
        database,
        port,
        KOERS_BIND=f"127.0.0.1:{port}",
        KOERS_WORKERS="2",
        KOERS_PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
        KOERS_MIN_FREE_MB="1",
    )
    base = f"http://127.0.0.1:{port}"
    try:
        live = _get(f"{base}/health/live")
        ready = _get(f"{base}/health/ready")
        css = _get(f"{base}/static/koers/koers.css")
        login = _get(f"{base}/account/inloggen/")
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert live[0] == 200
    assert ready[0] == 200, ready[1]
    assert set(json.loads(ready[1])["checks"].values()) == {"ok"}
    assert css[0] == 200 and b"koers" in css[1]
    assert login[0] == 200 and b"Inloggen" in login[1]
    assert re.fullmatch(r"[0-9a-f-]{36}", login[2]["X-Request-ID"])


def _unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(path)
    return parser


def test_every_timer_runs_a_command_that_exists():
    commands = set(get_commands())
    timers = sorted((DEPLOY / "systemd").glob("*.timer"))
    assert timers
    for timer in timers:
        unit = _unit(timer)["Timer"]["Unit"]
        command = re.fullmatch(r"koers-command@(\w+)\.service", unit).group(1)
        assert command in commands, timer.name
    template = _unit(DEPLOY / "systemd" / "koers-command@.service")
    assert template["Service"]["ExecStart"].endswith("manage.py %i")


def test_the_services_run_the_app_and_the_worker():
    app = _unit(DEPLOY / "systemd" / "koers.service")["Service"]
    worker = _unit(DEPLOY / "systemd" / "koers-worker.service")["Service"]
    assert "deploy/gunicorn.conf.py koers.wsgi:application" in app["ExecStart"]
    assert worker["ExecStart"].endswith("manage.py db_worker")
    for service in (app, worker):
        assert service["EnvironmentFile"] == "/etc/koers/koers.env"
        assert service["UMask"] == "0077"


def test_the_example_environment_names_only_documented_variables():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_cells = re.findall(r"^\| (`[^|]+) \|", readme, flags=re.MULTILINE)
    documented = {name for cell in first_cells for name in re.findall(r"`([A-Z_]+)`", cell)}
    example = (DEPLOY / "koers.env.example").read_text(encoding="utf-8")
    named = set(re.findall(r"^([A-Z_]+)=", example, flags=re.MULTILINE))
    assert named and named <= documented, sorted(named - documented)


def test_nginx_hands_private_files_over_only_internally():
    site = (DEPLOY / "nginx-koers.conf").read_text(encoding="utf-8")
    private = re.search(r"location /private-media/ \{(.*?)\}", site, flags=re.DOTALL).group(1)
    assert "internal;" in private
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in site
