"""The k-anonymity search of research releases, on counts alone: the optimum over the whole
lattice (checked against brute force), the suppression limit, and the union with what the
research group already holds."""

from __future__ import annotations

import random
from collections import Counter
from itertools import product

from privacy import anonymity as an

HISTORY = ((24290, None, "active"),)  # enrolled in 2024-03, still running


def raw(age, gender="V", wijk="bilgaard", size=2, members=0, history=HISTORY):
    return (age, gender, wijk, size, members, history)


def written_classes(lattice: an.Lattice, decision: an.Decision, *, known=False) -> Counter:
    out: Counter = Counter()
    for value, n in lattice.counts.items():
        row = decision.known(value) if known else decision.output(value)
        if row is not None:
            out[row] += n
    return out


def test_nothing_changes_when_every_combination_holds_k():
    lattice = an.Lattice(Counter({raw(34): 6, raw(61, "M", "oud-oost", 1): 5}))
    decision = an.search(lattice, exported=["age_band", "gender", "wijk", "household_size"], k=5)
    assert decision.levels["age_band"] == decision.levels["gender"] == 0
    assert decision.levels["wijk"] == decision.levels["household_size"] == 0
    assert set(written_classes(lattice, decision).values()) == {6, 5}


def test_the_cheapest_generalisation_wins_not_a_fixed_order():
    """Widening age to 10-year bands costs less than losing gender: both make k hold."""
    lattice = an.Lattice(
        Counter({raw(31, "V"): 5, raw(31, "M"): 5, raw(37, "V"): 3, raw(37, "M"): 3})
    )
    decision = an.search(lattice, exported=["age_band", "gender"], k=5)
    assert (decision.levels["age_band"], decision.levels["gender"]) == (1, 0)
    # With gender fixed in every class, wijk is what goes instead of age.
    lattice = an.Lattice(
        Counter(
            {
                raw(31, wijk="bilgaard"): 3,
                raw(31, wijk="oud-oost"): 3,
                raw(52, wijk="bilgaard"): 3,
                raw(52, wijk="oud-oost"): 3,
            }
        )
    )
    decision = an.search(lattice, exported=["age_band", "wijk"], k=5)
    assert decision.levels["age_band"] == 0 and decision.levels["wijk"] == 1
    assert {key[2] for key in written_classes(lattice, decision)} == {"leeuwarden-oost"}


def brute_force_loss(lattice, exported, k, floor=None):
    hierarchies = [an.BY_NAME[name] for name in exported]
    best = None
    for node in product(*(range(h.top + 1) for h in hierarchies)):
        levels = an.top_node()
        levels.update({h.name: level for h, level in zip(hierarchies, node, strict=True)})
        classes = lattice.classes(an.combine(levels, floor))
        if sum(n for n in classes.values() if n < k) <= lattice.total * an.MAX_SUPPRESSED_SHARE:
            value = an.loss(levels, exported)
            best = value if best is None else min(best, value)
    return best


def random_cohort(rng: random.Random, n: int) -> Counter:
    counts: Counter = Counter()
    for _ in range(n):
        start = 24000 + rng.randrange(36)
        history = ((start, rng.choice([None, start + rng.randrange(1, 12)]), "active"),)
        counts[
            raw(
                rng.randrange(18, 85),
                rng.choice("MVVX"),
                rng.choice(["bilgaard", "oud-oost", "vrijheidswijk"]),
                rng.randrange(1, 7),
                rng.choice([0, 1, 2, 3]),
                history,
            )
        ] += 1
    return counts


def test_the_search_finds_the_optimum_of_brute_force_and_every_class_holds_k():
    rng = random.Random(16)
    exported = ["age_band", "gender", "wijk", "household_size", "household", "programme_history"]
    for size, k in ((12, 5), (60, 5), (60, 10), (250, 5)):
        lattice = an.Lattice(random_cohort(rng, size))
        decision = an.search(lattice, exported=exported, k=k)
        if decision.feasible:
            assert an.loss(decision.levels, exported) == brute_force_loss(lattice, exported, k)
        classes = written_classes(lattice, decision)
        assert not classes or min(classes.values()) >= k
        kept = sum(classes.values())
        assert kept + decision.removed_people == size
        if decision.feasible:
            assert decision.suppressed_people <= size * an.MAX_SUPPRESSED_SHARE


def test_a_release_is_checked_with_what_the_group_already_holds():
    """The group holds wijk (level 0) from an earlier study; a new study asks age. Alone
    5-year bands hold k = 5; together with wijk they would not: the search widens age."""
    counts = Counter()
    for wijk in ("bilgaard", "oud-oost"):
        for age in (31, 37):
            counts[raw(age, wijk=wijk)] += 3
    lattice = an.Lattice(counts)
    alone = an.search(lattice, exported=["age_band"], k=5)
    assert alone.levels["age_band"] == 0  # 30-34 and 35-39: 6 people each
    held = an.search(lattice, exported=["age_band"], k=5, floor={"wijk": 0})
    # With wijk known, 30-34 in Bilgaard would be 3 people: age widens to 30-39 (6).
    assert held.levels["age_band"] == 1
    assert min(written_classes(lattice, held, known=True).values()) >= 5
    # With a finer age and wijk already held, 5-year bands would make classes of 3.
    tight = an.search(lattice, exported=["wijk"], k=5, floor={"age_band": 0})
    assert tight.levels["wijk"] >= 1
    assert min(written_classes(lattice, tight, known=True).values()) >= 5


def test_the_suppressed_who_stay_alone_under_k_are_left_out():
    lattice = an.Lattice(Counter({raw(34): 20, raw(80, "X", "oud-oost", 6): 1}))
    decision = an.search(lattice, exported=["age_band", "gender", "wijk", "household_size"], k=5)
    # One person of 21 is under the 5% limit: suppressed, and alone there, so left out.
    assert decision.removed_people == 1
    assert sum(written_classes(lattice, decision).values()) == 20


def test_history_generalises_months_to_quarters_and_years_and_keeps_participation():
    import datetime as dt

    entry = ((an.month_index(dt.date(2024, 5, 1)), None, "completed"),)
    assert an.history_value(entry, 0) == ((dt.date(2024, 5, 1), None, "completed"),)
    assert an.history_value(entry, 1) == ((dt.date(2024, 4, 1), None, "completed"),)
    assert an.history_value(entry, 2) == ((dt.date(2024, 1, 1), None, "completed"),)
    assert an.history_value(entry, 3) == ((None, None, "ended"),)
    assert an.history_value((None,), 3) == (None,)


def test_a_nodes_classes_are_the_people_counted_per_generalised_combination():
    """``Lattice.classes`` counts a combination of one person and of many differently (a
    Counter over the keys, then the rest of the many): the same counts as one person at a
    time, at every node, also for an empty cohort and a cohort of one combination."""
    rng = random.Random(7)
    cohorts = [random_cohort(rng, 200), Counter(), Counter({raw(30): 9})]
    cohorts.append(Counter({raw(age): 1 + age % 3 for age in range(18, 80)}))
    for counts in cohorts:
        lattice = an.Lattice(counts)
        for node in product(*(range(h.top + 1) for h in an.HIERARCHIES)):
            levels = dict(zip(an.NAMES, node, strict=True))
            expected: Counter = Counter()
            for combination, n in counts.items():
                expected[an.generalise(combination, levels)] += n
            assert lattice.classes(levels) == expected
