"""Disclosure control for aggregate reports and dashboards (DESIGN.md, "Disclosure control").

Counts below the threshold (10 by default, ``KOERS_SUPPRESSION_THRESHOLD``) are shown as
"<10". In a table that shows totals, a suppressed cell could be recomputed from the totals
and the other cells, so secondary suppression hides more counts until an exact audit finds no
hidden small count that a reader could derive (``table``). A second hidden count reads "<10"
too, even when it is larger.
"""

from __future__ import annotations

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
    what is shown, the totals' sums, the bounds and non-negativity (``_pinned``); while one
    is, one more count in its row or column (the smallest cell first) is hidden."""
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
    bounds = {(r, c): b for (r, c), b in upper.items()}
    while True:
        # A total of known cells only is known as well, published or not.
        small = sorted(
            e
            for e in hidden
            if grid[e[0]][e[1]] < limit
            and e not in known_entries
            and (hide_zeros or grid[e[0]][e[1]] > 0)
        )
        pinned = next((e for e in small if _pinned(e, hidden, grid, bounds, rows, cols)), None)
        if pinned is None:
            break
        partner = _partner(pinned, hidden, grid, bounds, known_entries, rows, cols)
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


def _augmented(values, rows: int, cols: int) -> list[list[int]]:
    """The table with its row totals as an extra column, its column totals as an extra row
    and the grand total in the corner."""
    grid = [[values[r][c] for c in range(cols)] + [sum(values[r])] for r in range(rows)]
    column_sums = [sum(values[r][c] for r in range(rows)) for c in range(cols)]
    grid.append(column_sums + [sum(column_sums)])
    return grid


def _moves(entry, grid, bounds, rows: int, cols: int) -> tuple[bool, bool]:
    """Whether a reader's alternative table could have this count one higher, one lower.
    Totals enter the balance with a minus sign (a row minus its total is zero), so for them
    "up" in the balance is "down" in the count."""
    i, j = entry
    value = grid[i][j]
    can_rise = (i, j) not in bounds or value < bounds[(i, j)]
    can_fall = value > 0
    is_total = (i == rows) != (j == cols)  # a row or column total, not a cell or the grand total
    return (can_fall, can_rise) if is_total else (can_rise, can_fall)


def _pinned(entry, hidden, grid, bounds, rows: int, cols: int) -> bool:
    """Whether a hidden count is fixed by what is shown. The augmented table balances: every
    row and column sums to zero once totals count negative. A reader can change a hidden
    count only along a cycle of hidden counts, alternately up and down (in the balance),
    that stays non-negative and within the known bounds. As a graph: rows and columns are
    nodes; a hidden count that can go up in the balance is an edge row -> column, one that
    can go down an edge column -> row; the count is not pinned when a cycle through it
    exists."""
    return _cycle(entry, hidden, grid, bounds, rows, cols) is None


def _cycle(entry, hidden, grid, bounds, rows, cols):
    """A cycle through ``entry`` as a list of (entry, +1 | -1) in balance terms, or None."""
    from collections import deque

    edges: dict[tuple[str, int], list[tuple[tuple[str, int], tuple[int, int], int]]] = {}
    for other in hidden:
        if other == entry:
            continue
        up, down = _moves(other, grid, bounds, rows, cols)
        row, col = ("r", other[0]), ("c", other[1])
        if up:
            edges.setdefault(row, []).append((col, other, +1))
        if down:
            edges.setdefault(col, []).append((row, other, -1))
    up, down = _moves(entry, grid, bounds, rows, cols)
    row, col = ("r", entry[0]), ("c", entry[1])
    for allowed, start, goal, sign in ((up, col, row, +1), (down, row, col, -1)):
        if not allowed:
            continue
        previous = {start: None}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            if node == goal:
                path = []
                while previous[node] is not None:
                    node, step = previous[node]
                    path.append(step)
                return [(entry, sign), *path]
            for target, other, step_sign in edges.get(node, []):
                if target not in previous:
                    previous[target] = (node, (other, step_sign))
                    queue.append(target)
    return None


def _partner(entry, hidden, grid, bounds, known, rows: int, cols: int):
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
        if not _pinned(entry, hidden | {candidate}, grid, bounds, rows, cols):
            return candidate
    near = [e for e in shown if e[0] == i or e[1] == j]
    return (near or shown or [None])[0]
