"""Contract of the public services taking part in each «Gobierno en Terreno» plaza (II.1)."""

from ingestion.contracts import Cadence, Column, Contract, Kind

CONTRACT = Contract(
    source="get_servicios",
    title="Servicios públicos participantes en las plazas «Gobierno en Terreno»",
    raw_table="get_servicios",
    file_pattern="servicios_participantes_get_<año>.xlsx",
    cadence=Cadence.MENSUAL,
    file_format="xlsx",
    sheet="Servicios",
    columns=(
        Column(
            "ID PLAZA",
            "id_plaza",
            Kind.TEXT,
            "Plaza a la que se convocó al servicio (ID PLAZA del registro de plazas).",
            "GET-2020-01",
        ),
        Column(
            "SERVICIO",
            "servicio",
            Kind.TEXT,
            "Servicio público convocado, por su nombre o su sigla (con o sin tildes).",
            "Servicio de Registro Civil e Identificación",
        ),
        Column(
            "ASISTIÓ",
            "asistio",
            Kind.BOOLEAN,
            "Sí si el servicio llegó a la plaza y atendió; No si confirmó y no asistió.",
            "Sí",
        ),
        Column(
            "N° FUNCIONARIOS",
            "numero_funcionarios",
            Kind.INTEGER,
            "Funcionarios que el servicio envió a la plaza.",
            "2",
            required=False,
        ),
        Column(
            "FUNCIONARIO A CARGO",
            "funcionario_a_cargo",
            Kind.PERSONAL,
            "Nombre del funcionario de contacto del servicio.",
            "Juan Soto",
            required=False,
        ),
    ),
    invalid_row_rules=(
        "ID PLAZA o SERVICIO vacíos.",
        "ASISTIÓ vacío o distinto de Sí/No.",
        "N° FUNCIONARIOS que no sea un entero.",
    ),
    noise=(
        "Servicios convocados que no asistieron (ASISTIÓ = No): no se cuentan como participantes.",
        "El mismo servicio anotado dos veces en una plaza, una por su nombre y otra por su "
        "sigla: se cuenta una vez (tabla de referencia get_servicios_publicos).",
        "Nombres de servicio en mayúsculas o sin tildes: se normalizan.",
        "Servicios de plazas de otros años o de plazas suspendidas: quedan fuera de las cifras "
        "de 2020.",
    ),
)
