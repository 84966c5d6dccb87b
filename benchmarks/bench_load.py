"""Load benchmark: concurrent caseworker sessions against gunicorn (run by hand).

    .venv/bin/python benchmarks/bench_load.py                       # SQLite, 50 users, 60 s
    DATABASE_URL=postgres://koers@localhost/koers_bench .venv/bin/python benchmarks/bench_load.py
    .venv/bin/python benchmarks/bench_load.py --users 20 --run-time 30 --server-workers 2

Steps:
1. A worker process fills a fresh database (a temporary SQLite file, or ``DATABASE_URL``,
   which is migrated and then **flushed**) with ``generate_synthetic``: ``--teams`` teams
   ``load<N>`` of ``--participants`` / ``--teams`` participants each. It then makes
   ``--users`` caseworker accounts spread over the teams, each with a random password and a
   confirmed TOTP device, and writes them to a JSON file in the temporary folder for locust.
2. gunicorn with ``deploy/gunicorn.conf.py`` (``--server-workers`` workers, two threads each)
   serves Koers on a free local port.
3. ``locust --headless`` runs ``benchmarks/load/locustfile.py`` with ``--users`` users
   spawned ``--spawn-rate`` a second for ``--run-time`` seconds: each logs in (password and
   TOTP code), opens the caseload, opens files and saves progress notes.
4. The script prints requests/s, p50/p95/p99 and failures per request kind and in total,
   the failures themselves and any error the server logged; it exits with 1 on any failure.

Settings: ``koers.settings`` itself with ``KOERS_ENV=test`` and ``KOERS_DEBUG=0``, two-factor
login required (``KOERS_REQUIRE_2FA=1``) and Django's default password hashing, keys freshly
made for the run in a key file in the temporary folder, JSON logs. What differs from
production (``KOERS_ENV=production``): plain HTTP on 127.0.0.1 without nginx, so no secure
cookies, HSTS or TLS redirect; the local-memory cache instead of Redis (the header's work
count is then kept per gunicorn worker); locust runs on the same machine as the server.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=int, default=10)
    parser.add_argument("--run-time", type=int, default=60, help="seconds")
    parser.add_argument("--server-workers", type=int, default=4)
    parser.add_argument(
        "--keep-alive",
        type=int,
        default=0,
        help="gunicorn's idle keep-alive in seconds (default: the deploy config's, gunicorn's 2)",
    )
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--teams", type=int, default=10)
    parser.add_argument("--measurements", type=int, default=5)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        fill(args)
        return
    with tempfile.TemporaryDirectory(prefix="koers-load-") as tmp:
        sys.exit(run(args, Path(tmp)))


def environment(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'load.sqlite3'}")
    env.update(
        DJANGO_SETTINGS_MODULE="koers.settings",
        KOERS_ENV="test",
        KOERS_DEBUG="0",
        KOERS_REQUIRE_2FA="1",
        KOERS_KEY_FILE=str(tmp / "keys.env"),
        KOERS_AUDIT_CHECKPOINT_FILE=str(tmp / "checkpoints.jsonl"),
        KOERS_ERASURE_LEDGER=str(tmp / "erasures.jsonl"),
        KOERS_PRIVATE_MEDIA_ROOT=str(tmp / "private"),
        KOERS_LOG_FORMAT="json",
        KOERS_MIN_FREE_MB="1",
        KOERS_LOAD_USERS=str(tmp / "users.json"),
    )
    return env


def run(args: argparse.Namespace, tmp: Path) -> int:
    env = environment(tmp)
    database = env["DATABASE_URL"].split("://")[0]
    started = time.monotonic()
    subprocess.run(
        [sys.executable, __file__, "--worker", *_passed_on(args)], env=env, cwd=ROOT, check=True
    )
    print(f"# {database}: database filled in {time.monotonic() - started:.0f} s", flush=True)
    port = _free_port()
    server_log = tmp / "server.log"
    with server_log.open("w") as log:
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "-c",
                "deploy/gunicorn.conf.py",
                *(["--keep-alive", str(args.keep_alive)] if args.keep_alive else []),
                "koers.wsgi:application",
            ],
            cwd=ROOT,
            env={
                **env,
                "KOERS_BIND": f"127.0.0.1:{port}",
                "KOERS_WORKERS": str(args.server_workers),
                "KOERS_ACCESS_LOG": str(tmp / "access.log"),
            },
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(port, server)
        before = _children_cpu()
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "benchmarks" / "load" / "locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                f"{args.run_time}s",
                "--stop-timeout",
                "60",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(tmp / "load"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=(tmp / "locust.log").open("w"),
            check=False,  # locust exits with 1 when a request failed: reported below
        )
        locust_cpu = _children_cpu() - before
    finally:
        server.terminate()
        server.wait(timeout=60)
    server_cpu = _children_cpu() - before - locust_cpu
    print(f"# CPU seconds: gunicorn {server_cpu:.1f}, locust {locust_cpu:.1f}")
    return report(tmp, database, args, server_log)


def _children_cpu() -> float:
    """User and system CPU seconds of the finished child processes (gunicorn's workers count
    once gunicorn has ended and reaped them)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _passed_on(args: argparse.Namespace) -> list[str]:
    return [
        f"--users={args.users}",
        f"--participants={args.participants}",
        f"--teams={args.teams}",
        f"--measurements={args.measurements}",
    ]


