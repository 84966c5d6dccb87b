"""One page of a long list: 50 rows, and only the page's rows read further (decrypted,
logged). The caseload, the work list and every programme's lists page this way."""

from __future__ import annotations

from collections.abc import Callable

from django.core.paginator import Page, Paginator

PAGE_SIZE = 50


def page_of(items, number: int | str, rows: Callable[[list], list]) -> Page:
    """Page ``number`` of ``items`` (a queryset in a fixed order, or a list already in its
    order), ``PAGE_SIZE`` a page: a number past the end gives the last page, one that is no
    number the first. ``rows`` turns the page's items into what the page shows (and is the
    place to decrypt and log them: it sees only the page); the page holds what it returns."""
    current = Paginator(items, PAGE_SIZE).get_page(number)
    current.object_list = rows(list(current.object_list))
    return current
