"""Normalising and checking identifying input, shared by forms, services and imports.

Every message is Dutch and names no value (a message may end up in a log).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from casework.models import Gender, Wijk
from privacy.bsn import is_valid_bsn, normalise_bsn

POSTCODE_RE = re.compile(r"[1-9][0-9]{3} ?[A-Za-z]{2}")  # used with fullmatch
PHONE_RE = re.compile(r"\+?[0-9 ()-]{6,20}")  # used with fullmatch; at least six digits
MAX_TEXT = 200
MAX_NOTE = 20000


@dataclass
class Identity:
    """Identifying data of a participant, in plain text, as typed; every field optional."""

    given_name: str = ""
    family_name: str = ""
    bsn: str = ""
    date_of_birth: dt.date | None = None
    street: str = ""
    house_number: str = ""
    postcode: str = ""
    city: str = ""
    phone: str = ""
    email: str = ""
    client_ref: str = ""
    gender: str = ""
    wijk: str = ""
    year_of_birth: int | None = None
    errors: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def __repr__(self) -> str:  # never print identifiers, e.g. in tracebacks
        return "Identity(<redacted>)"

    __str__ = __repr__


def normalise_identity(identity: Identity, *, today: dt.date | None = None) -> Identity:
    """Strip and normalise every field; raise ValidationError naming each bad field."""
    today = today or dt.date.today()
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    for step in (_texts, _bsn, _postcode, _phone, _email):
        step(identity, add)
    _birth(identity, add, today)
    _choices(identity, add)
    if not any((identity.client_ref, identity.bsn, identity.given_name, identity.family_name)):
        add(
            "client_ref",
            _("Vul ten minste een cliëntnummer, BSN of naam in, zodat de deelnemer te vinden is."),
        )
    if errors:
        raise ValidationError(errors)
    return identity


# Each step normalises some fields of an identity in place and reports a bad one to ``add``.
Add = Callable[[str, str], None]


def _texts(identity: Identity, add: Add) -> None:
    for name in ("given_name", "family_name", "street", "house_number", "city", "client_ref"):
        value = (getattr(identity, name) or "").strip()
        if len(value) > MAX_TEXT:
            add(name, _("Dit veld is te lang (hoogstens %(max)s tekens).") % {"max": MAX_TEXT})
        setattr(identity, name, value)


def _bsn(identity: Identity, add: Add) -> None:
    if identity.bsn:
        identity.bsn = normalise_bsn(identity.bsn.strip())
        if not is_valid_bsn(identity.bsn):
            add("bsn", _("Dit is geen geldig BSN (het voldoet niet aan de 11-proef)."))


def _postcode(identity: Identity, add: Add) -> None:
    if not identity.postcode:
        return
    postcode = identity.postcode.strip().upper()
    if not POSTCODE_RE.fullmatch(postcode):
        identity.postcode = postcode
        add("postcode", _("Een postcode bestaat uit vier cijfers en twee letters, zoals 8921 AB."))
    else:
        postcode = postcode.replace(" ", "")
        identity.postcode = f"{postcode[:4]} {postcode[4:]}"


def _phone(identity: Identity, add: Add) -> None:
    if identity.phone:
        identity.phone = identity.phone.strip()
        if not PHONE_RE.fullmatch(identity.phone) or sum(ch.isdigit() for ch in identity.phone) < 6:
            add("phone", _("Vul een telefoonnummer in met alleen cijfers, spaties of +."))


def _email(identity: Identity, add: Add) -> None:
    if identity.email:
        identity.email = identity.email.strip()
        try:
            validate_email(identity.email)
        except ValidationError:
            add("email", _("Vul een geldig e-mailadres in."))


def _birth(identity: Identity, add: Add, today: dt.date) -> None:
    """The date of birth (which sets the year of birth) and the year of birth."""
    if identity.date_of_birth:
        if identity.date_of_birth > today:
            add("date_of_birth", _("De geboortedatum ligt in de toekomst."))
        elif identity.date_of_birth.year < 1900:
            add("date_of_birth", _("De geboortedatum ligt voor 1900."))
        else:
            identity.year_of_birth = identity.date_of_birth.year
    if identity.year_of_birth is not None and not 1900 <= identity.year_of_birth <= today.year:
        add("year_of_birth", _("Het geboortejaar ligt niet tussen 1900 en nu."))


def _choices(identity: Identity, add: Add) -> None:
    """Gender and wijk, each one of its known codes or empty."""
    identity.gender = (identity.gender or "").strip().upper()
    if identity.gender and identity.gender not in Gender.values:
        add("gender", _("Gender moet M, V, X of O zijn."))
    identity.wijk = (identity.wijk or "").strip().lower()
    if identity.wijk and identity.wijk not in Wijk.values:
        add("wijk", _("Onbekende wijk."))


def check_text(
    value: str, *, field_name: str, max_length: int = MAX_NOTE, required: bool = True
) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field_name: [_("Dit veld is verplicht.")]})
    if len(value) > max_length:
        raise ValidationError(
            {
                field_name: [
                    _("Deze tekst is te lang (hoogstens %(max)s tekens).") % {"max": max_length}
                ]
            }
        )
    return value
