"""The chart of committed against filled places per chain and year: server-rendered SVG (no
script, no inline style), always with the table of its numbers beside it."""

from __future__ import annotations

from django import template

register = template.Library()

ROW_HEIGHT = 38
LABEL_WIDTH = 250
BAR_AREA = 360


@register.inclusion_tag("baangaranties/_chart.html")
def commitment_chart(dashboard, year):
    rows = [row for row in dashboard.rows if row.year == year]
    largest = max(
        [row.committed_total for row in rows] + [int(row.filled_total) for row in rows] + [1]
    )
    bars = []
    for index, row in enumerate(rows):
        y = 10 + index * ROW_HEIGHT
        filled = int(row.filled_total)
        bars.append(
            {
                "row": row,
                "text_y": y + 18,
                "committed_y": y + 2,
                "filled_y": y + 16,
                "committed_width": round(row.committed_total / largest * BAR_AREA),
                "filled_width": round(filled / largest * BAR_AREA) if filled else 0,
            }
        )
    return {
        "dashboard": dashboard,
        "year": year,
        "bars": bars,
        "label_width": LABEL_WIDTH,
        "width": LABEL_WIDTH + BAR_AREA + 20,
        "height": 20 + len(rows) * ROW_HEIGHT,
    }


@register.filter
def pick(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def pick_row(rows, index):
    return rows[index]
