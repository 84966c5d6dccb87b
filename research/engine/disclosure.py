"""Passes 1 to 4 of the export: the generalisation of least loss whose written classes hold
k and l, and the disclosure report that says what it cost."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from privacy import anonymity as an
from research.engine.cohort import Scope, household_members, people
from research.engine.plan import Plan, ReleaseRefused

MAX_ATTEMPTS = 6  # searches before the household pseudonym is left out


@dataclass
class Outcome:
    """What the checks decided: the node, the values to suppress, the people left out."""

    decision: an.Decision
    blocked: set = field(default_factory=set)  # (known class, variable, wave)
    left_out: set = field(default_factory=set)  # known classes left out (held values)
    attempts: int = 1
    smallest_written: int = 0
    quasi_identifiers: list[str] = field(default_factory=list)
    # Per raw combination (a few per class, never per row): what ``output`` and ``known``
    # return, computed once instead of for every person and pass.
    _outputs: dict = field(default_factory=dict, init=False, repr=False)
    _known: dict = field(default_factory=dict, init=False, repr=False)

    def output(self, raw: tuple) -> tuple | None:
        """The quasi-identifiers as written, or None when the person is left out."""
        if raw not in self._outputs:
            known = self.known(raw)
            left_out = known is None or known in self.left_out
            self._outputs[raw] = None if left_out else self.decision.output(raw)
        return self._outputs[raw]

    def known(self, raw: tuple) -> tuple | None:
        """The person's class for an attacker who holds the group's earlier releases."""
        if raw not in self._known:
            self._known[raw] = self.decision.known(raw)
        return self._known[raw]


def _add_values(groups: dict[tuple, list], key: tuple, values: set, l: int) -> None:  # noqa: E741
    """Add one person's values to a group: [distinct values (up to l), values held by all]."""
    group = groups.get(key)
    if group is None:
        groups[key] = [set(list(values)[:l]), set(values)]
        return
    distinct, common = group
    for value in values:
        if len(distinct) >= l:
            break
        distinct.add(value)
    common &= values


def _refines(plan: Plan, decision: an.Decision) -> bool:
    """Whether this release makes the classes finer than those the group already holds."""
    top = an.top_node()
    return any(level < plan.floor.get(name, top[name]) for name, level in decision.combined.items())


def _diversity(plan: Plan, cohort, members: Counter, decision: an.Decision):
    """l per person: for each (known class, sensitive variable, wave) the values of the
    people in it. A group fails when fewer than l values differ, or one value is held by
    every person of it (then belonging to the class gives that value away). Returns the
    failing groups of this export's variables and the classes that fail for a value the
    group already holds."""
    held = {v.name for v in plan.held_sensitive}
    variables = {v.name: v for v in [*plan.sensitive, *plan.held_sensitive]}
    if not variables:
        return set(), set()
    scope = Scope(plan, list(variables.values()))
    scores, outcomes = scope.streams(cohort)
    groups: dict[tuple, list] = {}
    for person in people(plan, cohort, members):
        known = decision.known(person.raw)
        mine: dict[tuple, set] = {}
        for variable, wave, value, _row in scope.values(scores, outcomes, person.id):
            if value is not None:
                mine.setdefault((known, variable.name, wave), set()).add(value)
        if known is None:
            continue
        for key, values in mine.items():
            _add_values(groups, key, values, plan.l)
    failing = {
        key for key, (distinct, common) in groups.items() if len(distinct) < plan.l or common
    }
    # A value the group holds was released in the floor's classes. Where this release makes
    # the classes finer, a failing group there would give the held value away: the class is
    # left out. Where it does not, the classes are those of the earlier release, and
    # suppressing this release's values suffices.
    refines = _refines(plan, decision)
    left_out = {key[0] for key in failing if key[1] in held} if refines else set()
    own = {key for key in failing if key[0] not in left_out}
    return own, left_out


class _Homes:
    """People per (raw combination, household): what the check on the written household
    pseudonyms counts. Read in one pass over the cohort when first needed (or together with
    the lattice), and kept for every attempt of the search: a count per combination and
    household, never a row."""

    def __init__(self, plan: Plan, cohort, members: Counter) -> None:
        self._people = lambda: people(plan, cohort, members)
        self._counts: Counter | None = None

    def counts(self) -> Counter:
        if self._counts is None:
            self._counts = Counter((p.raw, p.household_id) for p in self._people())
        return self._counts

    def lattice(self) -> an.Lattice:
        """Pass 1 from the same counts: the people per raw combination."""
        raws: Counter = Counter()
        for (raw, _home), n in self.counts().items():
            raws[raw] += n
        return an.Lattice(raws)


