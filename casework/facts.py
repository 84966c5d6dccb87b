"""Non-identifying facts of the casework core, for research exports and results-based
financing (``research`` and ``financing`` read case data through this module and the
programme apps' selectors, never through the models, and never decrypt).

Every function takes the participants to read as a queryset or list of ids that the caller has
already selected and checked (a study's consented cohort, an agreement's consented
participants), returns plain values only (no encrypted column is ever selected) and iterates
in chunks, so that memory stays flat whatever the cohort size. Nothing here logs: the callers
log what they export or report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import CharField, Count, ExpressionWrapper, F, Q, QuerySet, Sum

from casework.models import (
    Enrolment,
    Goal,
    Household,
    HouseholdMembership,
    Measurement,
    MeasurementValue,
    OutcomeValue,
    Participant,
)

CHUNK = 2000


# On PostgreSQL, what a job that reads whole cohorts sets for its reads (see ``bulk_reads``).
BULK_READ_SETTINGS = {"cursor_tuple_fraction": "1", "enable_nestloop": "off"}


@contextmanager
def bulk_reads(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """For a job that reads every row of a cohort (a research export): on PostgreSQL, plan
    each query for reading all of its rows, and reset that afterwards. Nothing on SQLite.

    Measured at 10,000 participants on tables that autovacuum had not analysed yet (right
    after an import): the planner took the consented cohort for one row and chose nested
    loops that compared every score with the whole cohort (the highest goal position: 44 s
    instead of 0.2 s), and a chunked read through a server-side cursor was planned for its
    first tenth of rows (``cursor_tuple_fraction``: 65 s instead of 0.6 s for the scores).
    Hash joins cost a scan where a small cohort would have used an index, which a job that
    reads everything can afford."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        for name, value in BULK_READ_SETTINGS.items():
            cursor.execute(f"SET {name} = {value}")
    try:
        yield
    finally:
        if connection.connection is not None and not connection.needs_rollback:
            with connection.cursor() as cursor:
                for name in BULK_READ_SETTINGS:
                    cursor.execute(f"RESET {name}")


def cohort(
    *,
    purpose: str,
    programme_codes: Iterable[str],
    start: dt.date | None = None,
    end: dt.date | None = None,
    on_date: dt.date | None = None,
) -> QuerySet[Participant]:
    """Participants (not erased) with consent for ``purpose`` in force on ``on_date`` (today by
    default) and an enrolment in one of the programmes that overlaps [start, end]. A queryset
    of ids only: use it as ``participant_ids`` below."""
    from casework.selectors import participants_with_consent

    enrolments = Enrolment.objects.filter(programme__code__in=list(programme_codes))
    if end is not None:
        enrolments = enrolments.filter(start_date__lte=end)
    if start is not None:
        enrolments = enrolments.filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
    return (
        participants_with_consent(purpose, on_date)
        .filter(pk__in=enrolments.values("participant_id"))
        .values_list("pk", flat=True)
    )


def record_keys(participant_ids) -> dict:
    """participant id -> the permanent record key of the cell key method (``privacy.cellkey``),
    for callers that release figures through ``privacy.release``: the key perturbs a published
    figure and is never shown or exported itself. One query."""
    return dict(
        Participant.objects.filter(pk__in=participant_ids, erased_at__isnull=True).values_list(
            "pk", "record_key"
        )
    )


def record_key_total(participant_ids) -> tuple[int, int]:
    """How many participants (not erased) and the sum of their record keys: one cell of a
    released table (``privacy.release.Cell``), in one aggregate query, whatever their number."""
    from django.db.models import Sum

    row = Participant.objects.filter(pk__in=participant_ids, erased_at__isnull=True).aggregate(
        n=Count("pk"), keys=Sum("record_key")
    )
    return row["n"] or 0, row["keys"] or 0


def participant_facts(participant_ids) -> Iterator[dict]:
    """id, year_of_birth, gender, wijk, for each participant, ordered by id."""
    yield from _rows(
        Participant.objects.filter(pk__in=participant_ids, erased_at__isnull=True),
        order=("pk",),
        columns=("id", "year_of_birth", "gender", "wijk"),
    )


