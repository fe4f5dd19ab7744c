"""Contract of the emergency event log of Atacama (report section II.8)."""

from ingestion.contracts import Cadence, Column, Contract, Kind

CONTRACT = Contract(
    source="emergencias_eventos",
    title="Bitácora de emergencias de la región de Atacama",
    raw_table="emergencias_eventos",
    file_pattern="bitacora_emergencias_atacama_<año>.csv",
    cadence=Cadence.MENSUAL,
    delimiter=";",
    encodings=("utf-8-sig", "utf-8", "cp1252"),
    columns=(
        Column("N° REPORTE", "numero_reporte", Kind.INTEGER, "Correlativo del reporte.", "2020145"),
        Column("FECHA", "fecha_evento", Kind.DATE, "Día del evento.", "14/02/2020"),
        Column("HORA", "hora_evento", Kind.TEXT, "Hora del reporte, hh:mm.", "14:35"),
        Column("REGIÓN", "region", Kind.TEXT, "Región del evento.", "Atacama"),
        Column(
            "PROVINCIA",
            "provincia",
            Kind.TEXT,
            "Provincia del evento, como la escribe quien reporta.",
            "Huasco",
            required=False,
        ),
        Column(
            "COMUNA",
            "comuna",
            Kind.TEXT,
            "Comuna del evento (con o sin tildes, en mayúsculas o no).",
            "Vallenar",
        ),
        Column(
            "CLAVE",
            "clave",
            Kind.TEXT,
            "Clave radial de Bomberos del evento (10-0 incendio estructural, 10-4 rescate "
            "vehicular...).",
            "10-4",
        ),
        Column(
            "TIPO EVENTO",
            "tipo_evento",
            Kind.TEXT,
            "Tipo de evento como lo anotó quien reporta.",
            "Rescate vehicular",
        ),
        Column(
            "DETALLE",
            "detalle",
            Kind.TEXT,
            "Descripción breve del evento.",
            "Colisión en ruta 5 norte",
            required=False,
        ),
        Column(
            "FALLECIDOS",
            "fallecidos",
            Kind.INTEGER,
            "Personas fallecidas en el evento (vacío = 0).",
            "1",
            required=False,
        ),
        Column(
            "LESIONADOS",
            "lesionados",
            Kind.INTEGER,
            "Personas lesionadas en el evento (vacío = 0).",
            "2",
            required=False,
        ),
        Column(
            "FUENTE",
            "fuente",
            Kind.TEXT,
            "Institución que reporta: Bomberos, Carabineros, SAMU, Municipalidad, ONEMI.",
            "Bomberos",
        ),
        Column(
            "SIMULACRO",
            "is_simulacro",
            Kind.BOOLEAN,
            "Sí si el reporte corresponde a un simulacro o ejercicio.",
            "No",
        ),
        Column(
            "INFORMANTE",
            "informante",
            Kind.PERSONAL,
            "Nombre de quien informó.",
            "Pedro Soto",
            required=False,
        ),
    ),
    invalid_row_rules=(
        "Una fila con un número de campos distinto al del encabezado.",
        "N° REPORTE que no sea un entero; FECHA que no sea una fecha dd/mm/aaaa válida.",
        "HORA, REGIÓN, COMUNA, CLAVE, TIPO EVENTO o FUENTE vacíos.",
        "FALLECIDOS o LESIONADOS que no sean enteros.",
        "SIMULACRO vacío o distinto de Sí/No.",
    ),
    noise=(
        "El mismo evento reportado por dos instituciones (misma fecha, comuna y clave, con "
        "menos de 30 minutos entre reportes): se cuenta una vez.",
        "Eventos de las otras provincias de Atacama: quedan fuera de las cifras de Huasco.",
        "Simulacros (SIMULACRO = Sí): no son emergencias.",
        "Claves que no son emergencias (10-9 otros servicios, 10-12 apoyo a otro cuerpo, que "
        "repite un evento ya reportado): no se cuentan (tabla de referencia emergencias_tipos).",
        "Nombres de comuna con y sin tildes y en mayúsculas: se normalizan.",
        "Fechas imposibles (reportes digitados de nuevo con la fecha mal escrita): van a "
        "cuarentena.",
    ),
)
