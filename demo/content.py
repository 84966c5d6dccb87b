"""What the demo participants are made of: names, streets, household kinds, goals, plans,
progress notes and measurement waves."""

from __future__ import annotations

from casework.models import Enrolment

WIJKEN = ["oud-oost", "bilgaard", "vrijheidswijk", "heechterp-schieringen", "camminghaburen"]
POSTCODE_PREFIX = {
    "oud-oost": "8921",
    "vrijheidswijk": "8922",
    "heechterp-schieringen": "8924",
    "bilgaard": "8925",
    "camminghaburen": "8926",
}
STREETS = {
    "oud-oost": ["Oostergoweg", "Schrans-Oost", "Tulpstraat", "Kanaalweg-Oost"],
    "bilgaard": ["Bilgaardpark", "Valeriusplein", "Ringersweg", "Bilgaardsflat"],
    "vrijheidswijk": ["Vredeplein", "Bevrijdingslaan", "Verzetsstraat", "Vrijheidsweg"],
    "heechterp-schieringen": ["Heechterplaan", "Schieringerweg", "Sportlaan-Oost", "Eewal-Oost"],
    "camminghaburen": ["Camminghalaan", "Zuiderburen", "Muzenlaan", "Wiarda-erf"],
}
MALE = [
    "Sjoerd", "Hylke", "Jelle", "Durk", "Eelke", "Sytse", "Auke", "Romke", "Wiebe", "Pieter",
    "Klaas", "Bauke", "Jorrit", "Douwe", "Tsjalle", "Mohamed", "Ahmet", "Dirk", "Sybren", "Hessel",
]  # fmt: skip
FEMALE = [
    "Wytske", "Baukje", "Tjitske", "Sietske", "Geeske", "Yfke", "Janke", "Aukje", "Griet", "Minke",
    "Fenna", "Mirte", "Lieke", "Sanne", "Ilse", "Fatima", "Amira", "Nynke", "Trijntje", "Hylkje",
]  # fmt: skip
CHILD_MALE = ["Finn", "Sem", "Daan", "Thijs", "Luuk", "Jesse", "Ids", "Wessel", "Yusuf", "Bram"]
CHILD_FEMALE = ["Noor", "Emma", "Tess", "Fleur", "Jet", "Liv", "Anouk", "Isa", "Lina", "Femke"]
FAMILY_NAMES = [
    "Hoekstra", "Dijkstra", "Bosma", "Postma", "Wiersma", "Terpstra", "Zijlstra", "Jansma",
    "Hofstra", "Tuinstra", "Veenstra", "Kuipers", "de Jong", "de Vries", "van der Meer",
    "Visser", "de Boer", "Brouwer", "Sikkema", "Feenstra", "Haitsma", "Koopmans", "Nauta",
    "Wijnja", "El Amrani", "Yıldız", "Rienstra", "Sinnema",
]  # fmt: skip

# Household kinds, cycled over the households (see DemoBuilder.household_people).
HOUSEHOLD_KINDS = [
    "gezinslab",
    "schulden",
    "school",
    "werk",
    "buurtgezin",
    "gezinslab",
    "jongeren",
]

FINDING_PLACE = {
    "gezinslab": Enrolment.FindingPlace.SCHOOL,
    "buurtgezinnen": Enrolment.FindingPlace.COMMUNITY_CENTRE,
    "schuldenvrij": Enrolment.FindingPlace.SOCIAL_TEAM,
    "lifecoaching": Enrolment.FindingPlace.SCHOOL,
    "baangarantie": Enrolment.FindingPlace.PARTNER,
}
LEGAL_BASIS = {
    "schuldenvrij": Enrolment.LegalBasis.PUBLIC_TASK,
    "baangarantie": Enrolment.LegalBasis.CONTRACT,
}

# Goals in the participant's own words, with the ZRM life domain they touch.
GOALS = {
    "gezinslab": [
        ("Ik wil weer rust in mijn hoofd als de post komt.", "financien"),
        ("Ik wil dat de kinderen elke ochtend ontbijten voor ze naar school gaan.", "adl"),
        ("Ik wil een baan waar ik trots op ben.", "werk_opleiding"),
        ("Minder ruzie thuis, meer samen lachen.", "huiselijke_relaties"),
        ("Ik wil weer beter slapen en minder piekeren.", "geestelijke_gezondheid"),
        ("Ik wil mensen in de buurt hebben bij wie ik terecht kan.", "sociaal_netwerk"),
    ],
    "buurtgezinnen": [
        ("Iemand om mee te praten als het even niet gaat.", "sociaal_netwerk"),
        ("Dat de kinderen een vast logeeradres hebben bij een ander gezin.", "huiselijke_relaties"),
        ("Ik wil zelf ook iets kunnen betekenen voor de buurt.", "maatschappelijke_participatie"),
    ],
    "schuldenvrij": [
        ("Ik wil van mijn schulden af en niet meer bang zijn voor de deurbel.", "financien"),
        ("Ik wil zelf mijn geld kunnen regelen met een weekbudget.", "financien"),
        ("Ik wil een plan voor later, voor mij en mijn zoon.", "tijdsbesteding"),
        ("Geen nieuwe schulden als ik 18 word.", "financien"),
    ],
    "lifecoaching": [
        ("Ik wil mijn diploma halen.", "werk_opleiding"),
        ("Ik wil niet meer spijbelen.", "werk_opleiding"),
        ("Ik wil weten wat ik later wil worden.", "tijdsbesteding"),
        ("Ik wil een bijbaantje en mijn eigen geld.", "financien"),
        ("Meer vrienden maken op mijn nieuwe school.", "sociaal_netwerk"),
    ],
    "baangarantie": [
        ("Ik wil een vaste baan en uit de bijstand.", "werk_opleiding"),
        ("Ik wil mijn rijbewijs halen zodat ik op tijd op mijn werk kan komen.", "werk_opleiding"),
        ("Een diploma in de zorg, stap voor stap.", "werk_opleiding"),
        ("Elke dag een ritme, ook als het tegenzit.", "tijdsbesteding"),
    ],
}

