"""What the imports share: collecting "Rij N: ..." errors, and writing all rows or none."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction

from casework.services.imports.reading import ImportRefused, Row, long_cells, too_long_message

T = TypeVar("T")
ROLLED_BACK = "Er is niets geïmporteerd (alles is teruggedraaid)."


class RowErrors:
    """The errors of one import, each "Rij N: ...", reported in line order."""

    def __init__(self) -> None:
        self._items: list[tuple[int, str]] = []

    def add(self, line: int, message: str) -> None:
        self._items.append((line, f"Rij {line}: {message}"))

    def add_row(self, line: int, messages: Iterable[str]) -> None:
        for message in messages:
            self.add(line, message)

    def add_full(self, line: int, message: str) -> None:
        """Add a message that already starts with "Rij N: "."""
        self._items.append((line, message))

    def raise_if_any(self) -> None:
        if self._items:
            self._items.sort(key=lambda item: item[0])
            raise ImportRefused([message for _, message in self._items])


class RowValidator:
    """Checks the rows of a file one by one: a row with a too long cell is refused whole,
    any other row has its stripped cells checked by ``check``; ``check_all`` then checks
    what needs every row (doubles against the database)."""

    def __init__(self) -> None:
        self.errors = RowErrors()

    def run(self, rows: list[Row]) -> None:
        for line, raw in rows:
            too_long = long_cells(raw)
            if too_long:
                self.errors.add_full(line, too_long_message(line, too_long))
                continue
            self.check(line, {name: value.strip() for name, value in raw.items()})
        self.check_all()
        self.errors.raise_if_any()

    def check(self, line: int, cell: dict[str, str]) -> None:
        raise NotImplementedError

    def check_all(self) -> None:
        """Checks across rows, after every row was checked; none by default."""


def refuse_empty(rows: list[Row], what: str) -> None:
    """A file with only a header is refused: "het bestand bevat geen <what>"."""
    if not rows:
        raise ImportRefused([f"Rij 1: het bestand bevat geen {what}, alleen een kopregel."])


def messages_of(error: ValidationError) -> list[str]:
    """The messages of a ValidationError, with the field (column) name where there is one."""
    if hasattr(error, "error_dict"):
        return [
            message if field == "__all__" else f"{field}: {message}"
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return list(error.messages)


def write_all(items: Iterable[T], *, line_of: Callable[[T], int], write: Callable[[T], object]):
    """Write every item in one transaction; on the first failure roll back and refuse,
    naming the row of the item that failed."""
    with transaction.atomic():
        for item in items:
            line = line_of(item)
            try:
                write(item)
            except ValidationError as error:
                raise ImportRefused(
                    [f"Rij {line}: {message}" for message in messages_of(error)] + [ROLLED_BACK]
                ) from None
            except Exception as error:
                # The text of a database error may quote values: name its type only.
                raise ImportRefused(
                    [
                        f"Rij {line}: onverwachte fout bij het opslaan "
                        f"({type(error).__name__}). Er is niets geïmporteerd "
                        "(alles is teruggedraaid)."
                    ]
                ) from None


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"
