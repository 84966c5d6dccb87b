"""The release policy: every figure that leaves Koers goes out through here, for its audience.

An aggregate is a declared table (``declare``): its code, title, dimensions, what one counted
record is and which population it counts, and the audiences it may go to. Programme apps and
financing declare their tables in their ``tables`` module and hand the true cells to
``release`` with the viewer's audience; they do no suppression or noise arithmetic of their own.

The audiences (docs/privacy-model.md, "The release policy"):

- ``care``: a team's own caseload, exactly.
- ``management``: team leads beyond their teams and the programme office: exact aggregates,
  never a drill-down to a person, each view logged (``log_view``).
  ``KOERS_RELEASE_MANAGEMENT=public`` puts them on the public method instead.
- ``contract``: the evaluators of an agreement: exactly what the agreement pays on (tables
  declared ``contract=True``); any other breakdown by the public method.
- ``public``: anything published or shown without login: the cell key method
  (``privacy.cellkey``), consistent and bounded.
- ``research``: pseudonymised microdata under k-anonymity and l-diversity (``research``), never
  an aggregate table from here.

An amount of money is released exactly or not at all: it is never perturbed (a perturbed
payment is a wrong payment), so a table of amounts cannot be declared for the public.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from privacy import cellkey

TOTAL = "*"  # a dimension summed over, in a cell's key


class Audience(enum.StrEnum):
    CARE = "care"
    MANAGEMENT = "management"
    CONTRACT = "contract"
    PUBLIC = "public"
    RESEARCH = "research"


class Method(enum.StrEnum):
    EXACT = "exact"
    CELL_KEY = "cell_key"


class Measure(enum.StrEnum):
    COUNT = "count"
    AMOUNT = "amount"  # money: exact or not at all
    STATISTIC = "statistic"  # a median or mean of a group: exact or not at all


class NotReleasable(Exception):
    """A table asked for by an audience it is not declared for: a programming error, found by
    the test over all declared tables, never shown to a user as such."""


@dataclass(frozen=True)
class TableSpec:
    code: str
    title: str
    dimensions: tuple[str, ...]
    unit: str
    population: str
    audiences: frozenset[Audience]
    measure: Measure = Measure.COUNT
    contract: bool = False

    def method(self, audience: Audience) -> Method:
        """How this table is released to ``audience`` under the current settings."""
        audience = Audience(audience)
        if audience not in self.audiences:
            raise NotReleasable(f"{self.code} is not declared for the audience {audience}")
        if audience is Audience.CARE:
            return Method.EXACT
        if audience is Audience.MANAGEMENT:
            if management_method() is Method.EXACT:
                return Method.EXACT
            method = Method.CELL_KEY
        elif audience is Audience.CONTRACT:
            method = Method.EXACT if self.contract else Method.CELL_KEY
        elif audience is Audience.PUBLIC:
            method = Method.CELL_KEY
        else:
            raise NotReleasable(f"{self.code}: research gets microdata, not aggregate tables")
        if method is Method.CELL_KEY and self.measure is not Measure.COUNT:
            raise NotReleasable(f"{self.code}: only counts are perturbed; {self.measure} is not")
        return method

    def releasable(self, audience: Audience) -> bool:
        """Whether this table may go to ``audience`` at all under the current settings (a
        page leaves out what is not, and says so)."""
        try:
            self.method(audience)
        except NotReleasable:
            return False
        return True


_DECLARED: dict[str, TableSpec] = {}


def declare(
    code: str,
    *,
    title: str,
    dimensions: Iterable[str],
    unit: str,
    population: str,
    audiences: Iterable[Audience | str],
    measure: Measure | str = Measure.COUNT,
    contract: bool = False,
) -> TableSpec:
    """Declare a table (at import of an app's ``tables`` module). A bad declaration stops the
    start-up with a message, never a page."""
    audiences = frozenset(Audience(a) for a in audiences)
    spec = TableSpec(
        code=code,
        title=title,
        dimensions=tuple(dimensions),
        unit=unit,
        population=population,
        audiences=audiences,
        measure=Measure(measure),
        contract=contract,
    )
    problems = []
    if not code or "." not in code:
        problems.append("a code of the form app.name")
    if not audiences:
        problems.append("at least one audience")
    if Audience.RESEARCH in audiences:
        problems.append("no research audience (research gets microdata)")
    if spec.measure is not Measure.COUNT and Audience.PUBLIC in audiences:
        problems.append(f"no public audience for a table of {spec.measure}")
    if contract and Audience.CONTRACT not in audiences:
        problems.append("the contract audience when contract=True")
    if not unit or not population:
        problems.append("what one record is and which population is counted")
    if len(set(spec.dimensions)) != len(spec.dimensions):
        problems.append("distinct dimensions")
    if problems:
        raise ImproperlyConfigured(f"Table {code!r} needs " + ", ".join(problems) + ".")
    existing = _DECLARED.get(code)
    if existing is not None and existing != spec:
        raise ImproperlyConfigured(f"Table {code!r} is declared twice, differently.")
    _DECLARED[code] = spec
    return spec


def declared() -> dict[str, TableSpec]:
    return dict(_DECLARED)


def management_method() -> Method:
    value = getattr(settings, "KOERS_RELEASE_MANAGEMENT", "exact")
    return Method.EXACT if value == "exact" else Method.CELL_KEY


# --- cells in, figures out ----------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A true cell: how many records it counts and the sum of their record keys (for the cell
    key method), or an amount of money."""

    count: int = 0
    key_sum: int = 0
    amount: Decimal | None = None

    def __add__(self, other: Cell) -> Cell:
        amount = None
        if self.amount is not None or other.amount is not None:
            amount = (self.amount or Decimal("0")) + (other.amount or Decimal("0"))
        return Cell(self.count + other.count, self.key_sum + other.key_sum, amount)


@dataclass(frozen=True)
class Figure:
    """A released figure: an int (a count), a Decimal (an amount), or a statistic (None when
    the group is empty)."""

    value: int | Decimal | None
    method: Method = Method.EXACT

    def __str__(self) -> str:
        return str(self.value)

    def __int__(self) -> int:
        return int(self.value)

    @property
    def perturbed(self) -> bool:
        return self.method is Method.CELL_KEY


@dataclass(frozen=True)
class Released:
    """A table as it may be shown to one audience. A cell that is not in the data is an
    empty group: 0 by either method (an empty cell stays 0)."""

    spec: TableSpec
    audience: Audience
    method: Method
    figures: dict[tuple, Figure] = field(default_factory=dict)

    def __getitem__(self, key) -> Figure:
        key = key if isinstance(key, tuple) else (key,)
        if len(key) != len(self.spec.dimensions):
            raise KeyError(f"{self.spec.code}: a cell has {len(self.spec.dimensions)} keys")
        empty = {Measure.AMOUNT: Decimal("0.00"), Measure.STATISTIC: None}.get(self.spec.measure, 0)
        return self.figures.get(key, Figure(empty, self.method))

    def value(self, *key) -> int | Decimal:
        return self[key].value

    @property
    def total(self) -> Figure:
        return self[(TOTAL,) * len(self.spec.dimensions)]

    @property
    def exact(self) -> bool:
        return self.method is Method.EXACT


@dataclass(frozen=True)
class GridRow:
    label: str
    cells: list[Figure]
    total: Figure


@dataclass(frozen=True)
class Grid:
    """A released two-dimensional table laid out for a page: rows with their totals, and the
    column totals and grand total (each a figure of its own)."""

    title: str
    row_heading: str
    column_labels: list[str]
    rows: list[GridRow]
    column_totals: list[Figure]
    total: Figure
    exact: bool

    @property
    def top(self) -> int:
        """The largest row total, for bar charts."""
        return max([int(row.total) for row in self.rows] or [0])


def grid(
    table: Released,
    rows: list[tuple[object, str]],
    columns: list[tuple[object, str]],
    *,
    row_heading: str = "",
) -> Grid:
    """Lay out a released table of two dimensions: ``rows`` and ``columns`` are (key, label)
    in the order to show, every one shown (an empty group as 0)."""
    if len(table.spec.dimensions) != 2:
        raise ValueError(f"{table.spec.code} has not two dimensions")
    return Grid(
        title=str(table.spec.title),
        row_heading=row_heading,
        column_labels=[label for _key, label in columns],
        rows=[
            GridRow(
                label=label,
                cells=[table[(row, column)] for column, _l in columns],
                total=table[(row, TOTAL)],
            )
            for row, label in rows
        ],
        column_totals=[table[(TOTAL, column)] for column, _l in columns],
        total=table.total,
        exact=table.exact,
    )


def release(spec: TableSpec, cells: Mapping[tuple, Cell], *, audience: Audience | str) -> Released:
    """The table's figures for ``audience``: exact, or each cell perturbed by its own count
    and cell key (a total is a cell of its own, with the keys of everyone it counts)."""
    if spec.code not in _DECLARED:
        raise NotReleasable(f"{spec.code} is not declared")
    audience = Audience(audience)
    method = spec.method(audience)
    width = len(spec.dimensions)
    figures: dict[tuple, Figure] = {}
    for key, cell in cells.items():
        key = key if isinstance(key, tuple) else (key,)
        if len(key) != width:
            raise ValueError(f"{spec.code}: cell {key!r} has not {width} keys")
        if spec.measure is Measure.AMOUNT:
            figures[key] = Figure((cell.amount or Decimal("0")).quantize(Decimal("0.01")), method)
        elif spec.measure is Measure.STATISTIC:
            figures[key] = Figure(cell.amount, method)
        elif method is Method.EXACT:
            figures[key] = Figure(cell.count, method)
        else:
            figures[key] = Figure(cellkey.perturb(cell.count, cell.key_sum), method)
    return Released(spec=spec, audience=audience, method=method, figures=figures)


def tabulate(records: Iterable[tuple[tuple, int]], *, margins: bool = True) -> dict[tuple, Cell]:
    """Cells from records ``(key, record_key)``, one record per counted unit, with every
    margin (a dimension replaced by ``TOTAL``) when ``margins``."""
    cells: dict[tuple, Cell] = {}
    for key, record_key in records:
        for target in _margins(key) if margins else (key,):
            previous = cells.get(target)
            cells[target] = (
                Cell(1, record_key)
                if previous is None
                else Cell(previous.count + 1, previous.key_sum + record_key)
            )
    return cells


def tabulate_units(rows: Iterable[tuple[tuple, object]], *, kind: str) -> dict[tuple, Cell]:
    """Cells from rows ``(key, unit id)`` of units that are not participants (barriers,
    claims, placements): each gets its derived record key (``unit_record_key``)."""
    return tabulate((key, unit_record_key(kind, unit)) for key, unit in rows)


def cells_from_counts(rows: Iterable[tuple[tuple, int, int]]) -> dict[tuple, Cell]:
    """Cells from a database aggregate ``(key, count, sum of record keys)``, one row per cell:
    for large tables of people, where counting and summing the keys in the database keeps
    the release about as fast as the count alone (benchmarks/bench_release.py)."""
    return {key: Cell(count, key_sum or 0) for key, count, key_sum in rows}


def with_margins(cells: Mapping[tuple, Cell]) -> dict[tuple, Cell]:
    """Every margin of cells that hold no margins yet. Exact counts add up; a key sum of a
    margin is the sum of its cells' key sums only when no record is in two cells (a table of
    people where one person is in one cell), which the caller vouches for."""
    result: dict[tuple, Cell] = {}
    for key, cell in cells.items():
        for target in _margins(key):
            result[target] = result.get(target, Cell()) + cell
    return result


def _margins(key: tuple) -> list[tuple]:
    targets = [()]
    for part in key:
        targets = [t + (part,) for t in targets] + [t + (TOTAL,) for t in targets]
    return targets


# --- who is which audience -----------------------------------------------------------------


class Scope(enum.StrEnum):
    TEAM = "team"  # the figures of the viewer's own teams
    PROGRAMME = "programme"  # programme-wide dashboards and counters
    AGREEMENT = "agreement"  # the outcome report of an agreement the viewer is granted on


MANAGEMENT_ROLES = frozenset({"programme_office", "team_lead", "privacy_officer"})
CARE_ROLES = frozenset({"caseworker", "peer_expert", "team_lead"})


def audience_for(user, scope: Scope | str) -> Audience:
    """The audience of a viewer for figures of a scope. The page has checked that the viewer
    may see the page at all; this says how exact its figures are. Anyone else, and anyone
    without login, is the public."""
    from accounts.permissions import user_roles

    scope = Scope(scope)
    roles = user_roles(user) if user is not None else frozenset()
    if not roles:
        return Audience.PUBLIC
    if scope is Scope.TEAM:
        return Audience.CARE if roles & CARE_ROLES else Audience.PUBLIC
    if scope is Scope.AGREEMENT and "evaluator" in roles:
        return Audience.CONTRACT
    if roles & MANAGEMENT_ROLES:
        return Audience.MANAGEMENT
    return Audience.PUBLIC


# --- record keys of other units -----------------------------------------------------------


@lru_cache(maxsize=1)
def _unit_key_secret() -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    from privacy.keys import keyring

    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"koers/record-key/v1"
    ).derive(keyring().pseudonym_secret)


def unit_record_key(kind: str, unit_id) -> int:
    """The permanent record key of a counted unit that is not a participant (a barrier, a
    claim, a placement): derived from its id under a secret key, so it needs no column and is
    the same every time; like a participant's, it never leaves Koers."""
    digest = hmac.new(_unit_key_secret(), f"{kind}:{unit_id}".encode(), hashlib.sha256).digest()
    return digest[0] % cellkey.KEY_RANGE


# --- logging a view of management figures --------------------------------------------------


def log_view(user, specs: Iterable[TableSpec], *, audience: Audience | str, where: str) -> None:
    """One access event for a page or file of aggregates (no subject): which tables, for which
    audience. Written for management and contract views; care pages log their files."""
    from privacy.models import AccessEvent
    from privacy.services import Look, log_access

    audience = Audience(audience)
    if audience not in {Audience.MANAGEMENT, Audience.CONTRACT}:
        return
    codes = ",".join(sorted({spec.code for spec in specs}))
    log_access(
        user=user,
        looks=[
            Look(
                subject_id=None,
                subject_type="aggregate",
                what=f"{where}:{audience}:{codes}"[:200],
                action=AccessEvent.Action.VIEW,
            )
        ],
    )
