"""String literals of R, SPSS and Stata that no label can break out of, and numbers as each
writes them."""

from __future__ import annotations

SPSS_CHUNK = 60  # characters per quoted piece of an SPSS string


def one_line(text) -> str:
    text = "".join(" " if ord(ch) < 32 or ord(ch) == 127 else ch for ch in str(text))
    return " ".join(text.split())


def r_string(text) -> str:
    """An R string literal: ASCII only, so that the script reads alike in every locale."""
    out = []
    for ch in one_line(text):
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ord(ch) > 126:
            out.append(f"\\u{{{ord(ch):x}}}" if ord(ch) <= 0xFFFF else f"\\U{{{ord(ch):x}}}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def sps_string(text, *, indent: str = "    ") -> str:
    """An SPSS/PSPP string literal: single quotes doubled, long text split with ``+``."""
    text = one_line(text)
    pieces = [text[i : i + SPSS_CHUNK] for i in range(0, len(text), SPSS_CHUNK)] or [""]
    quoted = ["'" + piece.replace("'", "''") + "'" for piece in pieces]
    return f" +\n{indent}".join(quoted)


def stata_string(text) -> str:
    """A Stata compound-quoted string that expands no macro and cannot end early."""
    text = one_line(text).replace("`", "\u2018").replace("$", "\\$").replace("\"'", '"\u2019')
    return '`"' + text + "\"'"


def r_number(value, kind: str) -> str:
    number = float(value)
    if kind == "integer" and number.is_integer():
        return f"{int(number)}L"
    return repr(number)


def sps_number(value) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def listing(files: dict[str, list[str]]) -> list[str]:
    """One line per table with the names of its files (the head of every script)."""
    return [f"{table}: {', '.join(names)}" for table, names in files.items()]
