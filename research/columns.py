"""The columns of every file of a research export, each with its role in the disclosure
control and the reason (a quasi-identifier, a sensitive value, or a value that identifies no
one in any combination), and the codebook that describes them.

A test over every file of an export fails when a written column has no role or reason.
"""

from __future__ import annotations

from pathlib import Path

from research import catalogue as cat
from research.writers import WRITERS, Column, stata_names

PSEUDONYM_REASON = (
    "a random pseudonym per study (HMAC under the study's key): says nothing of the person"
)
HISTORY_REASON = "part of programme_history: written at the precision that k allows"
KEY_REASON = "names what was measured, the same for everyone measured: identifies no one"

# The numeric wave index: sorts in time (months since the start; exit and follow-up last).
WAVE_INDEX_LABELS = {
    "0": ("Intake", "Intake"),
    "1000": ("Uitstroom", "Exit"),
    "1001": ("Follow-up", "Follow-up"),
}


def wave_index(wave: str) -> int | None:
    if not wave:
        return None
    if wave == "intake":
        return 0
    if wave == "exit":
        return 1000
    if wave == "follow_up":
        return 1001
    return int(wave[1:])


def _column(variable: cat.Variable, name: str | None = None, **extra) -> Column:
    return Column(
        name=name or variable.name,
        label_nl=extra.pop("label_nl", variable.label_nl),
        label_en=extra.pop("label_en", variable.label_en),
        type=extra.pop("type", variable.type),
        values=extra.pop("values", variable.values),
        value_labels=extra.pop("value_labels", variable.value_labels),
        source=variable.source,
        quasi_identifier=variable.quasi_identifier,
        sensitive=variable.sensitive,
        reason=variable.reason,
    )


def _key_text(name: str, label_nl: str, label_en: str) -> Column:
    """A text column that names what was measured (the same for everyone measured)."""
    return Column(name, label_nl, label_en, "string", reason=KEY_REASON)


PSEUDONYM = Column(
    "pseudonym",
    "Deelnemer (pseudoniem binnen dit onderzoek)",
    "Participant (pseudonym within this study)",
    "string",
    values="p + 20 hexadecimale tekens",
    source="HMAC-SHA256 van het interne id onder de sleutel van het onderzoek",
    reason=PSEUDONYM_REASON,
)


def participant_columns(names: set[str], programmes: list[str]) -> list[Column]:
    variables = {v.name: v for v in cat.PARTICIPANT_VARIABLES}
    columns = [PSEUDONYM]
    for name in ("household", "age_band", "gender", "wijk", "household_size"):
        if name in names:
            columns.append(_column(variables[name]))
    if "programme_history" not in names:
        return columns
    history = variables["programme_history"]
    for code in programmes:
        columns += [
            _column(
                history,
                f"{code}_start_month",
                label_nl=f"{code}: eerste inschrijving (maand, kwartaal of jaar)",
                label_en=f"{code}: first enrolment (month, quarter or year)",
                values="eerste dag van de maand, het kwartaal of het jaar; leeg = onderdrukt",
                value_labels={},
            ),
            _column(
                history,
                f"{code}_exit_month",
                label_nl=f"{code}: uitschrijving (leeg = loopt of onderdrukt)",
                label_en=f"{code}: exit (empty = ongoing or suppressed)",
                values="eerste dag van de maand, het kwartaal of het jaar",
                value_labels={},
            ),
            _column(
                history,
                f"{code}_status",
                label_nl=f"{code}: status van de laatste inschrijving",
                label_en=f"{code}: status of the latest enrolment",
                type="string",
                values="active, paused, completed, stopped; gegeneraliseerd: ongoing, ended",
            ),
        ]
    return columns


def _interval(days: bool) -> Column:
    if days:
        return Column(
            "days_since_first_enrolment",
            "Dagen sinds de eerste inschrijving",
            "Days since first enrolment",
            "integer",
            ">= 0 (dagen goedgekeurd door de privacy officer)",
            reason=HISTORY_REASON,
        )
    return Column(
        "weeks_since_first_enrolment",
        "Hele weken sinds de eerste inschrijving",
        "Whole weeks since first enrolment",
        "integer",
        ">= 0",
        reason=HISTORY_REASON,
    )


