"""Disclosure control: counts below 10 are hidden, and a hidden cell cannot be recomputed
from the totals and the other cells that are shown."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from privacy import disclosure


def test_small_counts_are_shown_as_below_ten():
    assert str(disclosure.count(3)) == "<10"
    assert str(disclosure.count(0)) == "<10"
    assert str(disclosure.count(10)) == "10"
    assert disclosure.count(9).suppressed


def _recomputable(tbl: disclosure.Table) -> list[tuple[int, int]]:
    """Cells a reader can recompute: the only hidden cell of a line whose total is shown."""
    found = []
    rows, cols = len(tbl.cells), len(tbl.column_labels)
    for r in range(rows):
        hidden = [c for c in range(cols) if tbl.cells[r][c].suppressed]
        if len(hidden) == 1 and not tbl.row_totals[r].suppressed:
            found.append((r, hidden[0]))
    for c in range(cols):
        hidden = [r for r in range(rows) if tbl.cells[r][c].suppressed]
        if len(hidden) == 1 and not tbl.column_totals[c].suppressed:
            found.append((hidden[0], c))
    for totals in (tbl.row_totals, tbl.column_totals):
        hidden = [i for i, t in enumerate(totals) if t.suppressed]
        if len(hidden) == 1 and not tbl.total.suppressed:
            found.append(("total", hidden[0]))
    return found


def test_one_small_cell_takes_another_with_it():
    tbl = disclosure.table(["a", "b"], ["x", "y", "z"], [[3, 40, 50], [20, 30, 60]])
    assert tbl.cells[0][0].suppressed
    # Row a: the smallest other cell (40) goes too; column x: the 20 below it.
    assert tbl.cells[0][1].suppressed
    assert tbl.cells[1][0].suppressed
    assert _recomputable(tbl) == []
    assert str(tbl.total) == str(3 + 40 + 50 + 20 + 30 + 60)


def test_a_single_column_hides_the_total_instead():
    tbl = disclosure.table(["a", "b", "c"], ["x"], [[4], [30], [25]])
    assert tbl.cells[0][0].suppressed
    assert tbl.row_totals[0].suppressed  # only cell of its row: the row total is hidden too
    assert tbl.cells[2][0].suppressed  # column x: the next smallest
    assert _recomputable(tbl) == []


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 4).flatmap(
        lambda cols: st.lists(
            st.lists(st.integers(0, 60), min_size=cols, max_size=cols), min_size=1, max_size=5
        )
    )
)
def test_no_hidden_cell_can_be_recomputed(values):
    rows, cols = len(values), len(values[0])
    tbl = disclosure.table([str(i) for i in range(rows)], [str(j) for j in range(cols)], values)
    assert _recomputable(tbl) == []
    for r, c in itertools.product(range(rows), range(cols)):
        cell = tbl.cells[r][c]
        assert cell.suppressed or cell.value >= 10
        assert cell.suppressed or cell.value == values[r][c]


def test_a_known_zero_is_shown_and_does_not_protect_a_hidden_cell():
    """A zero everyone knows (nothing committed, so nothing filled) is shown; the hidden 3
    beside it takes the 12 with it, or 15 - 12 - 0 would give it away."""
    tbl = disclosure.table(["keten"], ["x", "y", "z"], [[12, 0, 3]], known={(0, 1)})
    assert [str(c) for c in tbl.cells[0]] == ["<10", "0", "<10"]
    assert str(tbl.row_totals[0]) == "15"
    without = disclosure.table(["keten"], ["x", "y", "z"], [[12, 0, 3]])
    assert [str(c) for c in without.cells[0]] == ["12", "<10", "<10"]
