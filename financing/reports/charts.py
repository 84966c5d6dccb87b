"""Chart data (inline SVG bars) and the page context of a report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _

from privacy.release import Method

CHART_MAX_WIDTH = 680


def charts(report: dict) -> dict:
    """Bar charts of the outcomes per month and of the payments against the cap, each bar
    with its value written beside it (the PDF has no hover)."""
    rows = report["outcomes_over_time"]["rows"]
    # Up to 15 months a bar has room for its month (YYYY-MM); beyond, the bars narrow and the
    # labels drop the century (YY-MM); the table beside the chart has every month in full.
    pitch = 44 if len(rows) <= 15 else 30
    bars = _month_bars(rows, pitch)
    width = max(80 + len(bars) * pitch, 200)
    shown = min(width, CHART_MAX_WIDTH)
    payment_bars = _payment_bars(report["payments"])
    return {
        "time_bars": bars,
        "time_width": width,
        "time_shown_width": shown,
        "time_shown_height": round(190 * shown / width),
        "payment_bars": payment_bars,
        "payment_height": 20 + len(payment_bars) * 34,
    }


def _month_bars(rows: list[dict], pitch: int) -> list[dict]:
    """A bar per month, scaled to the highest month, ``pitch`` pixels apart."""
    top = max([row["total"] for row in rows] or [0]) or 1
    bars = []
    for index, row in enumerate(rows):
        height = round(row["total"] / top * 140)
        x = 40 + index * pitch
        bars.append(
            {
                "x": x,
                "y": 160 - height,
                "height": height,
                "width": pitch - 14,
                "label": row["label"] if pitch == 44 else row["label"][2:],
                "value": row["total"],
                "label_x": x + (pitch - 14) // 2,
                "value_y": 160 - height - 4,
            }
        )
    return bars


def _payment_bars(pay: dict) -> list[dict]:
    """Cap, planned, paid and due as bars scaled to the largest; none when the amounts are
    not released."""
    if not pay.get("released"):
        return []
    amounts = [
        (_("Plafond"), pay["cap"]),
        (_("Gepland"), pay["planned"]),
        (_("Betaald"), pay["paid"]),
        (_("Te betalen"), pay["due"]),
    ]
    scale = max(Decimal(amount) for _label, amount in amounts) or Decimal("1")
    bars = []
    for index, (label, amount) in enumerate(amounts):
        bar = int(max(Decimal(amount), Decimal("0")) / scale * 300)
        bars.append(
            {
                "label": label,
                "amount": amount,
                "y": 10 + index * 34,
                "text_y": 24 + index * 34,
                "width": bar,
                "value_x": 110 + bar,
            }
        )
    return bars


def page_context(report: dict) -> dict:
    """What the page and the PDF templates need besides the report: its charts, and the
    moment of the figures as a date-time."""
    return {
        "report": report,
        "charts": charts(report),
        "as_of": dt.datetime.fromisoformat(report["figures_as_of"]),
        "perturbed": report["method"] == Method.CELL_KEY,
    }
