"""Standard instrument definitions, loaded into ``Instrument`` rows as data.

A new instrument needs a definition (here, in a programme app, or in the admin), no
migration. ``per_goal`` instruments have one item per goal of the participant's plan.
"""

from __future__ import annotations

LIFE_DOMAINS = [
    ("financien", "Financiën", "Finances"),
    ("werk_opleiding", "Werk & opleiding", "Work & education"),
    ("tijdsbesteding", "Tijdsbesteding", "Time use"),
    ("huisvesting", "Huisvesting", "Housing"),
    ("huiselijke_relaties", "Huiselijke relaties", "Domestic relations"),
    ("geestelijke_gezondheid", "Geestelijke gezondheid", "Mental health"),
    ("lichamelijke_gezondheid", "Lichamelijke gezondheid", "Physical health"),
    ("middelengebruik", "Middelengebruik", "Substance use"),
    ("adl", "Basale ADL", "Basic ADL"),
    ("sociaal_netwerk", "Sociaal netwerk", "Social network"),
    ("maatschappelijke_participatie", "Maatschappelijke participatie", "Social participation"),
    ("justitie", "Justitie", "Justice"),
]

ZRM_LABELS = {
    "1": ("Acute problematiek", "Acute problems"),
    "2": ("Niet zelfredzaam", "Not self-sufficient"),
    "3": ("Beperkt zelfredzaam", "Limited self-sufficiency"),
    "4": ("Voldoende zelfredzaam", "Adequately self-sufficient"),
    "5": ("Volledig zelfredzaam", "Fully self-sufficient"),
}

PG_DIMENSIONS = [
    ("lichaamsfuncties", "Lichaamsfuncties", "Bodily functions"),
    ("mentaal_welbevinden", "Mentaal welbevinden", "Mental well-being"),
    ("zingeving", "Zingeving", "Meaningfulness"),
    ("kwaliteit_van_leven", "Kwaliteit van leven", "Quality of life"),
    ("meedoen", "Meedoen", "Participation"),
    ("dagelijks_functioneren", "Dagelijks functioneren", "Daily functioning"),
]


def _items(rows):
    return [{"code": code, "label_nl": nl, "label_en": en} for code, nl, en in rows]


STANDARD_INSTRUMENTS = [
    {
        "code": "zrm",
        "name_nl": "Zelfredzaamheidsmatrix",
        "name_en": "Self-Sufficiency Matrix",
        "definition": {
            "scale": {"min": 1, "max": 5},
            "value_labels": {k: {"nl": v[0], "en": v[1]} for k, v in ZRM_LABELS.items()},
            "items": _items(LIFE_DOMAINS),
            "per_goal": False,
            "scored_by": "professional",
        },
    },
    {
        "code": "positieve_gezondheid",
        "name_nl": "Positieve Gezondheid",
        "name_en": "Positive Health",
        "definition": {
            "scale": {"min": 0, "max": 10},
            "value_labels": {
                "0": {"nl": "Slecht", "en": "Poor"},
                "10": {"nl": "Goed", "en": "Good"},
            },
            "items": _items(PG_DIMENSIONS),
            "per_goal": False,
            "scored_by": "resident",
        },
    },
    {
        "code": "goal_attainment",
        "name_nl": "Doelrealisatie",
        "name_en": "Goal attainment",
        "definition": {
            "scale": {"min": 0, "max": 10},
            "value_labels": {
                "0": {"nl": "Nog ver weg", "en": "Still far away"},
                "10": {"nl": "Bereikt", "en": "Reached"},
            },
            "items": [],
            "per_goal": True,
            "scored_by": "resident",
        },
    },
]
