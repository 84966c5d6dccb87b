"""The research audience of the release policy: k-anonymity of pseudonymised microdata, with
the generalisation hierarchies of the quasi-identifiers and the search for the generalisation
with the least information loss. No database, no files: ``research.engine`` feeds counts in
and writes what this decides (figures leave Koers only through ``privacy``).

A person's quasi-identifiers are one raw tuple, in the order of ``HIERARCHIES``. Each
hierarchy turns a raw value into what is written at a level: level 0 as recorded, the last
level the most general (for most: suppressed). A **node** is one level per hierarchy. A
variable the export does not carry sits at its top level.

**What the group already holds.** A research group's earlier releases are linkable to a new
one by content (see docs/research.md), so the attacker knows each quasi-identifier at the
finest level any of them released: the *floor*. The classes that count are those of the
*combined* node, level by level the finer of the new node and the floor; k must hold there.

**The search** (as ARX does, over the whole lattice, not a fixed order): every node is
visited in order of its information loss (the precision metric: the mean over the exported
quasi-identifiers of level / top level), skipping those below a node already found to fail
(k-anonymity with a suppression limit is monotone: generalising never makes it fail), and
the first node that holds, with the fewest suppressed people among the nodes of the same
loss, is the optimum. The lattice has at most 4 x 2 x 3 x 4 x 2 x 4 = 768 nodes.

A node holds when at most ``MAX_SUPPRESSED_SHARE`` of the cohort falls in classes under k
beyond those that no node avoids (the classes under k of the top node: programme
participation always shows, and what the group holds cannot be taken back). Those people's
quasi-identifiers are suppressed (written at the top level); the suppressed people form
their own classes (by what the floor and the top levels still say), and who stays alone
there under k is left out of the release.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import product

MAX_SUPPRESSED_SHARE = 0.05
SUPPRESSED = None  # a suppressed or unknown value is missing in every format


# --- hierarchies ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hierarchy:
    name: str  # the catalogue variable that carries it
    levels: tuple[str, ...]  # what each level keeps, in words (English; translated in views)
    generalise: Callable[[object, int], object]

    @property
    def top(self) -> int:
        return len(self.levels) - 1


AGE_WIDTHS = (5, 10, 20)


def age_band(age: int | None, level: int) -> str | None:
    if age is None or age < 0 or level >= len(AGE_WIDTHS):
        return SUPPRESSED
    width = AGE_WIDTHS[level]
    top = 80 if width < 20 else 60
    if age >= top:
        return f"{top}+"
    low = age // width * width
    return f"{low}-{low + width - 1}"


def gender_value(gender: str, level: int) -> str | None:
    return gender if level == 0 and gender else SUPPRESSED


def wijk_value(wijk: str, level: int) -> str | None:
    if not wijk or level >= 2:
        return SUPPRESSED
    return wijk if level == 0 else "leeuwarden-oost"


def household_band(size: int | None, level: int) -> str | None:
    if not size:
        return SUPPRESSED
    if level == 0:
        return str(size) if size < 6 else "6+"
    if level == 1:
        return {1: "1", 2: "2", 3: "3-4", 4: "3-4"}.get(size, "5+")
    if level == 2:
        return "1" if size == 1 else "2+"
    return SUPPRESSED


def household_link(members: int, level: int) -> int | None:
    """How many people of the release share the person's household pseudonym: what anyone
    counts in the participants file when the pseudonym is written (level 0)."""
    return members if level == 0 and members else SUPPRESSED


def month_index(day: dt.date | None) -> int | None:
    return day.year * 12 + day.month - 1 if day else None


def month_date(index: int | None, level: int) -> dt.date | None:
    """A month (as an index) written at a level of the programme history: the first day of
    its month, quarter or year; nothing from level 3 on."""
    if index is None or level >= 3:
        return None
    year, month = divmod(index, 12)
    month += 1
    if level == 1:
        month = (month - 1) // 3 * 3 + 1
    elif level == 2:
        month = 1
    return dt.date(year, month, 1)


ENDED = frozenset({"completed", "stopped"})


def history_value(history: tuple, level: int) -> tuple:
    """Per programme of the study: (start, exit, status) as written. ``history`` holds per
    programme None (never enrolled) or (start month index, exit month index or None,
    status). Whether someone took part, and whether it ended, always shows: the measurement
    files name the programme and the exit wave, so no level hides it."""
    out = []
    for entry in history:
        if entry is None:
            out.append(None)
            continue
        start, exit_, status = entry
        if level >= 3:
            out.append((None, None, "ended" if status in ENDED else "ongoing"))
        else:
            out.append((month_date(start, level), month_date(exit_, level), status))
    return tuple(out)


HIERARCHIES = (
    Hierarchy(
        "age_band", ("5-year bands", "10-year bands", "20-year bands", "suppressed"), age_band
    ),
    Hierarchy("gender", ("as recorded", "suppressed"), gender_value),
    Hierarchy("wijk", ("wijk", "Leeuwarden Oost", "suppressed"), wijk_value),
    Hierarchy(
        "household_size", ("1-5, 6+", "1, 2, 3-4, 5+", "1, 2+", "suppressed"), household_band
    ),
    Hierarchy("household", ("pseudonym", "suppressed"), household_link),
    Hierarchy(
        "programme_history",
        ("months", "quarters", "years", "taken part, ongoing or ended"),
        history_value,
    ),
)
NAMES = tuple(h.name for h in HIERARCHIES)
BY_NAME = {h.name: h for h in HIERARCHIES}


def top_node() -> dict[str, int]:
    return {h.name: h.top for h in HIERARCHIES}


def generalise(raw: tuple, levels: dict[str, int]) -> tuple:
    return tuple(
        h.generalise(value, levels[h.name]) for h, value in zip(HIERARCHIES, raw, strict=False)
    )


def combine(levels: dict[str, int], floor: dict[str, int] | None) -> dict[str, int]:
    """What the attacker knows with the group's earlier releases: level by level the finer."""
    floor = floor or {}
    return {name: min(level, floor.get(name, level)) for name, level in levels.items()}


