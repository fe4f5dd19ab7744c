"""Chilean RUT validation (módulo 11) and keyed pseudonymisation."""

from __future__ import annotations

import hashlib
import hmac
import re

# ASCII digits only: the SQL twin below (RE2) knows no others.
_RUT_PATTERN = re.compile(r"^([0-9]{1,3}(?:\.?[0-9]{3})*)-?([0-9kK])$")
_WEIGHTS = (2, 3, 4, 5, 6, 7)


_CHECK_CHARACTERS = {remainder: str(remainder) for remainder in range(1, 10)} | {10: "K", 11: "0"}


def check_digit(body: int) -> str:
    """The check digit of a RUT body: weights 2..7 from the rightmost digit, 11 - sum mod 11."""
    # Digits taken off arithmetically, not through str(): the demo generator computes
    # millions of check digits at a large --scale.
    if body < 0:
        raise ValueError(f"a RUT body is not negative: {body}")
    total = 0
    position = 0
    while body:
        body, digit = divmod(body, 10)
        total += digit * _WEIGHTS[position % len(_WEIGHTS)]
        position += 1
    return _CHECK_CHARACTERS[11 - total % 11]


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


# Python's str.strip() whitespace, as an RE2 class, so SQL trims exactly what Python trims.
_SQL_WHITESPACE = r"[\t\n\x0b\f\r\x{1c}-\x{1f}\x{85}\pZ]"
_HMAC_BLOCK = 64  # SHA-256 block size in bytes


def hmac_pads(key: str) -> tuple[bytes, bytes]:
    """The inner and outer HMAC-SHA256 key pads (RFC 2104), to compute HMAC as two hashes."""
    secret = key.encode()
    if len(secret) > _HMAC_BLOCK:
        secret = hashlib.sha256(secret).digest()
    secret = secret.ljust(_HMAC_BLOCK, b"\0")
    return bytes(b ^ 0x36 for b in secret), bytes(b ^ 0x5C for b in secret)


def pseudonym_parameters(key: str) -> dict[str, bytes]:
    """The parameters of pseudonyms_sql's query: the key's two HMAC pads."""
    inner, outer = hmac_pads(key)
    return {"ipad": inner, "opad": outer}


def pseudonyms_sql(values_sql: str) -> str:
    """SQL: (value, pseudonym) for each valid RUT among the texts `values_sql` selects.

    The same rules as normalize_rut and pseudonymise, set-wise in DuckDB: HMAC-SHA256 is
    sha256(outer pad || sha256(inner pad || message)); the query takes the two pads (bytes,
    from pseudonym_parameters) as its parameters, so the key never appears in SQL text.
    """
    # Weights 2..7 from the rightmost digit. Up to 18 digits the body fits a BIGINT and the
    # sum is plain arithmetic; a longer body (not a real RUT) takes the slower list path.
    arithmetic = " + ".join(f"(number // {10**i}) % 10 * {i % 6 + 2}" for i in range(18))
    by_digit = (
        "list_sum(list_transform(range(length(body)), lambda i: "
        "cast(substr(body, length(body) - i::integer, 1) as integer) * (i % 6 + 2)))"
    )
    return rf"""
        with values as ({values_sql}),
        cleaned as (
            select value, replace(regexp_replace(value,
                '^{_SQL_WHITESPACE}+|{_SQL_WHITESPACE}+$', '', 'g'), ' ', '') as compact
            from values
        ),
        split as (
            select value, upper(right(compact, 1)) as digit,
                regexp_replace(left(compact, length(compact) - 1), '-$', '') as body_text
            from cleaned
            where length(compact) >= 2
        ),
        parsed as (
            select value, digit, ltrim(replace(body_text, '.', ''), '0') as body
            from split
            where regexp_full_match(body_text, '[0-9]{{1,3}}([.]?[0-9]{{3}})*')
                and regexp_full_match(digit, '[0-9K]')
        ),
        numbered as (
            select value, digit, body,
                case when length(body) <= 18 then body::bigint end as number
            from parsed
            where body <> ''
        ),
        weighted as (
            -- 11 - sum % 11 is 1..11: the check digit at that position of the list
            select value, digit, body,
                ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'K', '0'][(11 - (case
                    when number is not null then {arithmetic} else {by_digit} end) % 11)::bigint]
                    as expected_digit
            from numbered
        )
        select value, sha256($opad::blob || unhex(sha256($ipad::blob || encode(
            body || '-' || digit)))) as pseudonym
        from weighted
        where digit = expected_digit
    """
