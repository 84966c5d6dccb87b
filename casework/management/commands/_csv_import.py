"""Shared reading and reporting for the CSV import commands.

Files are read whole, decoded as strict UTF-8 (a BOM is accepted) and parsed with a field
size limit far above any sane cell, so that one huge cell is reported as too long instead of
breaking the parser. Messages are Dutch and name rows by line number only, never a value:
an import file is full of identifiers, and command output ends up in terminals and logs.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

# Far above KOERS_MAX_CELL_LENGTH; cells longer than that are refused row by row.
PARSER_FIELD_LIMIT = 64 * 1024 * 1024
MAX_FILE_BYTES = 256 * 1024 * 1024


class ImportRefused(Exception):
    """Validation found errors; nothing was (or will be) written."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} fout(en)")


@contextmanager
def _field_size_limit(limit: int) -> Iterator[None]:
    previous = csv.field_size_limit()
    csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def read_text(path: str) -> str:
    """Read the file as UTF-8 (with or without BOM); refuse anything else with a clear message."""
    file = Path(path)
    if not file.is_file():
        raise CommandError("Het bestand bestaat niet of is geen gewoon bestand.")
    if file.stat().st_size > MAX_FILE_BYTES:
        raise CommandError(
            f"Het bestand is te groot (meer dan {MAX_FILE_BYTES // (1024 * 1024)} MB)."
        )
    raw = file.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise CommandError(
            f"Rij {line}: het bestand is geen UTF-8. Sla het bestand op als UTF-8 "
            "(in Excel: 'CSV UTF-8 (door komma's gescheiden)') en probeer het opnieuw."
        ) from None


def read_rows(path: str, expected: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """Return (line number, row) for every non-empty data row; check the header first.

    The line number is the physical line in the file where the row starts (header = 1), so
    an operator can find it in an editor. Structural problems (wrong header, a row with the
    wrong number of columns, broken quoting) are collected and raised as ImportRefused.
    """
    text = read_text(path)
    errors: list[str] = []
    rows: list[tuple[int, dict[str, str]]] = []
    with _field_size_limit(PARSER_FIELD_LIMIT):
        first_line = text.split("\n", 1)[0]
        # Dutch spreadsheet programs often save "CSV" with semicolons: accept those too.
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        try:
            header = next(reader, None)
        except csv.Error:
            raise ImportRefused(["Rij 1: de kopregel kan niet als CSV worden gelezen."]) from None
        if header is None:
            raise ImportRefused(["Rij 1: het bestand is leeg; de kopregel ontbreekt."])
        check_header([cell.strip() for cell in header], expected)
        start = reader.line_num + 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error:
                errors.append(
                    f"Rij {start}: deze regel kan niet als CSV worden gelezen "
                    "(controleer de aanhalingstekens)."
                )
                break  # the parser cannot resync reliably after broken quoting
            line = start
            start = reader.line_num + 1
            if not cells or all(not cell.strip() for cell in cells):
                continue
            if len(cells) != len(expected):
                errors.append(
                    f"Rij {line}: verwacht {len(expected)} kolommen, gevonden {len(cells)}."
                )
                continue
            rows.append((line, dict(zip(expected, cells, strict=True))))
    if errors:
        raise ImportRefused(errors)
    return rows


def check_header(header: list[str], expected: tuple[str, ...]) -> None:
    if tuple(header) == expected:
        return
    found = set(header)
    if not found & set(expected):
        # Probably no header row at all: the first row is data, so name none of its cells.
        raise ImportRefused(
            [
                "Rij 1: de kopregel ontbreekt of klopt niet; geen enkele verwachte kolomnaam "
                "gevonden. Verwachte kopregel: " + ",".join(expected)
            ]
        )
    missing = [name for name in expected if name not in found]
    unexpected = [name for name in header if name not in expected]
    doubled = sorted({name for name in header if header.count(name) > 1})
    parts = []
    if missing:
        parts.append("ontbrekende kolommen: " + ", ".join(missing))
    if unexpected:
        parts.append(
            "onverwachte kolommen: " + ", ".join(_short(name) or "(leeg)" for name in unexpected)
        )
    if doubled:
        parts.append("dubbele kolommen: " + ", ".join(doubled))
    if not parts:
        parts.append("de kolommen staan niet in de verwachte volgorde")
    raise ImportRefused(
        ["Rij 1: de kopregel klopt niet; " + "; ".join(parts) + ". Verwacht: " + ",".join(expected)]
    )


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def long_cells(row: dict[str, str]) -> list[str]:
    """Names of the columns whose cell is longer than KOERS_MAX_CELL_LENGTH."""
    limit = settings.KOERS_MAX_CELL_LENGTH
    return [name for name, value in row.items() if len(value) > limit]


def too_long_message(line: int, columns: list[str]) -> str:
    return (
        f"Rij {line}: de cel in kolom {', '.join(columns)} is te lang "
        f"(hoogstens {settings.KOERS_MAX_CELL_LENGTH} tekens)."
    )


def parse_date(value: str) -> dt.date | None:
    """An ISO date (YYYY-MM-DD), or None when it is not one."""
    value = value.strip()
    if len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def messages_of(error: ValidationError) -> list[str]:
    """The messages of a ValidationError, with the field (column) name where there is one."""
    if hasattr(error, "error_dict"):
        out = []
        for field, messages in error.message_dict.items():
            for message in messages:
                out.append(message if field == "__all__" else f"{field}: {message}")
        return out
    return list(error.messages)


def refuse(command: BaseCommand, errors: list[str]) -> CommandError:
    """Write every error to stderr and return the CommandError that ends the command."""
    for message in errors:
        command.stderr.write(message)
    return CommandError(
        f"Import geweigerd: {len(errors)} {'fout' if len(errors) == 1 else 'fouten'} gevonden. "
        "Er is niets geïmporteerd."
    )
