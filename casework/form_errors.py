"""Pages that submit a form to a service, the same on every page of every app: ``submit``
calls the service with the form's data; a service's ValidationError goes to its fields (or
to the whole form), a concurrent edit says which fields someone else changed and what to
do, and a success leaves a message for the next page. A button with no form to show again
goes through ``attempt``: a refusal becomes error messages.

    form = forms.PlanForm(request.POST or None, initial=...)
    if submit(request, form, lambda data: services.save_plan_summary(...), _("Opgeslagen.")):
        return redirect(...)
    return render(..., status=400 if form.errors else 200)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from casework.services import ConcurrentEditError


def submit(
    request,
    form,
    write: Callable[[dict], object],
    success: str = "",
    *,
    flash_errors: bool = False,
) -> object | None:
    """On a valid POST, ``write(form.cleaned_data)`` (a service call); its refusals land on
    the form and nothing is returned; on success the message is queued and the service's
    result is returned (True when it has none). On GET or an invalid form: None.

    ``flash_errors`` is for small forms posted from a page that redirects back (a button on
    a dashboard): the form's and the service's errors become error messages instead."""
    if request.method != "POST":
        return None
    if not form.is_valid():
        if flash_errors:
            flash(request, form)
        return None
    try:
        result = write(form.cleaned_data)
    except ConcurrentEditError as error:
        add_concurrent_error(form, error)
    except ValidationError as error:
        apply_errors(form, error)
    else:
        if success:
            messages.success(request, success)
        return result or True
    if flash_errors:
        flash(request, form)
    return None


def flash(request, form) -> None:
    """A form's errors as error messages, each with its field's label."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for message in errors:
            messages.error(request, f"{label or ''} {message}".strip())


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


def attempt(
    request,
    action: Callable[[], object],
    success: str = "",
    *,
    refusals: Sequence[type[Exception]] = (ValidationError,),
    joined: bool = False,
) -> bool:
    """A posted action with no form to show again (a button): ``action()`` (a service call);
    a refusal of the kinds in ``refusals`` becomes error messages (``joined``: one message),
    a success the message ``success``. True when it was done."""
    try:
        action()
    except tuple(refusals) as error:
        flash_refusal(request, error, joined=joined)
        return False
    if success:
        messages.success(request, success)
    return True


def flash_refusal(request, error: Exception, *, joined: bool = False) -> None:
    """A service's refusal as error messages: each message of a ValidationError (``joined``:
    all of them in one message), or the text of another refusal (a concurrent edit, a
    permission)."""
    texts = error.messages if isinstance(error, ValidationError) else [str(error)]
    for text in [" ".join(texts)] if joined else texts:
        messages.error(request, text)
