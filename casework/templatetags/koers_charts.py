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
