"""The deployment files work as the README says: gunicorn with `deploy/gunicorn.conf.py` serves
Koers (health, static files, the login page), the systemd units and timers name commands that
exist, and the example environment names only variables the README documents."""

from __future__ import annotations

import configparser
import datetime as dt
import hashlib
import http.client
import http.cookiejar
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.core.management import get_commands
from django.db import connection
from django.urls import reverse
from django.utils import timezone

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


class _Browser:
    """A client with cookies that follows redirects, as a user's browser would."""

    def __init__(self) -> None:
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, url: str) -> tuple[int, bytes, dict]:
        return self._open(urllib.request.Request(url))  # noqa: S310 (local server)

    def post(self, url: str, data: dict) -> tuple[int, bytes, dict]:
        body = urllib.parse.urlencode(data).encode()
        return self._open(urllib.request.Request(url, data=body))  # noqa: S310 (local server)

    def log_in(self, base: str, username: str, password: str) -> tuple[int, bytes, dict]:
        self.get(f"{base}/account/inloggen/")
        token = next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")
        return self.post(
            f"{base}/account/inloggen/",
            {
                "csrfmiddlewaretoken": token,
                "login_view-current_step": "auth",
                "username": username,
                "password": password,
            },
        )

    def headers(self, url: str) -> tuple[int, dict]:
        """Status and headers only (an X-Accel-Redirect answer announces a body it never sends)."""
        request = urllib.request.Request(url)  # noqa: S310 (local server)
        self.cookies.add_cookie_header(request)
        parts = urllib.parse.urlsplit(url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        try:
            connection.request("GET", parts.path, headers=dict(request.header_items()))
            response = connection.getresponse()
            return response.status, dict(response.headers)
        finally:
            connection.close()

    def _open(self, request) -> tuple[int, bytes, dict]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read(), dict(error.headers)


def _finished_export(private: Path, officer) -> tuple:
    """A researcher with a finished research export: a zip in the private storage (on disk,
    unlike documents, which are sealed in the database and streamed by Django)."""
    from accounts.roles import RESEARCHER
    from research.models import Export
    from tests.factories import make_user
    from tests.research.conftest import in_new_group, make_study

    researcher = in_new_group(make_user(RESEARCHER))
    study = make_study(researcher, officer, code="NGINX-1")
    pk = uuid.uuid4()
    name = f"research/exports/{study.code}-{pk}.zip"
    content = b"PK\x05\x06" + bytes(18) + os.urandom(64)  # an empty zip, and some bytes
    (private / name).parent.mkdir(parents=True)
    (private / name).write_bytes(content)
    now = timezone.now()
    export = Export.objects.create(
        pk=pk,
        study=study,
        format=Export.Format.CSV,
        status=Export.Status.DONE,
        requested_by=researcher,
        finished_at=now,
        expires_at=now + dt.timedelta(days=14),
        file=name,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
    )
    return researcher, export, content


def _nginx_site(port: int, upstreams: list[int], static: Path, private: Path) -> str:
    """deploy/nginx-koers.conf as this machine can run it: plain HTTP on ``port`` instead of the
    TLS server (no certificate here), the test's app servers and folders; the rest as shipped."""
    site = (DEPLOY / "nginx-koers.conf").read_text(encoding="utf-8")
    site = re.sub(r"server \{\s*listen 80;.*?\n\}\n", "", site, count=1, flags=re.DOTALL)
    site = re.sub(r"\s*server 127\.0\.0\.1:8000;", "", site)
    servers = "".join(f"\n    server 127.0.0.1:{upstream};" for upstream in upstreams)
    site = site.replace("upstream koers_app {", "upstream koers_app {" + servers, 1)
    site = re.sub(r"\n\s*listen \[::\]:443 ssl;|\n\s*http2 on;|\n\s*ssl_[^\n]*", "", site)
    site = site.replace("listen 443 ssl;", f"listen 127.0.0.1:{port};")
    site = site.replace("/srv/koers/var/static/", f"{static}/").replace(
        "/srv/koers/var/private/", f"{private}/"
    )
    return site


def _nginx_conf(tmp_path: Path, site: str) -> Path:
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        "user root;\nworker_processes 1;\ndaemon off;\n"
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/nginx-error.log;\n"
        "events { worker_connections 64; }\n"
        "http {\n  include /etc/nginx/mime.types;\n"
        f"  access_log {tmp_path}/nginx-access.log;\n"
        f"  client_body_temp_path {tmp_path}/body; proxy_temp_path {tmp_path}/proxy;\n"
        f"  fastcgi_temp_path {tmp_path}/fcgi; uwsgi_temp_path {tmp_path}/uwsgi;\n"
        f"  scgi_temp_path {tmp_path}/scgi;\n{site}\n}}\n",
        encoding="utf-8",
    )
    return conf


