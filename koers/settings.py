"""Koers settings. Every value comes from the environment; README.md lists each variable."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from koers.envkeys import load_keys

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


KOERS_ENV = os.environ.get("KOERS_ENV", "development")
if KOERS_ENV not in {"development", "demo", "test", "production"}:
    raise ImproperlyConfigured(
        f"KOERS_ENV must be one of development, demo, test or production (got {KOERS_ENV!r})."
    )
PRODUCTION = KOERS_ENV == "production"

# Django's debug pages (with settings and URL patterns) only on a developer's own machine: the
# demo, tests and production show Koers's own 403, 404 and 500 pages.
DEBUG = env_bool("KOERS_DEBUG", KOERS_ENV == "development")
SECRET_KEY = os.environ.get("KOERS_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("Set KOERS_SECRET_KEY: production refuses to start without it.")
    SECRET_KEY = "insecure-development-only-secret-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("KOERS_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("KOERS_CSRF_TRUSTED_ORIGINS", "")

# --- keys -----------------------------------------------------------------------------------
KOERS_KEY_FILE = Path(os.environ.get("KOERS_KEY_FILE", BASE_DIR / "var" / "keys.env"))
_keys = load_keys(production=PRODUCTION, key_file=KOERS_KEY_FILE)
if PRODUCTION:
    missing = [name for name, value in _keys.items() if not value]
    if missing:
        raise ImproperlyConfigured(
            "Production refuses to start without keys. Set " + ", ".join(missing) + " (see README)."
        )
# Key-encryption keys, newest first: "id:base64key,id:base64key".
KOERS_KEKS = _keys["KOERS_KEKS"]
KOERS_BLIND_INDEX_KEY = _keys["KOERS_BLIND_INDEX_KEY"]
KOERS_PSEUDONYM_SECRET = _keys["KOERS_PSEUDONYM_SECRET"]
# Every erasure is also appended here (JSON lines of internal ids), outside the database, for
# `manage.py reapply_erasures` after a restore.
KOERS_ERASURE_LEDGER = os.environ.get(
    "KOERS_ERASURE_LEDGER", str(BASE_DIR / "var" / "erasure-ledger.jsonl")
)
# HMAC keys of the access log's chains, newest first: "id:base64key,id:base64key". Whoever can
# write the database but not read the environment cannot forge the log.
KOERS_AUDIT_KEY = _keys["KOERS_AUDIT_KEY"]
# The access log's checkpoints are also appended here (JSON lines), outside the database, so
# that a truncated log is detected even when the database's checkpoints went with it.
KOERS_AUDIT_CHECKPOINT_FILE = os.environ.get(
    "KOERS_AUDIT_CHECKPOINT_FILE", str(BASE_DIR / "var" / "audit-checkpoints.jsonl")
)

# --- applications ---------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "simple_history",
    "guardian",
    "accounts",
    # Two-factor login (TOTP with backup codes), lockout and the Content-Security-Policy.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "two_factor",
    "axes",
    "csp",
    "privacy",
    "casework",
    "gezinslab",
    "schuldenvrij",
    "lifecoaching",
    "baangaranties",
    "research",
    "financing",
    "monitoring",
    "demo",
    # Background work (exports, reports) in the database queue; private files.
    "django_tasks",
    "django_tasks_db",
    "privates",
    # API v1: filters, the OpenAPI schema and its self-hosted UI. Django REST framework itself
    # is not an installed app on purpose: its Dutch catalogue would override Django's wording
    # on every page ("Dit veld is vereist." for "Dit veld is verplicht."), and the API uses no
    # DRF template.
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    # First: the client's address behind a trusted proxy, for everything after it (axes too).
    "privacy.context.ClientAddressMiddleware",
    "privacy.context.RequestIdMiddleware",
    # A database or cache that does not answer: a 503 page instead of a traceback.
    "accounts.unavailable.ServiceUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files without a separate web server (the demo; production behind nginx may serve
    # STATIC_ROOT itself). Must come right after SecurityMiddleware.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # django-otp's, which also counts a provider's multi-factor login as the second factor.
    "accounts.middleware.KoersOTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Bearer tokens for /api/, before the two-factor and deny-by-default checks see the user.
    "apibase.framework.ApiTokenMiddleware",
    "accounts.middleware.RequireTwoFactorMiddleware",
    "accounts.middleware.DenyByDefaultMiddleware",
    "privacy.middleware.DecryptionErrorMiddleware",
    # Last, as django-axes asks: turns a lockout during login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "koers.urls"
WSGI_APPLICATION = "koers.wsgi.application"
ASGI_APPLICATION = "koers.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "accounts.context_processors.roles",
                "casework.context_processors.programme_nav",
                "casework.context_processors.work_count",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------
DEFAULT_SQLITE = f"sqlite:///{BASE_DIR / 'var' / 'koers.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "") or DEFAULT_SQLITE, conn_max_age=60
    )
}
if (
    PRODUCTION
    and DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    and not env_bool("KOERS_ALLOW_SQLITE", False)
):
    raise ImproperlyConfigured(
        "Production runs on PostgreSQL: set DATABASE_URL (or KOERS_ALLOW_SQLITE=true for a "
        "single small server, knowingly)."
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A team on one SQLite file: readers never wait for the writer (WAL), a writer waits its
    # turn for up to 20 s (busy timeout) instead of failing, and takes the write lock when its
    # transaction begins (IMMEDIATE): a transaction that reads and then writes would otherwise
    # fail at once with "database is locked" when it tries to upgrade its lock.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses every login attempt of a locked-out username and IP address.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Single sign-on: authenticates only in its own callback, and loads only active users.
    "accounts.oidc.KoersOIDCBackend",
    "guardian.backends.ObjectPermissionBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
GUARDIAN_RAISE_403 = True
ANONYMOUS_USER_NAME = None
SESSION_COOKIE_AGE = int(os.environ.get("KOERS_SESSION_SECONDS", "1800"))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
# The CSRF token reaches htmx through the page (hx-headers), never through the cookie.
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_HSTS_SECONDS = 31536000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_SSL_REDIRECT = env_bool("KOERS_SSL_REDIRECT", PRODUCTION)
# A health probe on the app server's own port speaks plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
if env_bool("KOERS_BEHIND_PROXY", False):
    # Only behind a TLS proxy that sets (and strips incoming) X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp 4): no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# Two-factor login (django-two-factor-auth): required for every role outside the demo.
KOERS_REQUIRE_2FA = env_bool("KOERS_REQUIRE_2FA", PRODUCTION)
if PRODUCTION and not KOERS_REQUIRE_2FA:
    # Local accounts (the functional admin, emergencies) always log in with TOTP in
    # production; single sign-on skips it only when the provider asserts MFA.
    raise ImproperlyConfigured("Production requires two-factor login: KOERS_REQUIRE_2FA=true.")
TWO_FACTOR_LOGIN_TIMEOUT = 600

# Single sign-on for staff through OpenID Connect (docs/sso.md), on when KOERS_OIDC_ISSUER is set.
KOERS_OIDC_ISSUER = os.environ.get("KOERS_OIDC_ISSUER", "").strip().rstrip("/")
KOERS_OIDC_ENABLED = bool(KOERS_OIDC_ISSUER)
_OIDC_ENDPOINTS = {
    "KOERS_OIDC_AUTHORIZATION_ENDPOINT": "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "KOERS_OIDC_TOKEN_ENDPOINT": "OIDC_OP_TOKEN_ENDPOINT",
    "KOERS_OIDC_JWKS_ENDPOINT": "OIDC_OP_JWKS_ENDPOINT",
    "KOERS_OIDC_CLIENT_ID": "OIDC_RP_CLIENT_ID",
    "KOERS_OIDC_CLIENT_SECRET": "OIDC_RP_CLIENT_SECRET",
}
for _name, _setting in _OIDC_ENDPOINTS.items():
    globals()[_setting] = os.environ.get(_name, "").strip()
    if KOERS_OIDC_ENABLED and not globals()[_setting]:
        raise ImproperlyConfigured(f"KOERS_OIDC_ISSUER is set: set {_name} too (docs/sso.md).")
# Optional: claims from the userinfo endpoint besides those in the ID token.
OIDC_OP_USER_ENDPOINT = os.environ.get("KOERS_OIDC_USERINFO_ENDPOINT", "").strip()
# Optional: the provider's end_session_endpoint, for RP-initiated logout.
KOERS_OIDC_LOGOUT_ENDPOINT = os.environ.get("KOERS_OIDC_LOGOUT_ENDPOINT", "").strip()
OIDC_RP_SCOPES = os.environ.get("KOERS_OIDC_SCOPES", "openid profile email").strip()
OIDC_RP_SIGN_ALGO = os.environ.get("KOERS_OIDC_SIGN_ALGO", "RS256").strip()
if OIDC_RP_SIGN_ALGO[:2] not in {"RS", "ES", "PS"}:
    raise ImproperlyConfigured("KOERS_OIDC_SIGN_ALGO is an asymmetric algorithm such as RS256.")
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_TIMEOUT = int(os.environ.get("KOERS_OIDC_TIMEOUT", "10"))
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
OIDC_STORE_ACCESS_TOKEN = OIDC_STORE_ID_TOKEN = False
# The claim that identifies a person at the provider for good (never the e-mail address alone).
KOERS_OIDC_USER_CLAIM = os.environ.get("KOERS_OIDC_USER_CLAIM", "sub").strip()
if KOERS_OIDC_USER_CLAIM.lower() in {"email", "upn", "preferred_username"}:
    raise ImproperlyConfigured(
        "KOERS_OIDC_USER_CLAIM must be a stable identifier such as sub or oid, not an e-mail."
    )
KOERS_OIDC_GROUPS_CLAIM = os.environ.get("KOERS_OIDC_GROUPS_CLAIM", "groups").strip()
# "claim": roles and teams follow the group claim through the mapping kept in the admin;
# "koers": they are kept in Koers and the claim is ignored.
KOERS_OIDC_ROLES_FROM = os.environ.get("KOERS_OIDC_ROLES_FROM", "koers").strip().lower()
if KOERS_OIDC_ROLES_FROM not in {"claim", "koers"}:
    raise ImproperlyConfigured("KOERS_OIDC_ROLES_FROM is 'claim' or 'koers'.")
KOERS_OIDC_CREATE_USERS = env_bool("KOERS_OIDC_CREATE_USERS", False)
if KOERS_OIDC_CREATE_USERS and KOERS_OIDC_ROLES_FROM != "claim":
    raise ImproperlyConfigured(
        "KOERS_OIDC_CREATE_USERS needs KOERS_OIDC_ROLES_FROM=claim: a new user needs roles."
    )
# The login page: "both" (single sign-on beside the local login) or "sso" (single sign-on
# alone; the local login stays at /account/inloggen/?lokaal=1 for the functional admin).
KOERS_OIDC_LOGIN_PAGE = os.environ.get("KOERS_OIDC_LOGIN_PAGE", "both").strip().lower()
if KOERS_OIDC_LOGIN_PAGE not in {"both", "sso"}:
    raise ImproperlyConfigured("KOERS_OIDC_LOGIN_PAGE is 'both' or 'sso'.")
# What the provider asserts for a multi-factor login: any of these amr values, or an acr in
# the list. Then Koers asks no TOTP code of its own.
KOERS_OIDC_MFA_AMR = env_list("KOERS_OIDC_MFA_AMR", "mfa")
KOERS_OIDC_MFA_ACR = env_list("KOERS_OIDC_MFA_ACR", "")
# Allowed clock difference with the provider for exp, iat and nbf (seconds).
KOERS_OIDC_LEEWAY = int(os.environ.get("KOERS_OIDC_LEEWAY", "60"))

if KOERS_OIDC_ENABLED and KOERS_OIDC_LOGOUT_ENDPOINT:
    # The logout button's form is redirected to the provider's logout (RP-initiated logout),
    # and browsers hold a form's redirects to form-action too.
    _logout = urlsplit(KOERS_OIDC_LOGOUT_ENDPOINT)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(
        f"{_logout.scheme}://{_logout.netloc}"
    )

# Lockout after repeated failures (django-axes 8), per username and IP address together.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_RESET_ON_SUCCESS = True

# --- internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- static files ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Production serves what `manage.py collectstatic` put in STATIC_ROOT; elsewhere WhiteNoise serves
# straight from the app and project static folders, so the demo needs no collectstatic.
_static_root = os.environ.get("KOERS_STATIC_ROOT") or (
    str(BASE_DIR / "var" / "static") if PRODUCTION else ""
)
STATIC_ROOT = Path(_static_root) if _static_root else None
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

# --- logging: never identifiers; request paths hold only random ids --------------------------
# Production logs one JSON object a line (for the hosting party's log collector), each with
# the request id (also in the X-Request-ID header) and the staff user's numeric id.
KOERS_LOG_FORMAT = os.environ.get("KOERS_LOG_FORMAT", "json" if PRODUCTION else "text")
if KOERS_LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("KOERS_LOG_FORMAT is 'json' or 'text'.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "privacy.context.RequestContextFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(user_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request"],
            "formatter": KOERS_LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("KOERS_LOG_LEVEL", "INFO")},
}

# --- several app servers --------------------------------------------------------------------
# One cache for all app servers (API throttle counters, report cache): Redis at
# KOERS_CACHE_URL, e.g. redis://127.0.0.1:6379/0. Without it each process has its own.
# Sessions and django-axes's lockouts live in the database, which the servers share.
KOERS_CACHE_URL = os.environ.get("KOERS_CACHE_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": KOERS_CACHE_URL,
            "KEY_PREFIX": "koers",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
        if KOERS_CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Addresses (or networks) of the reverse proxies whose X-Forwarded-For is believed, e.g.
# "127.0.0.1,10.0.0.0/24". Empty: the header is ignored.
KOERS_TRUSTED_PROXIES = env_list("KOERS_TRUSTED_PROXIES", "")
# /health/ready: a background task may wait this long before "is a worker running?".
KOERS_WORKER_STALE_SECONDS = int(os.environ.get("KOERS_WORKER_STALE_SECONDS", "600"))
# /health/ready: the export storage needs at least this much free space (MB).
KOERS_MIN_FREE_MB = int(os.environ.get("KOERS_MIN_FREE_MB", "500"))

# A forged, replayed or expired CSRF token gets a Dutch page (Django logs the refusal).
CSRF_FAILURE_VIEW = "accounts.views.csrf_failure"
# Error pages and error e-mails show no local variables, POST data or settings.
DEFAULT_EXCEPTION_REPORTER_FILTER = "privacy.reporting.NoValuesExceptionReporterFilter"

# --- Koers ----------------------------------------------------------------------------------
# Where the import commands refuse a cell as too long (characters).
KOERS_MAX_CELL_LENGTH = int(os.environ.get("KOERS_MAX_CELL_LENGTH", "1000"))
# How long a break-the-glass access to a file outside one's caseload lasts (hours).
KOERS_BREAK_GLASS_HOURS = int(os.environ.get("KOERS_BREAK_GLASS_HOURS", "24"))
# How long the header's work-list count is kept per user before it is counted again (s).
KOERS_WORK_COUNT_SECONDS = int(os.environ.get("KOERS_WORK_COUNT_SECONDS", "60"))
# The largest document that may be attached to a file (bytes; 10 MB by default).
KOERS_DOCUMENT_MAX_BYTES = int(os.environ.get("KOERS_DOCUMENT_MAX_BYTES", str(10 * 1024 * 1024)))
# Retention per programme in years after the last enrolment ended: each programme app
# registers its period with its legal ground (ProgrammeSpec.retention_years; see
# docs/privacy-model.md). Override per programme with KOERS_RETENTION_YEARS="schuldenvrij=7".
KOERS_RETENTION_YEARS: dict[str, int] = {}
for _entry in filter(None, os.environ.get("KOERS_RETENTION_YEARS", "").split(",")):
    _code, _, _years = _entry.partition("=")
    KOERS_RETENTION_YEARS[_code.strip()] = int(_years)

# --- Background work and private files --------------------------------------------------------
# django-tasks with the database backend: `manage.py db_worker` processes run the queue (on
# PostgreSQL any number of workers on any number of machines).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("KOERS_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# Files with personal data (exports, reports) live outside the static and media roots and are
# served only through views that check access and log the download (django-privates storage,
# django-sendfile2 to hand the file to the web server).
PRIVATE_MEDIA_ROOT = os.environ.get("KOERS_PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private"))
PRIVATE_MEDIA_URL = "/private-media/"
SENDFILE_BACKEND = os.environ.get("KOERS_SENDFILE_BACKEND", "django_sendfile.backends.simple")
SENDFILE_ROOT = PRIVATE_MEDIA_ROOT
SENDFILE_URL = os.environ.get("KOERS_SENDFILE_URL", "/private-media")

# Disclosure control: aggregate counts below this are shown as "<10" (never lower than 10).
KOERS_SUPPRESSION_THRESHOLD = max(10, int(os.environ.get("KOERS_SUPPRESSION_THRESHOLD", "10")))

# The release policy (privacy.release): the management audience (programme office, team leads
# beyond their teams) sees exact aggregates, or the public method when the privacy officer says.
KOERS_RELEASE_MANAGEMENT = os.environ.get("KOERS_RELEASE_MANAGEMENT", "exact").strip().lower()
if KOERS_RELEASE_MANAGEMENT not in {"exact", "public"}:
    raise ImproperlyConfigured("KOERS_RELEASE_MANAGEMENT is 'exact' or 'public'.")

# Leeuwarden Schuldenvrij: places in the forgiveness pilot (the plan: 100 people).
KOERS_SCHULDENVRIJ_PLACES = int(os.environ.get("KOERS_SCHULDENVRIJ_PLACES", "100"))

# --- API v1 (Django REST framework, drf-spectacular) ----------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["accounts.tokens.BearerTokenAuthentication"],
    # Deny by default: every API view names its own permission classes.
    "DEFAULT_PERMISSION_CLASSES": ["apibase.policies.DenyAll"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": [
        "apibase.policies.TokenRateThrottle",
        "apibase.policies.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "token": os.environ.get("KOERS_API_RATE_TOKEN", "120/minute"),
        "user": os.environ.get("KOERS_API_RATE_USER", "300/minute"),
    },
    "EXCEPTION_HANDLER": "apibase.framework.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Koers API",
    "DESCRIPTION": (
        "API v1 of Koers, the case-tracking system of Programma Leeuwarden Oost. The same "
        "access rules and access log as the pages: team scope only (no break-the-glass), "
        "personal tokens with scopes read, write and export (Authorization: Bearer ...), "
        "errors as RFC 9457 problem details with a Dutch and an English message."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SERVE_AUTHENTICATION": [
        "accounts.tokens.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "EnrolmentStatusEnum": "casework.models.Enrolment.Status",
        "GoalStatusEnum": "casework.models.Goal.Status",
        "TransferStatusEnum": "casework.models.Transfer.Status",
        "MeasureKindEnum": "casework.models.OutcomeMeasure.Kind",
        "ProgressKindEnum": "casework.models.ProgressEntry.Kind",
        "ResearchStudyStatusEnum": "research.models.Study.Status",
        "ResearchExportStatusEnum": "research.models.Export.Status",
        "ResearchExportFormatEnum": "research.models.Export.Format",
    },
}
