"""Disclosure control for aggregate reports and dashboards (DESIGN.md, "Disclosure control").

Counts below the threshold (10 by default, ``KOERS_SUPPRESSION_THRESHOLD``) are shown as
"<10". In a table that shows totals, a suppressed cell could be recomputed from the totals
and the other cells, so secondary suppression hides more counts until an exact audit finds no
hidden small count that a reader could derive (``table``). A second hidden count reads "<10"
too, even when it is larger.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from django.conf import settings


def threshold() -> int:
    return int(getattr(settings, "KOERS_SUPPRESSION_THRESHOLD", 10))


@dataclass(frozen=True)
class Count:
    """A count as shown: ``value`` is None when suppressed."""

    value: int | None
    limit: int

    @property
    def suppressed(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        return f"<{self.limit}" if self.value is None else str(self.value)


def count(value: int, *, limit: int | None = None) -> Count:
    """One count on its own (no totals beside it)."""
    limit = threshold() if limit is None else limit
    return Count(value=value if value >= limit else None, limit=limit)


@dataclass(frozen=True)
class Table:
    """A suppressed table: ``cells[r][c]``, ``row_totals[r]``, ``column_totals[c]``, ``total``."""

    row_labels: list[str]
    column_labels: list[str]
    cells: list[list[Count]]
    row_totals: list[Count]
    column_totals: list[Count]
    total: Count


def table(
    row_labels: list[str],
    column_labels: list[str],
    values: list[list[int]],
    *,
    limit: int | None = None,
    known: set[tuple[int, int]] | frozenset = frozenset(),
    upper: dict[tuple[int, int], int] | None = None,
    column_totals: bool = True,
    hide_zeros: bool = True,
) -> Table:
    """Suppress a table of counts with row totals, and column and grand totals unless
    ``column_totals`` is False (then they are not published and count as hidden).

    ``known``: cells (row, column) whose value every reader knows already, such as a zero
    where nothing can be (no places committed, so none filled): shown as they are.
    ``upper``: cells with a bound every reader knows (filled places never exceed the
    committed ones, which are shown): taken into account when checking what can be derived.
    ``hide_zeros``: True (the default) where "nobody in this group" is a disclosure of its
    own (a table of people); False for tables of things about organisations, such as barriers
    by organisation and kind, where a zero says nothing about anyone.

    Primary suppression hides every count (cell or total) below the threshold. Then the
    table is audited exactly: a hidden count below the threshold must not be derivable from
    what is shown, the totals' sums, the bounds and non-negativity, nor shown to be small: a
    table consistent with all of that must have it at the threshold (``_exposed``). While
    one is exposed, one more count is hidden (``_partner``)."""
    limit = threshold() if limit is None else limit
    rows, cols = len(row_labels), len(column_labels)
    upper = upper or {}
    grid = _augmented(values, rows, cols)
    known_cells = set(known)
    known_entries = set(known_cells)
    for r in range(rows):
        if cols and all((r, c) in known_cells for c in range(cols)):
            known_entries.add((r, cols))
    for c in range(cols):
        if rows and all((r, c) in known_cells for r in range(rows)):
            known_entries.add((rows, c))
    # Zeros are hidden too: "nobody in this group" is a disclosure of its own.
    hidden = {
        (i, j)
        for i in range(rows + 1)
        for j in range(cols + 1)
        if grid[i][j] < limit and (i, j) not in known_entries and (hide_zeros or grid[i][j] > 0)
    }
    if not column_totals:
        hidden |= {(rows, j) for j in range(cols + 1)}
    bounds = upper
    everything = {
        (i, j) for i in range(rows + 1) for j in range(cols + 1) if (i, j) not in known_entries
    }
    # What each small count must be able to reach: the threshold, or as high as it can go
    # at all when a bound keeps it lower; one lower when it cannot rise. A count that not
    # even hiding everything can move is as good as known: hiding more would not help it.
    targets = {}
    for e in sorted(hidden):
        value = grid[e[0]][e[1]]
        if value >= limit or e in known_entries or (not hide_zeros and value == 0):
            continue
        rise = _shift(e, everything, grid, bounds, rows, cols, rise=True, want=limit - value)
        if rise:
            targets[e] = value + rise[e]
        elif _shift(e, everything, grid, bounds, rows, cols, rise=False, want=1):
            targets[e] = value - 1
    while True:
        exposed = next(
            (e for e in targets if _exposed(e, targets[e], hidden, grid, bounds, rows, cols)),
            None,
        )
        if exposed is None:
            # Each small count can reach the threshold on its own, but with bounds below the
            # threshold a line's hidden counts together can still be an exact small group
            # (12 shown of 19, the other two at most 5 each: exactly 7 in them).
            line = _small_rest(hidden, grid, limit, rows, cols)
            if line is None:
                break
            candidates = sorted(
                (grid[e[0]][e[1]], e)
                for e in line
                if e not in hidden and e not in known_entries and grid[e[0]][e[1]] >= limit
            )
            if not candidates:
                break  # nothing left to hide in this line
            hidden.add(candidates[0][1])
            continue
        partner = _partner(
            exposed, targets[exposed], hidden, grid, bounds, known_entries, rows, cols
        )
        if partner is None:
            break  # everything that can be hidden is: nothing more to do
        hidden.add(partner)

    def shown(i, j):
        return Count(None if (i, j) in hidden else grid[i][j], limit)

    return Table(
        row_labels=row_labels,
        column_labels=column_labels,
        cells=[[shown(r, c) for c in range(cols)] for r in range(rows)],
        row_totals=[shown(r, cols) for r in range(rows)],
        column_totals=[shown(rows, c) for c in range(cols)],
        total=shown(rows, cols),
    )


def combined(first: Table, second: Table) -> Table:
    """The sum of two suppressed tables of disjoint counts with the same rows and columns
    (open barriers and barriers broken through: all barriers). A count is shown only where
    both parts are, so it tells a reader nothing the two parts do not: the parts are audited
    on their own, and publishing the sum beside them cannot undo that. (Auditing the sum and
    one part separately would not do: a part's shown count is a lower bound of the sum's
    hidden one.)"""

    def add(a: Count, b: Count) -> Count:
        return Count(None if a.suppressed or b.suppressed else a.value + b.value, a.limit)

    return Table(
        row_labels=first.row_labels,
        column_labels=first.column_labels,
        cells=[
            [add(a, b) for a, b in zip(ra, rb, strict=True)]
            for ra, rb in zip(first.cells, second.cells, strict=True)
        ],
        row_totals=[add(a, b) for a, b in zip(first.row_totals, second.row_totals, strict=True)],
        column_totals=[
            add(a, b) for a, b in zip(first.column_totals, second.column_totals, strict=True)
        ],
        total=add(first.total, second.total),
    )


def _augmented(values, rows: int, cols: int) -> list[list[int]]:
    """The table with its row totals as an extra column, its column totals as an extra row
    and the grand total in the corner."""
    grid = [[values[r][c] for c in range(cols)] + [sum(values[r])] for r in range(rows)]
    column_sums = [sum(values[r][c] for r in range(rows)) for c in range(cols)]
    grid.append(column_sums + [sum(column_sums)])
    return grid


_UNBOUNDED = 10**12  # room of a count without a known upper bound


def _small_rest(hidden, grid, limit: int, rows: int, cols: int):
    """A line (row or column of the augmented table, its total last) whose total is shown
    and whose hidden counts add up to a small number above zero, as its entries; or None."""
    lines = [[(i, j) for j in range(cols + 1)] for i in range(rows + 1)]
    lines += [[(i, j) for i in range(rows + 1)] for j in range(cols + 1)]
    for line in lines:
        *members, total = line
        if total in hidden or not any(m in hidden for m in members):
            continue
        rest = grid[total[0]][total[1]] - sum(grid[m[0]][m[1]] for m in members if m not in hidden)
        if 0 < rest < limit:
            return line
    return None


def _is_total(entry, rows: int, cols: int) -> bool:
    """A row or column total (negative in the balance), not a cell or the grand total."""
    return (entry[0] == rows) != (entry[1] == cols)


def _room(entry, grid, bounds) -> tuple[int, int]:
    """How far a count can rise and fall on its own: to its known bound, and to zero."""
    value = grid[entry[0]][entry[1]]
    rise = bounds[entry] - value if entry in bounds else _UNBOUNDED
    return max(rise, 0), value


def _shift(entry, hidden, grid, bounds, rows: int, cols: int, *, rise: bool, want: int):
    """The largest change of ``entry`` (up to ``want``; up when ``rise``, else down) that a
    reader's alternative table could have: every shown count the same, every sum still
    adding up, no count negative or above its known bound. Returned as that table's changes,
    {entry: delta}; empty when ``entry`` cannot move that way at all.

    The augmented table balances: every row and column sums to zero once totals count
    negative. Rows and columns are nodes, and every other hidden count is an edge between
    its row and its column that can carry flow either way, within its room to rise and fall
    (in balance terms). Moving ``entry`` by k is a flow of k between its own two ends through
    the other hidden counts: found by shortest augmenting paths (Edmonds-Karp), exact, and
    integral because the capacities are."""
    up, down = _room(entry, grid, bounds)
    want = min(want, up if rise else down)
    if want <= 0:
        return {}
    balance_up = rise != _is_total(entry, rows, cols)
    row, col = ("r", entry[0]), ("c", entry[1])
    source, sink = (col, row) if balance_up else (row, col)
    capacity: dict[tuple, int] = {}
    initial: dict[tuple, int] = {}
    neighbours: dict[tuple, set] = {}
    behind: dict[tuple, tuple[int, int]] = {}
    for other in hidden:
        if other == entry:
            continue
        o_up, o_down = _room(other, grid, bounds)
        if _is_total(other, rows, cols):
            o_up, o_down = o_down, o_up
        a, b = ("r", other[0]), ("c", other[1])
        capacity[(a, b)] = initial[(a, b)] = o_up
        capacity[(b, a)] = initial[(b, a)] = o_down
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
        behind[(a, b)] = other
    flow = 0
    while flow < want:
        previous = {source: None}
        queue = deque([source])
        while queue and sink not in previous:
            node = queue.popleft()
            for target in sorted(neighbours.get(node, ())):
                if target not in previous and capacity[(node, target)] > 0:
                    previous[target] = node
                    queue.append(target)
        if sink not in previous:
            break
        path = []
        node = sink
        while previous[node] is not None:
            path.append((previous[node], node))
            node = previous[node]
        step = min([want - flow] + [capacity[arc] for arc in path])
        for a, b in path:
            capacity[(a, b)] -= step
            capacity[(b, a)] += step
        flow += step
    if not flow:
        return {}
    deltas = {entry: flow if rise else -flow}
    for arc, other in behind.items():
        carried = initial[arc] - capacity[arc]  # net flow row -> column, in balance terms
        if carried:
            deltas[other] = -carried if _is_total(other, rows, cols) else carried
    return deltas


def _exposed(entry, target: int, hidden, grid, bounds, rows: int, cols: int) -> bool:
    """Whether a hidden small count is not protected: no table consistent with everything
    shown has it at ``target``, the threshold (or as high as a bound lets it go). Protected,
    the reader cannot tell a small group from a large one, nor learn the size of a small
    group of hidden counts together (what is left of a line after its shown counts)."""
    value = grid[entry[0]][entry[1]]
    rise = target > value
    want = abs(target - value)
    moved = _shift(entry, hidden, grid, bounds, rows, cols, rise=rise, want=want)
    return abs(moved.get(entry, 0)) < want


def _partner(entry, target: int, hidden, grid, bounds, known, rows: int, cols: int):
    """The count to hide next to protect ``entry``: the smallest shown count (cells before
    totals) whose hiding alone frees it; when no single one does, the smallest shown cell of
    its row or column (then a total there, then anything), and the audit goes on."""
    i, j = entry
    shown = [
        (a, b)
        for a in range(rows + 1)
        for b in range(cols + 1)
        if (a, b) not in hidden and (a, b) not in known
    ]

    def rank(e):
        is_cell = e[0] < rows and e[1] < cols
        return (not is_cell, grid[e[0]][e[1]], e)

    shown.sort(key=rank)
    for candidate in shown:
        if not _exposed(entry, target, hidden | {candidate}, grid, bounds, rows, cols):
            return candidate
    near = [e for e in shown if e[0] == i or e[1] == j]
    return (near or shown or [None])[0]