# --- the search --------------------------------------------------------------------------------


@dataclass
class Decision:
    """The chosen node and what it does to the cohort."""

    levels: dict[str, int]  # of this release
    combined: dict[str, int]  # with what the group already holds
    k: int
    cohort: int
    suppressed: set = field(default_factory=set)  # raw tuples whose QIs are suppressed
    removed: set = field(default_factory=set)  # raw tuples left out of the release
    classes: int = 0
    smallest: int = 0
    evaluated: int = 0
    feasible: bool = True
    node: tuple = ()  # the levels of the exported quasi-identifiers, as searched
    floor: dict = field(default_factory=dict)

    def output(self, raw: tuple) -> tuple | None:
        """The quasi-identifiers as written, or None when the person is left out."""
        if raw in self.removed:
            return None
        if raw in self.suppressed:
            return generalise(raw, top_node())
        return generalise(raw, self.levels)

    def known(self, raw: tuple) -> tuple | None:
        """The class the person is in for an attacker who holds the group's earlier releases
        too (the unit of l-diversity), or None when left out."""
        if raw in self.removed:
            return None
        if raw in self.suppressed:
            return generalise(raw, combine(top_node(), self.floor))
        return generalise(raw, self.combined)

    @property
    def suppressed_people(self) -> int:
        return self._people(self.suppressed)

    @property
    def removed_people(self) -> int:
        return self._people(self.removed)

    def _people(self, raws) -> int:
        return sum(self._counts.get(raw, 0) for raw in raws)

    _counts: dict = field(default_factory=dict, repr=False)


class Lattice:
    """The counts of one cohort per raw tuple, with the generalisations cached per value."""

    def __init__(self, counts: Counter) -> None:
        self.counts = counts
        self.total = sum(counts.values())
        self._cache: dict[tuple[int, int], dict] = {}
        # Column by column, the raw values and their counts in one order: a node's classes
        # are then the generalised columns zipped, without a call per raw tuple.
        self._raw_columns = list(zip(*counts, strict=True)) if counts else []
        # Most raw tuples hold one person: a node's classes are counted by ``Counter`` over
        # the keys (one each), and only the tuples of more people add the rest in Python.
        self._heavy = [i for i, n in enumerate(counts.values()) if n > 1]
        self._extra = [counts[raw] - 1 for raw in counts if counts[raw] > 1]

    def _column(self, index: int, level: int) -> dict:
        key = (index, level)
        if key not in self._cache:
            hierarchy = HIERARCHIES[index]
            self._cache[key] = {
                value: hierarchy.generalise(value, level)
                for value in {raw[index] for raw in self.counts}
            }
        return self._cache[key]

    def classes(self, levels: dict[str, int]) -> Counter:
        classes: Counter = Counter()
        if not self.counts:
            return classes
        generalised = [
            list(map(self._column(i, levels[h.name]).__getitem__, self._raw_columns[i]))
            for i, h in enumerate(HIERARCHIES)
        ]
        classes.update(zip(*generalised, strict=True))
        for i, extra in zip(self._heavy, self._extra, strict=True):
            classes[tuple(column[i] for column in generalised)] += extra
        return classes

    def key(self, raw: tuple, levels: dict[str, int]) -> tuple:
        return tuple(
            self._column(i, levels[h.name])[value]
            for i, (h, value) in enumerate(zip(HIERARCHIES, raw, strict=False))
        )


def loss(levels: dict[str, int], exported: Iterable[str]) -> float:
    exported = [name for name in exported if BY_NAME[name].top]
    if not exported:
        return 0.0
    return sum(levels[name] / BY_NAME[name].top for name in exported) / len(exported)


