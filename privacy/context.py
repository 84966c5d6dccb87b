"""Per-request context for the access log: request id and the purpose of the current work."""

from __future__ import annotations

import contextvars
import uuid

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("koers_request_id", default="")
_purpose: contextvars.ContextVar[str] = contextvars.ContextVar("koers_purpose", default="care")


def request_id() -> str:
    return _request_id.get()


def purpose() -> str:
    return _purpose.get()


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
        request.koers_request_id = rid
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
            _purpose.reset(purpose_token)
        response.headers["X-Request-ID"] = rid
        return response


def new_command_request_id(command: str) -> str:
    """Commands log with a request id of their own run."""
    rid = f"cmd-{uuid.uuid4()}"[:36]
    _request_id.set(rid)
    return rid
