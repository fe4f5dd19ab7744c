"""Contract of the residence-visa applications of Atacama (report section II.3).

Modelled on the migration service's public microdata (`residencia_temporales_solicitudes_<año>
.xlsx`, sheet `Sheet1`, UPPERCASE accented headers), with the columns the office adds to follow
each application: its number, the applicant's RUT, the visa type, the state and the dates.
"""

from ingestion.contracts import Cadence, Column, Contract, Kind

CONTRACT = Contract(
    source="extranjeria_solicitudes",
    title="Solicitudes de residencia (visas) ingresadas en Atacama",
    raw_table="extranjeria_solicitudes",
    file_pattern="residencia_temporales_solicitudes_<año>.xlsx",
    cadence=Cadence.MENSUAL,
    file_format="xlsx",
    sheet="Sheet1",
    columns=(
        Column(
            "ID_SOLICITUD",
            "numero_solicitud",
            Kind.INTEGER,
            "Número de la solicitud en el sistema de extranjería; identifica la solicitud en "
            "todos los archivos anuales.",
            "2020000123",
        ),
        Column(
            "RUT_SOLICITANTE",
            "rut_solicitante",
            Kind.RUT,
            "RUT de la persona extranjera que solicita (titular o dependiente).",
            "24.567.891-2",
        ),
        Column(
            "SEXO",
            "sexo",
            Kind.TEXT,
            "Sexo registrado de quien solicita.",
            "MUJER",
            allowed=("HOMBRE", "MUJER"),
        ),
        Column(
            "PAÍS",
            "nacionalidad",
            Kind.TEXT,
            "País de nacionalidad de quien solicita (el archivo 2020 llama a esta columna "
            "NACIONALIDAD).",
            "VENEZUELA",
            aliases=("NACIONALIDAD",),
        ),
        Column(
            "NACIMIENTO",
            "anio_nacimiento",
            Kind.INTEGER,
            "Año de nacimiento de quien solicita.",
            "1989",
            required=False,
        ),
        Column(
            "ACTIVIDAD",
            "actividad",
            Kind.TEXT,
            "Actividad declarada (EMPLEADO, ESTUDIANTE, DUEÑA DE CASA, NO INFORMA...).",
            "EMPLEADO",
            required=False,
        ),
        Column(
            "PROFESIÓN",
            "profesion",
            Kind.TEXT,
            "Profesión u oficio declarado.",
            "NO INFORMA",
            required=False,
        ),
        Column(
            "ESTUDIOS",
            "estudios",
            Kind.TEXT,
            "Nivel de estudios declarado.",
            "MEDIO",
            required=False,
        ),
        Column(
            "COMUNA",
            "comuna",
            Kind.TEXT,
            "Comuna de residencia declarada, con o sin tildes.",
            "Vallenar",
        ),
        Column(
            "PROVINCIA",
            "provincia",
            Kind.TEXT,
            "Provincia de residencia, como la escribe el sistema.",
            "HUASCO",
            required=False,
        ),
        Column(
            "REGIÓN",
            "region",
            Kind.TEXT,
            "Región de residencia, como la escribe el sistema.",
            "ATACAMA",
            required=False,
        ),
        Column(
            "TIT_DEP",
            "titular_dependiente",
            Kind.TEXT,
            "T si quien solicita es titular, D si es dependiente de un titular.",
            "T",
            allowed=("T", "D"),
        ),
        Column(
            "AUTORIDAD",
            "autoridad",
            Kind.TEXT,
            "Oficina que recibió la solicitud.",
            "GOBERNACIÓN PROVINCIAL DE HUASCO",
            required=False,
        ),
        Column(
            "BENEFICIO_AGRUPADO",
            "beneficio_agrupado",
            Kind.TEXT,
            "Familia del permiso (TEMPORARIA, SUJETA A CONTRATO, ESTUDIANTE).",
            "TEMPORARIA",
            required=False,
        ),
        Column(
            "TIPO_VISA",
            "tipo_visa",
            Kind.TEXT,
            "Tipo de visa solicitada, con la etiqueta del sistema (cambia entre años; la "
            "tabla de referencia extranjeria_tipos_visa las homologa).",
            "TEMPORARIA MERCOSUR",
        ),
        Column(
            "ESTADO",
            "estado",
            Kind.TEXT,
            "Estado de la solicitud al momento de la exportación.",
            "OTORGADA",
            allowed=("OTORGADA", "RECHAZADA", "EN TRÁMITE", "DESISTIDA"),
        ),
        Column(
            "FECHA_SOLICITUD",
            "fecha_solicitud",
            Kind.DATE,
            "Día en que la solicitud ingresó.",
            "14/02/2020",
        ),
        Column(
            "FECHA_RESOLUCIÓN",
            "fecha_resolucion",
            Kind.DATE,
            "Día de la resolución (vacío mientras está en trámite).",
            "30/04/2020",
            required=False,
        ),
        Column("AÑO", "anio", Kind.INTEGER, "Año de ingreso de la solicitud.", "2020"),
        Column(
            "MES",
            "mes",
            Kind.INTEGER,
            "Mes de ingreso de la solicitud (1 a 12).",
            "2",
            allowed=tuple(range(1, 13)),
        ),
    ),
    invalid_row_rules=(
        "Una fila con un número de celdas distinto al del encabezado.",
        "ID_SOLICITUD, AÑO o MES que no sean enteros; MES fuera de 1 a 12; NACIMIENTO que no "
        "sea un entero.",
        "RUT_SOLICITANTE vacío o con dígito verificador incorrecto.",
        "SEXO distinto de HOMBRE o MUJER; TIT_DEP distinto de T o D.",
        "PAÍS (o NACIONALIDAD), COMUNA o TIPO_VISA vacíos.",
        "ESTADO vacío o distinto de OTORGADA, RECHAZADA, EN TRÁMITE o DESISTIDA.",
        "FECHA_SOLICITUD vacía o que no sea una fecha; FECHA_RESOLUCIÓN que no sea una fecha.",
    ),
    noise=(
        "Solicitudes exportadas dos veces en el mismo archivo (mismo ID_SOLICITUD): se cuenta una.",
        "Las solicitudes de diciembre que seguían en trámite reaparecen en el archivo del año "
        "siguiente con su estado final: se cuenta una por ID_SOLICITUD, con la información "
        "más reciente (la resuelta), y su año es el de FECHA_SOLICITUD, no el del archivo.",
        "Filas de las comunas de las otras provincias de Atacama: quedan fuera de las cifras "
        "de la provincia de Huasco.",
        "Nombres de comuna con y sin tildes y en mayúsculas: se normalizan.",
        "Cambio de esquema: desde el archivo 2020 la columna PAÍS se llama NACIONALIDAD "
        "(se acepta como alias).",
        "Las etiquetas de TIPO_VISA cambian entre años (MERCOSUR en 2019, TEMPORARIA MERCOSUR "
        "en 2020): la tabla de referencia extranjeria_tipos_visa las lleva a la etiqueta "
        "impresa; una etiqueta que no está en ella detiene el refresco (prueba not_null).",
        "Borradores exportados con TIPO_VISA vacío: van a cuarentena.",
        "RUT con dígito verificador incorrecto: van a cuarentena.",
        "Una misma persona puede tener más de una solicitud (por ejemplo, tras un rechazo): "
        "las solicitudes se cuentan por ID_SOLICITUD y las personas por RUT.",
    ),
)
