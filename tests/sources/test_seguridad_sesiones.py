"""The security committees' session log: contract, demo workbook, noise and its handling."""

from __future__ import annotations

from ingestion.contracts import header_key
from ingestion.demo import seguridad_sesiones as demo
from ingestion.demo.common import read_seed
from ingestion.reading import read_extract
from ingestion.sources.seguridad_sesiones import CONTRACT


def test_demo_parses_and_loads(demo_files, loaded, tmp_path):
    rows = len(demo.plan()) + 1  # one session typed twice
    reads = [read_extract(path, CONTRACT, tmp_path) for path in demo_files]
    assert all(read.encoding == "xlsx" for read in reads)
    assert sum(read.data_rows for read in reads) == rows
    _, results = loaded
    assert sum(result.rows_loaded for result in results) == rows
    assert all(result.rows_quarantined == 0 for result in results)


def test_personal_data_never_loads(demo_file, loaded, cells):
    con, _ = loaded
    columns = [row[0] for row in con.execute("describe raw.seguridad_sesiones").fetchall()]
    assert "secretario_acta" not in columns
    names = {row[10] for row in cells(demo_file)[1:]}
    dump = str(con.execute("select * from raw.seguridad_sesiones").fetchall())
    assert not any(name in dump for name in names)


def test_noise_is_present(loaded):
    con, _ = loaded
    states = dict(
        con.execute(
            "select estado, count(*) from raw.seguridad_sesiones group by 1 order by 1"
        ).fetchall()
    )
    assert states["Suspendida"] >= 1 and states["Reprogramada"] >= 1
    spellings = {
        row[0]
        for row in con.execute("select distinct instancia from raw.seguridad_sesiones").fetchall()
    }
    assert "SUBCOMITE DE SEGURIDAD PUBLICA" in spellings and "Comité Policial" in spellings
    years = con.execute(
        "select distinct extract(year from fecha_sesion) from raw.seguridad_sesiones order by 1"
    ).fetchall()
    assert years == [(2019,), (2020,), (2021,)]


def test_every_spelling_is_translated(loaded):
    con, _ = loaded
    seed = {header_key(row["etiqueta_origen"]) for row in read_seed("seguridad_instancias")}
    spellings = con.execute("select distinct instancia from raw.seguridad_sesiones").fetchall()
    assert {header_key(row[0]) for row in spellings} <= seed


def test_subcomite_held_the_published_sessions(loaded):
    """What the dbt models do: translate the committee, drop the repeated row, count held."""
    con, _ = loaded
    seed = [
        (header_key(row["etiqueta_origen"]), row["instancia"])
        for row in read_seed("seguridad_instancias")
    ]
    con.execute("create or replace temp table instancias (etiqueta varchar, instancia varchar)")
    con.executemany("insert into instancias values (?, ?)", seed)
    held = con.execute(
        """
        select count(distinct fecha_sesion)
        from raw.seguridad_sesiones as sesiones
        join instancias on upper(strip_accents(sesiones.instancia)) = instancias.etiqueta
        where instancias.instancia = 'Subcomité de Seguridad Pública'
            and estado = 'Realizada' and extract(year from fecha_sesion) = 2020
        """
    ).fetchone()[0]
    rows = con.execute(
        """
        select count(*) from raw.seguridad_sesiones as sesiones
        join instancias on upper(strip_accents(sesiones.instancia)) = instancias.etiqueta
        where instancias.instancia = 'Subcomité de Seguridad Pública'
            and estado = 'Realizada' and extract(year from fecha_sesion) = 2020
        """
    ).fetchone()[0]
    assert held == demo.subcomite_sessions_2020()
    assert rows == held + 1  # the row typed twice
