"""The monitor of the programme plan as data: the indicators of its problem analysis with the
baseline figures it gives (Leeuwarden Oost, Leeuwarden, G40), the indicators Koers computes
itself, and the goal tree of appendix 2 (pillars, tasks, ER sub-goals, SMART goals).

The plan gives no numeric targets: the targets below are proposals (closing the gap with the
city by the goal's year, the commitments of the programme's partners for Koers's own
indicators) that the programme office adjusts on its pages."""

from __future__ import annotations

from decimal import Decimal

from monitoring.areas import CITY, G40, PROGRAMME_AREA, WIJKEN

D = Decimal
SOURCE_OF_PLAN = "Programmaplan Leeuwarden Oost, probleemanalyse (nulmeting)"
COMPARED = [PROGRAMME_AREA, *WIJKEN, CITY, G40]
LOCAL = [PROGRAMME_AREA, *WIJKEN]

# code, name_nl, name_en, unit, better, source, baseline {area: value}
INDICATORS: list[tuple] = [
    (
        "bijstand",
        "Percentage in de bijstand",
        "Percentage on social assistance",
        "percentage",
        "lower",
        "datacentrum",
        {PROGRAMME_AREA: "11.7", CITY: "7.6", G40: "4.6"},
    ),
    (
        "kinderen-in-armoede",
        "Kinderen in armoede",
        "Children in poverty",
        "percentage",
        "lower",
        "cbs",
        {PROGRAMME_AREA: "30.1", CITY: "16.9"},
    ),
    (
        "inkomen",
        "Gemiddeld inkomen",
        "Average income",
        "euro",
        "higher",
        "cbs",
        {PROGRAMME_AREA: "19795", CITY: "23000", G40: "25300"},
    ),
    (
        "niet-rondkomen",
        "Niet of nauwelijks rondkomen",
        "Barely or not making ends meet",
        "percentage",
        "lower",
        "enquete",
        {PROGRAMME_AREA: "19.5", CITY: "13"},
    ),
    (
        "havo-of-hoger",
        "Havo of hoger",
        "Senior general secondary or higher",
        "percentage",
        "higher",
        "datacentrum",
        {PROGRAMME_AREA: "28.0", CITY: "39.5", G40: "43"},
    ),
    (
        "vroegtijdig-schoolverlaters",
        "Vroegtijdig schoolverlaters",
        "Early school leavers",
        "percentage",
        "lower",
        "datacentrum",
        {PROGRAMME_AREA: "3.1", CITY: "2.8", G40: "2.5"},
    ),
    (
        "onderwijsachterstanden",
        "Risico op onderwijsachterstand (2-12 jaar)",
        "Risk of educational disadvantage (age 2-12)",
        "percentage",
        "lower",
        "datacentrum",
        {PROGRAMME_AREA: "24", CITY: "13"},
    ),
    (
        "gezond",
        "Ervaren gezondheid (goed)",
        "Self-rated health (good)",
        "percentage",
        "higher",
        "enquete",
        {PROGRAMME_AREA: "68", CITY: "74", G40: "72"},
    ),
    (
        "participatietrajecten",
        "Bewoners in participatietrajecten",
        "Residents in participation programmes",
        "percentage",
        "lower",
        "datacentrum",
        {PROGRAMME_AREA: "13.2", CITY: "8"},
    ),
    (
        "sociale-index",
        "Sociale index",
        "Social index",
        "score",
        "higher",
        "enquete",
        {PROGRAMME_AREA: "5.52", CITY: "6.6"},
    ),
    (
        "woz-waarde",
        "Gemiddelde WOZ-waarde",
        "Average property value (WOZ)",
        "euro",
        "higher",
        "cbs",
        {PROGRAMME_AREA: "119000", CITY: "143000", G40: "205000"},
    ),
    (
        "sociale-huur",
        "Sociale huurwoningen",
        "Social rented housing",
        "percentage",
        "lower",
        "cbs",
        {PROGRAMME_AREA: "41", CITY: "28.2", G40: "32"},
    ),
    (
        "schoon-heel-veilig",
        "Rapportcijfer schoon, heel en veilig",
        "Rating clean, intact and safe",
        "score",
        "higher",
        "enquete",
        {PROGRAMME_AREA: "7.4", CITY: "8.7"},
    ),
    (
        "binding-met-de-wijk",
        "Binding met de wijk",
        "Attachment to the neighbourhood",
        "percentage",
        "higher",
        "enquete",
        {PROGRAMME_AREA: "30", CITY: "39"},
    ),
    (
        "misdrijven",
        "Misdrijven per 1.000 inwoners per jaar",
        "Crimes per 1,000 residents a year",
        "per_1000",
        "lower",
        "partner",
        {PROGRAMME_AREA: "51", CITY: "47", G40: "44"},
    ),
    (
        "sociale-overlast",
        "Meldingen sociale overlast per 1.000 inwoners per jaar",
        "Reports of social nuisance per 1,000 residents a year",
        "per_1000",
        "lower",
        "partner",
        {PROGRAMME_AREA: "17", CITY: "12"},
    ),
    (
        "veiligheidsindex",
        "Veiligheidsprestatie-index",
        "Safety performance index",
        "score",
        "higher",
        "partner",
        {PROGRAMME_AREA: "6.48", CITY: "7.7"},
    ),
]

