"""Formatting filters of Koers' pages and PDFs.

``euro``: an amount of money as the page's language writes it, ``€ 300.000,00`` in Dutch and
``€300,000.00`` in English, always with two decimals (``casework.money``); files for machines
(CSV, XLSX, JSON) keep plain numbers with a point.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html_join

from casework.money import format_euro

register = template.Library()


@register.filter(is_safe=True)
def euro(value) -> str:
    return format_euro(value)


@register.filter
def programme_badges(enrolments) -> str:
    """A badge with each enrolment's programme (a caseload row's ``RowEnrolment``s): one
    filter call a caseload row instead of a loop in the template."""
    return format_html_join(
        " ", '<span class="koers-badge">{}</span>', ((e.programme,) for e in enrolments)
    )
