"""Contract of the Carabineros STOP «umbral» export per province (report section II.5.a)."""

from ingestion.contracts import Cadence, Column, Contract, Kind

PERIODS = ("Última semana", "Últimos 28 días", "Año a la fecha")

CONTRACT = Contract(
    source="stop_umbrales",
    title="Umbrales STOP por provincia y delito (Carabineros)",
    raw_table="stop_umbrales",
    file_pattern="stop_umbrales_atacama_<año>.csv",
    cadence=Cadence.SEMANAL,
    delimiter=";",
    encodings=("utf-8-sig", "utf-8", "cp1252"),
    columns=(
        Column("REGIÓN", "region", Kind.TEXT, "Región de la provincia.", "Atacama"),
        Column(
            "PROVINCIA",
            "provincia",
            Kind.TEXT,
            "Provincia, como la escribe el sistema (con o sin tildes).",
            "Huasco",
        ),
        Column("AÑO", "anio", Kind.INTEGER, "Año que se compara con el anterior.", "2020"),
        Column(
            "FECHA CORTE",
            "fecha_corte",
            Kind.DATE,
            "Día hasta el que el sistema calculó el umbral (fin de la semana del corte).",
            "03/01/2021",
        ),
        Column(
            "PERIODO",
            "periodo",
            Kind.TEXT,
            "Ventana del cálculo: la última semana, los últimos 28 días o el año a la fecha, "
            "cada una contra el mismo periodo del año anterior.",
            "Año a la fecha",
            allowed=PERIODS,
        ),
        Column(
            "DELITO",
            "delito",
            Kind.TEXT,
            "Delito, grupo («Delitos violentos», «Delitos no violentos») o «Total», con la "
            "etiqueta del sistema.",
            "Robo por sorpresa",
        ),
        Column(
            "UMBRAL",
            "umbral",
            Kind.DECIMAL,
            "Umbral que entrega el sistema: desviación estandarizada del periodo respecto de "
            "años anteriores (valores entre −2 y +2 aprox.). Se carga tal cual, no se calcula. "
            "Vacío cuando el sistema no tiene historia suficiente.",
            "-1,35",
            required=False,
        ),
    ),
    invalid_row_rules=(
        "Una fila con un número de campos distinto al del encabezado.",
        "AÑO que no sea un entero; FECHA CORTE que no sea una fecha dd/mm/aaaa válida.",
        "PERIODO distinto de «Última semana», «Últimos 28 días» o «Año a la fecha».",
        "UMBRAL que no sea un decimal con coma (-1,35).",
        "REGIÓN, PROVINCIA o DELITO vacíos.",
    ),
    noise=(
        "Un corte por trimestre: el informe usa el último corte del año («a la fecha»); los "
        "cortes anteriores quedan para ver la evolución.",
        "Tres ventanas por corte (última semana, últimos 28 días, año a la fecha): la tabla "
        "impresa usa «Año a la fecha».",
        "Filas de las provincias de Copiapó y Chañaral y del año 2019: fuera de la tabla.",
        "Etiquetas del sistema distintas de las del informe («Robo de vehículo motorizado», "
        "«Delitos violentos», «Total»): se traducen con la semilla delitos_clasificacion.",
        "Nombres de provincia con y sin tildes o en mayúsculas: se normalizan.",
        "UMBRAL vacío cuando no hay historia suficiente (delitos muy poco frecuentes en una "
        "provincia): se carga vacío y no se inventa.",
    ),
)
