"""Money in Koers: one way to read an amount someone typed and one way to show it.

Reading (``parse_money``) accepts what people write in the Netherlands and what an English
speaker writes: ``10.673,81``, ``10673,81``, ``10673.81``, ``€ 10.673,81`` and ``10,673.81``.
When both a point and a comma appear, the last one is the decimal separator and the other
groups thousands (groups of three, checked). A single separator followed by exactly three
digits is ambiguous (``1.500``): it groups thousands when it is the grouping separator of the
page's language (the point in Dutch, the comma in English) and otherwise it is refused as
three decimals, so an amount is never silently read a thousand times too big or too small.

Showing (``format_euro``) gives ``€ 10.673,81`` in Dutch and ``€10,673.81`` in English, always
with two decimals, in pages, PDFs and tables for people. Files for machines (CSV, XLSX, JSON)
keep plain numbers with a point.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext as _

CENT = Decimal("0.01")
_GROUPED = re.compile(r"^\d{1,3}(?:X\d{3})+$")
_DIGITS = re.compile(r"^\d+$")


class MoneyError(ValueError):
    """Text that is not an amount; ``code`` says why (``invalid`` or ``decimals``)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _english(language: str | None) -> bool:
    return (language or get_language() or "nl").lower().startswith("en")


def _whole(text: str, group: str) -> str:
    """The whole part without its thousands separators; refused when the groups are wrong."""
    if group and group in text:
        if not _GROUPED.match(text.replace(group, "X")):
            raise MoneyError("invalid")
        return text.replace(group, "")
    if not _DIGITS.match(text):
        raise MoneyError("invalid")
    return text


def _clean(value) -> tuple[str, str]:
    """The sign and the digits with their separators, without spaces, € or EUR."""
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    text = re.sub(r"^(€|EUR)", "", text, flags=re.IGNORECASE)
    sign = ""
    if text[:1] in {"-", "−"}:
        sign, text = "-", text[1:]
    text = re.sub(r"^(€|EUR)", "", text, flags=re.IGNORECASE)
    if not text:
        raise MoneyError("invalid")
    return sign, text


def _split(text: str, language: str | None) -> tuple[str, str, str]:
    """(whole part, fraction, thousands separator) of an amount without sign."""
    points, commas = text.count("."), text.count(",")
    if points and commas:
        decimal_mark = "." if text.rfind(".") > text.rfind(",") else ","
        whole, _, fraction = text.rpartition(decimal_mark)
        return whole, fraction, "," if decimal_mark == "." else "."
    if points + commas == 0:
        return text, "", ""
    mark = "." if points else ","
    whole, _, fraction = text.rpartition(mark)
    own_group = "," if _english(language) else "."
    if points + commas > 1 or (len(fraction) == 3 and mark == own_group):
        return text, "", mark
    return whole, fraction, ""


def parse_money(value, *, language: str | None = None) -> Decimal:
    """The amount in ``value`` as a Decimal (sign kept, not rounded); MoneyError otherwise."""
    if isinstance(value, bool):
        raise MoneyError("invalid")
    if isinstance(value, int | Decimal):
        return Decimal(value)
    sign, text = _clean(value)
    whole, fraction, group = _split(text, language)
    whole = _whole(whole, group)
    if fraction and not _DIGITS.match(fraction):
        raise MoneyError("invalid")
    if len(fraction) > 2:
        raise MoneyError("decimals")
    amount = Decimal(f"{sign}{whole}.{fraction or '0'}")
    if not amount.is_finite():
        raise MoneyError("invalid")
    return amount


def format_amount(value, *, language: str | None = None) -> str:
    """``10.673,81`` (Dutch) or ``10,673.81`` (English): an amount to edit in a form, which
    ``parse_money`` reads back; "" for None or ""."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
    whole, cents = f"{abs(amount):.2f}".split(".")
    sign = "-" if amount < 0 else ""
    if _english(language):
        return f"{sign}{int(whole):,}.{cents}"
    return f"{sign}{int(whole):,}".replace(",", ".") + f",{cents}"


def format_euro(value, *, language: str | None = None) -> str:
    """``€ 300.000,00`` (Dutch) or ``€300,000.00`` (English) for 300000; ``€ -12,50`` or
    ``-€12.50`` for -12.5; "" for None or ""; anything that is not a number comes back as it
    was (so a template never fails on it)."""
    if value is None or value == "" or isinstance(value, bool):
        return "" if value is None else str(value)
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return str(value)
    if not amount.is_finite():
        return str(value)
    text = format_amount(abs(amount), language=language)
    negative = amount.quantize(CENT, rounding=ROUND_HALF_UP) < 0
    if _english(language):
        return f"-€{text}" if negative else f"€{text}"
    return f"€ -{text}" if negative else f"€ {text}"


def money_error_message(error: MoneyError) -> str:
    if error.code == "decimals":
        return _("Een bedrag heeft hoogstens twee decimalen.")
    return _("Vul een bedrag in euro's in, zoals 10.673,81.")


class MoneyField(forms.DecimalField):
    """A form field for euros typed as people write them (see ``parse_money``): a text box
    (a number box refuses "10.673,81"), shown for editing as ``10.673,81``."""

    def __init__(self, *, max_digits: int = 12, decimal_places: int = 2, **kwargs):
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_money(value)
        except MoneyError as error:
            raise forms.ValidationError(money_error_message(error), code="invalid") from None

    def prepare_value(self, value):
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return format_amount(value)
        return value

    def widget_attrs(self, widget):
        # No min/max/step: they belong to a number box, which this is not.
        return forms.Field.widget_attrs(self, widget)