# code, name_nl, name_en, Koers measure: counts per year, higher is better, areas LOCAL.
KOERS_INDICATORS: list[tuple[str, str, str, str]] = [
    ("gezinslab-bereik", "Deelnemers in Gezinslab", "Participants in Gezinslab", "gezinslab_reach"),
    (
        "buurtgezinnen-bereik",
        "Deelnemers in Buurtgezinnen",
        "Participants in Buurtgezinnen",
        "buurtgezinnen_reach",
    ),
    (
        "schuldenvrij-bereik",
        "Deelnemers in Leeuwarden Schuldenvrij",
        "Participants in Leeuwarden Schuldenvrij",
        "schuldenvrij_reach",
    ),
    (
        "baangaranties-bereik",
        "Deelnemers met een baangarantie",
        "Participants with a job guarantee",
        "baangarantie_reach",
    ),
    (
        "lifecoaching-bereik",
        "Jongeren met een lifecoach",
        "Young people with a life coach",
        "lifecoaching_reach",
    ),
    (
        "baangaranties-geplaatst",
        "Gestarte plaatsingen op een baangarantie",
        "Placements started on a job guarantee",
        "job_guarantee_placements",
    ),
    (
        "werkervaringsplekken-geplaatst",
        "Gestarte plaatsingen op een werkervaringsplek",
        "Placements started on a work-experience place",
        "work_experience_placements",
    ),
    ("stages-geplaatst", "Gestarte stages", "Internships started", "internship_placements"),
    (
        "schuldenvrij-plaatsen",
        "Gebruikte plaatsen in de pilot van Schuldenvrij",
        "Places used in the Schuldenvrij pilot",
        "schuldenvrij_pilot_places",
    ),
    (
        "schuldenvrij-na-een-jaar",
        "Schuldenvrij een jaar na de kwijtschelding",
        "Free of new debts a year after forgiveness",
        "schuldenvrij_debt_free",
    ),
]

SUBGOALS = {
    "perspectief": "Het bieden van een beter perspectief",
    "veiligheid": "Het vergroten van de veiligheid",
    "leefomgeving": "Het verbeteren van de fysieke leefomgeving",
}

