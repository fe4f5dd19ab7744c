"""Contract of the «Alimentos para Chile» delivery log (report section II.6)."""

from ingestion.contracts import Cadence, Column, Contract, Kind

CONTRACT = Contract(
    source="alimentos_entregas",
    title="Registro de entregas «Alimentos para Chile»",
    raw_table="alimentos_entregas",
    file_pattern="entregas_alimentos_para_chile_<año>.csv",
    cadence=Cadence.MENSUAL,
    delimiter=";",
    encodings=("utf-8-sig", "utf-8", "cp1252"),
    columns=(
        Column("FOLIO", "folio", Kind.INTEGER, "Número correlativo del registro.", "10234"),
        Column(
            "FECHA ENTREGA",
            "fecha_entrega",
            Kind.DATE,
            "Día en que se entregó la caja.",
            "23/05/2020",
        ),
        Column(
            "N° ENTREGA",
            "numero_entrega",
            Kind.INTEGER,
            "Ronda del programa: 1 (primera), 2 (segunda) o 3 (tercera).",
            "1",
            allowed=(1, 2, 3),
        ),
        Column("REGIÓN", "region", Kind.TEXT, "Región del hogar.", "Atacama"),
        Column(
            "COMUNA",
            "comuna",
            Kind.TEXT,
            "Comuna del hogar, como la escribe el municipio (con o sin tildes).",
            "Alto del Carmen",
        ),
        Column(
            "RUT JEFE HOGAR",
            "rut_hogar",
            Kind.RUT,
            "RUT de quien recibe la caja por el hogar.",
            "12.345.678-5",
        ),
        Column(
            "NOMBRE",
            "nombre",
            Kind.PERSONAL,
            "Nombre de quien recibe.",
            "María Pérez",
            required=False,
        ),
        Column(
            "DIRECCIÓN",
            "direccion",
            Kind.PERSONAL,
            "Domicilio de entrega.",
            "Calle 1 #234",
            required=False,
        ),
    ),
    invalid_row_rules=(
        "Una fila con un número de campos distinto al del encabezado.",
        "FOLIO o N° ENTREGA que no sea un entero; N° ENTREGA fuera de 1, 2 o 3.",
        "FECHA ENTREGA que no sea una fecha dd/mm/aaaa válida.",
        "COMUNA vacía.",
        "RUT JEFE HOGAR vacío o con dígito verificador incorrecto.",
    ),
    noise=(
        "Entregas registradas dos veces (mismo hogar y misma ronda, otro folio): "
        "se cuenta una; las repetidas quedan marcadas como duplicadas.",
        "Filas de comunas de otras provincias de Atacama: quedan fuera de las cifras "
        "de la provincia de Huasco.",
        "Nombres de comuna con y sin tildes y en mayúsculas: se normalizan.",
        "RUT con dígito verificador incorrecto: van a cuarentena.",
    ),
)
