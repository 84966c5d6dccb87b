"""Privacy operations and security: two-factor login, lockout, idle sessions, common
passwords, security headers and Django's deployment check in production settings."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.admin import site as admin_site
from accounts.models import User
from accounts.roles import FUNCTIONAL_ADMIN
from tests.factories import make_user

ROOT = Path(__file__).resolve().parent.parent.parent
PASSWORD = "correct-horse-battery"
LOCKOUT = "Uw account is tijdelijk geblokkeerd na te veel mislukte pogingen."
STEP = "login_view-current_step"


def login_password(client, username, password=PASSWORD, **extra):
    return client.post(
        reverse("accounts:login"),
        {STEP: "auth", "username": username, "password": password},
        **extra,
    )


def current_token(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def verify_session(client, device) -> None:
    """What django_otp.login does: the session remembers the device that was confirmed."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


# --- two-factor login -----------------------------------------------------------------------


def test_without_required_2fa_the_password_leads_straight_to_the_caseload(client, caseworker_a):
    response = login_password(client, caseworker_a.username)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("casework:caseload")).status_code == 200


def test_the_login_page_is_dutch(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'lang="nl"' in page
    for text in ("Inloggen bij Koers", "Gebruikersnaam", "Wachtwoord", "Inloggen"):
        assert text in page


@override_settings(KOERS_REQUIRE_2FA=True)
def test_a_user_with_a_device_logs_in_with_password_and_code(client, caseworker_a):
    device = TOTPDevice.objects.create(user=caseworker_a, name="default", confirmed=True)
    response = login_password(client, caseworker_a.username)
    assert response.status_code == 200
    assert "authenticator-app" in response.content.decode()
    assert "_auth_user_id" not in client.session  # not logged in after the password alone

    wrong = client.post(reverse("accounts:login"), {STEP: "token", "token-otp_token": "000000"})
    if current_token(device) != "000000":
        assert "Deze code klopt niet" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows down guessing after a wrong code

    response = client.post(
        reverse("accounts:login"), {STEP: "token", "token-otp_token": current_token(device)}
    )
    assert response.status_code == 302
    assert client.get(reverse("casework:caseload")).status_code == 200


@override_settings(KOERS_REQUIRE_2FA=True)
def test_a_backup_code_logs_in_once(client, caseworker_a):
    TOTPDevice.objects.create(user=caseworker_a, name="default", confirmed=True)
    static = caseworker_a.staticdevice_set.create(name="backup")
    static.token_set.create(token="abcd1234")
    login_password(client, caseworker_a.username)
    client.post(reverse("accounts:login"), {STEP: "token", "wizard_goto_step": "backup"})
    response = client.post(
        reverse("accounts:login"), {STEP: "backup", "backup-otp_token": "abcd1234"}
    )
    assert response.status_code == 302
    assert client.get(reverse("casework:caseload")).status_code == 200
    assert static.token_set.count() == 0


@override_settings(KOERS_REQUIRE_2FA=True)
def test_required_2fa_sends_a_user_without_device_to_setup_and_refuses_the_rest(
    client, caseworker_a
):
    client.force_login(caseworker_a)
    response = client.get(reverse("casework:caseload"))
    assert response.status_code == 302
    assert response["Location"] == reverse("two_factor:setup")
    assert client.get(reverse("two_factor:profile")).status_code == 302
    assert client.post(reverse("casework:participant_new"), {}).status_code == 403
    assert client.get(reverse("casework:caseload"), HTTP_HX_REQUEST="true").status_code == 403
    assert client.get(reverse("two_factor:setup")).status_code == 200
    assert client.get(reverse("accounts:login")).status_code == 200


@override_settings(KOERS_REQUIRE_2FA=True)
def test_required_2fa_sends_an_unverified_user_with_a_device_to_the_login(client, caseworker_a):
    TOTPDevice.objects.create(user=caseworker_a, name="default", confirmed=True)
    client.force_login(caseworker_a)
    response = client.get(reverse("casework:caseload"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")


@override_settings(KOERS_REQUIRE_2FA=True)
def test_setting_up_totp_verifies_the_session_and_gives_backup_codes(client, caseworker_a):
    client.force_login(caseworker_a)
    setup = reverse("two_factor:setup")
    page = client.get(setup).content.decode()
    assert "Tweestapsverificatie instellen" in page
    response = client.post(setup, {"setup_view-current_step": "welcome"})
    page = response.content.decode()
    assert "Scan deze QR-code" in page
    qr = client.get(reverse("two_factor:qr"))
    assert qr.status_code == 200 and qr["Content-Type"].startswith("image/svg+xml")

    secret = client.session["django_two_factor-qr_secret_key"]
    key = base64.b32decode(secret)
    token = f"{totp(key):06d}"
    response = client.post(
        setup, {"setup_view-current_step": "generator", "generator-token": token}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("two_factor:setup_complete")
    assert TOTPDevice.objects.filter(user=caseworker_a, confirmed=True).count() == 1
    assert client.get(reverse("casework:caseload")).status_code == 200

    assert (
        "Tweestapsverificatie staat aan"
        in client.get(reverse("two_factor:profile")).content.decode()
    )
    response = client.post(reverse("two_factor:backup_tokens"))
    assert response.status_code == 302
    page = client.get(reverse("two_factor:backup_tokens")).content.decode()
    tokens = caseworker_a.staticdevice_set.get().token_set.all()
    assert len(tokens) == 10
    assert all(token.token in page for token in tokens)


def test_the_header_links_to_two_factor_for_every_logged_in_user(client, caseworker_a):
    client.force_login(caseworker_a)
    page = client.get(reverse("casework:caseload")).content.decode()
    assert reverse("two_factor:profile") in page and "Tweestapsverificatie" in page


def test_the_admin_requires_verification_when_2fa_is_required(client, rf):
    admin = make_user(FUNCTIONAL_ADMIN)
    request = rf.get("/beheer/")
    request.user = admin
    request.user.is_verified = lambda: False
    with override_settings(KOERS_REQUIRE_2FA=True):
        assert not admin_site.has_permission(request)
    with override_settings(KOERS_REQUIRE_2FA=False):
        assert admin_site.has_permission(request)

    device = TOTPDevice.objects.create(user=admin, name="default", confirmed=True)
    client.force_login(admin)
    with override_settings(KOERS_REQUIRE_2FA=True):
        assert client.get(reverse("admin:index")).status_code == 302
        verify_session(client, device)
        assert client.get(reverse("admin:index")).status_code == 200


def test_the_admin_has_no_password_form_of_its_own(client):
    response = client.get(reverse("admin:login") + "?next=/beheer/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- lockout --------------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_account(client, caseworker_a):
    for attempt in range(4):
        response = login_password(client, caseworker_a.username, "wrong-password")
        assert response.status_code == 200, attempt
        assert LOCKOUT not in response.content.decode()
    response = login_password(client, caseworker_a.username, "wrong-password")
    assert response.status_code == 429
    assert LOCKOUT in response.content.decode()

    response = login_password(client, caseworker_a.username)
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKOUT in page and "Probeer het over 30 minuten opnieuw" in page
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("casework:caseload")).status_code == 302

    # Locked by username and address together: the same user from elsewhere still gets in.
    response = login_password(client, caseworker_a.username, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302


def test_a_lockout_ends_after_thirty_minutes(client, caseworker_a):
    from axes.models import AccessAttempt

    for _attempt in range(5):
        login_password(client, caseworker_a.username, "wrong-password")
    assert login_password(client, caseworker_a.username).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=31))
    assert login_password(client, caseworker_a.username).status_code == 302


# --- sessions and passwords -----------------------------------------------------------------


def test_an_idle_session_beyond_its_age_is_logged_out(client, caseworker_a, settings):
    assert settings.SESSION_COOKIE_AGE == 1800
    assert settings.SESSION_SAVE_EVERY_REQUEST
    client.force_login(caseworker_a)
    assert client.get(reverse("casework:caseload")).status_code == 200
    key = client.session.session_key
    expiry = Session.objects.get(pk=key).expire_date
    assert expiry > timezone.now() + dt.timedelta(seconds=1700)

    # Idle for longer than the age: the stored session has expired.
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(reverse("casework:caseload"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_activity_keeps_the_session_alive(client, caseworker_a):
    client.force_login(caseworker_a)
    key = client.session.session_key
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + dt.timedelta(seconds=60))
    assert client.get(reverse("casework:caseload")).status_code == 200
    assert Session.objects.get(pk=key).expire_date > timezone.now() + dt.timedelta(seconds=1700)


def test_common_passwords_are_refused():
    with pytest.raises(ValidationError) as error:
        validate_password("qwerty123456")
    assert any(e.code == "password_too_common" for e in error.value.error_list)
    validate_password("Vijf-lange-Friese-meren-2026")


def test_the_functional_admin_cannot_give_a_user_a_common_password(client):
    admin = make_user(FUNCTIONAL_ADMIN)
    client.force_login(admin)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "nieuwe.collega",
            "usable_password": "true",
            "password1": "qwerty123456",
            "password2": "qwerty123456",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="nieuwe.collega").exists()
    assert response.context["adminform"].form.errors["password2"]


# --- headers ----------------------------------------------------------------------------------


def test_pages_carry_the_security_headers(client, caseworker_a):
    client.force_login(caseworker_a)
    for url in (reverse("accounts:login"), reverse("casework:caseload")):
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
        directives = dict(
            (part.strip().split(" ", 1) + [""])[:2] for part in csp.split(";") if part.strip()
        )
        assert directives["default-src"] == "'self'"
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["img-src"] == "'self' data:"
        assert directives["frame-ancestors"] == "'none'"
        assert directives["form-action"] == "'self'"
        assert directives["base-uri"] == "'self'"
        assert directives["object-src"] == "'none'"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_no_template_uses_inline_script_or_style():
    offenders = []
    for folder in ("templates", "accounts", "casework", "privacy", "gezinslab", "schuldenvrij"):
        for path in (ROOT / folder).rglob("*.html"):
            text = path.read_text()
            for needle in (
                "<style",
                " style=",
                "<script>",
                "javascript:",
                " onclick=",
                " onsubmit=",
            ):
                if needle in text:
                    offenders.append(f"{path.relative_to(ROOT)}: {needle.strip()}")
    assert offenders == []


def production_env(tmp_path, **extra) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("KOERS_")
        # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; never in deployment.
        and k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "koers.settings",
            "KOERS_ENV": "production",
            "KOERS_SECRET_KEY": "k7#Qv9!zR2@mWx4$Lp8^Tn6&Yb3*Hc5(Jd1)Fg0-Se7+Ua2=Ko9",
            "KOERS_ALLOWED_HOSTS": "koers.test",
            "KOERS_KEKS": "k1:" + base64.b64encode(b"k" * 32).decode(),
            "KOERS_BLIND_INDEX_KEY": base64.b64encode(b"b" * 32).decode(),
            "KOERS_PSEUDONYM_SECRET": base64.b64encode(b"p" * 32).decode(),
            "KOERS_AUDIT_KEY": "audit1:" + base64.b64encode(b"a" * 32).decode(),
            "KOERS_KEY_FILE": str(tmp_path / "keys.env"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            # A throw-away file database: production refuses SQLite unless told so.
            "KOERS_ALLOW_SQLITE": "true",
        }
    )
    env.update(extra)
    return env


def test_the_deployment_check_passes_in_production(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output and "?:" not in output
    assert "System check identified no issues" in output


PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="koers.test")
secure = client.get("/bestaat-niet/", secure=True)
plain = client.get("/bestaat-niet/")
print(json.dumps({
    "hsts": secure.headers.get("Strict-Transport-Security"),
    "csp": secure.headers.get("Content-Security-Policy"),
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location"),
    "require_2fa": settings.KOERS_REQUIRE_2FA,
    "cookies": [settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY,
                settings.CSRF_COOKIE_SECURE, settings.CSRF_COOKIE_HTTPONLY],
    "proxy": settings.SECURE_PROXY_SSL_HEADER,
}))
"""


def probe(tmp_path, **extra) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=production_env(tmp_path, **extra),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_sends_hsts_redirects_to_https_and_requires_2fa(tmp_path):
    seen = probe(tmp_path)
    assert seen["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert "'unsafe-inline'" not in seen["csp"]
    assert seen["plain_status"] == 301
    assert seen["plain_location"] == "https://koers.test/bestaat-niet/"
    assert seen["require_2fa"] is True
    assert seen["cookies"] == [True, True, True, True]
    assert seen["proxy"] is None


def test_production_behind_a_tls_proxy(tmp_path):
    seen = probe(tmp_path, KOERS_SSL_REDIRECT="false", KOERS_BEHIND_PROXY="true")
    assert seen["plain_status"] == 404
    assert seen["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_the_functional_admin_resets_two_factor_and_lifts_a_lockout(client, caseworker_a):
    TOTPDevice.objects.create(user=caseworker_a, name="default", confirmed=True)
    caseworker_a.staticdevice_set.create(name="backup").token_set.create(token="abcd1234")
    for _attempt in range(5):
        login_password(client, caseworker_a.username, "wrong-password")
    assert login_password(client, caseworker_a.username).status_code == 429

    admin = make_user(FUNCTIONAL_ADMIN)
    admin_client = type(client)()
    admin_client.force_login(admin)
    changelist = reverse("admin:accounts_user_changelist")
    for action in ("reset_two_factor", "lift_lockout"):
        response = admin_client.post(
            changelist, {"action": action, "_selected_action": [caseworker_a.pk]}
        )
        assert response.status_code == 302, action
    assert not TOTPDevice.objects.filter(user=caseworker_a).exists()
    assert not caseworker_a.staticdevice_set.exists()
    assert login_password(client, caseworker_a.username).status_code == 302
