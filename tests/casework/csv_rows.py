"""CSV files for the import tests, built from rows of cells."""

from __future__ import annotations

import io


def csv_file(columns: tuple[str, ...], rows: list[dict[str, str]]) -> io.BytesIO:
    """An open binary file, as an upload is: header plus one line per row."""
    lines = [",".join(columns)] + [",".join(row.get(name, "") for name in columns) for row in rows]
    return io.BytesIO(("\n".join(lines) + "\n").encode())


def person(**cells) -> dict[str, str]:
    return {"programme": "gezinslab", "enrolment_date": "2025-01-06", **cells}