def report(tmp: Path, database: str, args: argparse.Namespace, server_log: Path) -> int:
    print(
        f"# {database}: {args.users} users (spawn {args.spawn_rate}/s), {args.run_time} s, "
        f"{args.server_workers} gunicorn workers x 2 threads"
        f"{f', keep-alive {args.keep_alive} s' if args.keep_alive else ''}, "
        f"{args.participants} participants"
    )
    if not (tmp / "load_stats.csv").exists():
        print((tmp / "locust.log").read_text(errors="replace")[-3000:])
        return 1
    failures = _print_stats(tmp)
    errors = _server_errors(server_log)
    statuses = Counter(
        line.split('" ')[1].split()[0]
        for line in (tmp / "access.log").read_text(errors="replace").splitlines()
        if '" ' in line
    )
    print(f"# responses by status: {dict(sorted(statuses.items()))}")
    server_errors = sum(count for status, count in statuses.items() if status.startswith("5"))
    if failures:
        print((tmp / "locust.log").read_text(errors="replace")[-2000:])
    print(
        f"# failures: {failures}, 5xx answers: {server_errors}, server errors logged: {len(errors)}",
        flush=True,
    )
    return 1 if failures or errors or server_errors else 0


def _print_stats(tmp: Path) -> int:
    """Print locust's statistics per request kind and its failures; the number of failures."""
    print(
        f"{'request':<18} {'count':>6} {'fail':>5} {'req/s':>7} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7}"
    )
    failures = 0
    with (tmp / "load_stats.csv").open(newline="") as handle:
        for row in csv.DictReader(handle):
            name = row["Name"] if row["Name"] != "Aggregated" else "all"
            failures += int(row["Failure Count"]) if name == "all" else 0
            print(
                f"{name:<18} {row['Request Count']:>6} {row['Failure Count']:>5} "
                f"{float(row['Requests/s']):>7.1f} {row['50%']:>7} {row['95%']:>7} "
                f"{row['99%']:>7} {float(row['Max Response Time']):>7.0f}"
            )
    with (tmp / "load_failures.csv").open(newline="") as handle:
        for row in csv.DictReader(handle):
            print(f"! {row['Method']} {row['Name']}: {row['Error']} ({row['Occurrences']}x)")
    return failures


def _server_errors(server_log: Path) -> list[str]:
    """The error lines gunicorn and Koers logged (Koers logs JSON with a "level" key)."""
    errors = [
        line
        for line in server_log.read_text(errors="replace").splitlines()
        if '"level": "ERROR"' in line
        or '"level": "CRITICAL"' in line
        or "Traceback" in line
        or "[CRITICAL]" in line
        or "[ERROR]" in line
    ]
    for line in errors[:20]:
        print(f"! server: {line[:400]}")
    return errors


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"gunicorn stopped with exit code {server.returncode}") from None
            time.sleep(0.3)
    server.kill()
    raise SystemExit("gunicorn did not start")


def fill(args: argparse.Namespace) -> None:
    """In the worker: a fresh database, the teams' participants and the locust accounts."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from runner import fresh_database, generate, start_django

    start_django()
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import Team
    from accounts.roles import CASEWORKER
    from accounts.services import upsert_user

    fresh_database()
    per_team = args.participants // args.teams
    for number in range(args.teams):
        generate(
            per_team,
            measurements=args.measurements,
            seed=number + 1,
            team=f"load{number}",
            caseworker=f"load{number}-caseworker",
        )
    teams = list(Team.objects.filter(code__startswith="load").order_by("code"))
    password = secrets.token_urlsafe(24)
    accounts = []
    for number in range(args.users):
        team = teams[number % len(teams)]
        user = upsert_user(
            username=f"load-caseworker-{number}",
            password=password,
            organisation=team.organisation,
            roles=[CASEWORKER],
            teams=[team],
        )
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
        accounts.append({"username": user.username, "password": password, "totp_key": device.key})
    Path(os.environ["KOERS_LOAD_USERS"]).write_text(json.dumps(accounts), encoding="utf-8")


if __name__ == "__main__":
    main()
