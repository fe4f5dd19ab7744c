"""Each printed table of the report comes out of its mart with the same rows in the same order."""

from __future__ import annotations

import pytest

from tests.conftest import published_table

pytestmark = pytest.mark.e2e

PRINTED_TABLES = {
    "get_plazas": "get_plazas",
    "extranjeria_solicitudes_por_tipo": "extranjeria_solicitudes",
    "seguridad_stop_delitos_2020": "stop_delitos",
    "alimentos_entregas_por_comuna": "alimentos_entregas",
    "orasmi_ayudas_por_area": "orasmi_areas",
    "emergencias_detalle": "emergencias_detalle",
    "convenios_pidi_actividades_2020": "convenio_pidi",
    "convenios_buena_energia_por_comuna": "convenio_buena_energia",
    "convenios_bienes_nacionales_por_comuna": "convenio_bienes_nacionales",
    "fondes_organizaciones_por_tipo": "fondes_organizaciones",
    "programacion_plazas": "programacion_plazas",
    "programacion_dialogos": "programacion_dialogos",
    "programacion_proteccion_social": "programacion_proteccion_social",
}


@pytest.mark.parametrize(("mart", "table_id"), PRINTED_TABLES.items())
def test_the_mart_has_the_printed_rows_in_the_printed_order(published, mart, table_id):
    printed = sorted(
        {(int(cell["row_order"]), cell["row_label"]) for cell in published_table(table_id)}
    )
    labels = [label for _, label in printed]
    columns = [
        name
        for (name,) in published.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'marts' and table_name = ? and data_type = 'VARCHAR'",
            [mart],
        ).fetchall()
    ]
    rows_by_column = {
        column: [
            value
            for (value,) in published.execute(
                f'select "{column}" from marts."{mart}" order by orden'
            ).fetchall()
        ]
        for column in columns
    }
    assert labels in rows_by_column.values(), (
        f"no column of marts.{mart}, ordered by orden, reads {labels}: {rows_by_column}"
    )


def test_every_printed_table_has_its_mart(published):
    tables = {
        table_id
        for (table_id,) in published.execute(
            "select distinct table_id from audit.published_figures where table_id <> 'texto'"
        ).fetchall()
    }
    assert tables == set(PRINTED_TABLES.values())


def test_the_comunas_add_up_to_the_province(published):
    """The analysts' per-comuna mart uses the report's definitions: its rows sum to them."""
    computed = dict(
        published.execute("select figure_id, computed_value from audit.computed_figures").fetchall()
    )
    sums = published.execute(
        """
        select sum(cajas_alimentos), sum(delitos_stop), sum(solicitudes_orasmi),
            sum(monto_orasmi), sum(emergencias), sum(organizaciones_fondes), sum(monto_fondes)
        from marts.comunas_indicadores_2020
        """
    ).fetchone()
    assert sums == (
        computed["alimentos__texto__cajas_mercaderia"],
        computed["seguridad_publica__stop_delitos__total__cantidad"],
        computed["orasmi__texto__solicitudes"],
        computed["orasmi__texto__monto"],
        computed["emergencias__texto__emergencias"],
        computed["fondes__texto__organizaciones_beneficiadas"],
        computed["fondes__texto__monto_total"],
    )
