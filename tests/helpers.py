"""Small helpers the tests of several apps share."""

from __future__ import annotations

from django.urls import reverse


def urls_of(obj, *names: str) -> list[str]:
    """The URLs named ``names`` of ``obj`` (each takes the object's pk)."""
    return [reverse(name, kwargs={"pk": obj.pk}) for name in names]
