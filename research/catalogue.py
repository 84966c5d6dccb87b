"""The variable catalogue (data dictionary) of research exports.

Built at run time from the participant and enrolment variables of the casework core, the
instruments (definitions as data: items and labels in Dutch and English) and the outcome
measures of the registry, so that a new instrument or measure appears here without code.
Every variable has a name, Dutch and English label, type, allowed values, source, and its
role in the disclosure control with the reason: a quasi-identifier (something an outsider may
know of a person: generalised until k holds, see ``privacy.anonymity``), a sensitive value
(protected by l-diversity) or a value that identifies no one in any combination.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Quasi-identifiers: each has a generalisation hierarchy in privacy.anonymity.
QUASI_IDENTIFIERS = (
    "age_band",
    "gender",
    "wijk",
    "household_size",
    "household",
    "programme_history",
)
QUASI_IDENTIFIER = "quasi_identifier"
SENSITIVE = "sensitive"
NON_IDENTIFYING = "non_identifying"
ROLES = (QUASI_IDENTIFIER, SENSITIVE, NON_IDENTIFYING)
OUTSIDER_KNOWS = "known to neighbours, family or a former caseworker"
MEASURED_ONLY = (
    "a score measured in the programme and known to no outsider: identifies no one, in any "
    "combination"
)
SENSITIVE_REASON = "a sensitive value: shown only where at least l people differ in it"

GENDER_LABELS = {
    "M": ("Man", "Man"),
    "V": ("Vrouw", "Woman"),
    "X": ("X (non-binair)", "X (non-binary)"),
    "O": ("Onbekend", "Unknown"),
}
WIJK_LABELS = {
    "oud-oost": ("Oud-Oost", "Oud-Oost"),
    "bilgaard": ("Bilgaard", "Bilgaard"),
    "vrijheidswijk": ("Vrijheidswijk", "Vrijheidswijk"),
    "heechterp-schieringen": ("Heechterp-Schieringen", "Heechterp-Schieringen"),
    "camminghaburen": ("Camminghaburen", "Camminghaburen"),
    "leeuwarden-oost": ("Leeuwarden Oost (gegeneraliseerd)", "Leeuwarden Oost (generalised)"),
}
STATUS_LABELS = {
    "active": ("Actief", "Active"),
    "paused": ("Gepauzeerd", "Paused"),
    "completed": ("Afgerond", "Completed"),
    "stopped": ("Voortijdig gestopt", "Stopped early"),
    "ongoing": ("Loopt (gegeneraliseerd)", "Ongoing (generalised)"),
    "ended": ("Beëindigd (gegeneraliseerd)", "Ended (generalised)"),
}
BOOLEAN_LABELS = {"0": ("Nee", "No"), "1": ("Ja", "Yes")}
# Instrument items that are sensitive unless the definition says otherwise (item key
# "sensitive"): none by default; the outcome measures carry their own flag in the registry.


@dataclass(frozen=True)
class Variable:
    name: str
    label_nl: str
    label_en: str
    type: str  # string, integer, number
    values: str  # allowed values, in words
    source: str  # casework core, instrument <code>, programme <code>
    quasi_identifier: bool = False
    sensitive: bool = False
    value_labels: dict = field(default_factory=dict, hash=False, compare=False)
    kind: str = "participant"  # participant, instrument, measure
    instrument: str = ""
    item: str = ""  # instrument item; "" for per-goal instruments (item = goal position)
    measure: str = ""
    measure_kind: str = ""
    choices: tuple = ()
    reason: str = ""  # why the variable has its role in the disclosure control

    @property
    def role(self) -> str:
        if self.quasi_identifier:
            return QUASI_IDENTIFIER
        return SENSITIVE if self.sensitive else NON_IDENTIFYING


def _safe(name: str) -> str:
    """A column name that R, SPSS and Stata all accept."""
    name = re.sub(r"[^a-z0-9_]", "_", name.lower())
    if not name[:1].isalpha():
        name = "v_" + name
    return name[:64]


PARTICIPANT_VARIABLES = (
    Variable(
        name="age_band",
        label_nl="Leeftijdsklasse (op de exportdatum)",
        label_en="Age band (on the export date)",
        type="string",
        values="5-jaarsklassen (0-4 ... 80+), zo nodig verbreed tot 10 of 20 jaar of onderdrukt",
        source="casework: geboortejaar",
        quasi_identifier=True,
        reason=f"age is {OUTSIDER_KNOWS}",
    ),
    Variable(
        name="gender",
        label_nl="Gender",
        label_en="Gender",
        type="string",
        values="M, V, X, O; leeg = onderdrukt of onbekend",
        source="casework: deelnemer",
        quasi_identifier=True,
        value_labels=GENDER_LABELS,
        reason=f"gender is {OUTSIDER_KNOWS}",
    ),
    Variable(
        name="wijk",
        label_nl="Wijk",
        label_en="District",
        type="string",
        values="de vijf wijken, of leeuwarden-oost wanneer gegeneraliseerd; leeg = onderdrukt",
        source="casework: deelnemer",
        quasi_identifier=True,
        value_labels=WIJK_LABELS,
        reason=f"the district someone lives in is {OUTSIDER_KNOWS}",
    ),
    Variable(
        name="household_size",
        label_nl="Grootte van het huishouden",
        label_en="Household size",
        type="string",
        values="1 ... 5, 6+; zo nodig klassen 1, 2, 3-4, 5+ of 1, 2+; leeg = onderdrukt",
        source="casework: huishouden",
        quasi_identifier=True,
        reason=f"the size of a household is {OUTSIDER_KNOWS}",
    ),
    Variable(
        name="household",
        label_nl="Huishouden (pseudoniem binnen dit onderzoek)",
        label_en="Household (pseudonym within this study)",
        type="string",
        values="h + 20 hexadecimale tekens; leeg = geen huishouden of onderdrukt",
        source="casework: huishouden",
        quasi_identifier=True,
        reason=(
            "counting who shares a household pseudonym tells how many of a household take "
            f"part, which is {OUTSIDER_KNOWS}"
        ),
    ),
    Variable(
        name="programme_history",
        label_nl="Deelname per programma: maand van inschrijving en uitschrijving, status",
        label_en="Participation per programme: month of enrolment and exit, status",
        type="date",
        values=(
            "per programma <code>_start_month, <code>_exit_month (eerste dag van de maand, "
            "het kwartaal of het jaar) en <code>_status; zo nodig alleen lopend of beëindigd"
        ),
        source="casework: inschrijving",
        quasi_identifier=True,
        value_labels=STATUS_LABELS,
        reason=(
            "when someone started or left a programme is known to the people around them; "
            "the measurement months follow the same precision"
        ),
    ),
)


def instrument_variables(instruments) -> list[Variable]:
    result = []
    for instrument in instruments:
        definition = instrument.definition or {}
        scale = definition.get("scale") or {}
        low, high = scale.get("min"), scale.get("max")
        labels = {
            str(code): (text.get("nl", ""), text.get("en", ""))
            for code, text in (definition.get("value_labels") or {}).items()
        }
        values = f"{low}-{high}" if low is not None else ""
        if definition.get("per_goal"):
            result.append(
                Variable(
                    name=_safe(instrument.code),
                    label_nl=f"{instrument.name_nl} (per doel; item = volgnummer van het doel)",
                    label_en=f"{instrument.name_en} (per goal; item = the goal's position)",
                    type="integer",
                    values=values,
                    source=f"instrument {instrument.code}",
                    sensitive=bool(definition.get("sensitive")),
                    value_labels=labels,
                    kind="instrument",
                    instrument=instrument.code,
                    reason=SENSITIVE_REASON if definition.get("sensitive") else MEASURED_ONLY,
                )
            )
            continue
        for item in definition.get("items", []):
            result.append(
                Variable(
                    name=_safe(f"{instrument.code}_{item['code']}"),
                    label_nl=f"{instrument.name_nl}: {item.get('label_nl', item['code'])}",
                    label_en=f"{instrument.name_en}: {item.get('label_en', item['code'])}",
                    type="integer",
                    values=values,
                    source=f"instrument {instrument.code}",
                    sensitive=bool(item.get("sensitive") or definition.get("sensitive")),
                    value_labels=labels,
                    kind="instrument",
                    instrument=instrument.code,
                    item=item["code"],
                    reason=(
                        SENSITIVE_REASON
                        if item.get("sensitive") or definition.get("sensitive")
                        else MEASURED_ONLY
                    ),
                )
            )
    return result


def measure_variables(measures) -> list[Variable]:
    result = []
    for spec in measures:
        if spec.kind == "choice":
            labels = {str(i): (nl, en) for i, (_v, nl, en) in enumerate(spec.choices, start=1)}
            kind, values = (
                "integer",
                ", ".join(f"{i} = {v}" for i, (v, *_r) in enumerate(spec.choices, start=1)),
            )
        elif spec.kind == "boolean":
            labels, kind, values = BOOLEAN_LABELS, "integer", "0 = nee, 1 = ja"
        else:
            labels, kind = {}, "integer" if spec.kind == "integer" else "number"
            values = spec.unit or spec.kind
        result.append(
            Variable(
                name=_safe(f"outcome_{spec.code}"),
                label_nl=spec.label_nl,
                label_en=spec.label_en,
                type=kind,
                values=values,
                source=f"programma {spec.programme}" if spec.programme else "casework",
                sensitive=bool(spec.sensitive),
                value_labels=labels,
                kind="measure",
                measure=spec.code,
                measure_kind=spec.kind,
                choices=tuple(v for v, *_r in spec.choices),
                reason=SENSITIVE_REASON if spec.sensitive else MEASURED_ONLY,
            )
        )
    return result


def catalogue() -> dict[str, Variable]:
    """Every exportable variable by name (reference data only, no personal data)."""
    from casework.registry import measures
    from casework.selectors import instruments

    variables = [
        *PARTICIPANT_VARIABLES,
        *instrument_variables(instruments()),
        *measure_variables(sorted(measures().values(), key=lambda m: m.code)),
    ]
    return {variable.name: variable for variable in variables}


def needs_sensitive_k(names) -> bool:
    variables = catalogue()
    return any(variables[name].sensitive for name in names if name in variables)
