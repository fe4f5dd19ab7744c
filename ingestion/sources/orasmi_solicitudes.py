"""Contract of the ORASMI social-aid ledger (report section II.7).

The regional workbook consolidates the request spreadsheets the social departments of the
three governorates of Atacama keep: one row per request, plus one row for each payment
reversal and each new payment of the same request.
"""

from ingestion.contracts import Cadence, Column, Contract, Kind

CONTRACT = Contract(
    source="orasmi_solicitudes",
    title="Planilla de solicitudes del fondo ORASMI",
    raw_table="orasmi_solicitudes",
    file_pattern="solicitudes_orasmi_atacama_<año>.xlsx",
    cadence=Cadence.MENSUAL,
    file_format="xlsx",
    sheet="Solicitudes",
    columns=(
        Column(
            "N° SOLICITUD",
            "numero_solicitud",
            Kind.INTEGER,
            "Número único de la solicitud en la planilla; lo repiten la reversa de su pago "
            "y el nuevo pago de la misma solicitud.",
            "1523",
            aliases=("N° FOLIO", "FOLIO SOLICITUD"),
        ),
        Column(
            "FECHA SOLICITUD",
            "fecha_solicitud",
            Kind.DATE,
            "Día en que la persona presentó la solicitud.",
            "14/04/2020",
        ),
        Column(
            "N° RESOLUCIÓN",
            "numero_resolucion",
            Kind.INTEGER,
            "Número de la resolución exenta que otorga la ayuda (vacío si no hubo resolución).",
            "482",
            required=False,
        ),
        Column(
            "RUT",
            "rut_solicitante",
            Kind.RUT,
            "RUT de la persona que solicita la ayuda.",
            "12.345.678-5",
            aliases=("RUT SOLICITANTE", "RUT BENEFICIARIO"),
        ),
        Column(
            "NOMBRE",
            "nombre",
            Kind.PERSONAL,
            "Nombre de la persona que solicita.",
            "María Pérez Rojas",
            required=False,
            aliases=("NOMBRE SOLICITANTE", "NOMBRE BENEFICIARIO"),
        ),
        Column(
            "SEXO",
            "sexo",
            Kind.TEXT,
            "Sexo de la persona que solicita: F o M (también Femenino o Masculino).",
            "F",
            allowed=("F", "M", "Femenino", "Masculino"),
        ),
        Column(
            "JEFE(A) DE HOGAR",
            "jefatura_hogar",
            Kind.BOOLEAN,
            "Si la persona que solicita es jefa o jefe de hogar.",
            "Sí",
            aliases=("JEFA DE HOGAR", "JEFE DE HOGAR", "JEFATURA DE HOGAR"),
        ),
        Column(
            "COMUNA",
            "comuna",
            Kind.TEXT,
            "Comuna de residencia, como la escribe cada oficina (con o sin tildes).",
            "Vallenar",
        ),
        Column(
            "ÁREA",
            "area",
            Kind.TEXT,
            "Área de la ayuda: Salud, Vivienda (o Habitabilidad), Asistencia Social, "
            "Discapacidad, Educación, Emprendimiento o Capacitación Laboral.",
            "Salud",
        ),
        Column(
            "TIPO DE AYUDA",
            "tipo_ayuda",
            Kind.TEXT,
            "Qué se entregó o financió (medicamentos, materiales de construcción, caja de "
            "alimentos, gastos funerarios, catre clínico...).",
            "Medicamentos",
        ),
        Column(
            "MONTO",
            "monto",
            Kind.MONEY,
            "Monto en pesos: el pagado, el reversado (con o sin signo menos) o el solicitado "
            "en las solicitudes rechazadas o anuladas; puede venir como número o como texto.",
            "$ 150.000",
            required=False,
        ),
        Column(
            "ESTADO",
            "estado",
            Kind.TEXT,
            "Estado que registra la fila: Pagada, Rechazada, Anulada o Reversada (reversa de "
            "un pago anterior de la misma solicitud).",
            "Pagada",
            allowed=("Pagada", "Rechazada", "Anulada", "Reversada"),
        ),
        Column(
            "FECHA ESTADO",
            "fecha_estado",
            Kind.DATE,
            "Día en que se registró el estado: pago, rechazo, anulación o reversa.",
            "30/04/2020",
        ),
        Column(
            "TRAMO RSH",
            "tramo_rsh",
            Kind.TEXT,
            "Tramo de calificación socioeconómica del Registro Social de Hogares.",
            "0-40%",
            allowed=("0-40%", "41-50%", "51-60%", "61-70%", "71-80%", "81-90%", "91-100%"),
        ),
    ),
    invalid_row_rules=(
        "N° SOLICITUD vacío o que no sea un entero; N° RESOLUCIÓN que no sea un entero.",
        "FECHA SOLICITUD o FECHA ESTADO vacía o que no sea una fecha válida.",
        "RUT vacío o con dígito verificador incorrecto.",
        "SEXO, ESTADO o TRAMO RSH vacío o fuera de sus valores.",
        "JEFE(A) DE HOGAR vacío o distinto de Sí / No.",
        "COMUNA, ÁREA o TIPO DE AYUDA vacíos.",
        "MONTO que no sea un monto en pesos.",
    ),
    noise=(
        "Solicitudes rechazadas o anuladas: quedan en el detalle con su estado, pero no suman "
        "monto ni cuentan como solicitudes atendidas.",
        "Pagos reversados: el pago (Pagada) y su reversa (Reversada, mismo N° SOLICITUD, con o "
        "sin signo menos en el monto) aparecen ambos; la reversa se resta siempre. Una solicitud "
        "cuyo pago se reversó entero no cuenta como atendida; si se volvió a pagar (otra fila "
        "Pagada de la misma solicitud, con otra fecha) cuenta una vez, con el monto neto.",
        "Filas copiadas dos veces (mismo N° SOLICITUD, estado, fecha de estado y monto): se "
        "cuenta una; las copias quedan marcadas como duplicadas.",
        "Varios años en la misma planilla: una solicitud atendida cuenta en el año de su último "
        "pago vigente (la pedida en diciembre de 2019 y pagada en enero de 2020 es de 2020; la "
        "pedida en diciembre de 2020 y pagada en enero de 2021 es de 2021); una no atendida, en "
        "el año de su último movimiento.",
        "Filas de las provincias de Copiapó y Chañaral (la planilla es regional): quedan fuera "
        "de las cifras de la provincia de Huasco.",
        "Comunas y áreas con y sin tildes o en mayúsculas, y «Habitabilidad» por «Vivienda»: "
        "se normalizan con las tablas de comunas y de áreas (`orasmi_areas`).",
        "Un MONTO negativo en una fila Pagada (solo las reversas pueden ser negativas): la "
        "fila se carga, queda fuera de las cifras con la razón «pago con monto negativo» y se "
        "ve en el detalle; nunca detiene el refresco.",
        "Montos escritos como número o como texto («$ 1.234.567», «-$ 45.000»), y fechas como "
        "fecha de Excel o como texto dd/mm/aaaa: se leen igual.",
        "SEXO como F/M o Femenino/Masculino: se normaliza a F o M.",
        "RUT con dígito verificador incorrecto: van a cuarentena.",
    ),
)
