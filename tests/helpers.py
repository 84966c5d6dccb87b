"""Small helpers the tests of several apps share."""

from __future__ import annotations

from contextlib import contextmanager
from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from privacy.models import AccessEvent


def urls_of(obj, *names: str) -> list[str]:
    """The URLs named ``names`` of ``obj`` (each takes the object's pk)."""
    return [reverse(name, kwargs={"pk": obj.pk}) for name in names]


def was_logged(subject_id, what: str, **fields) -> bool:
    """Whether the access log holds an access to ``subject_id`` named ``what`` (and with
    ``fields``, such as ``action="list"`` or ``user=...``)."""
    return AccessEvent.objects.filter(subject_id=subject_id, what=what, **fields).exists()


def page_as(client, user, url: str) -> str:
    """The page at ``url`` as ``user`` sees it: logged in, it loads (200), as text."""
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@contextmanager
def refused(error: type[Exception], state=lambda: None):
    """The block raises ``error`` (yields pytest's ExceptionInfo) and leaves what ``state()``
    returns as it was before."""
    before = state()
    with pytest.raises(error) as info:
        yield info
    assert state() == before


def deferred(service, **defaults):
    """``service`` with ``defaults``, not called yet: ``deferred(...)(**changes)`` is a call
    without arguments (for ``assert_invalid``) of ``service`` with ``changes`` to the defaults."""
    return lambda **changes: partial(service, **{**defaults, **changes})


def assert_invalid(call, field: str, fragment: str, state=lambda: None) -> None:
    """``call()`` is refused with a ValidationError that says ``fragment`` in a message of
    ``field``, and leaves ``state()`` as it was."""
    with refused(ValidationError, state) as info:
        call()
    messages = info.value.message_dict.get(field, [])
    assert any(fragment in message for message in messages), info.value.message_dict


def refused_page(client, url: str, data: dict) -> str:
    """Posting ``data`` to ``url`` is refused (400, the form again with what is wrong); the
    page as text."""
    response = client.post(url, data)
    assert response.status_code == 400, url
    return response.content.decode()
