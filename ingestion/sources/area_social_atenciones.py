"""Contract of the social area's attention log (report section II.7).

One row per attention given by the social area of the Gobernación Provincial de Huasco:
orientation, issuance of a Registro Social de Hogares (RSH) cartola, or another query.
"""

from ingestion.contracts import Cadence, Column, Contract, Kind

CONTRACT = Contract(
    source="area_social_atenciones",
    title="Registro de atenciones del área social",
    raw_table="area_social_atenciones",
    file_pattern="atenciones_area_social_<año>.csv",
    cadence=Cadence.MENSUAL,
    delimiter=";",
    encodings=("utf-8-sig", "utf-8", "cp1252"),
    columns=(
        Column(
            "N° ATENCIÓN",
            "numero_atencion",
            Kind.INTEGER,
            "Número correlativo de la atención en el registro.",
            "10234",
            aliases=("FOLIO",),
        ),
        Column(
            "FECHA ATENCIÓN",
            "fecha_atencion",
            Kind.DATE,
            "Día de la atención.",
            "07/08/2020",
            aliases=("FECHA",),
        ),
        Column(
            "TIPO ATENCIÓN",
            "tipo_atencion",
            Kind.TEXT,
            "Motivo: Orientación, Emisión de cartola RSH u Otra consulta.",
            "Emisión de cartola RSH",
            allowed=("Orientación", "Emisión de cartola RSH", "Otra consulta"),
            aliases=("TIPO DE ATENCIÓN",),
        ),
        Column(
            "CANAL",
            "canal",
            Kind.TEXT,
            "Cómo se atendió: Presencial, Telefónica o Correo electrónico.",
            "Presencial",
            allowed=("Presencial", "Telefónica", "Correo electrónico"),
        ),
        Column(
            "RUT",
            "rut_persona",
            Kind.RUT,
            "RUT de la persona atendida.",
            "12.345.678-5",
            aliases=("RUT PERSONA", "RUT USUARIO"),
        ),
        Column(
            "NOMBRE",
            "nombre",
            Kind.PERSONAL,
            "Nombre de la persona atendida.",
            "Juan Soto Araya",
            required=False,
        ),
        Column(
            "SEXO",
            "sexo",
            Kind.TEXT,
            "Sexo de la persona atendida: F o M (también Femenino o Masculino).",
            "F",
            allowed=("F", "M", "Femenino", "Masculino"),
        ),
        Column(
            "COMUNA",
            "comuna",
            Kind.TEXT,
            "Comuna de residencia de la persona, como la escribe quien atiende.",
            "Freirina",
        ),
        Column(
            "FUNCIONARIO(A)",
            "funcionario",
            Kind.PERSONAL,
            "Nombre de quien atendió.",
            "Ana Díaz",
            required=False,
        ),
        Column(
            "OBSERVACIONES",
            "observaciones",
            Kind.PERSONAL,
            "Texto libre (puede contener datos personales).",
            "Solicita cartola para postulación",
            required=False,
        ),
    ),
    invalid_row_rules=(
        "Una fila con un número de campos distinto al del encabezado.",
        "N° ATENCIÓN vacío o que no sea un entero.",
        "FECHA ATENCIÓN vacía o que no sea una fecha dd/mm/aaaa válida.",
        "TIPO ATENCIÓN, CANAL o SEXO vacíos o fuera de sus valores.",
        "RUT vacío o con dígito verificador incorrecto.",
        "COMUNA vacía.",
    ),
    noise=(
        "Una misma persona atendida varias veces en el año: cuenta una vez como persona "
        "atendida (por el seudónimo de su RUT) y cada vez como atención.",
        "Atenciones registradas dos veces (misma persona, mismo día, mismo tipo de atención, "
        "otro N° ATENCIÓN): se cuenta una; la repetida queda marcada como duplicada.",
        "El registro abarca 2019 a comienzos de 2021: las cifras de 2020 toman solo las "
        "atenciones de 2020.",
        "Personas que viven en otras provincias de Atacama atendidas en la oficina: cuentan "
        "como atendidas por el área social (la cifra es de la oficina, no de la residencia).",
        "Tipos de atención, canales y comunas escritos con y sin tildes o en mayúsculas: se "
        "normalizan.",
        "Fechas imposibles (31/06/2020): van a cuarentena.",
        "RUT con dígito verificador incorrecto: van a cuarentena.",
    ),
)
