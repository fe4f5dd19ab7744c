"""RUT check digits (módulo 11), normalisation and keyed pseudonymisation."""

from __future__ import annotations

import re

import pytest

from ingestion.rut import check_digit, format_rut, normalize_rut, pseudonymise

# Worked by hand: digits from the right times 2,3,4,5,6,7,2,3; digit = 11 - sum mod 11
# (11 -> 0, 10 -> K).
HAND_COMPUTED = [
    (12345678, "5"),  # 8*2+7*3+6*4+5*5+4*6+3*7+2*2+1*3 = 138; 138 mod 11 = 6; 11-6 = 5
    (7654321, "6"),  # 1*2+2*3+3*4+4*5+5*6+6*7+7*2 = 126; 126 mod 11 = 5; 11-5 = 6
    (11111111, "1"),  # 2+3+4+5+6+7+2+3 = 32; 32 mod 11 = 10; 11-10 = 1
    (20000000, "5"),  # 2*3 = 6; 11-6 = 5
    (10000013, "K"),  # 3*2+1*3+1*3 = 12; 12 mod 11 = 1; 11-1 = 10 -> K
    (14000000, "0"),  # 4*2+1*3 = 11; 11 mod 11 = 0; 11-0 = 11 -> 0
    (6, "K"),  # 6*2 = 12; 12 mod 11 = 1 -> K
]


@pytest.mark.parametrize(("body", "digit"), HAND_COMPUTED)
def test_check_digit_matches_hand_computation(body: int, digit: str) -> None:
    assert check_digit(body) == digit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12.345.678-5", "12345678-5"),
        ("12345678-5", "12345678-5"),
        ("123456785", "12345678-5"),
        ("  12.345.678-5 ", "12345678-5"),
        ("7.654.321-6", "7654321-6"),
        ("7654321-6", "7654321-6"),
        ("10.000.013-K", "10000013-K"),
        ("10.000.013-k", "10000013-K"),
        ("10000013k", "10000013-K"),
        ("14.000.000-0", "14000000-0"),
        ("140000000", "14000000-0"),
        ("6-K", "6-K"),
        ("6-k", "6-K"),
    ],
)
def test_valid_ruts_normalise(text: str, expected: str) -> None:
    assert normalize_rut(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "12.345.678-4",  # wrong check digit
        "12345678-K",
        "10.000.013-0",
        "14.000.000-K",
        "14000000-1",
        "0-0",  # body zero
        "",
        "   ",
        "-",
        "K",
        "abc",
        "12.345.678",  # no digit: read as 1234567-8, which is wrong
        "12,345,678-5",
        "12.34.5678-5",  # dots in the wrong place
        "12345678--5",
        "12345678-55",
        "rut: 12345678-5",
        "12345678-5 extra",
    ],
)
def test_invalid_ruts_are_none(text: str) -> None:
    assert normalize_rut(text) is None


def test_none_is_none() -> None:
    assert normalize_rut(None) is None


@pytest.mark.parametrize(("body", "_digit"), HAND_COMPUTED)
def test_every_formatted_rut_normalises_back(body: int, _digit: str) -> None:
    assert normalize_rut(format_rut(body)) == f"{body}-{check_digit(body)}"


def test_format_rut() -> None:
    assert format_rut(12345678) == "12.345.678-5"
    assert format_rut(7654321) == "7.654.321-6"
    assert format_rut(10000013) == "10.000.013-K"
    assert format_rut(6) == "6-K"
    assert format_rut(12345678, "4") == "12.345.678-4"


def test_pseudonymise_is_a_stable_hex_hash_per_key() -> None:
    first = pseudonymise("12345678-5", "clave-a")
    assert first == pseudonymise("12345678-5", "clave-a")
    assert re.fullmatch(r"[0-9a-f]{64}", first)


def test_pseudonymise_differs_across_keys_and_ruts() -> None:
    hashes = {
        pseudonymise(rut, key)
        for rut in ("12345678-5", "7654321-6", "14000000-0")
        for key in ("clave-a", "clave-b")
    }
    assert len(hashes) == 6


@pytest.mark.parametrize("rut", ["12345678-5", "7654321-6", "10000013-K", "14000000-0"])
@pytest.mark.parametrize("key", ["clave-a", "clave-b", ""])
def test_pseudonym_does_not_contain_the_rut(rut: str, key: str) -> None:
    hashed = pseudonymise(rut, key)
    body = rut.split("-")[0]
    assert body not in hashed
    assert rut.lower() not in hashed
