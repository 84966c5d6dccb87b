"""What the programme dashboards share in their views: the period asked for (``?periode=``) and
the context of the period form. A bad or future period gets the Dutch message and a 400 page,
never a server error."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from privacy import periods


def requested_period(request, *, default: str = periods.ALL) -> tuple[periods.Period | None, str]:
    """The period of the request, or None and the message why it was refused."""
    try:
        return periods.parse(request.GET.get("periode"), default=default), ""
    except ValidationError as error:
        return None, " ".join(error.message_dict.get("period", error.messages))


def period_context(period: periods.Period | None, error: str = "") -> dict:
    return {"period": period, "period_error": error, "period_choices": periods.choices()}
