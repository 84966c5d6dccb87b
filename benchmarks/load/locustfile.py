"""Caseworker sessions against a running Koers, for ``benchmarks/bench_load.py`` (run by hand).

Each simulated user logs in with its own account (password, then the TOTP code of the device
the driver gave it), then, with a pause of one to three seconds between steps, opens the
caseload (sometimes a later page or another order), opens a file from it and now and then
saves a progress note on that file with the form's CSRF token. The accounts come from the
JSON file named by ``KOERS_LOAD_USERS`` (written by the driver): a list of
``{"username", "password", "totp_key"}`` with the key in hex.

This module runs in the locust process only: it does not import Django.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import os
import random
import re
import struct
import time
from pathlib import Path

from locust import HttpUser, between, task

ACCOUNTS = json.loads(Path(os.environ["KOERS_LOAD_USERS"]).read_text(encoding="utf-8"))
_next_account = itertools.count()

LOGIN = "/account/inloggen/"
STEP = "login_view-current_step"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FILE_LINK = re.compile(r'href="(/dossiers/[0-9a-f-]{36}/)"')
PROGRESS_FORM = re.compile(r'action="(/inschrijvingen/[0-9a-f-]{36}/voortgang/)"')
NOTE = "Gesprek gehad over de voortgang; afspraken gemaakt voor de komende weken."


def totp(key_hex: str, *, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 with SHA-1, as django-otp's TOTP devices (and every authenticator app)."""
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{code % 10**digits:0{digits}d}"


def _why(response) -> str:
    """The status, or for a request that got no answer (status 0) the client's error."""
    return str(response.status_code or repr(response.error))


def _csrf(text: str) -> str:
    found = CSRF.search(text)
    return found.group(1) if found else ""


class Caseworker(HttpUser):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        account = ACCOUNTS[next(_next_account) % len(ACCOUNTS)]
        self.files: list[str] = []
        page = self.client.get(LOGIN, name="login: page")
        with self.client.post(
            LOGIN,
            {
                "csrfmiddlewaretoken": _csrf(page.text),
                STEP: "auth",
                "username": account["username"],
                "password": account["password"],
            },
            name="login: password",
            catch_response=True,
        ) as response:
            if "token-otp_token" not in response.text:
                response.failure(f"no code step after the password ({_why(response)})")
                return
        with self.client.post(
            LOGIN,
            {
                "csrfmiddlewaretoken": _csrf(response.text),
                STEP: "token",
                "token-otp_token": totp(account["totp_key"]),
            },
            name="login: code",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"code refused ({_why(response)})")

    @task(3)
    def caseload(self) -> None:
        params = random.choice([{}, {}, {"pagina": random.randint(2, 4)}, {"sort": "start"}])
        with self.client.get(
            "/dossiers/", params=params, name="caseload", catch_response=True
        ) as response:
            links = FILE_LINK.findall(response.text)
            if response.status_code != 200 or not links:
                response.failure(f"no caseload rows ({_why(response)})")
                return
            self.files = sorted(set(links))

    @task(4)
    def open_file(self) -> None:
        if not self.files:
            self.caseload()
            return
        self._file(random.choice(self.files))

    @task(2)
    def progress_note(self) -> None:
        if not self.files:
            self.caseload()
            return
        url = random.choice(self.files)
        page = self._file(url)
        forms = PROGRESS_FORM.findall(page)
        if not forms:
            return
        with self.client.post(
            forms[0],
            {
                "csrfmiddlewaretoken": _csrf(page),
                "date": time.strftime("%Y-%m-%d"),
                "kind": "contact",
                "note": NOTE,
            },
            name="progress note",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302 or response.headers.get("Location") != url:
                response.failure(f"note not saved ({_why(response)})")

    def _file(self, url: str) -> str:
        with self.client.get(url, name="file", catch_response=True) as response:
            if response.status_code != 200 or "Voortgang opslaan" not in response.text:
                response.failure(f"file not shown ({_why(response)})")
            return response.text
