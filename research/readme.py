"""README.md and study.json of a research export: what the study is, what was released
and how, how to load the files and how to cite them; Dutch, then English (``write_readme``)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from research.package import SCRIPTS, one_line
from research.writers import (
    PART_ROWS,
)

META_KEYS = (
    "code",
    "title",
    "principal_investigator",
    "institution",
    "ethics_reference",
    "approved_at",
    "approved_by_role",
    "period_start",
    "period_end",
    "programmes",
    "approved_variables",
    "exported_variables",
    "k",
    "l",
    "intervals",
    "generalisation",
    "suppression",
    "released_at",
    "software",
    "format",
    "files",
    "group",
    "citation",
)
FORMAT_NAMES = {
    "csv": "CSV (UTF-8)",
    "parquet": "Apache Parquet",
    "sav": "SPSS (.sav)",
    "dta": "Stata (.dta, versie/version 14)",
}
TABLES = {
    "participants": (
        "één rij per deelnemer: pseudoniem en de goedgekeurde kenmerken",
        "one row per participant: pseudonym and the approved characteristics",
    ),
    "measurements_long": (
        "één rij per meting per variabele (lang formaat)",
        "one row per measurement per variable (long format)",
    ),
    "measurements_wide": (
        "één rij per deelnemer, programma en peilmoment (breed formaat)",
        "one row per participant, programme and wave (wide format)",
    ),
    "codebook": (
        "elke kolom en variabele met label (NL/EN), type, toegestane waarden en waardelabels",
        "every column and variable with its label (NL/EN), type, allowed values and value labels",
    ),
}
SCRIPT_TOOLS = {"load.R": "R", "load.sps": "SPSS / PSPP", "load.do": "Stata 16+"}


def _tool(script: str, fmt: str) -> str:
    return "SPSS" if script == "load.sps" and fmt == "dta" else SCRIPT_TOOLS[script]


def _period(meta: dict, *, nl: bool) -> str:
    start, end = meta["period_start"], meta["period_end"]
    if nl:
        if start and end:
            return f"{_text(start)} tot en met {_text(end)}"
        if start:
            return f"vanaf {_text(start)} (geen einddatum)"
        return f"tot en met {_text(end)}" if end else "geen begin- of einddatum"
    if start and end:
        return f"{_text(start)} up to and including {_text(end)}"
    if start:
        return f"from {_text(start)} (no end date)"
    return f"up to and including {_text(end)}" if end else "no start or end date"


def _json_default(value):
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    if isinstance(value, Path):
        return value.name
    raise TypeError(f"not JSON: {type(value).__name__}")


def _text(value, empty: str = "—") -> str:
    if value is None or value == "" or value == [] or value == {}:
        return empty
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(_text(v) for v in value)
    return one_line(value)


def _counts(value, indent: str = "") -> list[str]:
    if isinstance(value, dict):
        lines = []
        for key, inner in value.items():
            if isinstance(inner, dict):
                lines.append(f"{indent}- {key}:")
                lines += _counts(inner, indent + "  ")
            else:
                lines.append(f"{indent}- {key}: {_text(inner)}")
        return lines
    return [f"{indent}- {_text(value)}"]


def write_readme(out_dir: Path, *, meta: dict) -> list[Path]:
    """README.md (Dutch, then English) and study.json of an export in ``out_dir``."""
    missing = [key for key in META_KEYS if key not in meta]
    if missing:
        raise ValueError(f"meta lacks {', '.join(missing)}")
    if meta["intervals"] not in ("weeks", "days"):
        raise ValueError("meta['intervals'] is 'weeks' or 'days'")
    out_dir = Path(out_dir)
    readme = out_dir / "README.md"
    readme.write_text(_readme(meta), encoding="utf-8", newline="\n")
    study = out_dir / "study.json"
    study.write_text(
        json.dumps(meta, sort_keys=True, ensure_ascii=False, indent=2, default=_json_default)
        + "\n",
        encoding="utf-8",
        newline="\n",
    )
    return [readme, study]


def _readme(meta: dict) -> str:
    fmt = meta["format"]
    scripts = SCRIPTS.get(fmt, ())
    files = [str(f) for f in meta["files"]]
    title = _text(meta["title"])
    lines = [f"# {title} ({_text(meta['code'])})", ""]
    lines += ["Nederlands hieronder, English below.", ""]
    lines += _section(meta, files, scripts, NL)
    lines += _section(meta, files, scripts, EN)
    return "\n".join(lines)


def _tables_in(files: list[str]) -> list[str]:
    tables = []
    for name in files:
        stem = re.sub(r"_part\d+$", "", Path(name).stem)
        if stem in TABLES and stem not in tables:
            tables.append(stem)
    return tables


# Per language (Dutch, English): the texts of a README section, in the order they appear.
_TEXTS = {
    "heading": ("## Nederlands", "## English"),
    "study": ("### Het onderzoek", "### The study"),
    "facts": (
        (
            "Code",
            "Titel",
            "Hoofdonderzoeker",
            "Instelling",
            "Kenmerk ethische toetsing",
        ),
        ("Code", "Title", "Principal investigator", "Institution", "Ethics reference"),
    ),
    "approved": ("Goedgekeurd op {at} door: {role}", "Approved on {at} by: {role}"),
    "period": ("Periode", "Period"),
    "programmes": ("Programma's", "Programmes"),
    "group": ("Onderzoeksgroep", "Research group"),
    "no_group": ("geen (alleen dit onderzoek)", "none (this study only)"),
    "released": ("Vrijgegeven op", "Released at"),
    "software": ("Software", "Software"),
    "format": ("Formaat", "Format"),
    "files": ("### De bestanden", "### The files"),
    "all_files": ("Alle bestanden: ", "All files: "),
    "study_json": (
        "`study.json` bevat de gegevens van deze README, machineleesbaar.",
        "`study.json` holds the facts of this README, machine-readable.",
    ),
    "parts": (
        "Een tabel van meer dan {rows} rijen staat in delen "
        "(`_part001`, `_part002`, ...); de scripts voegen die samen. Tekstcodes (zoals "
        "gender M, V, X, O) staan hier als de getallen 1..n met het label "
        "'<code> = <label>'; het codeboek noemt elke code met zijn label.",
        "A table of more than {rows} rows comes in parts (`_part001`, `_part002`, "
        "...); the scripts append them. Text codes (such as gender M, V, X, O) are stored "
        "here as the numbers 1..n labelled '<code> = <label>'; the codebook lists every "
        "code with its label.",
    ),
    "part_rows": (f"{PART_ROWS:,}".replace(",", "."), f"{PART_ROWS:,}"),
    "csv": (
        "De CSV-bestanden zijn UTF-8. Tekst die in een spreadsheet als formule zou "
        "worden uitgevoerd (begint met =, +, -, @, tab of return) heeft een apostrof "
        "ervoor; getallen en datums (JJJJ-MM-DD) staan er zoals ze zijn.",
        "The CSV files are UTF-8. Text that a spreadsheet would run as a formula (starting "
        "with =, +, -, @, tab or return) has an apostrophe in front; numbers and dates "
        "(YYYY-MM-DD) are as they are.",
    ),
    "pseudonyms": ("### Pseudoniemen", "### Pseudonyms"),
    "pseudonyms_text": (
        "Deelnemers en huishoudens hebben een pseudoniem dat alleen binnen dit onderzoek "
        "geldt: een ander onderzoek krijgt voor dezelfde persoon een ander pseudoniem. "
        "Pseudoniemen voorkomen dus dat bestanden van verschillende onderzoeken via het "
        "pseudoniem worden gekoppeld, maar niet dat ze op inhoud worden gekoppeld "
        "(dezelfde combinatie van kenmerken en data). Met dat koppelen op inhoud tussen "
        "onderzoeken van dezelfde onderzoeksgroep houdt de bescherming tegen onthulling "
        "rekening. "
        "Probeer geen personen te herkennen of bestanden buiten de goedkeuring te koppelen.",
        "Participants and households have a pseudonym that holds within this study only: "
        "another study gets another pseudonym for the same person. So pseudonyms prevent "
        "linking the files of different studies by the pseudonym, but not by their content "
        "(the same combination of characteristics and dates). The disclosure control "
        "accounts for such linking by content between studies of the same research group. "
        "Do not try to recognise "
        "anyone or to link files beyond the approval.",
    ),
    "disclosure": ("### Bescherming tegen onthulling", "### Disclosure control"),
    "k": (
        "- k = {k}: elke combinatie van quasi-identificerende kenmerken "
        "(zoals leeftijdsklasse, gender, wijk, huishoudgrootte) komt minstens k keer voor.",
        "- k = {k}: every combination of quasi-identifiers (such as age "
        "band, gender, district, household size) occurs at least k times.",
    ),
    "l": (
        "- l = {l}: binnen elke combinatie heeft een gevoelige variabele "
        "minstens l verschillende waarden; anders is die waarde onderdrukt.",
        "- l = {l}: within every combination a sensitive variable has at "
        "least l different values; otherwise that value is suppressed.",
    ),
    "generalised": ("Gegeneraliseerd (grover gemaakt):", "Generalised (made coarser):"),
    "suppressed": ("Onderdrukt (aantallen):", "Suppressed (counts):"),
    "nothing": ("- niets", "- nothing"),
    "empty": ("### Lege waarden", "### Empty values"),
    "empty_text": (
        "Een lege cel (CSV), null (Parquet), system-missing (SPSS: `.`; Stata: `.`) of een "
        "lege tekst betekent: onderdrukt of onbekend. Het codeboek zegt per variabele wat "
        "leeg daar betekent.",
        "An empty cell (CSV), null (Parquet), system-missing (SPSS: `.`; Stata: `.`) or an "
        "empty text means: suppressed or unknown. The codebook says per variable what empty "
        "means there.",
    ),
    "time": ("### Tijd", "### Time"),
    "months": (
        "Maanden staan als datum: de eerste dag van de maand (of van het kwartaal of jaar "
        "als de datum grover is gemaakt). ",
        "Months are dates: the first day of the month (or of the quarter or year when the "
        "date was made coarser). ",
    ),
    "weeks": (
        "Intervallen (tijd sinds de eerste inschrijving) zijn in hele weken.",
        "Intervals (time since the first enrolment) are in whole weeks.",
    ),
    "days": (
        "Intervallen (tijd sinds de eerste inschrijving) zijn in dagen.",
        "Intervals (time since the first enrolment) are in days.",
    ),
    "variables": ("### Variabelen", "### Variables"),
    "approved_variables": ("Goedgekeurd", "Approved"),
    "exported_variables": ("Geëxporteerd", "Exported"),
    "loading": ("### Inlezen", "### Loading"),
    "script": (
        "- `{script}` ({tool}): leest elk bestand in met typen, variabelelabels en waardelabels.",
        "- `{script}` ({tool}): reads every file with its types, variable labels and value labels.",
    ),
    "scripts": (
        'Zet de scripts in dezelfde map als de bestanden. R: `source("load.R")`. '
        "SPSS/PSPP: voer `load.sps` uit vanuit die map (SPSS: eerst `CD 'map'`). "
        "Stata: `cd` naar de map, dan `do load.do`.",
        'Keep the scripts in the folder of the files. R: `source("load.R")`. '
        "SPSS/PSPP: run `load.sps` from that folder (SPSS: first `CD 'folder'`). "
        "Stata: `cd` to the folder, then `do load.do`.",
    ),
    "python": (
        "Python: `polars.read_parquet(...)` of `pandas.read_parquet(...)`.",
        "Python: `polars.read_parquet(...)` or `pandas.read_parquet(...)`.",
    ),
    "cite": ("### Citeren", "### How to cite"),
}
NL, EN = 0, 1


def _section(meta: dict, files: list[str], scripts, lang: int) -> list[str]:
    """The README in one language (``NL`` or ``EN``)."""

    def t(key: str, **values) -> str:
        text = _TEXTS[key][lang]
        return text.format(**values) if values else text

    return [
        *_study(meta, t, lang),
        *_files(meta, files, t, lang),
        *_disclosure(meta, t),
        *_time_and_variables(meta, t),
        *_loading(meta, scripts, t),
        "",
        t("cite"),
        "",
        _text(meta["citation"]),
        "",
    ]


def _study(meta: dict, t, lang: int) -> list[str]:
    keys = ("code", "title", "principal_investigator", "institution", "ethics_reference")
    fmt = meta["format"]
    return [
        t("heading"),
        "",
        t("study"),
        "",
        *[
            f"- {label}: {_text(meta[key])}"
            for label, key in zip(_TEXTS["facts"][lang], keys, strict=True)
        ],
        "- " + t("approved", at=_text(meta["approved_at"]), role=_text(meta["approved_by_role"])),
        f"- {t('period')}: {_period(meta, nl=lang == NL)}",
        f"- {t('programmes')}: {_text(meta['programmes'])}",
        f"- {t('group')}: {_text(meta['group'], t('no_group'))}",
        f"- {t('released')}: {_text(meta['released_at'])}",
        f"- {t('software')}: {_text(meta['software'])}",
        f"- {t('format')}: {FORMAT_NAMES.get(fmt, _text(fmt))}",
        "",
    ]


def _files(meta: dict, files: list[str], t, lang: int) -> list[str]:
    lines = [t("files"), ""]
    lines += [f"- `{table}`: {TABLES[table][lang]}." for table in _tables_in(files)]
    lines += [
        "",
        t("all_files") + ", ".join(f"`{f}`" for f in files) + ".",
        t("study_json"),
        "",
    ]
    if meta["format"] in ("sav", "dta"):
        lines += [t("parts", rows=t("part_rows")), ""]
    if meta["format"] == "csv":
        lines += [t("csv"), ""]
    return lines


def _disclosure(meta: dict, t) -> list[str]:
    lines = [
        t("pseudonyms"),
        "",
        t("pseudonyms_text"),
        "",
        t("disclosure"),
        "",
        t("k", k=_text(meta["k"])),
        t("l", l=_text(meta["l"])),
        "",
        t("generalised"),
        "",
    ]
    lines += _counts(meta["generalisation"]) if meta["generalisation"] else [t("nothing")]
    lines += ["", t("suppressed"), ""]
    lines += _counts(meta["suppression"]) if meta["suppression"] else [t("nothing")]
    return lines


def _time_and_variables(meta: dict, t) -> list[str]:
    weeks = meta["intervals"] == "weeks"
    return [
        "",
        t("empty"),
        "",
        t("empty_text"),
        "",
        t("time"),
        "",
        t("months") + (t("weeks") if weeks else t("days")),
        "",
        t("variables"),
        "",
        f"- {t('approved_variables')}: {_text(meta['approved_variables'])}",
        f"- {t('exported_variables')}: {_text(meta['exported_variables'])}",
        "",
    ]


def _loading(meta: dict, scripts, t) -> list[str]:
    lines = [t("loading"), ""]
    if scripts:
        lines += [t("script", script=s, tool=_tool(s, meta["format"])) for s in scripts]
        lines += ["", t("scripts")]
    if meta["format"] == "parquet":
        lines.append(t("python"))
    return lines
