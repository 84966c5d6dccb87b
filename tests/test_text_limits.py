"""Every free text someone types has a limit and a clear Dutch message when it is passed."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

from django import forms
from django.apps import apps
from django.conf import settings

from casework.forms import PlanForm


def project_forms():
    root = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        if not Path(config.path).resolve().is_relative_to(root) or ".venv" in config.path:
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


def test_every_text_field_of_every_form_has_a_limit():
    found = list(project_forms())
    assert len(found) > 30  # the walk really reaches the apps' forms
    unlimited = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in found
        for name, field in cls.base_fields.items()
        if type(field) is forms.CharField and field.max_length is None
    ]
    assert unlimited == []


def test_a_text_over_its_limit_is_refused_with_a_dutch_message():
    form = PlanForm(data={"summary": "x" * 20001, "version": 1})
    assert not form.is_valid()
    message = " ".join(form.errors["summary"])
    assert "niet meer dan 20000 tekens" in message
    textarea = str(form["summary"])
    assert 'maxlength="20000"' in textarea