def household_facts(participant_ids, *, on_date: dt.date | None = None) -> Iterator[dict]:
    """participant_id, household_id, role and the household's size (members on ``on_date``,
    today by default) of each current membership."""
    on_date = on_date or dt.date.today()
    current = Q(memberships__start_date__lte=on_date) & (
        Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=on_date)
    )
    memberships = HouseholdMembership.objects.filter(
        participant_id__in=participant_ids, start_date__lte=on_date
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=on_date))
    sizes = dict(
        Household.objects.filter(pk__in=memberships.values("household_id"))
        .annotate(size=Count("memberships", filter=current))
        .values_list("pk", "size")
    )
    for row in _rows(
        memberships, order=("participant_id",), columns=("participant_id", "household_id", "role")
    ):
        row["household_size"] = sizes.get(row["household_id"], 0)
        yield row


def enrolment_facts(participant_ids, *, programme_codes: Iterable[str] | None = None):
    """id, participant_id, programme code, team code, start_date, end_date, status."""
    enrolments = Enrolment.objects.filter(participant_id__in=participant_ids)
    if programme_codes is not None:
        enrolments = enrolments.filter(programme__code__in=list(programme_codes))
    yield from _rows(
        enrolments,
        order=("participant_id", "start_date"),
        columns=("id", "participant_id", "start_date", "end_date", "status"),
        renamed={"programme_code": "programme__code", "team_code": "team__code"},
    )


def measurement_facts(
    participant_ids, *, instrument_codes: Iterable[str] | None = None
) -> Iterator[dict]:
    """One row per score: participant_id, programme code, instrument code, wave, date, item
    (for goal attainment: the goal's position in its plan, never its text), value.

    One query over the scores joined with their measurement, instrument, enrolment and goal
    (the cohort is a sub-select of the same query); no record id is read, as every id is a
    UUID to convert per row and an export of half a million scores has no use for them."""
    values = MeasurementValue.objects.filter(measurement__participant_id__in=participant_ids)
    if instrument_codes is not None:
        values = values.filter(measurement__instrument__code__in=list(instrument_codes))
    yield from _once_per_run(
        _rows(
            values,
            order=("measurement__participant_id", "measurement__date", "item"),
            columns=("value", "item"),
            renamed={
                **_score_columns("programme_code", "instrument_code", "wave", "goal_position"),
                **_as_read(_score_columns("participant_id", "date")),
            },
        ),
        {"participant_id": Measurement._meta.pk, "date": Measurement._meta.get_field("date")},
    )


def outcome_facts(participant_ids, *, measure_codes: Iterable[str] | None = None):
    """One row per outcome value: id, participant_id, enrolment_id, programme code, measure code,
    date, value_number, value_choice, value_bool."""
    values = OutcomeValue.objects.filter(participant_id__in=participant_ids)
    if measure_codes is not None:
        values = values.filter(measure__code__in=list(measure_codes))
    yield from _rows(
        values,
        order=("participant_id", "date", "recorded_at"),
        columns=(
            "id",
            "participant_id",
            "enrolment_id",
            "date",
            "value_number",
            "value_choice",
            "value_bool",
        ),
        renamed={"programme_code": "enrolment__programme__code", "measure_code": "measure__code"},
    )


def goal_facts(participant_ids) -> Iterator[dict]:
    """One row per goal: id, participant_id, enrolment_id, programme code, position,
    life_domain, status, created_on. Never the goal's text."""
    yield from _rows(
        Goal.objects.filter(plan__enrolment__participant_id__in=participant_ids),
        order=("plan__enrolment__participant_id", "created_on", "position"),
        columns=("id", "position", "life_domain", "status", "created_on"),
        renamed={
            "participant_id": "plan__enrolment__participant_id",
            "enrolment_id": "plan__enrolment_id",
            "programme_code": "plan__enrolment__programme__code",
        },
    )


def goal_attainment_facts(participant_ids) -> Iterator[dict]:
    """Per-goal attainment scores (0-10, by the participant's own judgement): participant_id,
    enrolment_id, goal_id, goal position, wave, date, value, recorded_by_id."""
    yield from _rows(
        _goal_scores(participant_ids),
        order=("measurement__participant_id", "goal_id", "measurement__date"),
        columns=("value", "goal_id", "measurement_id"),
        renamed=_score_columns("participant_id", "enrolment_id", "goal_position", "wave", "date"),
    )


