"""A column of a research export: its type, measurement level and value labels, and its
labels as each format holds them (.sav bytes, Stata characters, codes as 1..n)."""

from __future__ import annotations

from dataclasses import dataclass, field

TYPES = ("string", "integer", "number", "date")
MEASURES = ("", "nominal", "ordinal", "scale")
SAV_VARIABLE_LABEL_BYTES = 256
SAV_VALUE_LABEL_BYTES = 120
DTA_VARIABLE_LABEL_CHARS = 80
DTA_NAME_CHARS = 32


@dataclass(frozen=True)
class Column:
    name: str
    label_nl: str
    label_en: str
    type: str  # string, integer, number, date
    values: str = ""
    value_labels: dict = field(default_factory=dict, hash=False, compare=False)
    source: str = ""
    quasi_identifier: bool = False
    sensitive: bool = False
    reason: str = ""  # why the column has its role in the disclosure control (research.columns)
    measure: str = ""  # nominal, ordinal or scale; "" = derived (see level())

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"column {self.name!r}: unknown type {self.type!r}")
        if self.measure not in MEASURES:
            raise ValueError(f"column {self.name!r}: unknown measure {self.measure!r}")
        if self.type == "string" and self.measure == "scale":
            raise ValueError(f"column {self.name!r}: a string column is not a scale")
        if self.type == "date" and self.value_labels:
            raise ValueError(f"column {self.name!r}: a date column takes no value labels")
        if self.type in ("integer", "number"):
            for code in self.value_labels:
                try:
                    float(code)
                except (TypeError, ValueError):
                    raise ValueError(
                        f"column {self.name!r}: a numeric column's value label codes are numbers"
                    ) from None

    @property
    def string_coded(self) -> bool:
        """Text codes with labels: written as 1..n with labels in .sav and .dta."""
        return self.type == "string" and bool(self.value_labels)

    @property
    def free_text(self) -> bool:
        """Text without codes: "" stands for missing (SPSS has no system-missing string)."""
        return self.type == "string" and not self.value_labels

    @property
    def level(self) -> str:
        """The measurement level (SPSS): the column's own, else derived from its type."""
        if self.measure:
            return self.measure
        return "nominal" if self.type == "string" or self.value_labels else "scale"


# --- labels ---------------------------------------------------------------------------------


def _bilingual(nl: str, en: str) -> str:
    nl, en = (nl or "").strip(), (en or "").strip()
    if not en or nl == en:
        return nl
    if not nl:
        return en
    return f"{nl} / {en}"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def cut_bytes(text: str, limit: int) -> str:
    """text in at most ``limit`` UTF-8 bytes, never cutting a character in two."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", errors="ignore")


def cut_chars(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def variable_label(column: Column) -> str:
    """The variable label: ``"<nl> / <en>"``, or one text when both are the same."""
    return _one_line(_bilingual(column.label_nl, column.label_en))


def sav_variable_label(column: Column) -> str:
    return cut_bytes(variable_label(column), SAV_VARIABLE_LABEL_BYTES)


def dta_variable_label(column: Column) -> str:
    """Stata's 80 characters: both languages when they fit, else English (cut with "…")."""
    both = variable_label(column)
    if len(both) <= DTA_VARIABLE_LABEL_CHARS:
        return both
    english = _one_line(column.label_en or column.label_nl)
    return cut_chars(english, DTA_VARIABLE_LABEL_CHARS)


def value_label(column: Column, code) -> str:
    """The label of one code: ``"<code> = <nl> / <en>"`` for a string code (the code stays
    readable where SPSS and Stata show the number's label), ``"<nl> / <en>"`` for a number."""
    nl, en = column.value_labels[code]
    text = _one_line(_bilingual(nl, en))
    if column.string_coded:
        return f"{code} = {text}" if text else str(code)
    return text or str(code)


def coded_values(column: Column) -> dict[str, int]:
    """A string-coded column's codes and the integers 1..n they are written as in .sav and
    .dta, in the order of ``value_labels``."""
    return {str(code): index for index, code in enumerate(column.value_labels, start=1)}


def sav_value_labels(column: Column) -> dict:
    """The value labels in .sav and load.sps: cut at SPSS's 120 bytes."""
    return {k: cut_bytes(v, SAV_VALUE_LABEL_BYTES) for k, v in numeric_labels(column).items()}


def stata_value_labels(column: Column) -> dict[int, str]:
    """The value labels in .dta and load.do: Stata labels only integers."""
    return {int(k): v for k, v in numeric_labels(column).items() if float(k).is_integer()}


def numeric_labels(column: Column) -> dict:
    """{number as written: label} of a coded column (after coded_values for text codes)."""
    if column.string_coded:
        numbers = coded_values(column)
        return {numbers[str(code)]: value_label(column, code) for code in column.value_labels}
    out = {}
    for code in column.value_labels:
        number = float(code)
        key = int(number) if column.type == "integer" and number.is_integer() else number
        out[key] = value_label(column, code)
    return out
