"""Which import scripts each format gets, and writing them next to an export's files."""

from __future__ import annotations

from pathlib import Path

from research.package.profile import Profile
from research.package.r import r_script
from research.package.spss import sps_script
from research.package.stata import do_script
from research.writers import Column

SCRIPTS = {
    "csv": ("load.R", "load.sps", "load.do"),
    "parquet": ("load.R",),
    "sav": ("load.R", "load.sps", "load.do"),
    "dta": ("load.R", "load.sps", "load.do"),
}


def scripts_for(fmt: str) -> tuple[str, ...]:
    """The script names written for a format."""
    if fmt not in SCRIPTS:
        raise ValueError(f"no import scripts for the format {fmt!r}")
    return SCRIPTS[fmt]


def write_scripts(
    out_dir: Path,
    *,
    fmt: str,
    tables: dict[str, list[Column]],
    files: dict[str, list[str]],
    profiles: dict[str, Profile] | None = None,
) -> list[Path]:
    """The import scripts of an export in ``out_dir`` (after its files are written there).

    ``tables`` maps a table's name to its columns, ``files`` to the names of the files
    written for it (one, or its parts in order). ``profiles`` may give the profile of a
    CSV table gathered while it was written; the others are read from their files.
    Returns the scripts' paths.
    """
    out_dir = Path(out_dir)
    names = scripts_for(fmt)
    if set(tables) != set(files):
        raise ValueError("tables and files must name the same tables")
    for table, names_of_files in files.items():
        if not names_of_files:
            raise ValueError(f"table {table!r}: no files")
        for name in names_of_files:
            if Path(name).name != name or not name.endswith(f".{fmt}"):
                raise ValueError(f"table {table!r}: {name!r} is not a .{fmt} file name")
        if fmt in ("csv", "parquet") and len(names_of_files) != 1:
            raise ValueError(f"table {table!r}: a .{fmt} table is one file")
    given = profiles or {}
    profiles = (
        {t: given.get(t) or Profile(out_dir / files[t][0], cols) for t, cols in tables.items()}
        if fmt == "csv"
        else {}
    )
    writers = {"load.R": r_script, "load.sps": sps_script, "load.do": do_script}
    paths = []
    for name in names:
        text = writers[name](fmt, tables, files, profiles)
        path = out_dir / name
        path.write_text(text, encoding="utf-8", newline="\n")
        paths.append(path)
    return paths
