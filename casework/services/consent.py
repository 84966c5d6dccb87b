"""Writes of the casework core: consent."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from casework.models import (
    Participant,
)
from casework.services.base import (
    _require_scope,
)


def record_consent(
    *,
    actor: User,
    participant: Participant,
    purpose: str,
    status: str,
    effective_on: dt.date,
    text_version: str,
):
    """A caseworker records a participant's consent statement (given, refused, withdrawn).

    A statement takes effect on its date; from then on it is the one in force, so a
    withdrawal dated today counts at once for every later read. A statement dated before the
    latest one recorded for the purpose would never be in force and is refused."""
    from privacy import services as privacy_services

    _require_scope(actor, participant)
    _check_consent_order(participant, purpose, effective_on)
    return privacy_services.record_consent(
        subject_id=participant.pk,
        purpose=purpose,
        status=status,
        effective_on=effective_on,
        text_version=text_version,
        recorded_by=actor,
    )


def _check_consent_order(participant: Participant, purpose: str, effective_on: dt.date) -> None:
    from privacy.models import Consent

    latest = (
        Consent.objects.filter(subject_id=participant.pk, purpose=purpose)
        .order_by("-effective_on")
        .values_list("effective_on", flat=True)
        .first()
    )
    if latest is not None and effective_on < latest:
        raise ValidationError(
            {
                "effective_on": [
                    _(
                        "Voor dit doel is al een verklaring vastgelegd die ingaat op %(date)s. "
                        "Een nieuwe verklaring kan niet eerder ingaan."
                    )
                    % {"date": date_format(latest, "SHORT_DATE_FORMAT")}
                ]
            }
        )


IMPORT_CONSENT_TEXT_VERSION = "import"


def import_research_consent(*, participant: Participant, given: bool, effective_on: dt.date):
    """Import path of ``record_consent``: the research consent column of an import file, as
    given or refused on the enrolment date, recorded by nobody (text version "import").
    Only for the import command, which checks the team itself."""
    from privacy import services as privacy_services
    from privacy.models import Consent, Purpose

    return privacy_services.record_consent(
        subject_id=participant.pk,
        purpose=Purpose.RESEARCH,
        status=Consent.Status.GIVEN if given else Consent.Status.REFUSED,
        effective_on=effective_on,
        text_version=IMPORT_CONSENT_TEXT_VERSION,
        recorded_by=None,
    )
