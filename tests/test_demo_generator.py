"""The demo generator is deterministic and writes what the real export looks like."""

from __future__ import annotations

from ingestion.demo import alimentos_entregas as alimentos
from ingestion.rut import normalize_rut


def test_same_output_every_run(tmp_path):
    [first] = alimentos.generate(tmp_path / "a", year=2020)
    [second] = alimentos.generate(tmp_path / "b", year=2020)
    assert first.read_bytes() == second.read_bytes()


def test_export_format(tmp_path):
    [path] = alimentos.generate(tmp_path, year=2020)
    raw = path.read_bytes()
    assert b"\r\n" in raw
    header = raw.split(b"\r\n", 1)[0].decode("cp1252")
    assert header == "FOLIO;FECHA ENTREGA;N° ENTREGA;REGIÓN;COMUNA;RUT JEFE HOGAR;NOMBRE;DIRECCIÓN"
    text = raw.decode("cp1252")
    assert "COPIAPO" in text and "Chañaral" in text  # comunas written with and without accents
    ruts = [line.split(";")[5] for line in text.splitlines()[1:]]
    invalid = [rut for rut in ruts if normalize_rut(rut) is None]
    assert 0 < len(invalid) < 10


def test_scale_grows_other_provinces_only(tmp_path):
    small = alimentos.households_per_round(scale=1, year=2020)
    large = alimentos.households_per_round(scale=3, year=2020)
    for (comuna, round_number), count in small.items():
        if comuna in alimentos.OTHER_PROVINCES_PER_ROUND:
            assert large[(comuna, round_number)] == 3 * count
        else:
            assert large[(comuna, round_number)] == count
