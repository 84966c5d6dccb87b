"""What the programme dashboards share in their views: the period asked for (``?periode=``) and
the context of the period form. A bad or future period gets the Dutch message and a 400 page,
never a server error."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.shortcuts import render

from privacy import periods


def requested_period(request, *, default: str = periods.ALL) -> tuple[periods.Period | None, str]:
    """The period of the request, or None and the message why it was refused."""
    try:
        return periods.parse(request.GET.get("periode"), default=default), ""
    except ValidationError as error:
        return None, " ".join(error.message_dict.get("period", error.messages))


def period_context(period: periods.Period | None, error: str = "") -> dict:
    return {"period": period, "period_error": error, "period_choices": periods.choices()}


def period_page(request, template: str, name: str, figures: Callable):
    """A dashboard over the period asked for: ``figures(user, period=...)`` as ``name`` in the
    template's context with the period form's; a period that is refused: the page with its
    message and status 400 (``figures`` is not called)."""
    period, error = requested_period(request)
    if period is None:
        return render(request, template, period_context(None, error), status=400)
    board = figures(request.user, period=period)
    return render(request, template, {name: board, **period_context(period)})
