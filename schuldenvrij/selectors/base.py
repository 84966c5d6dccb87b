"""Scope and decryption of the Schuldenvrij reads: the teams' enrolments, lookups, debt views."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.http import Http404

from accounts.models import User
from casework import selectors as core
from casework.models import Enrolment, Participant
from privacy import services as privacy_services
from privacy.crypto import Cipher
from schuldenvrij.models import (
    Debt,
    FollowUp,
    Forgiveness,
    PilotPlace,
)
from schuldenvrij.services import PROGRAMME, may_work

NAME_FIELDS = ("given_name", "family_name", "client_ref")


def _log(user, subject_ids, what: str, action: str) -> None:
    privacy_services.log_subjects(
        user, subject_ids, what=f"schuldenvrij_{what}", action=action, purpose="care"
    )


def _require(user) -> None:
    if not may_work(user):
        raise PermissionDenied


def enrolments(user: User) -> QuerySet[Enrolment]:
    """Schuldenvrij enrolments of the user's teams, of participants in the user's caseload.
    Peer experts get none: financial details are not theirs (DESIGN.md)."""
    if not may_work(user):
        return Enrolment.objects.none()
    return core.visible_enrolments(user).filter(programme__code=PROGRAMME)


def get_enrolment(user: User, pk) -> Enrolment:
    _require(user)
    enrolment = (
        enrolments(user)
        .select_related("participant__data_key", "programme", "team")
        .filter(pk=pk)
        .first()
    )
    if enrolment is None:
        raise Http404
    return enrolment


def _get_in_scope(user: User, model, pk, *, enrolment_path: str = "enrolment"):
    """One object of ``model`` whose enrolment (at ``enrolment_path``) is in the user's scope,
    with the participant's key and the programme; 404 otherwise."""
    _require(user)
    obj = (
        model.objects.filter(pk=pk, **{f"{enrolment_path}__in": enrolments(user)})
        .select_related(f"{enrolment_path}__participant__data_key", f"{enrolment_path}__programme")
        .first()
    )
    if obj is None:
        raise Http404
    return obj


def get_debt(user: User, pk) -> Debt:
    return _get_in_scope(user, Debt, pk)


def get_forgiveness(user: User, pk) -> Forgiveness:
    return _get_in_scope(user, Forgiveness, pk)


def get_follow_up(user: User, pk) -> FollowUp:
    return _get_in_scope(user, FollowUp, pk, enrolment_path="forgiveness__enrolment")


def get_young_person(user: User, pk) -> Participant:
    _require(user)
    return core.get_participant(user, pk)


def _name(person) -> str:
    return person.display_name


@dataclass(repr=False)  # no decrypted value in any repr (template debug log)
class DebtView:
    debt: Debt
    creditor_name: str | None
    increase_reason: str | None = None


def decrypt_debt(debt: Debt, cipher: Cipher, *, names: bool = True) -> DebtView:
    if not names:
        return DebtView(debt=debt, creditor_name=None)
    return DebtView(
        debt=debt,
        creditor_name=cipher.open(
            model=Debt, column="creditor_name", row_pk=debt.pk, envelope=debt.creditor_name
        ),
        increase_reason=cipher.open(
            model=Debt, column="increase_reason", row_pk=debt.pk, envelope=debt.increase_reason
        ),
    )


def _annotated(qs: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    latest_forgiveness = Forgiveness.objects.filter(enrolment=OuterRef("pk")).order_by(
        "-proposed_at"
    )
    return qs.annotate(
        outstanding=Sum(
            "schuldenvrij_debts__current_amount",
            filter=Q(schuldenvrij_debts__status__in=Debt.OUTSTANDING),
        ),
        residual=Sum(
            "schuldenvrij_debts__current_amount",
            filter=Q(schuldenvrij_debts__status__in=Debt.RESIDUAL),
        ),
        debt_count=Count("schuldenvrij_debts"),
        has_place=Exists(PilotPlace.objects.filter(enrolment=OuterRef("pk"))),
        forgiveness_status=Subquery(latest_forgiveness.values("status")[:1]),
    )
