"""Small helpers the tests of several apps share."""

from __future__ import annotations

from django.urls import reverse


def urls_of(obj, *names: str) -> list[str]:
    """The URLs named ``names`` of ``obj`` (each takes the object's pk)."""
    return [reverse(name, kwargs={"pk": obj.pk}) for name in names]


def page_as(client, user, url: str) -> str:
    """The page at ``url`` as ``user`` sees it: logged in, it loads (200), as text."""
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()