def _written_smallest(outcome: Outcome, lattice: an.Lattice, homes: _Homes) -> int:
    """The smallest class on what will be written, as the attacker with the group's earlier
    releases sees it: the household pseudonyms counted as they are written."""
    link = an.NAMES.index("household")
    decision = outcome.decision
    if decision.levels["household"] >= an.BY_NAME["household"].top:
        # No household pseudonym is written: the classes follow from the raw combinations
        # the lattice already counted, without reading the cohort again.
        by_raw: Counter = Counter()
        for raw, n in lattice.counts.items():
            if outcome.output(raw) is not None:
                by_raw[outcome.known(raw)] += n
        return an.smallest_class_of(by_raw)
    # The written pseudonyms counted per household first, then each person's class with
    # the count of their household as written.
    written: Counter = Counter()
    for (raw, home), n in homes.counts().items():
        out = outcome.output(raw)
        if out is not None and out[link] is not None:
            written[home] += n
    classes: Counter = Counter()
    for (raw, home), n in homes.counts().items():
        out = outcome.output(raw)
        if out is None:
            continue
        known = outcome.known(raw)
        if out[link] is not None:
            known = (*known[:link], written[home], *known[link + 1 :])
        classes[known] += n
    return an.smallest_class_of(classes)


def lattice_for(plan: Plan, cohort, members: Counter) -> an.Lattice:
    """Pass 1: the people per raw combination of quasi-identifiers."""
    return an.Lattice(Counter(p.raw for p in people(plan, cohort, members)))


def decide(
    plan: Plan, cohort, *, members: Counter | None = None, lattice: an.Lattice | None = None
) -> Outcome:
    """Passes 1 to 4: the node of least loss whose written classes hold k and l."""
    members = members if members is not None else household_members(plan, cohort)
    homes = _Homes(plan, cohort, members)
    if lattice is None:
        # With the household pseudonym exported, its check needs the households too: pass 1
        # counts them at once instead of reading the cohort again for the check.
        with_homes = "household" in plan.quasi_identifiers
        lattice = homes.lattice() if with_homes else lattice_for(plan, cohort, members)
    exported = plan.quasi_identifiers
    excluded: set = set()
    for attempt in range(1, MAX_ATTEMPTS + 2):
        if attempt > MAX_ATTEMPTS:
            exported = [name for name in exported if name != "household"]
        decision = an.search(
            lattice, exported=exported, k=plan.k, floor=plan.floor, excluded=excluded
        )
        own, left_out = _diversity(plan, cohort, members, decision)
        outcome = Outcome(
            decision, own, left_out, attempt, quasi_identifiers=list(plan.quasi_identifiers)
        )
        if lattice.total == 0:
            return outcome
        outcome.smallest_written = _written_smallest(outcome, lattice, homes)
        if outcome.smallest_written >= plan.k or outcome.smallest_written == 0:
            return outcome
        excluded.add(decision.node)
    raise ReleaseRefused


def report(plan: Plan, outcome: Outcome) -> dict:
    decision = outcome.decision
    return {
        "k": plan.k,
        "l": plan.l,
        "quasi_identifiers": plan.quasi_identifiers,
        "sensitive_variables": [v.name for v in plan.sensitive],
        "cohort": decision.cohort,
        "generalisation": an.describe(decision.levels, plan.quasi_identifiers),
        "group_holds": an.describe(plan.floor, plan.floor) if plan.floor else {},
        "held_sensitive_variables": [v.name for v in plan.held_sensitive],
        "search": {
            "nodes_evaluated": decision.evaluated,
            "attempts": outcome.attempts,
            "feasible": decision.feasible,
        },
        "participants_with_quasi_identifiers_suppressed": decision.suppressed_people,
        "participants_removed": decision.removed_people,
        "classes_left_out_for_held_values": len(outcome.left_out),
        "smallest_class_as_written": outcome.smallest_written,
        "intervals": plan.intervals,
    }
