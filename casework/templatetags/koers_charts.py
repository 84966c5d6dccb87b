"""Server-rendered SVG charts (no script, no inline style); every chart has a table beside it."""

from __future__ import annotations

from django import template

register = template.Library()

ROW_HEIGHT = 34
LABEL_WIDTH = 230
BAR_AREA = 360


@register.inclusion_tag("casework/_chart_before_after.html")
def before_after_chart(chart):
    """Horizontal bars per item: first wave (before) and latest wave (after)."""
    waves = chart.waves
    first = waves[0] if waves else None
    last = waves[-1] if len(waves) > 1 else None
    scale_min = chart.instrument.scale_min
    scale_max = chart.instrument.scale_max
    span = max(scale_max - (scale_min - 1 if scale_min > 0 else 0), 1)
    base = scale_min - 1 if scale_min > 0 else 0
    rows = []
    for index, (code, label) in enumerate(chart.items):
        y = 10 + index * ROW_HEIGHT
        before = first[2].get(code) if first else None
        after = last[2].get(code) if last else None
        rows.append(
            {
                "label": label,
                "y": y,
                "text_y": y + 18,
                "before": before,
                "after": after,
                "before_width": round((before - base) / span * BAR_AREA)
                if before is not None
                else 0,
                "after_width": round((after - base) / span * BAR_AREA) if after is not None else 0,
                "before_y": y + 2,
                "after_y": y + 15,
            }
        )
    ticks = [
        {"value": v, "x": LABEL_WIDTH + round((v - base) / span * BAR_AREA)}
        for v in range(scale_min, scale_max + 1)
    ]
    return {
        "chart": chart,
        "rows": rows,
        "first": first,
        "last": last,
        "ticks": ticks,
        "label_width": LABEL_WIDTH,
        "height": 30 + len(rows) * ROW_HEIGHT,
        "axis_y": 14 + len(rows) * ROW_HEIGHT,
        "width": LABEL_WIDTH + BAR_AREA + 40,
    }


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.inclusion_tag("casework/_grid_chart.html")
def grid_chart(grid, caption: str, chart_id: str, *, by: str = "rows"):
    """Horizontal bars of a released table (``privacy.release.Grid``): one bar per row total
    (``by="rows"``) or per column total (``by="columns"``), each labelled with its figure;
    the table itself stands beside the chart."""
    if by == "rows":
        items = [(row.label, row.total) for row in grid.rows]
    else:
        items = list(zip(grid.column_labels, grid.column_totals, strict=True))
    return bar_chart(items, caption, chart_id)


@register.inclusion_tag("casework/_grid_chart.html")
def bar_chart(items, caption: str, chart_id: str):
    """Horizontal bars of released figures ``[(label, figure), ...]``, each labelled with its
    figure; a table of the same figures stands beside the chart."""
    label_width, bar_max, row_height = 260, 300, 22
    top = max([int(figure) for _label, figure in items] or [0]) or 1
    bars = []
    for index, (label, figure) in enumerate(items):
        y = 8 + index * row_height
        width = round(int(figure) / top * bar_max)
        bars.append(
            {
                "label": label,
                "value": figure,
                "width": max(width, 2) if int(figure) else 0,
                "y": y,
                "text_y": y + 12,
                "value_x": label_width + 6 + width,
            }
        )
    return {
        "bars": bars,
        "caption": caption,
        "chart_id": chart_id,
        "label_width": label_width,
        "width": label_width + bar_max + 60,
        "height": 16 + len(bars) * row_height,
    }
