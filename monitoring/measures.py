"""The indicators Koers computes itself from case data: per measure, which programmes' reach
it counts. An indicator names its measure in ``Indicator.koers_measure``."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class KoersMeasure:
    code: str
    label: str
    programme_codes: tuple[str, ...]


MEASURES: dict[str, KoersMeasure] = {
    measure.code: measure
    for measure in (
        KoersMeasure("gezinslab_reach", _("Deelnemers bereikt door Gezinslab"), ("gezinslab",)),
        KoersMeasure(
            "buurtgezinnen_reach", _("Deelnemers bereikt door Buurtgezinnen"), ("buurtgezinnen",)
        ),
        KoersMeasure(
            "schuldenvrij_reach", _("Deelnemers in Leeuwarden Schuldenvrij"), ("schuldenvrij",)
        ),
        KoersMeasure("baangarantie_reach", _("Deelnemers met een baangarantie"), ("baangarantie",)),
        KoersMeasure("lifecoaching_reach", _("Jongeren met een lifecoach"), ("lifecoaching",)),
    )
}


def choices() -> list[tuple[str, str]]:
    return [("", _("geen (waarden van buiten)"))] + [
        (code, measure.label) for code, measure in MEASURES.items()
    ]
