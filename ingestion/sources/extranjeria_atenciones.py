"""Contract of the attention log of the Huasco immigration office (report section II.3)."""

from ingestion.contracts import Cadence, Column, Contract, Kind

CONTRACT = Contract(
    source="extranjeria_atenciones",
    title="Registro de atenciones de la oficina de extranjería de la Gobernación de Huasco",
    raw_table="extranjeria_atenciones",
    file_pattern="atenciones_oficina_extranjeria_<año>.csv",
    cadence=Cadence.MENSUAL,
    delimiter=";",
    encodings=("utf-8-sig", "utf-8", "cp1252"),
    columns=(
        Column(
            "N° ATENCIÓN",
            "numero_atencion",
            Kind.INTEGER,
            "Número correlativo de la reserva o atención en el sistema de turnos de la oficina.",
            "30512",
        ),
        Column("FECHA", "fecha_atencion", Kind.DATE, "Día de la atención.", "14/02/2020"),
        Column(
            "HORA",
            "hora_atencion",
            Kind.TEXT,
            "Hora de la reserva (hh:mm).",
            "09:45",
            required=False,
        ),
        Column(
            "TIPO DE TRÁMITE",
            "tipo_tramite",
            Kind.TEXT,
            "Trámite por el que se atendió (solicitud de visa, estampado, prórroga, consulta...).",
            "Estampado de visa",
        ),
        Column(
            "NACIONALIDAD",
            "nacionalidad",
            Kind.TEXT,
            "País de nacionalidad de la persona atendida, como lo escribió el funcionario "
            "(Chile para empleadores o familiares chilenos).",
            "Venezuela",
        ),
        Column(
            "SEXO",
            "sexo",
            Kind.TEXT,
            "Sexo de la persona atendida: F o M (vacío si no se registró).",
            "F",
            required=False,
            allowed=("F", "M"),
        ),
        Column(
            "COMUNA",
            "comuna",
            Kind.TEXT,
            "Comuna de residencia declarada (puede estar vacía o ser de otra región).",
            "Vallenar",
            required=False,
        ),
        Column(
            "ESTADO",
            "estado",
            Kind.TEXT,
            "ATENDIDA, NO SE PRESENTA (reserva sin asistencia) o ANULADA.",
            "ATENDIDA",
            allowed=("ATENDIDA", "NO SE PRESENTA", "ANULADA"),
        ),
        Column(
            "NOMBRE",
            "nombre",
            Kind.PERSONAL,
            "Nombre de la persona atendida.",
            "José Pérez",
            required=False,
        ),
        Column(
            "N° DOCUMENTO",
            "numero_documento",
            Kind.PERSONAL,
            "Pasaporte, cédula o RUT de la persona atendida.",
            "P1234567",
            required=False,
        ),
        Column(
            "FUNCIONARIO",
            "funcionario",
            Kind.PERSONAL,
            "Funcionario que atendió.",
            "Ana Rojas",
            required=False,
        ),
    ),
    invalid_row_rules=(
        "Una fila con un número de campos distinto al del encabezado.",
        "N° ATENCIÓN que no sea un entero; FECHA vacía o que no sea una fecha dd/mm/aaaa válida.",
        "TIPO DE TRÁMITE o NACIONALIDAD vacíos.",
        "SEXO distinto de F o M; ESTADO vacío o distinto de ATENDIDA, NO SE PRESENTA o ANULADA.",
    ),
    noise=(
        "Cada exportación anual empieza a mediados de diciembre del año anterior: esas "
        "atenciones vienen también en el archivo de ese año; se cuentan una vez por N° "
        "ATENCIÓN y su año es el de FECHA.",
        "Atenciones exportadas dos veces (mismo N° ATENCIÓN): se cuenta una.",
        "Reservas no atendidas (NO SE PRESENTA) o anuladas: no son atenciones.",
        "Atenciones a chilenos (empleadores, cónyuges): no son atenciones a extranjeros.",
        "Fechas imposibles (31/06, 30/02): van a cuarentena.",
        "Comunas con y sin tildes, vacías o de otras regiones: se normalizan las de Atacama; "
        "las demás quedan sin comuna, y la atención se cuenta igual.",
        "Archivos en UTF-8 con BOM o en Windows-1252 según el año.",
    ),
)
