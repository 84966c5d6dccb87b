"""Reading an import file: strict UTF-8 CSV into numbered rows, and the cell checks every import shares.

Files are read whole, decoded as strict UTF-8 (a BOM is accepted) and parsed with a field
size limit far above any sane cell, so that one huge cell is reported as too long instead of
breaking the parser. Messages are Dutch and name rows by line number only, never a value:
an import file is full of identifiers, and its messages end up in terminals, logs and pages.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from django.conf import settings

# Far above KOERS_MAX_CELL_LENGTH; cells longer than that are refused row by row.
PARSER_FIELD_LIMIT = 64 * 1024 * 1024
MAX_FILE_BYTES = 256 * 1024 * 1024

Row = tuple[int, dict[str, str]]  # (line number where the row starts, cells by column name)
# A path, an open binary file (such as an upload), or rows already read.
Source = str | os.PathLike | IO[bytes] | list[Row]


class ImportRefused(Exception):
    """Validation found errors ("Rij N: ..." each); nothing was (or will be) written."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} fout(en)")


class UnreadableFile(ImportRefused):
    """The file as a whole cannot be read (missing, too large, not UTF-8): one message."""

    def __init__(self, message: str) -> None:
        super().__init__([message])
        self.message = message


@contextmanager
def _field_size_limit(limit: int) -> Iterator[None]:
    previous = csv.field_size_limit()
    csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _too_large() -> UnreadableFile:
    return UnreadableFile(
        f"Het bestand is te groot (meer dan {MAX_FILE_BYTES // (1024 * 1024)} MB)."
    )


def _read_bytes(source: str | os.PathLike | IO[bytes]) -> bytes | str:
    if hasattr(source, "read"):
        raw = source.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise _too_large()
        return raw
    file = Path(source)
    if not file.is_file():
        raise UnreadableFile("Het bestand bestaat niet of is geen gewoon bestand.")
    if file.stat().st_size > MAX_FILE_BYTES:
        raise _too_large()
    return file.read_bytes()


def read_text(source: str | os.PathLike | IO[bytes]) -> str:
    """Read the file as UTF-8 (with or without BOM); refuse anything else with a clear message."""
    raw = _read_bytes(source)
    if isinstance(raw, str):  # a file opened in text mode was decoded already
        return raw.removeprefix("\ufeff")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise UnreadableFile(
            f"Rij {line}: het bestand is geen UTF-8. Sla het bestand op als UTF-8 "
            "(in Excel: 'CSV UTF-8 (door komma's gescheiden)') en probeer het opnieuw."
        ) from None


def rows_of(source: Source, expected: tuple[str, ...], *, max_rows: int | None = None) -> list[Row]:
    """The rows of ``source``: read from a path or an open file, or as given; with
    ``max_rows`` (an upload page's limit) a file with more data rows is refused as a whole."""
    rows = source if isinstance(source, list) else read_rows(source, expected)
    if max_rows is not None and len(rows) > max_rows:
        raise UnreadableFile(
            f"Het bestand heeft te veel rijen: {len(rows)}, hoogstens {max_rows}. "
            "Splits het bestand in delen en importeer die na elkaar."
        )
    return rows


def read_rows(source: str | os.PathLike | IO[bytes], expected: tuple[str, ...]) -> list[Row]:
    """Return (line number, row) for every non-empty data row; check the header first.

    The line number is the physical line in the file where the row starts (header = 1), so
    an operator can find it in an editor. Structural problems (wrong header, a row with the
    wrong number of columns, broken quoting) are collected and raised as ImportRefused.
    """
    text = read_text(source)
    with _field_size_limit(PARSER_FIELD_LIMIT):
        first_line = text.split("\n", 1)[0]
        # Dutch spreadsheet programs often save "CSV" with semicolons: accept those too.
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        _read_header(reader, expected)
        return _read_data_rows(reader, expected)


def _read_header(reader, expected: tuple[str, ...]) -> None:
    try:
        header = next(reader, None)
    except csv.Error:
        raise ImportRefused(["Rij 1: de kopregel kan niet als CSV worden gelezen."]) from None
    if header is None:
        raise ImportRefused(["Rij 1: het bestand is leeg; de kopregel ontbreekt."])
    check_header([cell.strip() for cell in header], expected)


def _read_data_rows(reader, expected: tuple[str, ...]) -> list[Row]:
    errors: list[str] = []
    rows: list[Row] = []
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
            errors.append(f"Rij {line}: verwacht {len(expected)} kolommen, gevonden {len(cells)}.")
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
    parts = _header_problems(header, expected) or [
        "de kolommen staan niet in de verwachte volgorde"
    ]
    raise ImportRefused(
        ["Rij 1: de kopregel klopt niet; " + "; ".join(parts) + ". Verwacht: " + ",".join(expected)]
    )


def _header_problems(header: list[str], expected: tuple[str, ...]) -> list[str]:
    """Missing, unexpected and doubled column names; only expected names are quoted in full."""
    missing = [name for name in expected if name not in header]
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
    return parts


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
