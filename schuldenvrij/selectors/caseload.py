"""Reads of Schuldenvrij enrolments: overview, pending proposals, enrolment page, budget table."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page
from django.db.models import Prefetch, Q, Sum

from accounts.models import User
from casework import selectors as core
from casework.models import Enrolment
from casework.selectors.paging import page_of
from privacy.crypto import Cipher
from schuldenvrij.models import (
    COST_FIELDS,
    INCOME_FIELDS,
    ZERO,
    BudgetSnapshot,
    Debt,
    FinancialIntake,
    FollowUp,
    Forgiveness,
    PilotPlace,
)
from schuldenvrij.selectors.base import (
    NAME_FIELDS,
    DebtView,
    _annotated,
    _log,
    _name,
    _require,
    decrypt_debt,
    enrolments,
    get_enrolment,
)


@dataclass(repr=False)
class OverviewRow:
    enrolment: Enrolment
    name: str
    outstanding: Decimal
    residual: Decimal
    debt_count: int
    has_place: bool
    forgiveness_status: str | None

    @property
    def forgiveness_label(self) -> str:
        if not self.forgiveness_status:
            return ""
        return Forgiveness.Status(self.forgiveness_status).label


def overview_page(user: User, page: int | str = 1) -> Page:
    """One page of 50 of the team's active Schuldenvrij enrolments, by name, with residual
    debt, place and forgiveness status. Every name is decrypted for the order (one query for
    the enrolments and their keys); only the page's rows are summed (one query) and logged."""
    _require(user)
    active = list(
        enrolments(user)
        .filter(status=Enrolment.Status.ACTIVE)
        .select_related("participant__data_key")
        .order_by("start_date", "pk")
    )
    cipher = Cipher().load(e.participant.data_key for e in active)
    names = {
        e.pk: _name(core.decrypt_person(e.participant, cipher, show_bsn=False, fields=NAME_FIELDS))
        for e in active
    }
    active.sort(key=lambda e: names[e.pk].casefold())

    def rows(chosen: list[Enrolment]) -> list[OverviewRow]:
        summed = _annotated(
            Enrolment.objects.filter(pk__in=[e.pk for e in chosen]).select_related("team")
        ).in_bulk()
        result = [_overview_row(summed[e.pk], names[e.pk]) for e in chosen]
        _log(user, [e.participant_id for e in chosen], "overview", "list")
        return result

    return page_of(active, page, rows)


def _overview_row(enrolment: Enrolment, name: str) -> OverviewRow:
    return OverviewRow(
        enrolment=enrolment,
        name=name,
        outstanding=enrolment.outstanding or ZERO,
        residual=enrolment.residual or ZERO,
        debt_count=enrolment.debt_count,
        has_place=enrolment.has_place,
        forgiveness_status=enrolment.forgiveness_status,
    )


@dataclass(repr=False)
class ProposalRow:
    forgiveness: Forgiveness
    name: str
    residual: Decimal


def pending_proposals(user: User) -> list[ProposalRow]:
    """Forgiveness proposals of the user's teams that wait for a team lead's decision."""
    _require(user)
    proposals = list(
        Forgiveness.objects.filter(
            status=Forgiveness.Status.PROPOSED, enrolment__in=enrolments(user)
        )
        .select_related("enrolment__participant__data_key", "proposed_by")
        .annotate(
            residual=Sum(
                "enrolment__schuldenvrij_debts__current_amount",
                filter=Q(enrolment__schuldenvrij_debts__status__in=Debt.RESIDUAL),
            )
        )
        .order_by("proposed_at")
    )
    cipher = Cipher().load(f.enrolment.participant.data_key for f in proposals)
    rows = [
        ProposalRow(
            forgiveness=f,
            name=_name(
                core.decrypt_person(
                    f.enrolment.participant, cipher, show_bsn=False, fields=NAME_FIELDS
                )
            ),
            residual=f.residual or ZERO,
        )
        for f in proposals
    ]
    _log(user, [r.forgiveness.enrolment.participant_id for r in rows], "proposals", "list")
    return rows


@dataclass
class SnapshotColumn:
    snapshot: BudgetSnapshot
    income: Decimal
    costs: Decimal
    room: Decimal


@dataclass
class BudgetLine:
    label: str
    kind: str  # income, cost
    values: list[Decimal]


