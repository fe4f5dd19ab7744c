"""Contract of the FONDES applications export (report section II.10)."""

from ingestion.contracts import Cadence, Column, Contract, Kind

CONTRACT = Contract(
    source="fondes_proyectos",
    title="Postulaciones al Fondo Social Presidente de la República (FONDES)",
    raw_table="fondes_proyectos",
    file_pattern="fondes_postulaciones_atacama_<año>.xlsx",
    cadence=Cadence.ANUAL,
    file_format="xlsx",
    sheet="Postulaciones",
    columns=(
        Column(
            "FOLIO",
            "folio",
            Kind.TEXT,
            "Folio de la postulación en el sistema del fondo.",
            "FONDES-2020-03-0112",
        ),
        Column("AÑO", "anio", Kind.INTEGER, "Año del concurso.", "2020"),
        Column("REGIÓN", "region", Kind.TEXT, "Región de la organización.", "Atacama"),
        Column(
            "COMUNA",
            "comuna",
            Kind.TEXT,
            "Comuna de la organización (con o sin tildes, en mayúsculas o no).",
            "Alto del Carmen",
        ),
        Column(
            "RUT ORGANIZACIÓN",
            "rut_organizacion",
            Kind.RUT,
            "RUT de la organización postulante.",
            "65.123.456-7",
        ),
        Column(
            "NOMBRE ORGANIZACIÓN",
            "nombre_organizacion",
            Kind.TEXT,
            "Nombre de la organización (persona jurídica; no es un dato personal).",
            "Club Deportivo Unión Vallenar",
        ),
        Column(
            "TIPO ORGANIZACIÓN",
            "tipo_organizacion",
            Kind.TEXT,
            "Tipo de organización como lo rotula el sistema del fondo.",
            "Club Deportivo",
        ),
        Column(
            "NOMBRE PROYECTO",
            "nombre_proyecto",
            Kind.TEXT,
            "Nombre del proyecto postulado.",
            "Implementación deportiva para escuela de fútbol",
        ),
        Column(
            "LÍNEA",
            "linea",
            Kind.TEXT,
            "Línea de financiamiento.",
            "Equipamiento",
            allowed=("Implementación", "Equipamiento"),
        ),
        Column(
            "MONTO SOLICITADO",
            "monto_solicitado",
            Kind.MONEY,
            "Monto pedido, en pesos.",
            "$ 1.500.000",
            non_negative=True,
        ),
        Column(
            "MONTO ADJUDICADO",
            "monto_adjudicado",
            Kind.MONEY,
            "Monto adjudicado, en pesos (vacío si no se adjudicó).",
            "$ 1.234.567",
            required=False,
            non_negative=True,
        ),
        Column(
            "ESTADO",
            "estado",
            Kind.TEXT,
            "Resultado de la postulación.",
            "Adjudicado",
            allowed=("Adjudicado", "No adjudicado", "Desistido"),
        ),
    ),
    invalid_row_rules=(
        "Una fila con un número de celdas distinto al del encabezado.",
        "FOLIO, COMUNA, NOMBRE ORGANIZACIÓN, TIPO ORGANIZACIÓN o NOMBRE PROYECTO vacíos.",
        "AÑO que no sea un entero.",
        "RUT ORGANIZACIÓN vacío o con dígito verificador incorrecto.",
        "MONTO SOLICITADO vacío, negativo o que no sea un monto; MONTO ADJUDICADO negativo o "
        "que no sea un monto.",
        "ESTADO distinto de Adjudicado, No adjudicado o Desistido; LÍNEA distinta de "
        "Implementación o Equipamiento.",
    ),
    noise=(
        "El sistema exporta toda la región y varios concursos: las postulaciones de otras "
        "provincias y de otros años quedan fuera de las cifras de Huasco 2020.",
        "Postulaciones no adjudicadas y desistidas (estas últimas pueden traer el monto que se "
        "les había adjudicado): no se cuentan.",
        "La misma postulación exportada dos veces (mismo FOLIO): se cuenta una vez; la repetida "
        "queda marcada.",
        "Montos escritos como texto (`$ 1.234.567`) junto a montos numéricos: se leen igual.",
        "Nombres de comuna con y sin tildes y en mayúsculas: se normalizan.",
        "El tipo de organización viene con las etiquetas del sistema (Club Deportivo, Junta de "
        "Vecinos, Organización Comunitaria Funcional...): la semilla "
        "`fondes_tipos_organizacion` las agrupa en los tipos de la tabla impresa.",
        "Estado, línea y región escritos con otras mayúsculas o sin tildes: se aceptan igual.",
    ),
)
