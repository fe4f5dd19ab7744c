"""Deterministic demo extracts that look like the real exports (which hold personal data).

Every generated file is demo data: names and RUTs are invented, and the figures for Huasco
in 2020 are taken from the published report so that a correct pipeline reproduces it.
"""
