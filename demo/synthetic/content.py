"""What the synthetic participants are made of: names, addresses, programmes, goals and notes."""

from __future__ import annotations

import datetime as dt

from casework.instruments import LIFE_DOMAINS, PG_DIMENSIONS
from casework.models import Wijk

SYNTH_PASSWORD = "demo-Koers-2026"  # noqa: S105 - published demo password, refused in production
ANCHOR = dt.date(2026, 11, 1)  # latest date used, so the content does not depend on the day

GIVEN_NAMES = {
    "M": [
        "Sjoerd", "Hylke", "Jelle", "Durk", "Eelke", "Sytse", "Auke", "Romke", "Wiebe",
        "Pieter", "Klaas", "Bauke", "Jorrit", "Douwe", "Tsjalle", "Mohamed", "Dirk", "Sybren",
        "Hessel", "Finn", "Sem", "Daan", "Thijs", "Luuk", "Jesse", "Ids", "Wessel", "Bram",
    ],
    "V": [
        "Wytske", "Baukje", "Tjitske", "Sietske", "Geeske", "Yfke", "Janke", "Aukje", "Griet",
        "Minke", "Fenna", "Mirte", "Lieke", "Sanne", "Ilse", "Fatima", "Amira", "Nynke",
        "Trijntje", "Hylkje", "Noor", "Emma", "Tess", "Fleur", "Jet", "Anouk", "Isa", "Femke",
    ],
}  # fmt: skip
FAMILY_NAMES = [
    "Hoekstra", "Dijkstra", "Bosma", "Postma", "Wiersma", "Terpstra", "Zijlstra", "Jansma",
    "Hofstra", "Tuinstra", "Veenstra", "Kuipers", "de Jong", "de Vries", "van der Meer",
    "Visser", "de Boer", "Brouwer", "Sikkema", "Feenstra", "Haitsma", "Koopmans", "Nauta",
    "Wijnja", "El Amrani", "Rienstra", "Sinnema", "Bouma", "Kingma", "Westra",
]  # fmt: skip
STREETS = ["Oostergoweg", "Bilgaardpark", "Vredeplein", "Heechterplaan", "Camminghalaan"]
POSTCODE_PREFIX = ["8921", "8925", "8922", "8924", "8926"]
WIJKEN = [choice.value for choice in Wijk]
PROGRAMMES = ["gezinslab", "buurtgezinnen", "schuldenvrij", "lifecoaching", "baangarantie"]
GOALS = [
    ("Ik wil weer rust in mijn hoofd als de post komt.", "financien"),
    ("Ik wil een baan waar ik trots op ben.", "werk_opleiding"),
    ("Ik wil mijn diploma halen.", "werk_opleiding"),
    ("Minder ruzie thuis, meer samen lachen.", "huiselijke_relaties"),
    ("Ik wil van mijn schulden af.", "financien"),
    ("Ik wil mensen om me heen bij wie ik terecht kan.", "sociaal_netwerk"),
]
NOTES = [
    ("contact", "Telefonisch contact, afspraken doorgenomen."),
    ("home_visit", "Huisbezoek, samen de post doorgenomen."),
    ("meeting", "Overleg met school en wijkteam."),
    ("action", "Samen een aanvraag ingevuld."),
    ("milestone", "Doel bereikt, gevierd met het gezin."),
]
ZRM_ITEMS = [code for code, *_ in LIFE_DOMAINS]
PG_ITEMS = [code for code, *_ in PG_DIMENSIONS]