def budget_table(snapshots: list[BudgetSnapshot]) -> tuple[list[SnapshotColumn], list[BudgetLine]]:
    columns = [
        SnapshotColumn(snapshot=s, income=s.income, costs=s.costs, room=s.room) for s in snapshots
    ]
    lines = [
        BudgetLine(label=str(label), kind="income", values=[getattr(s, name) for s in snapshots])
        for name, label in INCOME_FIELDS
    ] + [
        BudgetLine(label=str(label), kind="cost", values=[getattr(s, name) for s in snapshots])
        for name, label in COST_FIELDS
    ]
    return columns, lines


@dataclass(repr=False)
class EnrolmentDetail:
    enrolment: Enrolment
    name: str
    intake: FinancialIntake | None
    intake_situation: str | None
    columns: list[SnapshotColumn]
    lines: list[BudgetLine]
    debts: list[DebtView]
    outstanding: Decimal
    residual: Decimal
    place: PilotPlace | None
    forgivenesses: list[Forgiveness]
    follow_ups: list[FollowUp] = field(default_factory=list)
    # The reasons given with decisions, by forgiveness id (decrypted for the file only).
    decision_reasons: dict = field(default_factory=dict)

    @property
    def open_forgiveness(self) -> Forgiveness | None:
        return next(
            (f for f in self.forgivenesses if f.status != Forgiveness.Status.REJECTED), None
        )

    @property
    def may_propose(self) -> bool:
        return (
            self.place is not None
            and self.open_forgiveness is None
            and self.residual > 0
            and self.enrolment.status == Enrolment.Status.ACTIVE
        )


def enrolment_detail(user: User, pk) -> EnrolmentDetail:
    """The financial part of one enrolment, decrypted, in a fixed number of queries."""
    enrolment = get_enrolment(user, pk)
    cipher = Cipher().load([enrolment.participant.data_key])
    person = core.decrypt_person(enrolment.participant, cipher, show_bsn=False, fields=NAME_FIELDS)
    detail = _detail(enrolment, cipher, names=True)
    detail.name = _name(person)
    _log(user, [enrolment.participant_id], "enrolment", "view")
    return detail


def _detail(enrolment: Enrolment, cipher: Cipher, *, names: bool) -> EnrolmentDetail:
    intake = FinancialIntake.objects.filter(enrolment=enrolment).first()
    snapshots = list(BudgetSnapshot.objects.filter(enrolment=enrolment).order_by("date"))
    debts = list(Debt.objects.filter(enrolment=enrolment).order_by("since", "pk"))
    forgivenesses = list(
        Forgiveness.objects.filter(enrolment=enrolment)
        .select_related("proposed_by", "decided_by")
        .prefetch_related(Prefetch("follow_ups", queryset=FollowUp.objects.order_by("months")))
        .order_by("-proposed_at")
    )
    columns, lines = budget_table(snapshots)
    follow_ups = [
        fu
        for f in forgivenesses
        if f.status == Forgiveness.Status.APPROVED
        for fu in f.follow_ups.all()
    ]
    return EnrolmentDetail(
        enrolment=enrolment,
        name="",
        intake=intake,
        intake_situation=cipher.open(
            model=FinancialIntake, column="situation", row_pk=intake.pk, envelope=intake.situation
        )
        if intake and names
        else None,
        columns=columns,
        lines=lines,
        debts=[decrypt_debt(d, cipher, names=names) for d in debts],
        outstanding=sum((d.current_amount for d in debts if d.status in Debt.OUTSTANDING), ZERO),
        residual=sum((d.current_amount for d in debts if d.status in Debt.RESIDUAL), ZERO),
        place=PilotPlace.objects.filter(enrolment=enrolment).first(),
        forgivenesses=forgivenesses,
        follow_ups=follow_ups,
        decision_reasons={
            f.pk: cipher.open(
                model=Forgiveness,
                column="decision_reason",
                row_pk=f.pk,
                envelope=f.decision_reason,
            )
            for f in forgivenesses
            if names and f.decision_reason
        },
    )


def debt_view(user: User, debt: Debt) -> DebtView:
    cipher = Cipher().load([debt.enrolment.participant.data_key])
    _log(user, [debt.enrolment.participant_id], "debt", "view")
    return decrypt_debt(debt, cipher)
