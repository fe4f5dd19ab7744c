"""Contract of the PIDI (CONADI) attention and activity log (report section II.9.c)."""

from ingestion.contracts import Cadence, Column, Contract, Kind

CONTRACT = Contract(
    source="convenio_pidi_actividades",
    title="Registro de atenciones y actividades del Programa PIDI (convenio con CONADI)",
    raw_table="convenio_pidi_actividades",
    file_pattern="registro_actividades_pidi_<año>.csv",
    cadence=Cadence.MENSUAL,
    delimiter=";",
    encodings=("utf-8-sig", "utf-8", "cp1252"),
    columns=(
        Column(
            "N°",
            "numero_registro",
            Kind.INTEGER,
            "Número correlativo del registro en la planilla de la oficina.",
            "1.204",
            aliases=("NRO", "N° REGISTRO"),
        ),
        Column(
            "FECHA",
            "fecha_actividad",
            Kind.DATE,
            "Día de la atención o actividad.",
            "09/03/2020",
        ),
        Column(
            "TIPO DE ACTIVIDAD",
            "tipo_actividad",
            Kind.TEXT,
            "Categoría de la atención o actividad como la anota la oficina (Atención general, "
            "Entrega certificado calidad indígena, CONADI en terreno, Reunión).",
            "Atención general",
            aliases=("TIPO",),
        ),
        Column(
            "DETALLE",
            "detalle",
            Kind.TEXT,
            "Descripción libre de la atención o actividad.",
            "Consulta por acreditación de calidad indígena",
            required=False,
        ),
        Column(
            "COMUNA",
            "comuna",
            Kind.TEXT,
            "Comuna de la persona atendida o donde se realizó la actividad.",
            "Alto del Carmen",
        ),
        Column(
            "LOCALIDAD",
            "localidad",
            Kind.TEXT,
            "Localidad o sector, si se anotó.",
            "El Tránsito",
            required=False,
        ),
    ),
    invalid_row_rules=(
        "Una fila con un número de campos distinto al del encabezado.",
        "N° que no sea un entero.",
        "FECHA vacía o que no sea una fecha dd/mm/aaaa válida.",
        "TIPO DE ACTIVIDAD o COMUNA vacíos.",
    ),
    noise=(
        "La planilla sigue de un año a otro: los registros de 2019 y 2021 quedan fuera de las "
        "cifras de 2020.",
        "Filas copiadas dos veces al juntar planillas (mismo N°): se cuentan una vez; la "
        "repetida queda marcada.",
        "El tipo de actividad escrito de varias formas (tildes, mayúsculas, abreviaturas como "
        "«Atención gral.»): se traduce a las filas de la tabla impresa con la semilla "
        "`convenios_pidi_categorias`.",
        "Nombres de comuna con y sin tildes y en mayúsculas: se normalizan.",
        "Fechas imposibles (31/04/2020) y filas sin tipo de actividad: van a cuarentena.",
    ),
)
