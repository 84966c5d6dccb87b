"""The Dutch citizen service number (BSN) and its 11-proef."""

from __future__ import annotations

import re

# ASCII digits only: str.isdigit() also accepts full-width, Arabic-Indic and superscript digits.
_EIGHT_DIGITS = re.compile(r"[0-9]{8}")
_NINE_DIGITS = re.compile(r"[0-9]{9}")


def normalise_bsn(value: str) -> str:
    """Strip spaces, dots and dashes; pad eight-digit numbers with a leading zero."""
    digits = "".join(ch for ch in value if ch not in " .-")
    if _EIGHT_DIGITS.fullmatch(digits):
        digits = "0" + digits
    return digits


def is_valid_bsn(value: str) -> bool:
    """True when ``value`` is nine digits that pass the 11-proef (and is not all zeros)."""
    digits = normalise_bsn(value)
    if not _NINE_DIGITS.fullmatch(digits) or digits == "000000000":
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    total = sum(int(d) * w for d, w in zip(digits, weights, strict=True))
    return total % 11 == 0
