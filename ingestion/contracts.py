"""Source contracts: what a provider's export must look like, declared once as data.

The loader enforces them and `python -m ingestion.contracts` prints them for providers.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    TEXT = "text"  # trimmed; empty means missing
    INTEGER = "integer"  # Chilean thousands separator allowed: 1.234
    DATE = "date"  # dd/mm/aaaa
    RUT = "rut"  # validated (módulo 11) and pseudonymised; the raw value never loads
    PERSONAL = "personal"  # names, addresses: checked for presence of the column, never loaded


KIND_LABELS = {
    Kind.TEXT: "texto",
    Kind.INTEGER: "entero (admite separador de miles: 1.234)",
    Kind.DATE: "fecha dd/mm/aaaa",
    Kind.RUT: "RUT con dígito verificador (12.345.678-5)",
    Kind.PERSONAL: "dato personal: no se carga",
}


@dataclass(frozen=True)
class Column:
    header: str
    name: str
    kind: Kind
    description: str
    example: str
    required: bool = True
    allowed: tuple[int, ...] = ()  # accepted values of an INTEGER column, when restricted

    @property
    def loaded_name(self) -> str | None:
        """The raw-table column this becomes (RUTs become a hash, personal data nothing)."""
        if self.kind is Kind.PERSONAL:
            return None
        if self.kind is Kind.RUT:
            return f"{self.name}_hash"
        return self.name


@dataclass(frozen=True)
class Contract:
    source: str
    title: str
    raw_table: str
    file_pattern: str
    delimiter: str
    encodings: tuple[str, ...]
    columns: tuple[Column, ...]
    invalid_row_rules: tuple[str, ...]
    noise: tuple[str, ...] = ()

    @property
    def loaded_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.loaded_name is not None)


def header_key(header: str) -> str:
    """Compare headers the way people type them: case, accents and spacing do not matter."""
    # Offices type N° with the degree sign or the ordinal º: both mean "número".
    header = header.replace("\ufeff", "").replace("º", "°")
    stripped = unicodedata.normalize("NFKD", header)
    stripped = "".join(ch for ch in stripped if not unicodedata.combining(ch))
    return " ".join(stripped.upper().replace("_", " ").split())


ALIMENTOS_ENTREGAS = Contract(
    source="alimentos_entregas",
    title="Registro de entregas «Alimentos para Chile»",
    raw_table="alimentos_entregas",
    file_pattern="entregas_alimentos_para_chile_<año>.csv",
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

CONTRACTS: dict[str, Contract] = {c.source: c for c in (ALIMENTOS_ENTREGAS,)}


def render_markdown(contract: Contract) -> str:
    """The contract as a page a data provider can read."""
    lines = [
        f"## {contract.title} (`{contract.source}`)",
        "",
        f"- Archivo: `{contract.file_pattern}`",
        f"- Formato: texto delimitado por `{contract.delimiter}`, con una fila de encabezado",
        f"- Codificación aceptada: {', '.join(contract.encodings)}",
        f"- Tabla de destino: `raw.{contract.raw_table}`",
        "",
        "| columna | tipo | obligatoria | significado | ejemplo |",
        "|---|---|---|---|---|",
    ]
    for column in contract.columns:
        kind = KIND_LABELS[column.kind]
        if column.allowed:
            kind += f"; valores: {', '.join(str(v) for v in column.allowed)}"
        required = "sí" if column.required else "no"
        lines.append(
            f"| {column.header} | {kind} | {required} | {column.description} | `{column.example}` |"
        )
    lines += ["", "Una fila va a cuarentena (con su razón y su línea) cuando:", ""]
    lines += [f"- {rule}" for rule in contract.invalid_row_rules]
    lines += [
        "",
        "Un archivo cuyo encabezado no tiene exactamente estas columnas (sin importar mayúsculas,",
        "tildes ni espacios) se rechaza entero, con un error que nombra las columnas que faltan o",
        "sobran.",
    ]
    if contract.noise:
        lines += ["", "Ruido conocido del origen y cómo se trata:", ""]
        lines += [f"- {item}" for item in contract.noise]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print("\n".join(render_markdown(contract) for contract in CONTRACTS.values()))