def key_columns(*, days: bool, long: bool) -> list[Column]:
    return [
        PSEUDONYM,
        Column(
            "programme",
            "Programma",
            "Programme",
            "string",
            source="casework",
            reason=HISTORY_REASON,
        ),
        Column(
            "wave",
            "Peilmoment (leeg bij uitkomstmaten)" if long else "Peilmoment",
            "Wave (empty for outcome measures)" if long else "Wave",
            "string",
            "intake, m6, m12, ..., exit, follow_up",
            source="casework",
            reason=HISTORY_REASON,
        ),
        Column(
            "wave_index",
            "Volgorde van het peilmoment (maanden; intake 0, uitstroom 1000, follow-up 1001)",
            "Order of the wave (months; intake 0, exit 1000, follow-up 1001)",
            "integer",
            "0, 6, 12, ..., 1000, 1001",
            WAVE_INDEX_LABELS,
            reason=HISTORY_REASON,
            measure="ordinal",
        ),
        Column(
            "month",
            "Maand van de meting (eerste dag; zo grof als de deelname per programma)",
            "Month of the measurement (first day; as coarse as programme_history)",
            "date",
            "eerste dag van de maand, het kwartaal of het jaar; leeg = onderdrukt",
            reason=HISTORY_REASON,
        ),
        _interval(days),
    ]


def long_columns(*, days: bool) -> list[Column]:
    return [
        *key_columns(days=days, long=True),
        _key_text("instrument", "Instrument (of 'outcome')", "Instrument (or 'outcome')"),
        _key_text(
            "item",
            "Item (volgnummer van het doel bij doelrealisatie; code van de "
            "uitkomstmaat bij 'outcome')",
            "Item (goal position for goal attainment; measure code for 'outcome')",
        ),
        _key_text(
            "variable", "Variabele (naam in het codeboek)", "Variable (name in the codebook)"
        ),
        Column(
            "value",
            "Waarde (zie het codeboek per variabele; leeg = onderdrukt)",
            "Value (see the codebook per variable; empty = suppressed)",
            "number",
            reason="per variable, as the codebook says (its rows for measurements_long)",
        ),
    ]


def wide_variables(
    variables: list[cat.Variable], goal_positions: int
) -> list[tuple[Column, cat.Variable, int | None]]:
    out = []
    for variable in variables:
        if variable.kind != "instrument":
            continue
        if variable.item:
            out.append((_column(variable), variable, None))
            continue
        for position in range(1, goal_positions + 1):
            out.append(
                (
                    _column(
                        variable,
                        name=f"{variable.name}_{position}",
                        label_nl=f"{variable.label_nl}: doel {position}",
                        label_en=f"{variable.label_en}: goal {position}",
                    ),
                    variable,
                    position,
                )
            )
    return out


CODEBOOK_COLUMNS = [
    _key_text("file", "Bestand", "File"),
    _key_text("column", "Kolom", "Column"),
    _key_text(
        "variable",
        "Variabele (waarden in measurements_long)",
        "Variable (values in measurements_long)",
    ),
    _key_text("label_nl", "Label (Nederlands)", "Label (Dutch)"),
    _key_text("label_en", "Label (Engels)", "Label (English)"),
    _key_text("type", "Type", "Type"),
    _key_text("values", "Toegestane waarden", "Allowed values"),
    _key_text("value_labels", "Waardelabels", "Value labels"),
    _key_text("source", "Bron", "Source"),
    _key_text("role", "Rol in de onthullingscontrole", "Role in the disclosure control"),
    _key_text("reason", "Waarom", "Why"),
    _key_text(
        "stata_name",
        "Naam in Stata (.dta en load.do; ingekort waar Stata maximaal 32 tekens toestaat)",
        "Name in Stata (.dta and load.do; shortened where Stata allows at most 32 characters)",
    ),
]


def role(column) -> str:
    if column.quasi_identifier:
        return cat.QUASI_IDENTIFIER
    return cat.SENSITIVE if column.sensitive else cat.NON_IDENTIFYING


def _labels(value_labels: dict) -> str:
    return "; ".join(f"{code} = {nl} / {en}" for code, (nl, en) in value_labels.items())


def codebook(variables: list[cat.Variable], files: dict[str, list[Column]]) -> list[tuple]:
    rows = []
    for file, columns in files.items():
        stata = stata_names(columns)
        for c in columns:
            rows.append(
                (
                    file,
                    c.name,
                    "",
                    c.label_nl,
                    c.label_en,
                    c.type,
                    c.values,
                    _labels(c.value_labels),
                    c.source,
                    role(c),
                    c.reason,
                    stata[c.name],
                )
            )
    for v in variables:
        if v.kind in {"instrument", "measure"}:
            rows.append(
                (
                    "measurements_long",
                    "value",
                    v.name,
                    v.label_nl,
                    v.label_en,
                    v.type,
                    v.values,
                    _labels(v.value_labels),
                    v.source,
                    v.role,
                    v.reason,
                    "",
                )
            )
    return rows


def write_codebook(out_dir: Path, fmt: str, rows: list[tuple]) -> list[Path]:
    """The codebook as CSV always (readable by anyone), and in the export's format too."""
    paths = []
    for kind in dict.fromkeys(["csv", fmt]):
        table = WRITERS[kind](out_dir, "codebook", CODEBOOK_COLUMNS)
        for row in rows:
            table.write(row)
        paths += table.close()
    return paths
