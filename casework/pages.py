"""The form page every app shares: a title, an optional introduction, the form and a button,
with a link back. On a POST the form goes to a service through ``form_errors.submit`` (its
refusals land on the form, a concurrent edit is explained, a success leaves a message) and a
saved form redirects; a form with errors comes back with status 400.

    return form_page(
        request,
        form,
        title=_("Doel wijzigen"),
        back=("gezinslab:trajectory", goal.trajectory_id),
        write=lambda data: services.update_goal(actor=request.user, goal=goal, **pick(...)),
        success=_("Het doel is opgeslagen."),
    )

Edit forms name their fields once: ``initial_from(obj, FIELDS)`` fills the form from the object
and ``pick(data, FIELDS)`` passes the same fields on to the service."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext as _

from casework import form_errors

TEMPLATE = "form_page.html"

# A place to go back or on to: a URL, a URL name, or a URL name with its arguments.
Place = str | tuple


def url_of(place: Place) -> str:
    """The URL of a place: ``"app:name"``, ``("app:name", pk)`` or a URL as it is."""
    if isinstance(place, tuple):
        return resolve_url(*place)
    return resolve_url(place)


def form_page(
    request,
    form,
    *,
    title: str,
    back: Place,
    submit: str = "",
    intro: str | Iterable[str] | Callable[[], str | Iterable[str]] = (),
    write: Callable[[dict], object] | None = None,
    success: str = "",
    done: Place | Callable[[object], Place] | None = None,
    back_label: str = "",
    status: int | None = None,
    template: str = TEMPLATE,
    **context,
):
    """The shared form page (``form_page.html``).

    ``back`` is where "Annuleren" (and, with ``back_label``, a link above the title) leads.
    With ``write``, a valid POST is saved through ``form_errors.submit`` with ``success`` as
    message, then the user goes to ``done`` (a place, or a function of the saved object that
    gives one), by default ``back``. ``intro`` is one paragraph or a list of them, or a function
    giving them when what it reads is logged as a look: it is called only when the page is
    shown, not for a saved form. ``submit``
    the button (by default "Opslaan"). The status is 400 when the form has errors, unless
    ``status`` says otherwise; ``context`` goes to the template as it is. A page laid out on
    its own names its ``template``: it gets the same context."""
    if write is not None:
        saved = form_errors.submit(request, form, write, success)
        if saved:
            target = done(saved) if callable(done) else done
            return redirect(url_of(target or back))
    if callable(intro):
        intro = intro()
    page = {
        "form": form,
        "title": title,
        "back": url_of(back),
        "back_label": back_label,
        "submit": submit or _("Opslaan"),
        "intro": [line for line in ([intro] if isinstance(intro, str) else intro) if line],
        **context,
    }
    return render(request, template, page, status=status or (400 if form.errors else 200))


def initial_from(obj, fields: Iterable[str], **more) -> dict:
    """An edit form's initial values: each of ``fields`` read from ``obj``, the ``version`` it
    has (the form sends it back as the version read), and ``more``: values the object does not
    hold as they are shown, such as decrypted text or a related object's id (a field given in
    ``more`` is not read from ``obj``)."""
    initial = {field: getattr(obj, field) for field in fields if field not in more}
    if hasattr(obj, "version"):
        initial["version"] = obj.version
    return {**initial, **more}


def pick(data: dict, fields: Iterable[str]) -> dict:
    """The ``fields`` of a form's cleaned data, as keyword arguments for a service."""
    return {field: data[field] for field in fields}


def write_with(
    request, service: Callable[..., object], fields: Iterable[str] | None = None, **objects
):
    """The ``write`` of a form page that calls ``service`` with the user as actor, ``objects``
    (what the form is about), the version the form read as ``expected_version`` (when the form
    has a version) and the form's ``fields`` (all of them when none are named)."""

    def write(data: dict) -> object:
        if fields is None:
            values = {field: value for field, value in data.items() if field != "version"}
        else:
            values = pick(data, fields)
        if "version" in data:
            values["expected_version"] = data["version"]
        return service(actor=request.user, **objects, **values)

    return write