def _database_url(tmp_path: Path) -> str:
    if connection.vendor == "sqlite":
        return f"sqlite:///{copy_test_database(tmp_path / 'koers.sqlite3')}"
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_nginx_in_front_of_two_app_servers(tmp_path, caseworker_a, officer):
    """The shipped nginx site with two gunicorn app servers on one database: health, hashed
    static files from nginx, private files only internally, the client's address from nginx
    alone, a login, both app servers answering, and a researcher's export download that the
    app checks and logs and nginx serves (X-Accel-Redirect)."""
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not nginx:
        if os.environ.get("KOERS_REQUIRE_NGINX"):
            pytest.fail("no nginx (apt-get install -y nginx)")
        pytest.skip("no nginx (apt-get install -y nginx)")
    static, private = tmp_path / "static", tmp_path / "private"
    researcher, export, content = _finished_export(private, officer)
    download = reverse("research:export_download", kwargs={"pk": export.pk})
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(tmp_path),
        "DJANGO_SETTINGS_MODULE": "koers.settings_test",
        "KOERS_STATIC_ROOT": str(static),
        "KOERS_PRIVATE_MEDIA_ROOT": str(private),
        "KOERS_TRUSTED_PROXIES": "127.0.0.1",
        "KOERS_MIN_FREE_MB": "1",
        "KOERS_WORKERS": "1",
        "KOERS_SENDFILE_BACKEND": "django_sendfile.backends.nginx",
        "KOERS_SENDFILE_URL": "/private-media",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    ports = [free_port(), free_port()]
    servers = []
    try:
        for index, port in enumerate(ports):
            servers.append(
                serve(
                    [gunicorn, "-c", "deploy/gunicorn.conf.py", "koers.wsgi:application"],
                    Path(),  # the database is DATABASE_URL below
                    port,
                    **{key: value for key, value in env.items() if key.startswith("KOERS_")},
                    DATABASE_URL=env["DATABASE_URL"],
                    KOERS_BIND=f"127.0.0.1:{port}",
                    KOERS_ACCESS_LOG=str(tmp_path / f"app{index}.log"),
                )
            )
        front = free_port()
        conf = _nginx_conf(tmp_path, _nginx_site(front, ports, static, private))
        servers.append(serve([nginx, "-c", str(conf), "-p", str(tmp_path)], Path(), front))
        base = f"http://127.0.0.1:{front}"
        ready = _get(f"{base}/health/ready")
        css = _get(f"{base}/static/koers/koers.css")
        hidden = _get(f"{base}/private-media/anything.zip")
        pages = [_get(f"{base}/account/inloggen/") for _ in range(6)]
        browser = _Browser()
        logged_in = browser.log_in(base, researcher.username, "correct-horse-battery")
        through_nginx = browser.get(f"{base}{download}")
        # The same request to an app server itself: Django hands over a path, never the bytes.
        direct = browser.headers(f"http://127.0.0.1:{ports[0]}{download}")
        anonymous = _get(f"{base}{download}")
        private_path = _get(f"{base}/private-media/{export.file.name}")
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
    assert ready[0] == 200, ready[1]
    assert css[0] == 200 and "immutable" in css[2].get("Cache-Control", "")
    assert hidden[0] == 404  # an internal location: only X-Accel-Redirect reaches it
    assert {status for status, _body, _headers in pages} == {200}
    answered = [(tmp_path / f"app{index}.log").read_text() for index in range(2)]
    assert all("/account/inloggen/" in log for log in answered), "both app servers answer"
    assert logged_in[0] == 200 and b"Inloggen bij Koers" not in logged_in[1]
    assert through_nginx[0] == 200, through_nginx[1][:500]
    assert through_nginx[1] == content
    assert "attachment" in through_nginx[2].get("Content-Disposition", "")
    assert "X-Accel-Redirect" not in through_nginx[2]  # nginx consumed it
    assert through_nginx[2].get("Cache-Control") == "no-store"
    assert direct[0] == 200
    assert direct[1]["X-Accel-Redirect"] == f"/private-media/{export.file.name}"
    assert b"Inloggen" in anonymous[1] and content not in anonymous[1]  # sent to log in
    assert private_path[0] == 404  # the file's own internal address is not reachable
    from privacy.models import AccessEvent

    downloads = AccessEvent.objects.filter(what__startswith=f"research_download:{export.pk}")
    if connection.vendor != "sqlite":  # SQLite: the servers wrote to a copy of the database
        assert downloads.count() == 2
