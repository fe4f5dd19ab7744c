"""Contract of the «Mascota Protegida» veterinary services log (report section II.9.a)."""

from ingestion.contracts import Cadence, Column, Contract, Kind

CONTRACT = Contract(
    source="convenio_mascota_protegida_prestaciones",
    title="Prestaciones veterinarias del convenio «Mascota Protegida» (SUBDERE)",
    raw_table="convenio_mascota_protegida_prestaciones",
    file_pattern="mascota_protegida_prestaciones_<año>.xlsx",
    cadence=Cadence.MENSUAL,
    file_format="xlsx",
    sheet="Prestaciones",
    columns=(
        Column(
            "FECHA",
            "fecha_prestacion",
            Kind.DATE,
            "Día en que se atendió a la mascota.",
            "21/11/2020",
        ),
        Column(
            "PROGRAMA",
            "programa",
            Kind.TEXT,
            "Programa del convenio bajo el que se atendió, como lo escribe el equipo.",
            "Plan Veterinario en Marcha 2020",
        ),
        Column(
            "COMUNA",
            "comuna",
            Kind.TEXT,
            "Comuna donde se realizó el operativo.",
            "Freirina",
        ),
        Column(
            "SECTOR",
            "sector",
            Kind.TEXT,
            "Sector o localidad del operativo.",
            "Maitencillo",
            required=False,
        ),
        Column(
            "RUT TUTOR",
            "rut_tutor",
            Kind.RUT,
            "RUT de la persona responsable de la mascota.",
            "12.345.678-5",
        ),
        Column(
            "NOMBRE TUTOR",
            "nombre_tutor",
            Kind.PERSONAL,
            "Nombre de la persona responsable de la mascota.",
            "Rosa Tapia Cortés",
            required=False,
        ),
        Column(
            "ESPECIE",
            "especie",
            Kind.TEXT,
            "Especie de la mascota.",
            "Canino",
            allowed=("Canino", "Felino"),
        ),
        Column(
            "SEXO",
            "sexo_mascota",
            Kind.TEXT,
            "Sexo de la mascota.",
            "Hembra",
            allowed=("Hembra", "Macho"),
        ),
        Column(
            "PRESTACIÓN",
            "prestacion",
            Kind.TEXT,
            "Servicio veterinario entregado.",
            "Esterilización",
        ),
    ),
    invalid_row_rules=(
        "Una fila con un número de celdas distinto al del encabezado.",
        "FECHA vacía o que no sea una fecha válida.",
        "PROGRAMA, COMUNA o PRESTACIÓN vacíos.",
        "RUT TUTOR vacío o con dígito verificador incorrecto.",
        "ESPECIE distinta de Canino / Felino; SEXO distinto de Hembra / Macho.",
    ),
    noise=(
        "La planilla guarda también los convenios de 2019 y 2021 (otros programas): quedan "
        "fuera de las cifras de 2020.",
        "El nombre del programa escrito de varias formas (mayúsculas, sin tildes, sin el año): "
        "se traduce al programa del convenio con la semilla `convenios_mascota_protegida_"
        "programas`.",
        "Nombres de comuna con y sin tildes y en mayúsculas: se normalizan.",
        "RUT TUTOR con dígito verificador incorrecto: van a cuarentena.",
    ),
)
