"""What the imports share: collecting "Rij N: ..." errors, and writing all rows or none."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
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

    def extend_from(self, other: RowErrors) -> None:
        """Add the errors of another check."""
        self._items.extend(other._items)

    @property
    def lines(self) -> set[int]:
        """The rows that have an error."""
        return {line for line, _ in self._items}

    def messages(self) -> list[str]:
        return [message for _, message in sorted(self._items, key=lambda item: item[0])]

    def raise_if_any(self) -> None:
        if self._items:
            raise ImportRefused(self.messages())


def _line_of(message: str) -> int:
    """The row number of a "Rij N: ..." message (0 when it names none)."""
    number = message.removeprefix("Rij ").split(":", 1)[0]
    return int(number) if number.isdigit() else 0


class RowValidator:
    """Checks the rows of a file one by one: a row with a too long cell is refused whole,
    any other row has its stripped cells checked by ``check``; ``check_all`` then checks
    what needs every row (doubles against the database)."""

    def __init__(self) -> None:
        self.errors = RowErrors()

    def run(self, rows: list[Row]) -> None:
        self.collect(rows)
        self.errors.raise_if_any()

    def collect(self, rows: list[Row]) -> None:
        """Check every row and keep the errors in ``errors`` without raising (for a preview)."""
        for line, raw in rows:
            too_long = long_cells(raw)
            if too_long:
                self.errors.add_full(line, too_long_message(line, too_long))
                continue
            self.check(line, {name: value.strip() for name, value in raw.items()})
        self.check_all()

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


# --- the acting user of a page, and the preview before a confirmed import ----------------


def require_importer(actor) -> None:
    """An upload page imports on behalf of a caseworker or team lead only (the commands run
    without an actor, for the team an operator names)."""
    from casework.permissions import may_import

    if not may_import(actor):
        raise PermissionDenied


@dataclass(frozen=True)
class ImportPreview:
    """What an import of a file would do, computed by the same validation as the import, with
    nothing written: how many rows are in order, every refused row ("Rij N: ..."), the first
    few good rows in a non-identifying form (``samples``) and, when nothing is refused, the
    summary the import would return in a dry run."""

    rows: int  # data rows read
    good: int  # rows without any error
    errors: list[str]
    refused_rows: int
    samples: list[Any]
    summary: Any = None

    @property
    def accepted(self) -> bool:
        return not self.errors and self.good > 0

    @classmethod
    def refused(cls, refused: ImportRefused) -> ImportPreview:
        """A file refused as a whole (its header, its structure): no row is in order."""
        return cls(
            rows=0,
            good=0,
            errors=refused.errors,
            refused_rows=len({_line_of(message) for message in refused.errors}),
            samples=[],
        )


SAMPLES = 5  # good rows shown in a preview
