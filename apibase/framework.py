"""The API framework of Koers: one error format (RFC 9457 problem details in Dutch and
English), the token middleware in front of deny-by-default, scope and role permissions,
throttles per token and per user, cursor pagination and the access declaration of API views.

No business logic: the endpoints live in the apps (such as ``casework.api``) and read through their
selectors and write through their services.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import exceptions, pagination, serializers
from rest_framework.response import Response
from rest_framework.views import set_rollback

from accounts import tokens
from accounts.permissions import AccessRule, access
from apibase.policies import InsufficientScope

logger = logging.getLogger("koers.api")

API_PREFIX = "/api/"
PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "urn:koers:problem:"

# code -> (status, title, Dutch detail, English detail). Messages never hold a value of the
# request: an error must not repeat an identifier.
PROBLEMS: dict[str, tuple[int, str, str, str]] = {
    "invalid": (
        400,
        "Invalid input",
        "De invoer is niet geldig; zie de fouten per veld.",
        "The input is not valid; see the errors per field.",
    ),
    "parse_error": (
        400,
        "Malformed request",
        "Het verzoek kon niet worden gelezen (geen geldige JSON).",
        "The request could not be read (not valid JSON).",
    ),
    "not_authenticated": (
        401,
        "Not authenticated",
        "Meld u aan met een geldige API-token (Authorization: Bearer ...).",
        "Authenticate with a valid API token (Authorization: Bearer ...).",
    ),
    "invalid_token": (
        401,
        "Invalid token",
        "Deze token is onbekend, ingetrokken of verlopen.",
        "This token is unknown, revoked or expired.",
    ),
    "permission_denied": (
        403,
        "Forbidden",
        "U hebt geen toegang tot dit onderdeel.",
        "You have no access to this resource.",
    ),
    "insufficient_scope": (
        403,
        "Insufficient scope",
        "Deze token heeft niet het recht dat hiervoor nodig is.",
        "This token lacks the scope this request needs.",
    ),
    "not_found": (
        404,
        "Not found",
        "Niet gevonden, of niet binnen uw caseload.",
        "Not found, or not within your caseload.",
    ),
    "method_not_allowed": (
        405,
        "Method not allowed",
        "Deze methode is hier niet toegestaan.",
        "This method is not allowed here.",
    ),
    "not_acceptable": (
        406,
        "Not acceptable",
        "Dit antwoordformaat wordt niet ondersteund.",
        "This response format is not supported.",
    ),
    "conflict": (
        409,
        "Edit conflict",
        "Iemand anders heeft dit intussen gewijzigd. Uw wijziging is niet opgeslagen; "
        "lees de nieuwe versie en probeer het opnieuw.",
        "Someone else changed this in the meantime. Your change was not saved; read the "
        "new version and try again.",
    ),
    "unsupported_media_type": (
        415,
        "Unsupported media type",
        "Stuur de gegevens als application/json.",
        "Send the data as application/json.",
    ),
    "throttled": (
        429,
        "Too many requests",
        "Te veel verzoeken. Probeer het na de wachttijd in Retry-After opnieuw.",
        "Too many requests. Try again after the time in Retry-After.",
    ),
    "server_error": (
        500,
        "Server error",
        "Er ging iets mis aan onze kant. Het verzoek is niet uitgevoerd.",
        "Something went wrong on our side. The request was not carried out.",
    ),
}

# DRF exception classes -> problem codes.
_EXCEPTION_CODES: list[tuple[type[Exception], str]] = [
    (exceptions.ValidationError, "invalid"),
    (exceptions.ParseError, "parse_error"),
    (exceptions.AuthenticationFailed, "invalid_token"),
    (exceptions.NotAuthenticated, "not_authenticated"),
    (exceptions.PermissionDenied, "permission_denied"),
    (exceptions.NotFound, "not_found"),
    (exceptions.MethodNotAllowed, "method_not_allowed"),
    (exceptions.NotAcceptable, "not_acceptable"),
    (exceptions.UnsupportedMediaType, "unsupported_media_type"),
    (exceptions.Throttled, "throttled"),
]


class Conflict(exceptions.APIException):
    status_code = 409
    default_code = "conflict"
    default_detail = "conflict"

    def __init__(self, changed_fields: Iterable[str] = ()):
        super().__init__()
        self.changed_fields = sorted(changed_fields)


def problem_body(code: str, *, errors: dict | None = None, **extra) -> tuple[int, dict]:
    status, title, nl, en = PROBLEMS[code]
    body = {
        "type": PROBLEM_TYPE_BASE + code,
        "title": title,
        "status": status,
        "detail": en,
        "code": code,
        "detail_nl": nl,
        "detail_en": en,
    }
    if errors:
        body["errors"] = errors
    body.update(extra)
    return status, body


def problem_response(code: str, *, headers: dict | None = None, **kwargs) -> JsonResponse:
    """A problem outside a DRF view (middleware)."""
    status, body = problem_body(code, **kwargs)
    response = JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


# Field-error codes whose default message may repeat the value sent; they get a fixed text.
_ECHOING_CODES = {
    "invalid": "Deze waarde is niet geldig.",
    "invalid_choice": "Dit is geen geldige keuze.",
    "does_not_exist": "Dit object bestaat niet of valt buiten uw caseload.",
    "incorrect_type": "Deze waarde heeft niet het juiste type.",
    "invalid_pk_value": "Dit object bestaat niet of valt buiten uw caseload.",
    "not_a_list": "Hier hoort een lijst.",
}


def _field_errors(detail, prefix: str = "") -> dict[str, list[dict[str, str]]]:
    """Flatten DRF error details into {"field.sub": [{"code", "message"}]}."""
    out: dict[str, list[dict[str, str]]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = "non_field_errors" if key in {"__all__", "non_field_errors"} else str(key)
            for sub, errs in _field_errors(value, f"{prefix}{name}.").items():
                out.setdefault(sub, []).extend(errs)
        return out
    if isinstance(detail, list) and detail and all(isinstance(d, dict | list) for d in detail):
        for index, value in enumerate(detail):
            for sub, errs in _field_errors(value, f"{prefix}{index}.").items():
                out.setdefault(sub, []).extend(errs)
        return out
    items = detail if isinstance(detail, list) else [detail]
    name = prefix.rstrip(".") or "non_field_errors"
    for item in items:
        code = getattr(item, "code", None) or "invalid"
        message = _ECHOING_CODES.get(code, str(item))
        out.setdefault(name, []).append({"code": str(code), "message": message})
    return out


def _django_validation_errors(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if key == "__all__" else key): [
                {"code": error.code or "invalid", "message": " ".join(error.messages)}
                for error in errors
            ]
            for key, errors in exc.error_dict.items()
        }
    return {
        "non_field_errors": [
            {"code": error.code or "invalid", "message": " ".join(error.messages)}
            for error in exc.error_list
        ]
    }


def exception_handler(exc, context):
    """Every API error as a problem: 4xx with a code and messages, 5xx generic, never a
    traceback, query or identifier."""
    headers: dict[str, str] = {}
    errors = None
    extra: dict = {}
    if isinstance(exc, Http404):
        code = "not_found"
    elif isinstance(exc, DjangoPermissionDenied):
        code = "permission_denied"
    elif isinstance(exc, DjangoValidationError):
        code, errors = "invalid", _django_validation_errors(exc)
    elif isinstance(exc, Conflict) or isinstance(getattr(exc, "changed_fields", None), list):
        # A version conflict: this module's Conflict, or a service's ConcurrentEditError
        # (casework), which carries the fields that changed; the framework knows no app.
        code, extra = "conflict", {"changed_fields": list(exc.changed_fields)}
    elif isinstance(exc, InsufficientScope):
        code = "insufficient_scope"
    elif isinstance(exc, exceptions.APIException):
        code = next((c for cls, c in _EXCEPTION_CODES if isinstance(exc, cls)), None)
        if code is None:
            code = "server_error" if exc.status_code >= 500 else "invalid"
        if code == "invalid":
            errors = _field_errors(exc.detail)
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))
    else:
        # Log the kind of failure only: the message of an exception may hold data.
        logger.error(
            "API server error: %s in %s", type(exc).__name__, type(context["view"]).__name__
        )
        code = "server_error"
    if code in {"not_authenticated", "invalid_token"}:
        headers.setdefault("WWW-Authenticate", 'Bearer realm="koers"')
    set_rollback()
    status, body = problem_body(code, errors=errors, **extra)
    return Response(body, status=status, headers=headers, content_type=PROBLEM_CONTENT_TYPE)


# --- middleware ---------------------------------------------------------------------------


class ApiTokenMiddleware:
    """For ``/api/``: authenticate a Bearer token before the two-factor and deny-by-default
    middleware (which then see the token's user), and answer refusals as problems instead of
    login redirects. Place after ``OTPMiddleware`` and before ``RequireTwoFactorMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(API_PREFIX):
            raw = tokens.bearer(request)
            if raw is not None:
                token = tokens.authenticate(raw)
                if token is None:
                    return problem_response(
                        "invalid_token", headers={"WWW-Authenticate": 'Bearer realm="koers"'}
                    )
                tokens.mark_verified(token.user)
                request.user = token.user
                request.koers_api_token = token
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path.startswith(API_PREFIX):
            return None
        rule: AccessRule | None = getattr(view_func, "koers_access", None)
        if rule is None or rule.public:
            return None  # DenyByDefaultMiddleware refuses the undeclared
        if not request.user.is_authenticated:
            return problem_response(
                "not_authenticated", headers={"WWW-Authenticate": 'Bearer realm="koers"'}
            )
        if not rule.allows(request.user):
            return problem_response("permission_denied")
        return None


@csrf_exempt
@access(public=True)  # reveals nothing: the same answer for every unknown path and method
def not_found(request, rest: str = ""):
    """Unknown paths under ``/api/``: a problem+json 404 instead of the HTML page."""
    return problem_response("not_found")


def declare(urlpatterns, *, roles: Iterable[str] | None = None):
    """Declare the access of every view in ``urlpatterns`` (e.g. a router's), in place."""
    for pattern in urlpatterns:
        access(roles=roles)(pattern.callback)
    return urlpatterns


# --- pagination ---------------------------------------------------------------------------


class CursorPagination(pagination.CursorPagination):
    """Cursor pages; a bad ``page_size`` or ``cursor`` is a 400 (as documented), not ignored
    or a 404."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "id"

    def get_page_size(self, request):
        raw = request.query_params.getlist(self.page_size_query_param)
        if not raw:
            return self.page_size
        try:
            if len(raw) > 1 or not raw[0].isascii() or not raw[0].isdigit():
                raise ValueError
            size = int(raw[0])
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        f"Een geheel getal van 1 tot en met {self.max_page_size}."
                    ]
                }
            )
        return size

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except exceptions.NotFound:
            raise exceptions.ValidationError(
                {self.cursor_query_param: ["Deze cursor is ongeldig."]}
            ) from None

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters


# --- schema helpers -----------------------------------------------------------------------

ProblemSerializer = inline_serializer(
    name="Problem",
    fields={
        "type": serializers.CharField(
            help_text="URI of the problem type (urn:koers:problem:<code>)."
        ),
        "title": serializers.CharField(help_text="Short English summary of the problem type."),
        "status": serializers.IntegerField(help_text="The HTTP status code."),
        "detail": serializers.CharField(help_text="Explanation in English."),
        "code": serializers.CharField(help_text="Machine-readable problem code."),
        "detail_nl": serializers.CharField(help_text="Explanation in Dutch."),
        "detail_en": serializers.CharField(help_text="Explanation in English."),
        "errors": serializers.DictField(
            child=serializers.ListField(child=serializers.DictField(child=serializers.CharField())),
            required=False,
            help_text='Field errors: {"field": [{"code": ..., "message": ...}]}.',
        ),
        "changed_fields": serializers.ListField(
            child=serializers.CharField(),
            required=False,
            help_text="On 409: the fields someone else changed since the version you read.",
        ),
    },
)


def _problem(description: str) -> OpenApiResponse:
    return OpenApiResponse(response=ProblemSerializer, description=description)


def _p(status: int) -> tuple[int, str]:
    """A response key for drf-spectacular: errors are ``application/problem+json``."""
    return (status, PROBLEM_CONTENT_TYPE)


COMMON_ERRORS = {
    _p(401): _problem("No token, or an unknown, revoked or expired one."),
    _p(403): _problem("The role has no access, or the token lacks the scope."),
    _p(429): _problem("Too many requests; see the Retry-After header."),
}
READ_ERRORS = {**COMMON_ERRORS, _p(404): _problem("Not found, or outside your caseload.")}
LIST_ERRORS = {**COMMON_ERRORS, _p(400): _problem("Invalid filter or cursor.")}
WRITE_ERRORS = {
    **READ_ERRORS,
    _p(400): _problem("Invalid input; field errors in `errors`."),
    _p(415): _problem("Send application/json."),
}
UPDATE_ERRORS = {
    **WRITE_ERRORS,
    _p(409): _problem("Stale `version`: someone else changed the record; nothing was saved."),
}


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.tokens.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token from the page /account/tokens/.",
        }


__all__ = ["OpenApiTypes"]


def parse_pk(value) -> uuid.UUID:
    """A primary key from the URL, or 404 (never a 500 on a malformed id)."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None


def created(data) -> Response:
    return Response(data, status=201)
