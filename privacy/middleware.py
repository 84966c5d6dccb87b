"""Turns a ciphertext that fails to decrypt (tampered, moved, wrong key) into a clear page."""

from __future__ import annotations

import logging

from django.shortcuts import render

from privacy.crypto import DecryptionError, KeyDestroyedError

logger = logging.getLogger("koers.security")


class DecryptionErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DecryptionError) and not isinstance(exception, KeyDestroyedError):
            # The message names table and column only, never a value; the path holds only ids.
            logger.error(
                "Decryption refused on %s: %s (request %s)",
                request.path,
                exception,
                getattr(request, "koers_request_id", ""),
            )
            return render(request, "integrity_error.html", status=500)
        return None