# --- facts with record ids, for the evidence of financing claims ----------------------------


def item_facts(participant_ids, *, instrument: str, item: str) -> Iterator[dict]:
    """Scores of one item of one instrument: participant_id, measurement_id, enrolment_id,
    instrument_code, item, date, value; ordered by participant and date."""
    yield from _rows(
        _item_scores(participant_ids, instrument=instrument, item=item),
        order=("measurement__participant_id", "measurement__date", "measurement_id"),
        columns=("value", "item", "measurement_id"),
        renamed=_score_columns("participant_id", "enrolment_id", "instrument_code", "date"),
    )


def goal_rise_candidates(participant_ids, *, min_rise: int):
    """Goals (ids, as a subquery) whose goal-attainment scores span at least ``min_rise``
    points: a necessary condition of a rise of ``min_rise`` over the first score, computed in
    the database so that only these goals' scores are read and evaluated in Python."""
    from django.db.models import F, Max, Min

    return (
        _goal_scores(participant_ids)
        .values("goal_id")
        .annotate(lo=Min("value"), hi=Max("value"))
        .filter(hi__gte=F("lo") + min_rise)
        .values("goal_id")
    )


def goal_attainment_rows(goal_ids) -> Iterator[dict]:
    """Per-goal attainment scores of the given goals: participant_id, goal_id,
    measurement_id, goal_position, date, value; ordered by participant, goal and date."""
    yield from _rows(
        MeasurementValue.objects.filter(goal_id__in=goal_ids),
        order=("measurement__participant_id", "goal_id", "measurement__date"),
        columns=("value", "goal_id", "measurement_id"),
        renamed=_score_columns("participant_id", "goal_position", "date"),
    )


def item_rise_candidates(
    participant_ids, *, instrument: str, item: str, from_max: int, to_min: int
):
    """Participants (ids, as a subquery) with a score of ``item`` at most ``from_max`` and one
    at least ``to_min``: a necessary condition of the rise, computed in the database."""
    from django.db.models import Max, Min

    return (
        _item_scores(participant_ids, instrument=instrument, item=item)
        .values("measurement__participant_id")
        .annotate(lo=Min("value"), hi=Max("value"))
        .filter(lo__lte=from_max, hi__gte=to_min)
        .values("measurement__participant_id")
    )


def household_member_ids(household_id) -> list:
    """Current and former members of a household (ids only)."""
    from casework.models import HouseholdMembership

    return list(
        HouseholdMembership.objects.filter(household_id=household_id).values_list(
            "participant_id", flat=True
        )
    )


def max_goal_position(participant_ids, instrument_codes) -> int:
    """The highest goal position scored among the participants (0 when none)."""
    from django.db.models import Max

    value = MeasurementValue.objects.filter(
        measurement__participant_id__in=participant_ids,
        measurement__instrument__code__in=list(instrument_codes),
        goal__isnull=False,
    ).aggregate(top=Max("goal__position"))["top"]
    return int(value or 0)


def team_participant_ids(user, programme) -> QuerySet:
    """Ids of the participants (not erased) with an enrolment in ``programme`` of one of
    ``user``'s active teams: the part of a cohort a team lead may act for."""
    from accounts.models import TeamMembership

    teams = TeamMembership.objects.filter(user=user, team__active=True).values("team_id")
    return (
        Enrolment.objects.filter(
            programme=programme, team_id__in=teams, participant__erased_at__isnull=True
        )
        .values_list("participant_id", flat=True)
        .distinct()
    )


