"""Contract of the Carabineros STOP weekly case export (report section II.5.a)."""

from ingestion.contracts import Cadence, Column, Contract, Kind

# Rows of the export that are not records: the subtotals STOP interleaves after each comuna's
# week and the header line repeated where two downloads were pasted one after the other.
SUBTOTAL_LABELS = ("Delitos de mayor connotación social", "TOTAL", "DELITO")

CONTRACT = Contract(
    source="stop_casos",
    title="Casos policiales semanales STOP (Carabineros), región de Atacama",
    raw_table="stop_casos",
    file_pattern="stop_casos_atacama_<año>.csv",
    cadence=Cadence.SEMANAL,
    delimiter=";",
    encodings=("utf-8-sig", "utf-8", "cp1252"),
    columns=(
        Column("REGIÓN", "region", Kind.TEXT, "Región de la comuna.", "Atacama"),
        Column(
            "PROVINCIA",
            "provincia",
            Kind.TEXT,
            "Provincia de la comuna, como la escribe el sistema.",
            "Huasco",
        ),
        Column(
            "COMUNA",
            "comuna",
            Kind.TEXT,
            "Comuna donde ocurrió el delito (con o sin tildes, a veces en mayúsculas).",
            "Vallenar",
        ),
        Column(
            "CUT",
            "cut_comuna",
            Kind.TEXT,
            "Código único territorial de la comuna, texto de 5 dígitos con cero inicial "
            "(a veces sin él, si el archivo pasó por Excel).",
            "03301",
        ),
        Column(
            "AÑO",
            "anio",
            Kind.INTEGER,
            "Año ISO de la semana (la semana 1 de 2020 empieza el 30/12/2019).",
            "2020",
        ),
        Column(
            "SEMANA",
            "semana",
            Kind.INTEGER,
            "Semana ISO del año (1 a 53).",
            "14",
            allowed=tuple(range(1, 54)),
        ),
        Column(
            "FECHA INICIO SEMANA",
            "fecha_inicio_semana",
            Kind.DATE,
            "Lunes en que empieza la semana.",
            "30/03/2020",
        ),
        Column(
            "DELITO",
            "delito",
            Kind.TEXT,
            "Tipo de delito con la etiqueta del sistema (varía entre versiones: "
            "«Robo de objeto de o desde vehículo» o «Robo de objetos de o desde vehículo»).",
            "Lesiones menos graves, graves o gravísimas",
        ),
        Column(
            "CASOS",
            "casos",
            Kind.INTEGER,
            "Casos policiales (denuncias y detenciones en flagrancia) de la semana.",
            "3",
        ),
    ),
    invalid_row_rules=(
        "Una fila con un número de campos distinto al del encabezado.",
        "AÑO, SEMANA o CASOS que no sea un entero (p. ej. «s/i», sin información); SEMANA "
        "fuera de 1 a 53.",
        "FECHA INICIO SEMANA que no sea una fecha dd/mm/aaaa válida.",
        "Cualquier columna vacía.",
    ),
    noise=(
        "Filas de subtotal intercaladas como en la exportación real (DELITO «Delitos de mayor "
        "connotación social» y «TOTAL» tras cada comuna y semana): no son registros, se "
        "cuentan en la bitácora de carga y no se cargan, así nada se cuenta dos veces.",
        "Dos descargas pegadas una tras otra: el encabezado se repite a mitad del archivo "
        "(se salta como subtotal) y las semanas en que se superponen aparecen dos veces, "
        "primero con la cifra preliminar y después con la definitiva: por comuna, año, "
        "semana y delito se cuenta la última fila del archivo.",
        "Filas de las provincias de Copiapó y Chañaral y del año 2019 (y anteriores): quedan "
        "fuera de la tabla de Huasco 2020 y sirven para comparar con 2019.",
        "Etiquetas de delito distintas de las del informe («Robo de vehículo motorizado», "
        "«Robo de objeto(s) de o desde vehículo», «Lesiones leves» y «Lesiones menos graves, "
        "graves o gravísimas», ambas «Lesiones»): se traducen con la semilla "
        "delitos_clasificacion; una etiqueta desconocida detiene la actualización.",
        "Delitos que la tabla impresa no incluye (violencia intrafamiliar, ley de drogas, ley "
        "de armas): se cargan y clasifican fuera de la tabla.",
        "Nombres de comuna con y sin tildes y CUT sin el cero inicial (3301): se usa el CUT "
        "completado a 5 dígitos.",
        "CASOS «s/i» (sin información) en algunas semanas de otras provincias: van a cuarentena.",
    ),
    skip_rows_where=("delito", SUBTOTAL_LABELS),
)
