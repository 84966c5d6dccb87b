"""load.sps: reads every table of an export into SPSS or PSPP with formats and labels."""

from __future__ import annotations

from research.package.profile import Profile, csv_codes
from research.package.quoting import listing, one_line, sps_number, sps_string
from research.writers import Column, sav_value_labels, sav_variable_label

SPSS_ADD_FILES = 50  # files per ADD FILES command (SPSS's limit)


def _sps_comment(text: str) -> str:
    # A comment ends at a period at the end of a line: every line is its own comment.
    text = one_line(text).rstrip(".")
    return f"* {text}."


def sps_script(fmt, tables, files, profiles) -> str:
    tool = "SPSS" if fmt == "dta" else "SPSS or PSPP"
    lines = [
        _sps_comment(f"Koers research export: loads every table of this export into {tool}"),
        *[_sps_comment(line) for line in listing(files)],
        _sps_comment(
            "Each table becomes a dataset of the same name; the first is active at the end"
        ),
        _sps_comment(
            "File names are relative to the current directory: run this syntax in the "
            "export's folder (PSPP: cd there, then pspp load.sps)"
        ),
        _sps_comment(
            "In SPSS first run CD 'path/to/the/export' or use INSERT FILE='path/to/load.sps' CD=YES"
        ),
        _sps_comment(
            "Empty means suppressed or unknown: system-missing for numbers and dates, and "
            "the empty text is user-missing for text"
        ),
    ]
    if fmt == "dta":
        lines.append(_sps_comment("GET STATA needs SPSS 14 or later; PSPP reads no Stata files"))
    lines.append("")
    for table, columns in tables.items():
        names = files[table]
        lines.append(_sps_comment(f"{table}"))
        if fmt == "csv":
            lines += _sps_csv(names[0], columns, profiles[table])
        elif fmt == "sav":
            lines += _sps_sav(names)
        else:
            lines += _sps_dta(table, names)
        lines.append(f"DATASET COPY {table}.")
        lines.append("")
    lines.append(f"DATASET ACTIVATE {next(iter(tables))}.")
    lines.append("")
    return "\n".join(lines)


def _sps_sav(names: list[str]) -> list[str]:
    if len(names) == 1:
        return [f"GET FILE={sps_string(names[0])}."]
    chunk, rest = names[:SPSS_ADD_FILES], names[SPSS_ADD_FILES:]
    lines = [*_sps_command("ADD FILES", _sps_files(chunk)), "EXECUTE."]
    while rest:
        chunk, rest = rest[: SPSS_ADD_FILES - 1], rest[SPSS_ADD_FILES - 1 :]
        lines += [*_sps_command("ADD FILES", ["  /FILE=*", *_sps_files(chunk)]), "EXECUTE."]
    return lines


def _sps_files(names: list[str]) -> list[str]:
    return [f"  /FILE={sps_string(name)}" for name in names]


def _sps_dta(table: str, names: list[str]) -> list[str]:
    lines = [f"GET STATA FILE={sps_string(names[0])}."]
    for name in names[1:]:
        lines += [
            f"DATASET COPY {table}.",
            f"GET STATA FILE={sps_string(name)}.",
            f"ADD FILES /FILE={table} /FILE=*.",
            "EXECUTE.",
        ]
    return lines


def _sps_command(head: str, lines: list[str]) -> list[str]:
    """A command of several lines: the head, then the lines, the last ending it with a period."""
    out = [head, *lines]
    out[-1] += "."
    return out


def _sps_csv(name: str, columns: list[Column], profile: Profile) -> list[str]:
    return [
        *_sps_get_data(name, columns, profile),
        *_sps_recode(columns),
        *_sps_variable_labels(columns),
        *_sps_value_labels(columns),
        *_sps_missing_and_levels(columns),
        "EXECUTE.",
    ]


def _sps_get_data(name: str, columns: list[Column], profile: Profile) -> list[str]:
    return _sps_command(
        "GET DATA",
        [
            "  /TYPE=TXT",
            f"  /FILE={sps_string(name)}",
            "  /ENCODING='UTF8'",
            "  /ARRANGEMENT=DELIMITED",
            "  /DELCASE=LINE",
            "  /FIRSTCASE=2",
            '  /DELIMITERS=","',
            "  /QUALIFIER='\"'",
            "  /VARIABLES=",
            *[f"    {c.name} {profile.spss_format(c)}" for c in columns],
        ],
    )


def _sps_recode(columns: list[Column]) -> list[str]:
    """Text codes become the numbers 1..n of the .sav files (RECODE into a new variable,
    which then takes the old one's name and place)."""
    coded = [c for c in columns if c.string_coded]
    if not coded:
        return []
    lines = []
    taken = {c.name for c in columns}
    temporary = {}
    for index, column in enumerate(coded, start=1):
        name = f"koers_code_{index}"
        while name in taken:
            name += "_"
        taken.add(name)
        temporary[column.name] = name
        pairs = " ".join(f"({sps_string(code)}={number})" for code, number in csv_codes(column))
        lines.append(f"RECODE {column.name} {pairs} (ELSE=SYSMIS) INTO {name}.")
    lines.append(f"DELETE VARIABLES {' '.join(temporary)}.")
    lines.append(
        "RENAME VARIABLES "
        + " ".join(f"({name}={column})" for column, name in temporary.items())
        + "."
    )
    lines.append(f"FORMATS {' '.join(temporary)} (F8.0).")
    lines.append("MATCH FILES /FILE=* /KEEP=" + " ".join(c.name for c in columns) + ".")
    return lines


def _sps_variable_labels(columns: list[Column]) -> list[str]:
    return _sps_command(
        "VARIABLE LABELS",
        [
            f"{'  /' if i else '  '}{column.name} "
            f"{sps_string(sav_variable_label(column), indent='    ')}"
            for i, column in enumerate(columns)
        ],
    )


def _sps_value_labels(columns: list[Column]) -> list[str]:
    labelled = [c for c in columns if c.value_labels]
    if not labelled:
        return []
    lines = []
    for i, column in enumerate(labelled):
        lines.append(f"  {'/' if i else ''}{column.name}")
        for number, text in sav_value_labels(column).items():
            lines.append(f"    {sps_number(number)} {sps_string(text, indent='      ')}")
    return _sps_command("VALUE LABELS", lines)


def _sps_missing_and_levels(columns: list[Column]) -> list[str]:
    """The empty text is user-missing; measurement levels; dates shown as dates."""
    lines = []
    strings = [c.name for c in columns if c.free_text]
    if strings:
        lines.append(f"MISSING VALUES {' '.join(strings)} ('').")
    levels: dict[str, list[str]] = {}
    for column in columns:
        levels.setdefault(column.level.upper(), []).append(column.name)
    lines.append(
        "VARIABLE LEVEL "
        + " /".join(f"{' '.join(names)} ({level})" for level, names in levels.items())
        + "."
    )
    dates = [c.name for c in columns if c.type == "date"]
    if dates:
        lines.append(f"FORMATS {' '.join(dates)} (DATE11).")
    return lines
