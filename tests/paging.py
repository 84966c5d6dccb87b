"""What the tests of every paged list check the same way: 50 rows a page and the rest on the
next, a page number past the end or no number at all still gives a page, only the rows shown
are in the access log, and a query count that does not grow with the list."""

from __future__ import annotations

import re

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from privacy.models import AccessEvent

SIZES = (1, 50, 120)


def count(call) -> int:
    """The queries of ``call()``, with the cache cleared first (the header's work count is kept
    in it)."""
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        call()
    return len(ctx.captured_queries)


def page_queries(client, url: str, params=None) -> int:
    """The queries of a request to ``url`` (it loads, 200), with the cache cleared first."""

    def get():
        response = client.get(url, params or {})
        assert response.status_code == 200, url

    return count(get)


def queries(client, url: str, params=None) -> int:
    """The queries of a request to ``url`` after a first one (which may create the access
    log's head row), with the cache cleared (the header's work count is kept in it)."""
    client.get(url, params or {})
    return page_queries(client, url, params)


def assert_flat(client, url: str, grow, sizes=SIZES) -> dict:
    """``grow(n)`` makes the list ``n`` rows long; the page costs the same at every size."""
    counts = {}
    for n in sizes:
        grow(n)
        counts[n] = queries(client, url)
    assert len(set(counts.values())) == 1, counts
    return counts


def shown(html: str, pattern: str) -> list[str]:
    """The rows' names on the page, in its order: every match of ``pattern``."""
    return re.findall(pattern, html)


def assert_paged(
    client, url: str, pattern: str, names: list[str], params=None, param: str = "pagina"
) -> tuple:
    """``names`` (the whole list in its order, 51 to 100 of them) are shown 50 on page 1 and
    the rest on page 2, with links between the pages (the number in ``param``) that keep
    ``params``; a page past the end gives the last page, a page that is no number the first.
    Returns both pages."""
    params = dict(params or {})
    first = client.get(url, params).content.decode()
    assert shown(first, pattern) == names[:50]
    assert "Pagina 1 van 2" in first
    assert f'rel="next" href="?{_kept(params)}{param}=2"' in first
    second = client.get(url, {**params, param: 2}).content.decode()
    assert shown(second, pattern) == names[50:]
    assert "Pagina 2 van 2" in second
    assert f'rel="prev" href="?{_kept(params)}{param}=1"' in second
    for junk, rows in (("99", names[50:]), ("x", names[:50]), ("-1", names[50:])):
        response = client.get(url, {**params, param: junk})
        assert response.status_code == 200, junk
        assert shown(response.content.decode(), pattern) == rows, junk
    return first, second


def _kept(params: dict) -> str:
    return "".join(f"{key}={value}&amp;" for key, value in params.items())


def logged(what: str, since: int = 0) -> list:
    """The subjects of the access events named ``what`` after event ``since`` (a pk)."""
    return list(
        AccessEvent.objects.filter(what=what, pk__gt=since).values_list("subject_id", flat=True)
    )


def last_event() -> int:
    return AccessEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
