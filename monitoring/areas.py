"""The areas the monitor measures: the programme area, its five wijken, and the city and the
G40 (the forty largest municipalities) for comparison."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from casework.models import Wijk

PROGRAMME_AREA = "leeuwarden-oost"
CITY = "leeuwarden"
G40 = "g40"

AREAS: dict[str, str] = {
    PROGRAMME_AREA: _("Leeuwarden Oost"),
    **{value: label for value, label in Wijk.choices},
    CITY: _("Leeuwarden"),
    G40: _("G40"),
}
COMPARISON = (CITY, G40)
WIJKEN = tuple(value for value, _label in Wijk.choices)


def label(area: str) -> str:
    return str(AREAS.get(area, area))
