"""How the import commands end on a refused file: every error on stderr, one CommandError."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from casework.services.imports import ImportRefused, UnreadableFile


def refusal(command: BaseCommand, refused: ImportRefused) -> CommandError:
    """Write every error to stderr and return the CommandError that ends the command; a file
    that cannot be read at all ends with its one message."""
    if isinstance(refused, UnreadableFile):
        return CommandError(refused.message)
    for message in refused.errors:
        command.stderr.write(message)
    count = len(refused.errors)
    return CommandError(
        f"Import geweigerd: {count} {'fout' if count == 1 else 'fouten'} gevonden. "
        "Er is niets geïmporteerd."
    )