PLAN_SUMMARIES = {
    "gezinslab": "Samen met het gezin in kaart gebracht waar het vastloopt. Eerst rust in de "
    "financiën, daarna werken aan de eigen doelen van de ouders.",
    "buurtgezinnen": "Koppeling met een steungezin uit de buurt; één keer per week contact en "
    "een vaste logeerdag voor de kinderen.",
    "schuldenvrij": "Restschuld wordt kwijtgescholden. Samen een toekomstplan opstellen met een "
    "weekbudget en afspraken over nieuwe rekeningen.",
    "lifecoaching": "Lifecoach als vast aanspreekpunt; samen met school en ouders werken aan "
    "een goede overgang en het halen van een diploma.",
    "baangarantie": "Via de brancheketen een baangarantie, eerst een werkervaringsplek met "
    "begeleiding op de werkvloer.",
}

# Short progress notes per programme: (kind, note).
NOTES = {
    "gezinslab": [
        (
            "home_visit",
            "Huisbezoek samen met de ervaringsdeskundige. Stapel post samen doorgenomen.",
        ),
        ("contact", "Moeder belde: toeslag is eindelijk toegekend. Opgelucht."),
        ("action", "Samen gebeld met de Belastingdienst over de terugvordering."),
        ("meeting", "Overleg met school over de aanwezigheid van de oudste."),
        ("contact", "Kort contact bij het schoolplein, het gaat rustiger thuis."),
        ("action", "Knelpunt: wachtlijst schuldhulpverlening van vier maanden."),
        ("milestone", "Doorbraak: via het wijkteam toch direct een afspraak bij schuldhulp."),
        ("home_visit", "Huisbezoek: vader heeft een sollicitatiegesprek gehad."),
        ("meeting", "Gezinsgesprek, doelen samen bijgesteld."),
        ("contact", "Afspraak verzet, gezin had griep. Volgende week opnieuw."),
        ("action", "Aanvraag kwijtschelding gemeentelijke belastingen samen ingevuld."),
        ("milestone", "Vader is gestart bij een werkgever via Open Hiring."),
    ],
    "buurtgezinnen": [
        ("meeting", "Kennismaking met het steungezin, klikte meteen."),
        ("contact", "Kinderen hebben voor het eerst gelogeerd bij het steungezin."),
        ("home_visit", "Evaluatie met beide gezinnen, afspraken voortgezet."),
        ("contact", "Steungezin helpt met vervoer naar de sportclub."),
        ("milestone", "Vaste logeerdag loopt nu een half jaar zonder uitval."),
    ],
    "schuldenvrij": [
        ("meeting", "Financiële intake gedaan, overzicht van alle schuldeisers gemaakt."),
        ("action", "Schuldeisers aangeschreven over de kwijtschelding van de restschuld."),
        ("contact", "Vraag over een nieuwe rekening van de zorgverzekeraar, samen betaald."),
        ("milestone", "Restschuld kwijtgescholden. Veel emotie, grote opluchting."),
        ("meeting", "Toekomstplan besproken: weekbudget en spaardoel."),
        ("contact", "Budget gaat goed, geen nieuwe achterstanden."),
        ("action", "Knelpunt: beslag op loon nog niet opgeheven; werkgever gebeld."),
        ("milestone", "Doorbraak: beslag opgeheven na overleg met de deurwaarder."),
    ],
    "lifecoaching": [
        ("meeting", "Kennismaking met de lifecoach op school."),
        ("contact", "Samen huiswerkplanning gemaakt voor de toetsweek."),
        ("meeting", "Gesprek met mentor over het schooladvies en de overstap."),
        ("contact", "Twee weken geen verzuim, complimenten gegeven."),
        ("action", "Meegegaan naar de open dag van het mbo."),
        ("milestone", "Overgegaan naar het volgende leerjaar."),
        ("contact", "Bijbaantje gevonden bij de supermarkt in de wijk."),
    ],
    "baangarantie": [
        ("meeting", "Intake bij de brancheketen zorg, baangarantie besproken."),
        ("action", "Gestart op een werkervaringsplek, eerste week goed verlopen."),
        ("contact", "Evaluatie met de werkbegeleider: komt op tijd, leert snel."),
        ("action", "Knelpunt: kinderopvang sluit niet aan op de diensten."),
        ("milestone", "Doorbraak: werkgever past het rooster aan."),
        ("milestone", "Contract getekend, uitstroom uit de bijstand."),
        ("contact", "Belcontact, gaat goed op het werk."),
    ],
}

WAVES = [("intake", 7), ("m6", 182), ("m12", 365), ("m18", 547), ("m24", 730)]
