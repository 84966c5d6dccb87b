"""A real OpenID Certified provider for the single sign-on tests: node-oidc-provider
(tests/oidc/provider/, its version pinned in package-lock.json), installed with ``npm ci`` on
first use and started on a free port for the test session.

Without Node.js or npm the tests that use it are skipped with the reason, unless
KOERS_REQUIRE_OIDC is set (CI sets it): then they fail.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

PROVIDER_DIR = Path(__file__).resolve().parent / "provider"
CLIENT_ID = "koers-e2e"
CLIENT_SECRET = "e2e-client-secret-not-a-real-one"  # noqa: S105

# The provider's people: login (= sub) -> what their login asserts and their groups.
MAPPED_GROUPS = ["koers-hulpverleners", "team-e2e"]
ACCOUNTS = {
    "anna-mfa": {"amr": ["pwd", "mfa"], "claims": {"groups": MAPPED_GROUPS}},
    "bram-zonder-mfa": {"amr": ["pwd"], "claims": {"groups": MAPPED_GROUPS}},
    "cor-ongekoppeld": {"amr": ["pwd", "mfa"], "claims": {"groups": ["kantine"]}},
    "dirk-uitgeschakeld": {"amr": ["pwd", "mfa"], "claims": {"groups": MAPPED_GROUPS}},
}


@dataclass(frozen=True)
class RunningProvider:
    issuer: str
    discovery: dict

    def koers_settings(self) -> dict:
        """The Django settings that KOERS_OIDC_* would give for this provider."""
        d = self.discovery
        return {
            "KOERS_OIDC_ENABLED": True,
            "KOERS_OIDC_ISSUER": self.issuer,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": d["authorization_endpoint"],
            "OIDC_OP_TOKEN_ENDPOINT": d["token_endpoint"],
            "OIDC_OP_JWKS_ENDPOINT": d["jwks_uri"],
            "OIDC_OP_USER_ENDPOINT": d["userinfo_endpoint"],
            "KOERS_OIDC_LOGOUT_ENDPOINT": d["end_session_endpoint"],
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_RP_SCOPES": "openid profile groups",
        }


def _unavailable(message: str):
    if os.environ.get("KOERS_REQUIRE_OIDC"):
        pytest.fail(message)
    pytest.skip(message)


def _install(npm: str) -> None:
    """``npm ci`` once per lock file; parallel workers wait for each other on a file lock."""
    lock_hash = hashlib.sha256((PROVIDER_DIR / "package-lock.json").read_bytes()).hexdigest()
    stamp = PROVIDER_DIR / "node_modules" / ".koers-installed"
    with open(PROVIDER_DIR / ".npm-install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if stamp.exists() and stamp.read_text() == lock_hash:
            return
        result = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=PROVIDER_DIR,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode != 0:
            _unavailable(f"npm ci of the test OIDC provider failed: {result.stderr[-500:]}")
        stamp.write_text(lock_hash)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_provider(tmp_dir: Path, koers_url: str):
    """Start the provider for Koers at ``koers_url``; yields a ``RunningProvider``."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        _unavailable(
            "Node.js and npm are needed for the OIDC provider tests: apt-get install nodejs npm"
        )
    _install(npm)
    port = _free_port()
    issuer = f"http://127.0.0.1:{port}"
    config = {
        "issuer": issuer,
        "port": port,
        "clients": [
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [f"{koers_url}/account/inloggen/organisatie/terug/"],
                "post_logout_redirect_uris": [f"{koers_url}/account/inloggen/"],
            }
        ],
        "accounts": ACCOUNTS,
    }
    config_file = tmp_dir / "oidc-provider.json"
    config_file.write_text(json.dumps(config))
    log = open(tmp_dir / "oidc-provider.log", "w+")  # noqa: SIM115
    process = subprocess.Popen(
        [node, "provider.js", str(config_file)], cwd=PROVIDER_DIR, stdout=log, stderr=log
    )
    try:
        discovery = _wait_for(issuer, process, log)
        yield RunningProvider(issuer=issuer, discovery=discovery)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


# Node.js starts the provider and makes its RSA key in well under a second on an idle machine;
# under two full test suites at once it once took longer than 30 s.
STARTUP_SECONDS = 120


def _wait_for(issuer: str, process: subprocess.Popen, log) -> dict:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            pytest.fail(f"the test OIDC provider stopped: {log.read()[-1000:]}")
        try:
            response = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=2)
            if response.ok:
                return response.json()
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    log.seek(0)
    pytest.fail(
        f"the test OIDC provider did not start within {STARTUP_SECONDS} s: {log.read()[-1000:]}"
    )


@pytest.fixture(scope="session")
def oidc_provider(live_server, tmp_path_factory):
    """The running provider, with a client for this session's live server."""
    yield from start_provider(tmp_path_factory.mktemp("oidc"), live_server.url)
