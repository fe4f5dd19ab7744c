"""Contract of the governorate's yearly planning sheet (report part III, «Programación 2021»)."""

from ingestion.contracts import Cadence, Column, Contract, Kind

TIPOS_ACTIVIDAD = (
    "Plaza ciudadana",
    "Diálogo ciudadano",
    "Meta de convenio",
    "Atención",
    "Mesa técnica",
    "Reunión de coordinación",
    "Acercamiento en terreno",
    "Capacitación",
    "Meta de adjudicación",
    "Criterio de focalización",
    "Sesión de subcomité",
    "Campaña preventiva",
)
TIPOS_META = ("Exacta", "Más de", "Al menos", "Hasta", "Estimada")
ESTADOS = ("Programada", "Anulada", "Borrador")
SUBTOTAL_LABELS = ("Subtotal", "Total")

CONTRACT = Contract(
    source="programacion_anual",
    title="Programación anual de la Gobernación (planilla de metas y actividades)",
    raw_table="programacion_anual",
    file_pattern="programacion_gobernacion_huasco_<año>.xlsx",
    cadence=Cadence.ANUAL,
    file_format="xlsx",
    sheet="Programación",
    columns=(
        Column("N°", "correlativo", Kind.INTEGER, "Número correlativo de la fila.", "17"),
        Column(
            "AÑO",
            "anio",
            Kind.INTEGER,
            "Año al que corresponde lo programado.",
            "2021",
        ),
        Column(
            "EJE",
            "eje",
            Kind.TEXT,
            "Línea de trabajo de la cuenta pública (Convenios, Gobierno en terreno, "
            "Extranjería, Fondos...).",
            "Gobierno en terreno",
        ),
        Column(
            "PROGRAMA / CONVENIO",
            "programa",
            Kind.TEXT,
            "Programa, convenio o política al que pertenece la actividad o meta.",
            "Plazas Ciudadanas",
            aliases=("PROGRAMA", "PROGRAMA/CONVENIO"),
        ),
        Column(
            "TIPO ACTIVIDAD",
            "tipo_actividad",
            Kind.TEXT,
            "Qué se programa: una actividad (plaza, diálogo, mesa, reunión...) o una meta "
            "(meta de convenio, meta de adjudicación, criterio de focalización).",
            "Plaza ciudadana",
            allowed=TIPOS_ACTIVIDAD,
        ),
        Column(
            "COMUNA",
            "comuna",
            Kind.TEXT,
            "Comuna donde se realiza, con o sin tildes; «Provincial» o vacía si abarca "
            "toda la provincia.",
            "Alto del Carmen",
            required=False,
        ),
        Column(
            "LOCALIDAD",
            "localidad",
            Kind.TEXT,
            "Localidad o sector donde se realiza, tal como se publicará.",
            "San Félix",
            required=False,
        ),
        Column(
            "FECHA ESTIMADA",
            "fecha_estimada",
            Kind.DATE,
            "Fecha tentativa de la actividad (vacía para metas anuales).",
            "15/04/2021",
            required=False,
        ),
        Column(
            "CANTIDAD",
            "cantidad",
            Kind.INTEGER,
            "Cuántas actividades o cuánto de la meta se programa en esta fila "
            "(p. ej. 2 diálogos en la misma localidad).",
            "2",
            required=False,
        ),
        Column(
            "UNIDAD",
            "unidad",
            Kind.TEXT,
            "Unidad de la cantidad: plazas, diálogos, usuarios, atenciones, familias, mesas, "
            "reuniones, agrupaciones, por ciento...",
            "diálogos",
            required=False,
        ),
        Column(
            "TIPO META",
            "tipo_meta",
            Kind.TEXT,
            "Cómo se entiende la cantidad: exacta, más de, al menos, hasta o estimada.",
            "Estimada",
            required=False,
            allowed=TIPOS_META,
        ),
        Column(
            "PÚBLICO ESTIMADO",
            "publico_estimado",
            Kind.INTEGER,
            "Personas que se espera atender en la actividad (plazas ciudadanas).",
            "70",
            required=False,
        ),
        Column(
            "ESTADO",
            "estado",
            Kind.TEXT,
            "Programada, Anulada (se dejó sin efecto) o Borrador (propuesta aún no aprobada).",
            "Programada",
            allowed=ESTADOS,
        ),
        Column(
            "ENCARGADO",
            "encargado",
            Kind.PERSONAL,
            "Funcionario a cargo de la actividad.",
            "María Pérez",
            required=False,
        ),
        Column(
            "OBSERVACIONES",
            "observaciones",
            Kind.TEXT,
            "Texto libre.",
            "Reemplaza a la plaza de Maitencillo",
            required=False,
        ),
    ),
    invalid_row_rules=(
        "N°, AÑO, CANTIDAD o PÚBLICO ESTIMADO que no sea un entero (p. ej. «por definir»).",
        "FECHA ESTIMADA que no sea una fecha dd/mm/aaaa válida.",
        "EJE, PROGRAMA / CONVENIO, TIPO ACTIVIDAD o ESTADO vacíos.",
        "TIPO ACTIVIDAD, TIPO META o ESTADO fuera de la lista de la hoja «Listas».",
    ),
    noise=(
        "Filas de subtotal intercaladas (TIPO ACTIVIDAD «Subtotal»): no son actividades; se "
        "cuentan en la bitácora de carga y no se cargan (sumarlas duplicaría las cifras).",
        "Actividades anuladas (ESTADO «Anulada», p. ej. una plaza reemplazada por otra "
        "localidad o un diálogo fusionado con otro): quedan fuera de las metas.",
        "Filas en borrador de la programación del año siguiente (AÑO 2022, ESTADO "
        "«Borrador»): quedan fuera de la programación 2021.",
        "Nombres de comuna con y sin tildes y en mayúsculas, y «Provincial» para lo que abarca "
        "toda la provincia: se normalizan.",
        "Cantidades escritas como texto («por definir»): la fila va a cuarentena.",
        "Localidades tal como se escribieron en la planilla y se imprimieron en el informe "
        "(incluida la errata «Ato del Carmen»): se conservan tal cual.",
    ),
    skip_rows_where=("tipo_actividad", SUBTOTAL_LABELS),
)
