"""Formatting filters of Koers' pages and PDFs.

``euro``: an amount of money as Dutch text, ``€ 300.000,00`` (a dot between thousands, a
decimal comma, always two decimals), in every language of the interface. It does not follow
the active locale's number settings (``USE_THOUSAND_SEPARATOR`` and the like), so that a page,
its PDF and a printed report always show the same amount the same way; files for machines
(CSV, XLSX, JSON) keep plain numbers with a dot.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

register = template.Library()

CENT = Decimal("0.01")


def format_euro(value) -> str:
    """``€ 300.000,00`` for 300000; ``€ -12,50`` for -12.5; "" for None or ""; anything that
    is not a number comes back as it was (so a template never fails on it)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(value)
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return str(value)
    if not amount.is_finite():
        return str(value)
    amount = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    whole, cents = f"{abs(amount):.2f}".split(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    sign = "-" if amount < 0 else ""
    return f"€ {sign}{grouped},{cents}"


@register.filter(is_safe=True)
def euro(value) -> str:
    return format_euro(value)
