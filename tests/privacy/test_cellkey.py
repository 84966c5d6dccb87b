"""The cell key method (privacy.cellkey): the perturbation table's promises, and, over random
populations and overlapping tables, that a group of people has one figure wherever it appears
and that no true count of 1-4 can be derived with certainty from the published figures."""

from __future__ import annotations

import statistics

from hypothesis import given, settings
from hypothesis import strategies as st

from privacy import cellkey
from privacy.release import TOTAL, tabulate

KEYS = st.integers(min_value=0, max_value=cellkey.KEY_RANGE - 1)


def test_zero_stays_zero_and_nothing_goes_below_zero():
    assert set(cellkey.ptable()[0]) == {0}
    for count in range(0, 40):
        for key in range(cellkey.KEY_RANGE):
            shown = cellkey.perturb(count, key)
            assert shown >= 0
            assert abs(shown - count) <= cellkey.MAX_NOISE
            if count == 0:
                assert shown == 0


def test_noise_is_unbiased_with_the_documented_variance():
    for count in range(1, cellkey.MAX_NOISE + 2):
        noise = [cellkey.noise(count, key) for key in range(cellkey.KEY_RANGE)]
        assert abs(statistics.fmean(noise)) < 0.02
        assert abs(statistics.pvariance(noise) - cellkey.VARIANCE) < 0.1


def test_every_shown_figure_fits_more_than_one_true_count():
    for shown in range(0, 50):
        assert len(cellkey.possible_counts(shown)) >= 4, shown


def test_the_description_matches_the_table():
    description = cellkey.describe()
    assert description.max_noise == cellkey.MAX_NOISE
    assert 0.25 < description.kept[1] < 0.5 and 0.3 < description.kept[4] < 0.5
    assert abs(sum(description.noise_share.values()) - 1) < 1e-9
    assert max(description.noise_share) == cellkey.MAX_NOISE


def test_a_new_record_key_is_in_range():
    keys = {cellkey.new_record_key() for _ in range(2000)}
    assert keys <= set(range(cellkey.KEY_RANGE)) and len(keys) > 200


# --- overlapping tables over random populations ------------------------------------------

PEOPLE = st.lists(
    st.tuples(
        KEYS,  # record key
        st.integers(min_value=1, max_value=6),  # month of first contact
        st.sampled_from(["bilgaard", "oud-oost", "vrijheidswijk"]),
        st.sampled_from(["gezinslab", "schuldenvrij"]),
    ),
    min_size=0,
    max_size=60,
)


def _released(cells):
    return {key: cellkey.perturb(cell.count, cell.key_sum) for key, cell in cells.items()}


@settings(max_examples=300, deadline=None)
@given(PEOPLE)
def test_one_group_of_people_has_one_figure_in_every_table(people):
    by_wijk_and_programme = _released(
        tabulate(((wijk, programme), key) for key, _m, wijk, programme in people)
    )
    by_programme_and_wijk = _released(
        tabulate(((programme, wijk), key) for key, _m, wijk, programme in people)
    )
    by_month_wijk_programme = _released(
        tabulate(((month, wijk, programme), key) for key, month, wijk, programme in people)
    )
    only_wijk = _released(tabulate(((wijk,), key) for key, _m, wijk, _p in people))
    for (wijk, programme), figure in by_wijk_and_programme.items():
        assert by_programme_and_wijk[(programme, wijk)] == figure
        assert by_month_wijk_programme[(TOTAL, wijk, programme)] == figure
    for (wijk,), figure in only_wijk.items():
        assert by_wijk_and_programme[(wijk, TOTAL)] == figure
        assert by_month_wijk_programme[(TOTAL, wijk, TOTAL)] == figure


def _interval(shown: int) -> tuple[int, int]:
    possible = cellkey.possible_counts(shown)
    assert possible == set(range(min(possible), max(possible) + 1))  # an interval
    return min(possible), max(possible)


@settings(max_examples=500, deadline=None)
@given(PEOPLE)
def test_month_by_month_differences_never_give_a_small_count_with_certainty(people):
    """Participants reached up to each month (cumulative, as the outcome report had it): a
    reader who knows the table works out which true counts fit every figure (each within its
    possible counts, never falling from month to month) and which numbers of new people each
    month can then have had. A true 1-4 is never the only answer."""
    months = range(1, 7)
    cumulative = []
    for month in months:
        group = [key for key, first, _w, _p in people if first <= month]
        cumulative.append((len(group), cellkey.perturb(len(group), sum(group))))
    bounds = [_interval(shown) for _true, shown in cumulative]
    # Lowest and highest value each month can have in a non-decreasing series of fitting counts.
    low, high = [], []
    for lo, _hi in bounds:
        low.append(max(lo, low[-1]) if low else lo)
    for _lo, hi in reversed(bounds):
        high.insert(0, min(hi, high[0]) if high else hi)
    assert all(lo <= hi for lo, hi in zip(low, high, strict=True))  # the truth always fits
    for index in range(1, len(months)):
        new = cumulative[index][0] - cumulative[index - 1][0]
        if not 1 <= new <= 4:
            continue
        answers = {
            after - before
            for before in range(low[index - 1], high[index - 1] + 1)
            for after in range(max(before, low[index]), high[index] + 1)
        }
        assert new in answers and len(answers) > 1, (cumulative, index)


@settings(max_examples=500, deadline=None)
@given(PEOPLE)
def test_a_total_and_its_parts_never_give_a_small_part_with_certainty(people):
    """A table by wijk with its total: which counts of one wijk fit its own figure, the
    other wijken's figures and the total's (the parts add up to the total)?"""
    cells = tabulate(((wijk,), key) for key, _m, wijk, _p in people)
    parts = [key for key in cells if key != (TOTAL,)]
    shown = _released(cells)
    total_low, total_high = _interval(shown.get((TOTAL,), 0))
    for part in parts:
        true = cells[part].count
        if not 1 <= true <= 4:
            continue
        others = [_interval(shown[other]) for other in parts if other != part]
        others_low = sum(lo for lo, _hi in others)
        others_high = sum(hi for _lo, hi in others)
        own_low, own_high = _interval(shown[part])
        answers = {
            value
            for value in range(own_low, own_high + 1)
            if value + others_low <= total_high and value + others_high >= total_low
        }
        assert true in answers and len(answers) > 1, (part, cells)
