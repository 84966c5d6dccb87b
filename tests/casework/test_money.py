"""Amounts as people type them, and as every page shows them (casework.money)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from casework.money import MoneyError, MoneyField, format_amount, format_euro, parse_money


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("10.673,81", "10673.81"),
        ("10673,81", "10673.81"),
        ("10673.81", "10673.81"),
        ("€ 10.673,81", "10673.81"),
        ("€10.673,81", "10673.81"),
        ("10,673.81", "10673.81"),
        ("1.234.567,5", "1234567.5"),
        ("1.500", "1500"),
        ("300000", "300000"),
        (" 12,5 ", "12.5"),
        ("-12,50", "-12.50"),
        ("0,05", "0.05"),
    ],
)
def test_dutch_notation_reads_as_the_amount_people_meant(text, amount):
    assert parse_money(text, language="nl") == Decimal(amount)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("10,673,81", "invalid"),  # two commas, and 81 is not a group of three
        ("1.0673,81", "invalid"),  # a thousands group of four
        ("10.67.3,81", "invalid"),
        ("10,673.81,2", "invalid"),
        ("12,345", "decimals"),  # in Dutch a comma before three digits is three decimals
        ("12.3456", "decimals"),
        ("tien euro", "invalid"),
        ("", "invalid"),
        ("€", "invalid"),
        ("1e5", "invalid"),
        ("NaN", "invalid"),
    ],
)
def test_amounts_with_separators_in_the_wrong_places_are_refused(text, code):
    with pytest.raises(MoneyError) as refused:
        parse_money(text, language="nl")
    assert refused.value.code == code


def test_english_reads_a_comma_before_three_digits_as_thousands():
    assert parse_money("1,500", language="en") == Decimal("1500")
    with pytest.raises(MoneyError):
        parse_money("1.500", language="en")


def test_amounts_show_in_the_pages_language():
    assert format_euro(Decimal("10673.81"), language="nl") == "€ 10.673,81"
    assert format_euro(Decimal("10673.81"), language="en") == "€10,673.81"
    assert format_euro(Decimal("-12.5"), language="nl") == "€ -12,50"
    assert format_euro(Decimal("-12.5"), language="en") == "-€12.50"
    assert format_euro(300000, language="nl") == "€ 300.000,00"
    assert format_euro(None) == ""
    with translation.override("en"):
        assert format_euro("2163.88") == "€2,163.88"


def test_form_field_reads_dutch_notation_and_shows_it_for_editing():
    field = MoneyField(label="Bedrag")
    with translation.override("nl"):
        assert field.clean("10.673,81") == Decimal("10673.81")
        assert field.prepare_value(Decimal("10673.81")) == "10.673,81"
        with pytest.raises(Exception) as refused:
            field.clean("10,673,81")
        assert "Vul een bedrag in euro's in" in str(refused.value)
        with pytest.raises(Exception) as refused:
            field.clean("1,234")
        assert "hoogstens twee decimalen" in str(refused.value)
    assert format_amount(Decimal("10673.8"), language="en") == "10,673.80"
    assert 'inputmode="decimal"' in field.widget.render("amount", "")
    assert 'type="number"' not in field.widget.render("amount", "")
