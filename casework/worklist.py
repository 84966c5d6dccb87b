"""The work list ("werkbak"): what waits for a user, gathered from the work sources the apps
register (``casework.registry.register_work_source``), oldest first.

Casework registers its own sources here (transfers to decide, enrolments without a case
manager, measurement waves due) and those of the privacy office (requests of data subjects,
erasures and break-the-glass accesses to review, participants whose retention period has
passed): privacy sits below casework and knows no registry of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from accounts.permissions import user_roles
from accounts.roles import CASEWORKER, PEER_EXPERT, PRIVACY_OFFICER, TEAM_LEAD
from casework.models import BreakGlassAccess, Enrolment, Instrument
from casework.registry import WorkItem, WorkSource, register_work_source, work_sources
from casework.schedule import wave_label
from casework.selectors.paging import PAGE_SIZE
from casework.selectors.people import decrypt_person
from casework.selectors.scope import log_reads, visible_enrolments
from casework.selectors.transfers import transfers_to_decide
from casework.selectors.waves import due_waves_for
from privacy import retention
from privacy import selectors as privacy_selectors
from privacy.crypto import Cipher
from privacy.models import AccessEvent

NAME_FIELDS = ("given_name", "family_name", "client_ref")


def sources_for(user: User) -> list[WorkSource]:
    """The sources that may hold work for the user's roles (no query beyond the roles)."""
    roles = user_roles(user)
    return [source for source in work_sources() if roles & source.roles]


def work_count(user: User) -> int:
    """How many items wait for the user: a few queries per source of the user's roles."""
    if not user.is_authenticated:
        return 0
    return sum(source.count(user) for source in sources_for(user))


def _count_key(user: User) -> str:
    return f"koers:work-count:{user.pk}"


def cached_work_count(user: User) -> int:
    """The header's count: ``work_count``, kept per user for ``KOERS_WORK_COUNT_SECONDS``. A
    count reads the user's whole caseload (the measurement waves), too much for every page of
    a large caseload; the work list page itself counts afresh and renews it."""
    if not user.is_authenticated:
        return 0
    count = cache.get(_count_key(user))
    if count is None:
        count = work_count(user)
        cache.set(_count_key(user), count, settings.KOERS_WORK_COUNT_SECONDS)
    return count


@dataclass
class WorkList:
    page: Page
    total: int

    @property
    def items(self) -> list[WorkItem]:
        return list(self.page.object_list)


def work_items(user: User) -> list[WorkItem]:
    """Every item that waits for the user, oldest first."""
    items = [item for source in sources_for(user) for item in source.items(user)]
    items.sort(key=lambda item: (item.since, item.kind, item.url))
    return items


def work_list(user: User, *, page: int | str = 1) -> WorkList:
    """One page of 50 of the user's work list, oldest first."""
    paginator = Paginator(work_items(user), PAGE_SIZE)
    current = paginator.get_page(page)
    cache.set(_count_key(user), paginator.count, settings.KOERS_WORK_COUNT_SECONDS)
    return WorkList(page=current, total=paginator.count)


def _date(day) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _names(user, participants, what: str, *, purpose: str | None = None) -> dict:
    """Display names of ``participants`` (with their data keys loaded), each look logged."""
    participants = list({p.pk: p for p in participants}.values())
    if not participants:
        return {}
    cipher = Cipher().load(p.data_key for p in participants)
    names = {
        p.pk: decrypt_person(p, cipher, show_bsn=False, fields=NAME_FIELDS).display_name
        for p in participants
    }
    log_reads(user, list(names), what, AccessEvent.Action.LIST, purpose=purpose)
    return names


# --- transfers to decide (the receiving team lead) -----------------------------------------


def transfer_items(user: User) -> list[WorkItem]:
    transfers = list(
        transfers_to_decide(user)
        .select_related("enrolment__participant__data_key", "enrolment__programme", "from_team")
        .order_by("requested_at")
    )
    names = _names(
        user, [t.enrolment.participant for t in transfers], "worklist_transfer", purpose="transfer"
    )
    url = reverse("casework:transfers")
    return [
        WorkItem(
            kind="transfer",
            label=_("Overdracht beslissen: %(name)s (%(programme)s) van %(team)s")
            % {
                "name": names[t.enrolment.participant_id],
                "programme": t.enrolment.programme,
                "team": t.from_team.name,
            },
            since=timezone.localdate(t.requested_at),
            url=url,
        )
        for t in transfers
    ]


def transfer_count(user: User) -> int:
    return transfers_to_decide(user).count()


# --- enrolments without a case manager (the team lead assigns one) ---------------------------


def _unassigned(user: User):
    return visible_enrolments(user).filter(status=Enrolment.Status.ACTIVE, caseworker__isnull=True)


def assign_items(user: User) -> list[WorkItem]:
    enrolments = list(
        _unassigned(user)
        .select_related("participant__data_key", "programme")
        .order_by("start_date", "pk")
    )
    names = _names(user, [e.participant for e in enrolments], "worklist_unassigned")
    return [
        WorkItem(
            kind="assign",
            label=_("Casemanager toewijzen: %(name)s (%(programme)s)")
            % {"name": names[e.participant_id], "programme": e.programme},
            since=e.start_date,
            url=reverse("casework:assign", kwargs={"pk": e.pk}),
        )
        for e in enrolments
    ]


def assign_count(user: User) -> int:
    return _unassigned(user).count()