# pillar code, title, tasks [(code, title)], sub-goals, goals [(code, title, phase,
# [(indicator, target)])]
TREE: list[tuple] = [
    (
        "leren",
        "Leren",
        [
            ("bestaanszekerheid", "Bestaanszekerheid: geen jongeren meer in de bijstand"),
            ("kansengelijkheid", "Kansengelijkheid: geen jongeren meer in problematische schulden"),
        ],
        ["perspectief", "veiligheid"],
        [
            (
                "geen-schooluitval",
                "Kinderen en jongeren vallen niet meer uit op school en blijven "
                "op het geadviseerde schoolniveau",
                "B",
                [("vroegtijdig-schoolverlaters", "2.5"), ("havo-of-hoger", "39.5")],
            ),
            (
                "extra-leertijd",
                "Alle kinderen en jongeren hebben structureel extra leer- en ontwikkeltijd",
                "C",
                [("onderwijsachterstanden", "13")],
            ),
            (
                "coach-voor-jongeren",
                "Alle kinderen en jongeren kunnen kiezen voor een coach of rolmodel",
                "A",
                [("lifecoaching-bereik", "100")],
            ),
        ],
    ),
    (
        "werken",
        "Werken",
        [
            ("bestaanszekerheid", "Bestaanszekerheid: geen jongeren meer in de bijstand"),
            ("vertrouwen", "Vertrouwen: ervaringen van bewoners met instanties en omvang maatwerk"),
        ],
        ["perspectief", "veiligheid"],
        [
            (
                "meer-baangaranties",
                "Werkgevers bieden meer baangaranties, ontwikkelingsmogelijkheden en stageplaatsen",
                "A",
                [
                    ("baangaranties-geplaatst", "250"),
                    ("werkervaringsplekken-geplaatst", "60"),
                    ("stages-geplaatst", "100"),
                ],
            ),
            (
                "geen-jongeren-in-bijstand",
                "Geen jongere komt meer in de bijstand",
                "D",
                [("bijstand", "7.6"), ("participatietrajecten", "8")],
            ),
        ],
    ),
    (
        "wonen",
        "Wonen",
        [
            ("leefbaarheid", "Leefbaarheid: actieve en veilige wijken waar het plezierig wonen is"),
        ],
        ["leefomgeving", "perspectief", "veiligheid"],
        [
            (
                "wooncarriere",
                "Meer mogelijkheden voor een wooncarrière door een gevarieerde woningvoorraad",
                "D",
                [("sociale-huur", "32"), ("woz-waarde", "143000")],
            ),
            (
                "woonomgeving",
                "Bewoners zijn tevredener over hun woonomgeving en kennen hun buren",
                "B",
                [("schoon-heel-veilig", "8.7"), ("binding-met-de-wijk", "39")],
            ),
        ],
    ),
    (
        "gezondheid",
        "Gezondheid",
        [
            ("kansengelijkheid", "Kansengelijkheid: geen jongeren meer in problematische schulden"),
            ("vertrouwen", "Vertrouwen: ervaringen van bewoners met instanties en omvang maatwerk"),
        ],
        ["perspectief", "veiligheid"],
        [
            (
                "gezonder",
                "Bewoners voelen zich gezonder en hebben minder zorg en ondersteuning nodig",
                "C",
                [("gezond", "74"), ("sociale-index", "6.6")],
            ),
            (
                "financieel-rondkomen",
                "Bewoners komen financieel beter rond en ervaren minder stress",
                "B",
                [
                    ("niet-rondkomen", "13"),
                    ("kinderen-in-armoede", "16.9"),
                    ("schuldenvrij-plaatsen", "100"),
                    ("schuldenvrij-na-een-jaar", "80"),
                ],
            ),
            (
                "stabiel-thuis",
                "Kinderen hebben vaker een goede start en een stabiel en veilig thuis",
                "A",
                [("gezinslab-bereik", "20"), ("buurtgezinnen-bereik", "20")],
            ),
        ],
    ),
    (
        "veiligheid",
        "Veiligheid",
        [
            (
                "risicofactoren",
                "Kansengelijkheid: risicofactoren om in de criminaliteit te belanden "
                "worden gereduceerd",
            ),
            (
                "gezamenlijke-verantwoordelijkheid",
                "Gezamenlijke verantwoordelijkheid voor een veilige buurt",
            ),
        ],
        ["perspectief", "veiligheid"],
        [
            (
                "minder-criminaliteit",
                "Minder misdrijven en overlast, op het niveau van de stad",
                "D",
                [("misdrijven", "47"), ("sociale-overlast", "12")],
            ),
            (
                "veiliger-gevoel",
                "Bewoners voelen zich veiliger in hun buurt",
                "B",
                [("veiligheidsindex", "7.7")],
            ),
        ],
    ),
]
