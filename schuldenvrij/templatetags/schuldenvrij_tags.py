"""Euro amounts in Dutch notation and the budget chart (inline SVG, no script, no inline
style); the chart always has its table beside it."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from casework.money import format_euro

register = template.Library()

ROW_HEIGHT = 18
GROUP_GAP = 16
LABEL_WIDTH = 200
BAR_AREA = 380


@register.filter
def euro(value) -> str:
    """An amount as the page's language writes it (``casework.money``); a dash for None."""
    if value is None or value == "":
        return "—"
    return format_euro(value)


@register.inclusion_tag("schuldenvrij/_budget_chart.html")
def budget_chart(columns, lines):
    """Per snapshot three bars: monthly income, fixed costs and the room between them."""
    biggest = max(
        [max(c.income, c.costs, abs(c.room)) for c in columns] + [Decimal("1")],
    )
    groups = []
    y = 8
    for column in columns:
        bars = []
        for kind, label, value in (
            ("income", _("Inkomen"), column.income),
            ("costs", _("Vaste lasten"), column.costs),
            ("room" if column.room >= 0 else "shortage", _("Ruimte"), column.room),
        ):
            bars.append(
                {
                    "kind": kind,
                    "label": label,
                    "value": value,
                    "y": y,
                    "text_y": y + 12,
                    "width": max(round(abs(value) / biggest * BAR_AREA), 1 if value else 0),
                }
            )
            y += ROW_HEIGHT
        groups.append({"column": column, "bars": bars, "title_y": bars[0]["y"] - 2})
        y += GROUP_GAP
    return {
        "groups": groups,
        "columns": columns,
        "lines": lines,
        "label_width": LABEL_WIDTH,
        "width": LABEL_WIDTH + BAR_AREA + 110,
        "height": y,
    }
