"""Contract of the security committees' session log (report section II.5.c)."""

from ingestion.contracts import Cadence, Column, Contract, Kind

CONTRACT = Contract(
    source="seguridad_sesiones",
    title="Registro de sesiones de las instancias de seguridad pública",
    raw_table="seguridad_sesiones",
    file_pattern="registro_sesiones_seguridad_publica_<año>.xlsx",
    cadence=Cadence.MENSUAL,
    file_format="xlsx",
    sheet="Sesiones",
    columns=(
        Column(
            "FECHA",
            "fecha_sesion",
            Kind.DATE,
            "Día de la sesión (o para el que estaba citada, si se suspendió).",
            "14/07/2020",
        ),
        Column(
            "INSTANCIA",
            "instancia",
            Kind.TEXT,
            "Instancia que sesiona, como la escribe quien lleva el registro "
            "(Subcomité de Seguridad Pública, Comité Policial, Consejo Regional...).",
            "Subcomité de Seguridad Pública",
        ),
        Column(
            "TIPO",
            "tipo_sesion",
            Kind.TEXT,
            "Sesión ordinaria o extraordinaria.",
            "Ordinaria",
            allowed=("Ordinaria", "Extraordinaria"),
        ),
        Column(
            "MODALIDAD",
            "modalidad",
            Kind.TEXT,
            "Presencial, remota (videoconferencia) o mixta.",
            "Remota",
            allowed=("Presencial", "Remota", "Mixta"),
        ),
        Column(
            "ESTADO",
            "estado",
            Kind.TEXT,
            "Realizada, suspendida o reprogramada (la reprogramada tiene otra fila, en la "
            "fecha en que se hizo).",
            "Realizada",
            allowed=("Realizada", "Suspendida", "Reprogramada"),
        ),
        Column("LUGAR", "lugar", Kind.TEXT, "Lugar o medio de la sesión.", "Videoconferencia"),
        Column(
            "N° ASISTENTES",
            "numero_asistentes",
            Kind.INTEGER,
            "Personas que asistieron (vacío si no se realizó).",
            "14",
            required=False,
        ),
        Column(
            "INSTITUCIONES",
            "instituciones",
            Kind.TEXT,
            "Instituciones presentes, separadas por comas.",
            "Carabineros, PDI, Armada, Fiscalía",
            required=False,
        ),
        Column(
            "N° ACUERDOS",
            "numero_acuerdos",
            Kind.INTEGER,
            "Acuerdos tomados en la sesión.",
            "3",
            required=False,
        ),
        Column(
            "ACUERDOS",
            "acuerdos",
            Kind.TEXT,
            "Resumen de los acuerdos.",
            "Coordinar fiscalización del cumplimiento de la normativa sanitaria.",
            required=False,
        ),
        Column(
            "SECRETARIO DE ACTA",
            "secretario_acta",
            Kind.PERSONAL,
            "Funcionario que redactó el acta.",
            "Juan Pérez Soto",
            required=False,
        ),
    ),
    invalid_row_rules=(
        "FECHA que no sea una fecha (celda de fecha o texto dd/mm/aaaa).",
        "INSTANCIA, LUGAR o TIPO, MODALIDAD, ESTADO vacíos o fuera de sus valores.",
        "N° ASISTENTES o N° ACUERDOS que no sean enteros.",
    ),
    noise=(
        "El registro incluye otras instancias (Comité Policial, que sesiona cada mes, y el "
        "Consejo Regional de Seguridad Pública): la cifra del Subcomité cuenta solo las suyas.",
        "La instancia se escribe de varias formas («SUBCOMITE DE SEGURIDAD PUBLICA», "
        "«Subcomité Seguridad Pública»): se traducen con la semilla seguridad_instancias; una "
        "forma desconocida detiene la actualización.",
        "Sesiones suspendidas o reprogramadas (pandemia): no se cuentan como realizadas.",
        "Una sesión anotada dos veces (misma instancia, fecha y estado): se cuenta una.",
        "Sesiones de 2019 y 2021: fuera de las cifras de 2020.",
        "Nombre de quien redactó el acta: dato personal, no se carga.",
    ),
)