def search(
    lattice: Lattice,
    *,
    exported: Iterable[str],
    k: int,
    floor: dict[str, int] | None = None,
    excluded: Iterable[tuple] = (),
    limit: float = MAX_SUPPRESSED_SHARE,
) -> Decision:
    """The node of least loss over the exported quasi-identifiers whose combined classes
    hold k with at most ``limit`` of the cohort suppressed beyond the unavoidable. The top
    node always qualifies; ``feasible`` is False when even there nobody would be left
    (everyone is under k)."""
    exported = [name for name in NAMES if name in set(exported)]
    free = [BY_NAME[name] for name in exported]
    allowed = _allowed(lattice, free, k=k, floor=floor, limit=limit)
    best, evaluated = _least_loss(
        lattice, free, k=k, floor=floor, excluded=set(excluded), allowed=allowed
    )
    if best is None:  # only when the excluded nodes include the top
        best = tuple(h.top for h in free)
    decision = _decide(lattice, _levels(free, best), k=k, floor=floor)
    decision.evaluated = evaluated
    decision.feasible = decision.removed_people < lattice.total
    decision.node = best
    return decision


def _short(classes: Counter, k: int) -> int:
    """The people in classes under k."""
    return sum(n for n in classes.values() if n < k)


def _allowed(lattice: Lattice, free: list[Hierarchy], *, k: int, floor, limit: float) -> float:
    """How many people a node may suppress. What no generalisation can avoid (the top node's
    classes under k: the programme participation that always shows, what the group already
    holds) does not count against the limit; the limit is on what a node suppresses beyond
    that."""
    top = _levels(free, tuple(h.top for h in free))
    unavoidable = _short(lattice.classes(combine(top, floor)), k)
    return unavoidable + lattice.total * limit


def _node_loss(node: tuple, free: list[Hierarchy]) -> float:
    return sum(lv / h.top for lv, h in zip(node, free, strict=False) if h.top)


def _under_a_failed(node: tuple, failed: list[tuple]) -> bool:
    """Whether the node is at or below (no level higher than) a node that failed."""
    return any(all(a <= b for a, b in zip(node, f, strict=False)) for f in failed)


def _least_loss(
    lattice: Lattice, free: list[Hierarchy], *, k: int, floor, excluded: set, allowed: float
) -> tuple[tuple | None, int]:
    """The first node in order of loss that holds, with the fewest suppressed among the
    nodes of its loss (None when every node that holds is excluded), and how many nodes
    were evaluated."""
    nodes = sorted(
        product(*(range(h.top + 1) for h in free)),
        key=lambda node: (_node_loss(node, free), node),
    )
    failed: list[tuple] = []
    evaluated = 0
    best: tuple | None = None
    best_loss = best_short = None
    for node in nodes:
        node_loss = _node_loss(node, free)
        if best is not None and node_loss > best_loss + 1e-9:
            break
        if node in excluded or _under_a_failed(node, failed):
            continue
        evaluated += 1
        short = _short(lattice.classes(combine(_levels(free, node), floor)), k)
        if short > allowed:
            failed.append(node)
            continue
        if best is None or short < best_short:
            best, best_loss, best_short = node, node_loss, short
    return best, evaluated


def _levels(free: list[Hierarchy], node: tuple) -> dict[str, int]:
    levels = top_node()
    levels.update({h.name: level for h, level in zip(free, node, strict=False)})
    return levels


def _decide(lattice: Lattice, levels: dict[str, int], *, k: int, floor) -> Decision:
    combined = combine(levels, floor)
    classes = lattice.classes(combined)
    suppressed = {raw for raw in lattice.counts if classes[lattice.key(raw, combined)] < k}
    pool_levels = combine(top_node(), floor)
    pool: Counter = Counter()
    for raw in suppressed:
        pool[lattice.key(raw, pool_levels)] += lattice.counts[raw]
    # Everyone not suppressed is in a class of at least k; the suppressed form classes by
    # what the floor and the top levels still say of them, and who stays under k there is
    # left out.
    removed = {raw for raw in suppressed if pool[lattice.key(raw, pool_levels)] < k}
    suppressed -= removed
    final = Counter()
    for raw, n in lattice.counts.items():
        if raw in removed:
            continue
        key = lattice.key(raw, pool_levels) if raw in suppressed else lattice.key(raw, combined)
        final[("s", key) if raw in suppressed else ("c", key)] += n
    decision = Decision(
        levels=levels,
        combined=combined,
        k=k,
        cohort=lattice.total,
        suppressed=suppressed,
        removed=removed,
        classes=len(final),
        smallest=min(final.values()) if final else 0,
        floor=dict(floor or {}),
    )
    decision._counts = lattice.counts
    return decision


def describe(levels: dict[str, int], exported: Iterable[str]) -> dict[str, dict]:
    return {
        name: {"level": levels[name], "description": BY_NAME[name].levels[levels[name]]}
        for name in NAMES
        if name in set(exported)
    }


# --- an independent check on what was written ----------------------------------------------------


def smallest_class_of(classes: Counter) -> int:
    """The size of the smallest class (0 when there is none)."""
    return min(classes.values()) if classes else 0
