"""Chilean RUT validation (módulo 11) and keyed pseudonymisation."""

from __future__ import annotations

import hashlib
import hmac
import re

_RUT_PATTERN = re.compile(r"^(\d{1,3}(?:\.?\d{3})*)-?([\dkK])$")
_WEIGHTS = (2, 3, 4, 5, 6, 7)


def check_digit(body: int) -> str:
    """The check digit of a RUT body: weights 2..7 from the rightmost digit, 11 - sum mod 11."""
    total = sum(
        int(digit) * _WEIGHTS[position % len(_WEIGHTS)]
        for position, digit in enumerate(reversed(str(body)))
    )
    remainder = 11 - total % 11
    return {11: "0", 10: "K"}.get(remainder, str(remainder))


def normalize_rut(value: str | None) -> str | None:
    """`12.345.678-5`, `12345678-5` or `123456785` -> `12345678-5`; None when invalid."""
    if value is None:
        return None
    match = _RUT_PATTERN.match(value.strip().replace(" ", ""))
    if match is None:
        return None
    body = int(match.group(1).replace(".", ""))
    digit = match.group(2).upper()
    if body == 0 or check_digit(body) != digit:
        return None
    return f"{body}-{digit}"


def format_rut(body: int, digit: str | None = None) -> str:
    """`12345678` -> `12.345.678-5` (the printed form)."""
    digit = digit or check_digit(body)
    return f"{body:,}".replace(",", ".") + f"-{digit}"


def pseudonymise(normalized_rut: str, key: str) -> str:
    """A keyed hash (HMAC-SHA256) of a normalised RUT: stable per key, not reversible."""
    return hmac.new(key.encode(), normalized_rut.encode(), hashlib.sha256).hexdigest()
