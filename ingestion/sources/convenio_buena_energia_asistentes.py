"""Contract of the «Con Buena Energía» workshop attendance log (report section II.9.b)."""

from ingestion.contracts import Cadence, Column, Contract, Kind

CONTRACT = Contract(
    source="convenio_buena_energia_asistentes",
    title="Asistencia a talleres del convenio «Con Buena Energía»",
    raw_table="convenio_buena_energia_asistentes",
    file_pattern="con_buena_energia_asistencia_<año>.xlsx",
    cadence=Cadence.MENSUAL,
    file_format="xlsx",
    sheet="Asistencia",
    columns=(
        Column(
            "FECHA",
            "fecha_taller",
            Kind.DATE,
            "Día en que se dictó el taller de eficiencia energética.",
            "14/10/2020",
        ),
        Column(
            "COMUNA",
            "comuna",
            Kind.TEXT,
            "Comuna donde se dictó el taller (con o sin tildes, en mayúsculas o no).",
            "Vallenar",
        ),
        Column(
            "LUGAR",
            "lugar",
            Kind.TEXT,
            "Sede o recinto del taller.",
            "Sede Junta de Vecinos Villa Los Olivos",
            required=False,
        ),
        Column(
            "TALLER",
            "taller",
            Kind.TEXT,
            "Nombre del taller dictado.",
            "Eficiencia energética en el hogar",
        ),
        Column(
            "RUT",
            "rut_asistente",
            Kind.RUT,
            "RUT de la persona que asistió.",
            "12.345.678-5",
            aliases=("RUT ASISTENTE",),
        ),
        Column(
            "NOMBRE COMPLETO",
            "nombre",
            Kind.PERSONAL,
            "Nombre de la persona que asistió.",
            "María Pérez Soto",
            required=False,
        ),
        Column(
            "TELÉFONO",
            "telefono",
            Kind.PERSONAL,
            "Teléfono de contacto.",
            "+56 9 1234 5678",
            required=False,
        ),
        Column(
            "CERTIFICADO ENTREGADO",
            "has_certificado",
            Kind.BOOLEAN,
            "Si se le entregó el certificado de asistencia (Sí / No).",
            "Sí",
        ),
    ),
    invalid_row_rules=(
        "Una fila con un número de celdas distinto al del encabezado.",
        "FECHA vacía o que no sea una fecha válida.",
        "COMUNA o TALLER vacíos.",
        "RUT vacío o con dígito verificador incorrecto.",
        "CERTIFICADO ENTREGADO vacío o distinto de Sí / No.",
    ),
    noise=(
        "La planilla la comparte la Seremi de Energía con todas las provincias y guarda varios "
        "años: los talleres de comunas de otras provincias y de otros años quedan fuera de las "
        "cifras de Huasco 2020.",
        "La misma persona anotada dos veces en la lista del mismo taller (mismo RUT, fecha y "
        "taller): se cuenta una asistencia; la repetida queda marcada.",
        "Personas que asisten a más de un taller en el año: son un solo beneficiario, de la "
        "comuna de su primer taller del año.",
        "Nombres de comuna con y sin tildes y en mayúsculas: se normalizan.",
        "RUT con dígito verificador incorrecto: van a cuarentena.",
    ),
)
