"""Disclosure control for aggregate reports and dashboards (DESIGN.md, "Disclosure control").

Counts below the threshold (10 by default, ``KOERS_SUPPRESSION_THRESHOLD``) are shown as
"<10". In a table that shows totals, a suppressed cell could be recomputed from the total
and the other cells, so secondary suppression hides at least one more cell (the smallest)
in the same row and column, or the total when there is no other cell.
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
) -> Table:
    """Suppress a table of counts with row, column and grand totals shown.

    ``known``: cells (row, column) whose value every reader knows already, such as a zero
    where nothing can be (no places committed, so none filled). They are shown as they are,
    and never count as the second hidden cell of a line: hiding them would protect nothing."""
    limit = threshold() if limit is None else limit
    rows, cols = len(row_labels), len(column_labels)
    # Zeros are hidden too: "nobody in this group" is a disclosure of its own.
    hidden = [
        [values[r][c] < limit and (r, c) not in known for c in range(cols)] for r in range(rows)
    ]
    row_sum = [sum(values[r]) for r in range(rows)]
    col_sum = [sum(values[r][c] for r in range(rows)) for c in range(cols)]
    row_total_hidden = [total < limit for total in row_sum]
    col_total_hidden = [total < limit for total in col_sum]
    grand = sum(row_sum)
    grand_hidden = [grand < limit]
    changed = True
    while changed:
        changed = False
        # The totals themselves: one hidden row (column) total is the grand total minus the rest.
        for totals, sums in ((row_total_hidden, row_sum), (col_total_hidden, col_sum)):
            line = [[hidden_total] for hidden_total in totals]
            if _protect_line(
                [(i, 0) for i in range(len(totals))],
                line,
                [[v] for v in sums],
                grand_hidden,
                0,
                frozenset(),
            ):
                changed = True
                for i, flag in enumerate(line):
                    totals[i] = flag[0]
        for r in range(rows):
            changed |= _protect_line(
                [(r, c) for c in range(cols)], hidden, values, row_total_hidden, r, known
            )
        for c in range(cols):
            changed |= _protect_line(
                [(r, c) for r in range(rows)], hidden, values, col_total_hidden, c, known
            )
    return Table(
        row_labels=row_labels,
        column_labels=column_labels,
        cells=[
            [Count(None if hidden[r][c] else values[r][c], limit) for c in range(cols)]
            for r in range(rows)
        ],
        row_totals=[Count(None if row_total_hidden[r] else row_sum[r], limit) for r in range(rows)],
        column_totals=[
            Count(None if col_total_hidden[c] else col_sum[c], limit) for c in range(cols)
        ],
        total=Count(None if grand_hidden[0] else grand, limit),
    )


def _protect_line(positions, hidden, values, total_hidden, index, known) -> bool:
    """When exactly one cell of a line is hidden while its total is shown, hide one more:
    the smallest shown cell that is not known anyway, or the total when there is none."""
    if total_hidden[index]:
        return False
    hidden_cells = [p for p in positions if hidden[p[0]][p[1]]]
    if len(hidden_cells) != 1:
        return False
    shown = [p for p in positions if not hidden[p[0]][p[1]] and p not in known]
    if shown:
        r, c = min(shown, key=lambda p: values[p[0]][p[1]])
        hidden[r][c] = True
    else:
        total_hidden[index] = True
    return True
