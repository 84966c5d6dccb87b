"""A database or cache that does not answer, or a disk without room for what a request
writes, gives a clear 503 page, never a traceback."""

from __future__ import annotations

import errno
import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger("koers.availability")


def _unavailable_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [OperationalError, InterfaceError]
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        errors += [RedisConnectionError, RedisTimeoutError]
    except ImportError:  # pragma: no cover - redis is a dependency
        pass
    return tuple(errors)


UNAVAILABLE = _unavailable_errors()
# A write refused for want of space: the export storage or the temporary directory is full.
NO_SPACE = {errno.ENOSPC, errno.EDQUOT}


def no_space(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in NO_SPACE


class ServiceUnavailableMiddleware:
    """Turns "the database (or cache) is unreachable" into a 503 page that says to try again;
    the log names the kind of error and the request id, no values. Nothing was written: the
    request's transaction, if any, was rolled back by the error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if no_space(exception):
            logger.error(
                "No space left on %s (KOERS_PRIVATE_MEDIA_ROOT, or the temporary directory "
                "TMPDIR; see /health/ready): %s",
                request.path,
                errno.errorcode.get(exception.errno, "?"),
            )
        elif isinstance(exception, UNAVAILABLE):
            logger.error("Service unavailable on %s: %s", request.path, type(exception).__name__)
        else:
            return None
        # Rendered without the request: its context processors would ask the database again.
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response.headers["Retry-After"] = "30"
        return response
