"""Contract of the attentions given at «Gobierno en Terreno» plazas (report section II.1)."""

from ingestion.contracts import Cadence, Column, Contract, Kind

CONTRACT = Contract(
    source="get_atenciones",
    title="Registro de atenciones en plazas «Gobierno en Terreno»",
    raw_table="get_atenciones",
    file_pattern="atenciones_gobierno_en_terreno_<año>.csv",
    cadence=Cadence.MENSUAL,
    delimiter=";",
    encodings=("utf-8-sig", "utf-8", "cp1252"),
    columns=(
        Column("N°", "folio", Kind.INTEGER, "Número correlativo de la atención.", "1024"),
        Column(
            "ID PLAZA",
            "id_plaza",
            Kind.TEXT,
            "Plaza donde se atendió (ID PLAZA del registro de plazas).",
            "GET-2020-01",
        ),
        Column(
            "FECHA ATENCIÓN",
            "fecha_atencion",
            Kind.DATE,
            "Día de la atención (en las plazas virtuales puede ser posterior a la plaza).",
            "24/01/2020",
        ),
        Column(
            "SERVICIO",
            "servicio",
            Kind.TEXT,
            "Servicio público que atendió, por su nombre o su sigla.",
            "FONASA",
        ),
        Column("RUT", "rut_persona", Kind.RUT, "RUT de la persona atendida.", "12.345.678-5"),
        Column(
            "NOMBRE",
            "nombre",
            Kind.PERSONAL,
            "Nombre de la persona atendida.",
            "María Pérez",
            required=False,
        ),
        Column(
            "SEXO",
            "sexo",
            Kind.TEXT,
            "Sexo declarado: F o M (vacío si no se registró).",
            "F",
            required=False,
            allowed=("F", "M"),
        ),
    ),
    invalid_row_rules=(
        "Una fila con un número de campos distinto al del encabezado.",
        "N° que no sea un entero; FECHA ATENCIÓN que no sea una fecha dd/mm/aaaa válida.",
        "ID PLAZA o SERVICIO vacíos.",
        "RUT vacío o con dígito verificador incorrecto.",
        "SEXO distinto de F o M.",
    ),
    noise=(
        "Una persona atendida por varios servicios en la misma plaza tiene una fila por "
        "servicio: las personas atendidas se cuentan por RUT distinto en cada plaza.",
        "La misma atención digitada dos veces (misma persona, plaza y servicio, otro N°): "
        "se cuenta una vez; la repetida queda marcada.",
        "Atenciones de plazas de otros años: quedan fuera de las cifras de 2020.",
        "RUT con dígito verificador incorrecto (atenciones digitadas de nuevo con el RUT mal "
        "escrito): van a cuarentena.",
        "Fechas imposibles (31/06): van a cuarentena.",
        "Nombres de servicio por nombre o sigla, con o sin tildes: se normalizan.",
    ),
)
