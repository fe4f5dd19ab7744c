"""The demo generator is deterministic and writes what the real export looks like."""

from __future__ import annotations

import pytest

from ingestion.demo import alimentos_entregas as alimentos
from ingestion.demo import stop_casos, year_of_demo_file
from ingestion.demo.__main__ import main
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


def test_the_year_comes_from_the_configured_file_name():
    assert (
        year_of_demo_file(alimentos, "/d/alimentos/entregas_alimentos_para_chile_2021.csv") == 2021
    )
    assert year_of_demo_file(stop_casos, "/x/stop/stop_casos_atacama_2019.csv") == 2019
    with pytest.raises(ValueError, match="not a demo file of stop_casos"):
        year_of_demo_file(stop_casos, "/x/stop/stop_casos_atacama_2019_2020.csv")


def test_the_command_writes_the_years_asked_for(tmp_path, capsys):
    assert main(["generate", "--out", str(tmp_path), "--year", "2021", "--year", "2019"]) == 0
    written = sorted(path.name for path in (tmp_path / "alimentos").iterdir())
    assert written == [
        "entregas_alimentos_para_chile_2019.csv",
        "entregas_alimentos_para_chile_2021.csv",
    ]
    assert "DATOS DE DEMOSTRACIÓN" in capsys.readouterr().out


def test_a_year_without_rounds_takes_the_latest_rounds_moved():
    rounds_2021 = alimentos.round_windows(2021)
    rounds_2020 = alimentos.round_windows(2020)
    assert rounds_2021.keys() == rounds_2020.keys()
    for number, (start, end) in rounds_2020.items():
        assert rounds_2021[number] == (start.replace(year=2021), end.replace(year=2021))


def test_a_year_without_an_edition_has_invented_volumes_near_the_nearest_edition():
    printed = alimentos.households_per_round(1, 2020)
    invented = alimentos.households_per_round(1, 2021)
    assert invented.keys() == printed.keys()
    assert invented != printed
    for key, count in printed.items():
        assert 0.8 * count <= invented[key] <= 1.2 * count
