"""Reads of Leeuwarden Schuldenvrij, always for an acting user and within that user's scope.

Lists decrypt in bulk (one ``Cipher().load`` per page) and log one access event per
participant shown. Programme-wide counts go out through ``privacy.release``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from casework import selectors as core
from casework.models import Enrolment, Participant
from privacy import services as privacy_services
from privacy.crypto import Cipher
from privacy.periods import Period
from privacy.release import (
    Audience,
    Cell,
    Figure,
    Grid,
    Released,
    Scope,
    audience_for,
    grid,
    log_view,
    release,
    tabulate,
)
from schuldenvrij import tables
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
    PreventiveContact,
)
from schuldenvrij.services import PROGRAMME, add_months, may_work, places_cap

NAME_FIELDS = ("given_name", "family_name", "client_ref")


def _log(user, subject_ids, what: str, action: str) -> None:
    seen = list(dict.fromkeys(subject_ids))
    privacy_services.log_access(
        user=user,
        looks=[
            privacy_services.Look(subject_id=pk, what=f"schuldenvrij_{what}", action=action)
            for pk in seen
        ],
        purpose="care",
    )


def _require(user) -> None:
    if not may_work(user):
        raise PermissionDenied


# --- scope --------------------------------------------------------------------------------


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


def get_debt(user: User, pk) -> Debt:
    _require(user)
    debt = (
        Debt.objects.filter(pk=pk, enrolment__in=enrolments(user))
        .select_related("enrolment__participant__data_key", "enrolment__programme")
        .first()
    )
    if debt is None:
        raise Http404
    return debt


def get_forgiveness(user: User, pk) -> Forgiveness:
    _require(user)
    forgiveness = (
        Forgiveness.objects.filter(pk=pk, enrolment__in=enrolments(user))
        .select_related("enrolment__participant__data_key", "enrolment__programme")
        .first()
    )
    if forgiveness is None:
        raise Http404
    return forgiveness


def get_follow_up(user: User, pk) -> FollowUp:
    _require(user)
    follow_up = (
        FollowUp.objects.filter(pk=pk, forgiveness__enrolment__in=enrolments(user))
        .select_related(
            "forgiveness__enrolment__participant__data_key", "forgiveness__enrolment__programme"
        )
        .first()
    )
    if follow_up is None:
        raise Http404
    return follow_up


def get_young_person(user: User, pk) -> Participant:
    _require(user)
    return core.get_participant(user, pk)


# --- decrypted views ----------------------------------------------------------------------


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


def overview(user: User) -> list[OverviewRow]:
    """The team's Schuldenvrij enrolments with residual debt, place and forgiveness status."""
    _require(user)
    rows = list(
        _annotated(
            enrolments(user)
            .filter(status=Enrolment.Status.ACTIVE)
            .select_related("participant__data_key", "team")
        ).order_by("start_date")
    )
    cipher = Cipher().load(e.participant.data_key for e in rows)
    result = []
    for e in rows:
        person = core.decrypt_person(e.participant, cipher, show_bsn=False, fields=NAME_FIELDS)
        result.append(
            OverviewRow(
                enrolment=e,
                name=_name(person),
                outstanding=e.outstanding or ZERO,
                residual=e.residual or ZERO,
                debt_count=e.debt_count,
                has_place=e.has_place,
                forgiveness_status=e.forgiveness_status,
            )
        )
    result.sort(key=lambda row: row.name.casefold())
    _log(user, [row.enrolment.participant_id for row in result], "overview", "list")
    return result


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
    )


def debt_view(user: User, debt: Debt) -> DebtView:
    cipher = Cipher().load([debt.enrolment.participant.data_key])
    _log(user, [debt.enrolment.participant_id], "debt", "view")
    return decrypt_debt(debt, cipher)


# --- follow-ups ---------------------------------------------------------------------------


@dataclass(repr=False)
class FollowUpRow:
    follow_up: FollowUp
    name: str
    overdue: bool


def due_follow_ups(user: User, *, within_days: int = 31) -> list[FollowUpRow]:
    """Follow-ups of the user's teams not yet done and due within ``within_days`` (or
    overdue), oldest first. A fixed number of queries for any length."""
    _require(user)
    today = timezone.localdate()
    follow_ups = list(
        FollowUp.objects.filter(
            done_on__isnull=True,
            due_on__lte=today + dt.timedelta(days=within_days),
            forgiveness__status=Forgiveness.Status.APPROVED,
            forgiveness__enrolment__in=enrolments(user),
        )
        .select_related("forgiveness__enrolment__participant__data_key")
        .order_by("due_on", "pk")
    )
    cipher = Cipher().load(f.forgiveness.enrolment.participant.data_key for f in follow_ups)
    rows = [
        FollowUpRow(
            follow_up=f,
            name=_name(
                core.decrypt_person(
                    f.forgiveness.enrolment.participant, cipher, show_bsn=False, fields=NAME_FIELDS
                )
            ),
            overdue=f.due_on < today,
        )
        for f in follow_ups
    ]
    _log(
        user, [r.follow_up.forgiveness.enrolment.participant_id for r in rows], "follow_ups", "list"
    )
    return rows