# --- measurement waves due or overdue (the team's caseworkers) ------------------------------


def wave_items(user: User) -> list[WorkItem]:
    due = due_waves_for(user)
    if not due:
        return []
    enrolments = {
        e.pk: e
        for e in Enrolment.objects.filter(pk__in={row.enrolment_id for row in due}).select_related(
            "participant__data_key", "programme"
        )
    }
    instrument_names = dict(Instrument.objects.values_list("code", "name_nl"))
    names = _names(user, [e.participant for e in enrolments.values()], "worklist_wave")
    items = []
    for row in due:
        enrolment = enrolments[row.enrolment_id]
        wave = row.wave
        text = (
            _("Meting te laat: %(instrument)s, %(wave)s (%(date)s) van %(name)s (%(programme)s)")
            if wave.overdue
            else _("Meting: %(instrument)s, %(wave)s (%(date)s) van %(name)s (%(programme)s)")
        )
        url = reverse("casework:measurement_new", kwargs={"pk": enrolment.pk})
        items.append(
            WorkItem(
                kind="wave",
                label=text
                % {
                    "instrument": instrument_names.get(wave.instrument, wave.instrument),
                    "wave": wave_label(wave.wave),
                    "date": _date(wave.date),
                    "name": names[enrolment.participant_id],
                    "programme": enrolment.programme,
                },
                since=wave.date,
                url=f"{url}?{urlencode({'instrument': wave.instrument})}",
                overdue=wave.overdue,
            )
        )
    return items


def wave_count(user: User) -> int:
    return len(due_waves_for(user))


# --- the privacy office: requests, erasures and break-the-glass to review --------------------


def request_items(user: User) -> list[WorkItem]:
    today = timezone.localdate()
    url = reverse("privacy:requests")
    return [
        WorkItem(
            kind="privacy_request",
            label=_("Verzoek van een betrokkene: %(kind)s, uiterlijk %(deadline)s")
            % {"kind": request.get_kind_display(), "deadline": _date(request.deadline)},
            since=request.received_on,
            url=url,
            overdue=request.deadline < today,
        )
        for request in privacy_selectors.open_requests()
    ]


def request_count(user: User) -> int:
    return privacy_selectors.open_requests().count()


def _erasures_to_confirm(user: User):
    # Four eyes: the officer who asked for the erasure does not confirm it.
    return privacy_selectors.pending_erasures().exclude(requested_by=user)


def _asked_by(rows, *, kind: str, label: str, url_name: str, who, when) -> list[WorkItem]:
    """One work item a row, on one page: ``label`` names the user ``who(row)`` whose step
    waits, since the moment ``when(row)``."""
    url = reverse(url_name)
    return [
        WorkItem(
            kind=kind,
            label=label % {"name": who(row).get_full_name() or who(row).username},
            since=timezone.localdate(when(row)),
            url=url,
        )
        for row in rows
    ]


def erasure_items(user: User) -> list[WorkItem]:
    return _asked_by(
        _erasures_to_confirm(user).order_by("requested_at"),
        kind="erasure",
        label=_("Wissen bevestigen (gevraagd door %(name)s)"),
        url_name="privacy:home",
        who=attrgetter("requested_by"),
        when=attrgetter("requested_at"),
    )


def erasure_count(user: User) -> int:
    return _erasures_to_confirm(user).count()


def _unreviewed():
    return BreakGlassAccess.objects.filter(reviewed_at__isnull=True)


def break_glass_items(user: User) -> list[WorkItem]:
    return _asked_by(
        _unreviewed().select_related("user").order_by("opened_at"),
        kind="break_glass",
        label=_("Toegang buiten de caseload beoordelen (door %(name)s)"),
        url_name="privacy:break_glass",
        who=attrgetter("user"),
        when=attrgetter("opened_at"),
    )


def break_glass_count(user: User) -> int:
    return _unreviewed().count()


def retention_items(user: User) -> list[WorkItem]:
    due = len(retention.due_for_retention())
    if not due:
        return []
    return [
        WorkItem(
            kind="retention",
            label=ngettext(
                "Bewaartermijn verstreken: %(n)s deelnemer laten wissen (apply_retention)",
                "Bewaartermijn verstreken: %(n)s deelnemers laten wissen (apply_retention)",
                due,
            )
            % {"n": due},
            since=timezone.localdate(),
            url=reverse("privacy:home"),
        )
    ]


def retention_count(user: User) -> int:
    return 1 if retention.due_for_retention() else 0


def register_sources() -> None:
    for source in (
        WorkSource("casework_transfers", frozenset({TEAM_LEAD}), transfer_items, transfer_count),
        WorkSource("casework_unassigned", frozenset({TEAM_LEAD}), assign_items, assign_count),
        WorkSource("casework_waves", frozenset({CASEWORKER, PEER_EXPERT}), wave_items, wave_count),
        WorkSource("privacy_requests", frozenset({PRIVACY_OFFICER}), request_items, request_count),
        WorkSource("privacy_erasures", frozenset({PRIVACY_OFFICER}), erasure_items, erasure_count),
        WorkSource(
            "privacy_break_glass",
            frozenset({PRIVACY_OFFICER}),
            break_glass_items,
            break_glass_count,
        ),
        WorkSource(
            "privacy_retention", frozenset({PRIVACY_OFFICER}), retention_items, retention_count
        ),
    ):
        register_work_source(source)