def reach_by_wijk(*, programme_codes: Iterable[str], start: dt.date, end: dt.date) -> list:
    """Per wijk, how many participants (not erased) had an enrolment in one of the programmes
    that ran during [start, end], and the sum of their record keys: ``(wijk, count, key sum)``
    rows counted in the database (each person once), for a release through the release policy.
    Participants without a wijk come back under the wijk ``""``."""
    enrolled = Enrolment.objects.filter(
        programme__code__in=list(programme_codes), start_date__lte=end
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
    return list(
        Participant.objects.filter(erased_at__isnull=True, pk__in=enrolled.values("participant_id"))
        .order_by()
        .values_list("wijk")
        .annotate(count=Count("pk"), key_sum=Sum("record_key"))
    )


def participant_ref(pk) -> Participant | None:
    """A participant by internal id with no column but the key (nothing to decrypt)."""
    return Participant.objects.only("id").filter(pk=pk).first()


def household_ref(pk) -> Household | None:
    """A household by internal id with no column but the key (nothing to decrypt)."""
    return Household.objects.only("id").filter(pk=pk).first()


def all_participant_ids() -> Iterator:
    """Every participant's internal id (the key only), in chunks: for the privacy officer's
    re-identification, which recomputes pseudonyms of all of them."""
    return Participant.objects.order_by("pk").values_list("pk", flat=True).iterator(CHUNK)


def measurement_dates(participant_ids) -> dict:
    """participant_id -> (first, last) measurement date, one query."""
    from django.db.models import Max, Min

    return {
        row["participant_id"]: (row["first"], row["last"])
        for row in Measurement.objects.filter(participant_id__in=participant_ids)
        .values("participant_id")
        .annotate(first=Min("date"), last=Max("date"))
    }


# --- the shared shape of the reads above -----------------------------------------------------

# A score's columns outside MeasurementValue, by the names its rows carry them under (never a
# text: a goal is its position in its plan).
SCORE_COLUMNS = {
    "participant_id": "measurement__participant_id",
    "enrolment_id": "measurement__enrolment_id",
    "programme_code": "measurement__enrolment__programme__code",
    "instrument_code": "measurement__instrument__code",
    "wave": "measurement__wave",
    "date": "measurement__date",
    "goal_position": "goal__position",
}


def _score_columns(*names: str) -> dict[str, str]:
    return {name: SCORE_COLUMNS[name] for name in names}


def _goal_scores(participant_ids) -> QuerySet[MeasurementValue]:
    """The participants' per-goal attainment scores."""
    return MeasurementValue.objects.filter(
        measurement__participant_id__in=participant_ids,
        measurement__instrument__code="goal_attainment",
        goal__isnull=False,
    )


def _item_scores(participant_ids, *, instrument: str, item: str) -> QuerySet[MeasurementValue]:
    """The participants' scores of one item of one instrument."""
    return MeasurementValue.objects.filter(
        measurement__participant_id__in=participant_ids,
        measurement__instrument__code=instrument,
        item=item,
    )


def _as_read(renamed: dict[str, str]) -> dict[str, ExpressionWrapper]:
    """The columns of ``renamed`` as the database driver returns them, without Django's
    conversion per row (on SQLite a UUID or a date is text that Django parses for every row:
    a quarter of an export's time over half a million scores). ``_once_per_run`` converts
    them."""
    return {
        name: ExpressionWrapper(F(path), output_field=CharField()) for name, path in renamed.items()
    }


def _once_per_run(rows: Iterator[dict], fields: dict) -> Iterator[dict]:
    """The rows with each column of ``fields`` (name -> model field) converted by its field,
    once per run of equal values as read: the rows are ordered by them (a person's scores,
    and within them the days), so a value is converted about once per person or day, and
    the rows of one run share one object."""
    # Per column: its name, its field, the value last read and what that was converted to.
    last = [[name, field, None, None] for name, field in fields.items()]
    for row in rows:
        for column in last:
            read = row[column[0]]
            if read != column[2] or read is None:
                column[2] = read
                column[3] = None if read is None else column[1].to_python(read)
            row[column[0]] = column[3]
        yield row


def _rows(
    queryset: QuerySet, *, order: tuple[str, ...], columns: tuple[str, ...], renamed=None
) -> Iterator[dict]:
    """Plain rows in ``order``, read in chunks: the ``columns`` of the model by their own names,
    then those of ``renamed`` (row name -> path through the relations, or an expression)."""
    expressions = {
        name: path if hasattr(path, "resolve_expression") else F(path)
        for name, path in (renamed or {}).items()
    }
    yield from (
        queryset.order_by(*order).values(*columns, **expressions).iterator(chunk_size=CHUNK)
    )