# --- 18-/18+ ------------------------------------------------------------------------------


@dataclass(repr=False)
class YoungPersonRow:
    participant: Participant
    name: str
    date_of_birth: dt.date
    turns_18: dt.date
    programmes: list[str]
    contacts: list[PreventiveContact]

    @property
    def contacted(self) -> bool:
        return any(c.done for c in self.contacts)


def turning_18(
    user: User, *, today: dt.date | None = None, months: int = 3
) -> list[YoungPersonRow]:
    """Young people of the user's caseload (any programme of the user's teams) who turn 18
    within ``months`` months. Dates of birth are encrypted: the candidates' keys are loaded
    once and decrypted in memory; one access event per person listed."""
    _require(user)
    today = today or timezone.localdate()
    horizon = add_months(today, months)
    years = {today.year - 18, horizon.year - 18}
    candidates = list(
        core.visible_participants(user)
        .filter(Q(year_of_birth__in=years) | Q(year_of_birth__isnull=True))
        .select_related("data_key")
        .prefetch_related(
            Prefetch(
                "enrolments",
                queryset=core.visible_enrolments(user)
                .filter(status=Enrolment.Status.ACTIVE)
                .select_related("programme"),
                to_attr="scoped_enrolments",
            ),
            Prefetch(
                "schuldenvrij_contacts",
                queryset=PreventiveContact.objects.order_by("-date"),
                to_attr="contacts",
            ),
        )
    )
    cipher = Cipher().load(p.data_key for p in candidates)
    rows = []
    for participant in candidates:
        person = core.decrypt_person(
            participant, cipher, show_bsn=False, fields=(*NAME_FIELDS, "date_of_birth")
        )
        born = person.date_of_birth_value
        if born is None:
            continue
        eighteen = add_months(born, 18 * 12)
        if not today <= eighteen <= horizon:
            continue
        rows.append(
            YoungPersonRow(
                participant=participant,
                name=_name(person),
                date_of_birth=born,
                turns_18=eighteen,
                programmes=sorted({e.programme.name_nl for e in participant.scoped_enrolments}),
                contacts=participant.contacts,
            )
        )
    rows.sort(key=lambda row: (row.turns_18, row.name.casefold()))
    _log(user, [row.participant.pk for row in rows], "turning_18", "list")
    return rows


def young_person_row(user: User, pk) -> YoungPersonRow:
    """One row of the 18-/18+ list (after recording a contact), logged as a view."""
    _require(user)
    participant = (
        core.visible_participants(user)
        .filter(pk=pk)
        .select_related("data_key")
        .prefetch_related(
            Prefetch(
                "enrolments",
                queryset=core.visible_enrolments(user)
                .filter(status=Enrolment.Status.ACTIVE)
                .select_related("programme"),
                to_attr="scoped_enrolments",
            ),
            Prefetch(
                "schuldenvrij_contacts",
                queryset=PreventiveContact.objects.order_by("-date"),
                to_attr="contacts",
            ),
        )
        .first()
    )
    if participant is None:
        raise Http404
    cipher = Cipher().load([participant.data_key])
    person = core.decrypt_person(
        participant, cipher, show_bsn=False, fields=(*NAME_FIELDS, "date_of_birth")
    )
    born = person.date_of_birth_value
    _log(user, [participant.pk], "turning_18", "view")
    return YoungPersonRow(
        participant=participant,
        name=_name(person),
        date_of_birth=born,
        turns_18=add_months(born, 18 * 12) if born else None,
        programmes=sorted({e.programme.name_nl for e in participant.scoped_enrolments}),
        contacts=participant.contacts,
    )


# --- counters -----------------------------------------------------------------------------


@dataclass
class Counters:
    period: Period
    audience: Audience
    exact: bool
    places_cap: int
    places: Released  # by state: approved, proposed, rest (today)
    places_free: int | None  # the cap minus the places used; None when not exact
    forgivenesses: Released  # approved in the period, by funding
    amount_forgiven: Figure | None  # None: not released to this audience
    follow_ups: Grid
    specs: list = field(default_factory=list)

    @property
    def places_used(self) -> Figure:
        return self.places.total

    @property
    def approved(self) -> Figure:
        return self.places["approved"]

    @property
    def proposed(self) -> Figure:
        return self.places["proposed"]

    @property
    def places_rest(self) -> Figure:
        return self.places["rest"]


