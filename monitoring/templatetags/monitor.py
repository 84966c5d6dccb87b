"""Figures of the monitor in the viewer's number format (Dutch: 11,7 and 119.000)."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html

from casework.money import format_euro

register = template.Library()

UNIT_SUFFIX = {"percentage": "%", "per_1000": "‰"}


@register.filter
def figure(value, unit: str = "") -> str:
    """A value with as many decimals as it has (at most two), grouped, with its unit's sign."""
    if value is None or value == "":
        return "—"
    if unit == "euro":
        return format_euro(value)
    number = Decimal(value).normalize()
    places = max(0, min(2, -number.as_tuple().exponent))
    text = number_format(number, decimal_pos=places, use_l10n=True, force_grouping=True)
    return text + UNIT_SUFFIX.get(unit, "")


@register.filter
def status_badge(status) -> str:
    """A status as a labelled badge (the colour is never the only sign: the text says it)."""
    return format_html(
        '<span class="koers-status koers-status--{}">{}</span>', status, status.label
    )
