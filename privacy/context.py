"""Per-request context for the access log and the logs: request id, the client's address and
the purpose of the current work."""

from __future__ import annotations

import contextvars
import ipaddress
import logging
import uuid
from functools import cache

from django.conf import settings

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("koers_request_id", default="")
_purpose: contextvars.ContextVar[str] = contextvars.ContextVar("koers_purpose", default="care")
_request: contextvars.ContextVar[object | None] = contextvars.ContextVar(
    "koers_request", default=None
)


def request_id() -> str:
    return _request_id.get()


def purpose() -> str:
    return _purpose.get()


def client_ip() -> str | None:
    """The address the current request came from (the client's, behind a trusted proxy), or
    None outside a request."""
    request = _request.get()
    address = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None


def set_purpose(value: str) -> contextvars.Token:
    return _purpose.set(value)


class RequestIdMiddleware:
    """Give every request an id (also in the X-Request-ID response header) for the access log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = str(uuid.uuid4())
        token = _request_id.set(rid)
        purpose_token = _purpose.set("care")
        request_token = _request.set(request)
        request.koers_request_id = rid
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
            _purpose.reset(purpose_token)
            _request.reset(request_token)
        response.headers["X-Request-ID"] = rid
        return response


def new_command_request_id(command: str) -> str:
    """Commands log with a request id of their own run."""
    rid = f"cmd-{uuid.uuid4()}"[:36]
    _request_id.set(rid)
    return rid


# --- the client's address behind a proxy -----------------------------------------------------


@cache
def _trusted_proxies() -> tuple:
    return tuple(
        ipaddress.ip_network(entry.strip(), strict=False)
        for entry in settings.KOERS_TRUSTED_PROXIES
        if entry.strip()
    )


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _trusted_proxies())


def client_address(remote_addr: str, forwarded_for: str) -> str:
    """The client's address: ``remote_addr``, unless that is a trusted proxy; then the address
    the proxies name last that is not itself a trusted proxy (X-Forwarded-For is read from the
    right, since a client can put anything on its left)."""
    if not _trusted(remote_addr):
        return remote_addr
    for hop in reversed([part.strip() for part in forwarded_for.split(",") if part.strip()]):
        if not _trusted(hop):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote_addr  # garbage from a proxy: keep what the socket says
    return remote_addr


class ClientAddressMiddleware:
    """Behind a trusted proxy (``KOERS_TRUSTED_PROXIES``) REMOTE_ADDR becomes the client's
    address, so that django-axes locks out the client and not the proxy, and the access log
    records who asked. Without trusted proxies the header is ignored: a client cannot choose
    its own address. First in the middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META["REMOTE_ADDR"] = client_address(
            request.META.get("REMOTE_ADDR", ""), request.META.get("HTTP_X_FORWARDED_FOR", "")
        )
        return self.get_response(request)


# --- logs -----------------------------------------------------------------------------------


class RequestContextFilter(logging.Filter):
    """Adds ``request_id`` and ``user_id`` (the numeric id of the logged-in staff user, or
    empty) to every log record, for the JSON logs. It never loads the user: only a user the
    request already looked up is named."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        request = _request.get()
        user = getattr(request, "_cached_user", None) if request is not None else None
        record.user_id = getattr(user, "pk", None) or ""
        return True
