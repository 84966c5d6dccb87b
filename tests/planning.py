"""How PostgreSQL was told to plan while a function ran: for the tests of work that reads
whole cohorts (``casework.facts.bulk_reads``)."""

from __future__ import annotations

from django.db import connection


def nestloop() -> str:
    """``enable_nestloop`` of the test's connection now ("sqlite" on SQLite)."""
    if connection.vendor != "postgresql":
        return "sqlite"
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_nestloop")
        return cursor.fetchone()[0]


def spy(monkeypatch, module, name: str) -> list[str]:
    """Replace ``module.name`` by a function that notes ``nestloop()`` on each call and then
    calls the original; returns the notes."""
    seen: list[str] = []
    original = getattr(module, name)

    def spying(*args, **kwargs):
        seen.append(nestloop())
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, spying)
    return seen


def planned_for_every_row(seen: list[str]) -> bool:
    """Whether every noted call ran planned for reading all rows (on PostgreSQL: no nested
    loops) and the connection is back to its default since."""
    postgresql = connection.vendor == "postgresql"
    return (
        bool(seen)
        and set(seen) == ({"off"} if postgresql else {"sqlite"})
        and nestloop() == ("on" if postgresql else "sqlite")
    )
