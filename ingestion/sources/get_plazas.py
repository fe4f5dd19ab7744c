"""Contract of the «Gobierno en Terreno» plaza log (report section II.1)."""

from ingestion.contracts import Cadence, Column, Contract, Kind

CONTRACT = Contract(
    source="get_plazas",
    title="Registro de plazas ciudadanas «Gobierno en Terreno»",
    raw_table="get_plazas",
    file_pattern="plazas_gobierno_en_terreno_<año>.xlsx",
    cadence=Cadence.MENSUAL,
    file_format="xlsx",
    sheet="Plazas",
    columns=(
        Column(
            "ID PLAZA",
            "id_plaza",
            Kind.TEXT,
            "Identificador de la plaza: GET-<año>-<correlativo>. Lo usan los registros de "
            "servicios participantes y de atenciones.",
            "GET-2020-01",
        ),
        Column("FECHA", "fecha_plaza", Kind.DATE, "Día en que se realizó la plaza.", "24/01/2020"),
        Column(
            "COMUNA",
            "comuna",
            Kind.TEXT,
            "Comuna donde se realizó la plaza (con o sin tildes).",
            "Huasco",
        ),
        Column(
            "LOCALIDAD",
            "localidad",
            Kind.TEXT,
            "Localidad de la plaza; en las plazas virtuales, la localidad a la que se convocó.",
            "Carrizal Bajo",
        ),
        Column(
            "MODALIDAD",
            "modalidad",
            Kind.TEXT,
            "Presencial o Virtual (plazas por videollamada durante la contingencia COVID-19).",
            "Presencial",
            allowed=("Presencial", "Virtual"),
        ),
        Column(
            "ESTADO",
            "estado",
            Kind.TEXT,
            "Realizada o Suspendida (plaza programada que no se hizo).",
            "Realizada",
            allowed=("Realizada", "Suspendida"),
        ),
        Column(
            "LUGAR",
            "lugar",
            Kind.TEXT,
            "Recinto donde se instaló la plaza o plataforma usada.",
            "Escuela Carrizal Bajo",
            required=False,
        ),
        Column(
            "ENCARGADO",
            "encargado",
            Kind.PERSONAL,
            "Funcionario a cargo de la plaza.",
            "María Pérez",
            required=False,
        ),
    ),
    invalid_row_rules=(
        "ID PLAZA, COMUNA o LOCALIDAD vacíos.",
        "FECHA que no sea una fecha válida.",
        "MODALIDAD distinta de Presencial o Virtual; ESTADO distinto de Realizada o Suspendida.",
    ),
    noise=(
        "Plazas de otros años (la planilla es acumulativa): quedan fuera de las cifras de 2020.",
        "Plazas suspendidas (ESTADO Suspendida, p. ej. por la contingencia COVID-19): no se "
        "cuentan como realizadas.",
        "La misma plaza copiada dos veces en la planilla (mismo ID PLAZA): se cuenta una vez.",
        "Localidades y comunas escritas con y sin tildes o en mayúsculas: se normalizan con la "
        "tabla de referencia de localidades (get_localidades), que da el nombre como se imprime.",
    ),
)
