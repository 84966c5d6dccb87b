"""A refused write shows on the form the same way on every page."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from casework.form_errors import add_concurrent_error, apply_errors
from casework.services import ConcurrentEditError


class _Form(forms.Form):
    amount = forms.IntegerField()


def _bound():
    form = _Form({"amount": "5"})
    assert form.is_valid()
    return form


def test_field_errors_go_to_their_field_and_unknown_fields_to_the_form():
    form = _bound()
    apply_errors(form, ValidationError({"amount": ["Te hoog."], "other": ["Elders fout."]}))
    assert form.errors["amount"] == ["Te hoog."]
    assert form.non_field_errors() == ["Elders fout."]


def test_a_plain_error_goes_to_the_form():
    form = _bound()
    apply_errors(form, ValidationError("Niet toegestaan."))
    assert form.non_field_errors() == ["Niet toegestaan."]


def test_a_concurrent_edit_names_the_changed_fields():
    form = _bound()
    add_concurrent_error(form, ConcurrentEditError(changed_fields=["bedrag", "status"]))
    (message,) = form.non_field_errors()
    assert "bedrag, status" in message
    assert "Laad de pagina opnieuw" in message
