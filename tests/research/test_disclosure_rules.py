"""The generalisation and suppression rules of the export engine, on counts alone."""

from __future__ import annotations

from collections import Counter

from research import engine

QIS = ["age_band", "gender", "wijk", "household_size"]


def classes(counts: Counter, decision: engine.Disclosure) -> Counter:
    out: Counter = Counter()
    for raw, n in counts.items():
        value = decision.output(raw)
        if value is not None:
            out[value] += n
    return out


def test_nothing_changes_when_every_combination_holds_k():
    counts = Counter({(34, "V", "bilgaard", 2): 6, (61, "M", "oud-oost", 1): 5})
    decision = engine.decide(counts, QIS, 5)
    assert decision.levels == {"age_band": 0, "gender": 0, "wijk": 0, "household_size": 0}
    assert classes(counts, decision) == Counter(
        {("30-34", "V", "bilgaard", "2"): 6, ("60-64", "M", "oud-oost", "1"): 5}
    )


def test_age_is_widened_first_then_wijk():
    counts = Counter(
        {
            (31, "V", "bilgaard", 2): 3,
            (37, "V", "bilgaard", 2): 3,
            (31, "V", "oud-oost", 2): 3,
            (37, "V", "oud-oost", 2): 3,
        }
    )
    decision = engine.decide(counts, QIS, 5)
    assert decision.levels["age_band"] == 1  # 30-39 holds 6 per wijk
    assert decision.levels["wijk"] == 0
    assert set(classes(counts, decision).values()) == {6}
    counts = Counter(
        {
            (31, "V", "bilgaard", 2): 3,
            (52, "V", "bilgaard", 2): 3,
            (31, "V", "oud-oost", 2): 3,
            (52, "V", "oud-oost", 2): 3,
        }
    )
    decision = engine.decide(counts, QIS, 5)
    assert decision.levels["wijk"] == 1
    assert all(key[2] == "leeuwarden-oost" for key in classes(counts, decision))


def test_every_output_combination_holds_k_and_the_rest_is_suppressed_or_removed():
    import random

    rng = random.Random(7)
    counts: Counter = Counter()
    for _ in range(400):
        counts[
            (
                rng.randint(0, 90),
                rng.choice("MVXO"),
                rng.choice(["bilgaard", "oud-oost", "vrijheidswijk", "camminghaburen", ""]),
                rng.choice([None, 1, 2, 3, 4, 5, 7]),
            )
        ] += 1
    for k in (5, 10, 25):
        decision = engine.decide(counts, QIS, k)
        out = classes(counts, decision)
        assert min(out.values()) >= k
        report = decision.report
        assert sum(out.values()) + report["participants_removed"] == 400
        assert report["smallest_combination"] == min(out.values())


def test_a_group_under_k_after_suppression_is_removed():
    counts = Counter({(30, "V", "bilgaard", 2): 30, (88, "X", "camminghaburen", 9): 1})
    decision = engine.decide(counts, QIS, 5)
    assert decision.output((88, "X", "camminghaburen", 9)) is None
    assert decision.report["participants_removed"] == 1


def test_only_the_chosen_quasi_identifiers_count():
    counts = Counter({(30, "V", "bilgaard", 2): 5, (30, "M", "bilgaard", 2): 5})
    decision = engine.decide(counts, ["age_band"], 10)
    assert classes(counts, decision) == Counter({("30-34",): 10})
    assert decision.levels == {"age_band": 0, "gender": 0, "wijk": 0, "household_size": 0}


def test_a_small_outlier_share_widens_everything_rather_than_suppress_more_than_5_percent():
    counts = Counter({(30, "V", "bilgaard", 2): 10, (88, "X", "camminghaburen", 9): 1})
    decision = engine.decide(counts, QIS, 5)
    assert classes(counts, decision) == Counter({("", "", "leeuwarden-oost", "2+"): 11})
