"""How a refused write shows on a form, the same on every page of every app: a service's
ValidationError goes to its fields (or to the whole form), and a concurrent edit says which
fields someone else changed and what to do."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def apply_errors(form, error: ValidationError) -> None:
    """Put each message of ``error`` on its field, or on the form when the field is not on it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def add_concurrent_error(form, error) -> None:
    """A ConcurrentEditError as one form error naming the fields changed meanwhile."""
    message = str(error)
    if getattr(error, "changed_fields", None):
        message += " " + _(
            "Gewijzigd: %(fields)s. Laad de pagina opnieuw en voer uw wijziging opnieuw in."
        ) % {"fields": ", ".join(error.changed_fields)}
    form.add_error(None, message)
