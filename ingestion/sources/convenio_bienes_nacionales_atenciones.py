"""Contract of the Bienes Nacionales attention log at the governorate (report section II.9.f)."""

from ingestion.contracts import Cadence, Column, Contract, Kind

CONTRACT = Contract(
    source="convenio_bienes_nacionales_atenciones",
    title="Registro de atenciones del convenio con la Seremi de Bienes Nacionales",
    raw_table="convenio_bienes_nacionales_atenciones",
    file_pattern="atenciones_bienes_nacionales_<año>.csv",
    cadence=Cadence.MENSUAL,
    delimiter=";",
    encodings=("utf-8-sig", "utf-8", "cp1252"),
    columns=(
        Column(
            "N° ATENCIÓN",
            "numero_atencion",
            Kind.INTEGER,
            "Número correlativo de la atención.",
            "87",
        ),
        Column(
            "FECHA",
            "fecha_atencion",
            Kind.DATE,
            "Día de la atención.",
            "17/11/2020",
        ),
        Column(
            "COMUNA",
            "comuna",
            Kind.TEXT,
            "Comuna donde vive la persona atendida.",
            "Freirina",
        ),
        Column(
            "LOCALIDAD",
            "localidad",
            Kind.TEXT,
            "Localidad o sector de la persona, si se anotó.",
            "Carrizalillo",
            required=False,
        ),
        Column(
            "MODALIDAD",
            "modalidad",
            Kind.TEXT,
            "Dónde se atendió: en la oficina de la Gobernación o en un Gobierno en Terreno.",
            "Gobierno en Terreno",
            allowed=("Oficina Gobernación", "Gobierno en Terreno"),
        ),
        Column(
            "TIPO DE TRÁMITE",
            "tipo_tramite",
            Kind.TEXT,
            "Materia consultada o trámite iniciado.",
            "Regularización de terreno particular (DL 2.695)",
        ),
        Column(
            "NOMBRE",
            "nombre",
            Kind.PERSONAL,
            "Nombre de la persona atendida.",
            "Juan Rojas Araya",
            required=False,
        ),
    ),
    invalid_row_rules=(
        "Una fila con un número de campos distinto al del encabezado.",
        "N° ATENCIÓN que no sea un entero.",
        "FECHA vacía o que no sea una fecha dd/mm/aaaa válida.",
        "COMUNA o TIPO DE TRÁMITE vacíos.",
        "MODALIDAD distinta de Oficina Gobernación o Gobierno en Terreno.",
    ),
    noise=(
        "El registro empezó antes (marcha blanca de septiembre y octubre de 2020) y sigue en "
        "2021: la tabla impresa cuenta solo noviembre y diciembre de 2020.",
        "Atenciones copiadas dos veces (mismo N° ATENCIÓN): se cuentan una vez; la repetida "
        "queda marcada.",
        "Nombres de comuna con y sin tildes y en mayúsculas: se normalizan.",
        "Fechas imposibles (31/11/2020): van a cuarentena.",
    ),
)