def counters(user: User, *, period: Period, log: bool = True) -> Counters:
    """Programme-wide counts, for the viewer's audience (the programme office and team leads:
    exact); no identifier, no single file. The pilot's places are as of today; forgivenesses
    and follow-ups count those in the period. Each view is logged (aggregate, no subject)."""
    audience = audience_for(user, Scope.PROGRAMME)
    start, end = period.start, period.end

    def in_period(queryset, field_name):
        queryset = queryset.filter(**{f"{field_name}__lte": end})
        return queryset.filter(**{f"{field_name}__gte": start}) if start else queryset

    # A place has at most one proposed or approved forgiveness: approved, proposed or neither.
    states = {
        enrolment: state
        for enrolment, state in Forgiveness.objects.filter(
            status__in=[Forgiveness.Status.APPROVED, Forgiveness.Status.PROPOSED]
        ).values_list("enrolment_id", "status")
    }
    places = release(
        tables.PILOT_PLACES,
        tabulate(
            ((states.get(enrolment, "rest"),), key)
            for enrolment, key in PilotPlace.objects.values_list(
                "enrolment_id", "enrolment__participant__record_key"
            )
        ),
        audience=audience,
    )
    approved = in_period(Forgiveness.objects.filter(status=Forgiveness.Status.APPROVED), "date")
    forgivenesses = release(
        tables.FORGIVENESSES,
        tabulate(
            ((funding,), key)
            for funding, key in approved.values_list(
                "funding", "enrolment__participant__record_key"
            )
        ),
        audience=audience,
    )
    amount = None
    if tables.AMOUNT_FORGIVEN.releasable(audience):
        total = approved.aggregate(total=Sum("amount"))["total"] or ZERO
        amount = release(tables.AMOUNT_FORGIVEN, {(): Cell(amount=total)}, audience=audience)[()]
    done = in_period(FollowUp.objects.filter(done_on__isnull=False), "done_on")
    follow_ups = release(
        tables.FOLLOW_UPS,
        tabulate(
            ((months, bool(new_debts)), key)
            for months, new_debts, key in done.values_list(
                "months", "new_debts", "forgiveness__enrolment__participant__record_key"
            )
        ),
        audience=audience,
    )
    cap = places_cap()
    board = Counters(
        period=period,
        audience=audience,
        exact=places.exact,
        places_cap=cap,
        places=places,
        places_free=max(cap - places.total.value, 0) if places.exact else None,
        forgivenesses=forgivenesses,
        amount_forgiven=amount,
        follow_ups=grid(
            follow_ups,
            [(m, gettext("%(months)s maanden") % {"months": m}) for m in FollowUp.MONTHS],
            [(True, gettext("Met nieuwe schulden")), (False, gettext("Zonder nieuwe schulden"))],
            row_heading=gettext("Moment"),
        ),
        specs=[
            tables.PILOT_PLACES,
            tables.FORGIVENESSES,
            tables.AMOUNT_FORGIVEN,
            tables.FOLLOW_UPS,
        ],
    )
    if log:
        log_view(user, board.specs, audience=audience, where="schuldenvrij:figures")
    return board


# --- the programme's part of the file -----------------------------------------------------


@dataclass(repr=False)
class SectionPart:
    detail: EnrolmentDetail
    next_follow_up: FollowUp | None
    latest_room: Decimal | None


def file_section(*, user, participant, cipher, enrolments, mode):
    """The Schuldenvrij part of a participant's file (``ProgrammeSpec.file_section``): debts,
    residual debt, forgiveness status, next follow-up and latest budget room. Own mode links
    to the pages; shared and read-only modes are read-only, and shared mode shows no creditor
    names. Peer experts see nothing of it. Does not log: the caller logs shared views."""
    if not may_work(user):
        return None
    parts = []
    for enrolment in enrolments:
        detail = _detail(enrolment, cipher, names=mode != "shared")
        pending = [f for f in detail.follow_ups if f.done_on is None]
        parts.append(
            SectionPart(
                detail=detail,
                next_follow_up=pending[0] if pending else None,
                latest_room=detail.columns[-1].room if detail.columns else None,
            )
        )
    return "schuldenvrij/_file_section.html", {
        "parts": parts,
        "mode": mode,
        "own": mode == "own" and may_work(user),
    }
