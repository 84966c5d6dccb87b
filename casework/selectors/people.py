"""A participant's decrypted identity: ``PersonView`` and how it is opened."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from accounts.models import User
from casework import permissions
from casework.models import Participant
from casework.selectors.scope import get_participant, log_reads
from casework.services import PARTICIPANT_SECRET_FIELDS
from privacy.crypto import Cipher
from privacy.models import AccessEvent


@dataclass
class PersonView:
    """Decrypted identity of one participant, for display to someone in scope."""

    id: object
    version: int
    given_name: str | None = None
    family_name: str | None = None
    bsn: str | None = None
    date_of_birth: str | None = None
    street: str | None = None
    house_number: str | None = None
    postcode: str | None = None
    city: str | None = None
    phone: str | None = None
    email: str | None = None
    client_ref: str | None = None
    year_of_birth: int | None = None
    gender: str = ""
    gender_label: str = ""
    wijk: str = ""
    wijk_label: str = ""
    bsn_hidden: bool = False

    def __repr__(self) -> str:
        return f"PersonView({self.id})"

    @property
    def display_name(self) -> str:
        name = " ".join(part for part in (self.given_name, self.family_name) if part)
        return name or (f"Cliënt {self.client_ref}" if self.client_ref else "Deelnemer zonder naam")

    @property
    def date_of_birth_value(self) -> dt.date | None:
        return dt.date.fromisoformat(self.date_of_birth) if self.date_of_birth else None


def decrypt_person(
    participant: Participant, cipher: Cipher, *, show_bsn: bool, fields=None
) -> PersonView:
    view = PersonView(
        id=participant.pk,
        version=participant.version,
        year_of_birth=participant.year_of_birth,
        gender=participant.gender,
        gender_label=participant.get_gender_display() if participant.gender else "",
        wijk=participant.wijk,
        wijk_label=participant.get_wijk_display() if participant.wijk else "",
        bsn_hidden=not show_bsn,
    )
    names = [name for name in fields or PARTICIPANT_SECRET_FIELDS if show_bsn or name != "bsn"]
    return open_fields(view, participant, cipher, names)


def open_fields(view: PersonView, participant: Participant, cipher: Cipher, names) -> PersonView:
    """Decrypt the participant's ``names`` onto ``view`` (one unwrapped key, kept by the cipher)."""
    for name in names:
        setattr(
            view,
            name,
            cipher.open(
                model=Participant,
                column=name,
                row_pk=participant.pk,
                envelope=getattr(participant, name),
            ),
        )
    return view


LIST_FIELDS = ("given_name", "family_name", "client_ref", "date_of_birth")


def participant_identity(user: User, pk) -> tuple[Participant, PersonView]:
    """The decrypted identity of one participant of the caseload (for the edit form): one
    data key, no timeline, logged as a view of the identity only."""
    participant = get_participant(user, pk)
    cipher = Cipher().load([participant.data_key])
    person = decrypt_person(participant, cipher, show_bsn=permissions.may_see_bsn(user))
    log_reads(user, [participant.pk], "participant_identity", AccessEvent.Action.VIEW)
    return participant, person
