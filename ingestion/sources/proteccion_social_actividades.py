"""Contract of the activity log of the provincial social protection programme (II.4)."""

from ingestion.contracts import Cadence, Column, Contract, Kind

CONTRACT = Contract(
    source="proteccion_social_actividades",
    title="Registro de actividades del Programa de Fortalecimiento de la Gestión Provincial "
    "del Sistema de Protección Social",
    raw_table="proteccion_social_actividades",
    file_pattern="actividades_proteccion_social_<año>.xlsx",
    cadence=Cadence.MENSUAL,
    file_format="xlsx",
    sheet="Actividades",
    columns=(
        Column("FECHA", "fecha_actividad", Kind.DATE, "Día de la actividad.", "15/04/2020"),
        Column(
            "ÁREA",
            "area",
            Kind.TEXT,
            "Área de la meta del programa a la que corresponde la actividad.",
            "Difusión",
            allowed=("Difusión", "Coordinación", "Capacitación"),
        ),
        Column(
            "TIPO DE ACTIVIDAD",
            "tipo_actividad",
            Kind.TEXT,
            "Difusión radial, atención en Gobierno en Terreno, atención en oficina, reunión "
            "CTA, reunión COTEP, mesa técnica, capacitación.",
            "Reunión COTEP",
        ),
        Column(
            "INSTANCIA",
            "instancia",
            Kind.TEXT,
            "Nombre de la instancia: programa radial, plaza, comité, mesa o curso. Las "
            "sesiones de una misma instancia llevan el mismo nombre.",
            "COTEP Salud Municipal",
        ),
        Column(
            "NIVEL",
            "nivel",
            Kind.TEXT,
            "Alcance de la instancia: Local, Provincial o Regional.",
            "Provincial",
            allowed=("Local", "Provincial", "Regional"),
        ),
        Column(
            "MODALIDAD",
            "modalidad",
            Kind.TEXT,
            "Presencial o Remota.",
            "Remota",
            allowed=("Presencial", "Remota"),
        ),
        Column(
            "COMUNA",
            "comuna",
            Kind.TEXT,
            "Comuna de la actividad; vacía si es provincial o remota.",
            "Vallenar",
            required=False,
        ),
        Column(
            "N° PERSONAS",
            "numero_personas",
            Kind.INTEGER,
            "Personas informadas (difusión; en radio, la audiencia que estima la emisora) o "
            "participantes (reuniones y capacitaciones).",
            "120",
        ),
        Column(
            "ESTADO",
            "estado",
            Kind.TEXT,
            "Realizada o Suspendida.",
            "Realizada",
            allowed=("Realizada", "Suspendida"),
        ),
        Column(
            "RESPONSABLE",
            "responsable",
            Kind.PERSONAL,
            "Profesional que registró la actividad.",
            "Ana Rojas",
            required=False,
        ),
    ),
    invalid_row_rules=(
        "FECHA que no sea una fecha válida.",
        "ÁREA, TIPO DE ACTIVIDAD, INSTANCIA, NIVEL, MODALIDAD o ESTADO vacíos o fuera de sus "
        "valores.",
        "N° PERSONAS vacío o que no sea un entero.",
    ),
    noise=(
        "Actividades de otros años (la planilla es acumulativa): quedan fuera de las cifras "
        "de 2020.",
        "Actividades suspendidas: no se cuentan.",
        "La misma actividad anotada dos veces (misma fecha, tipo e instancia): se cuenta una.",
        "Una instancia de capacitación con varias sesiones tiene una fila por sesión: las "
        "instancias se cuentan por nombre distinto.",
        "Áreas escritas en mayúsculas o sin tildes: se normalizan.",
    ),
)
