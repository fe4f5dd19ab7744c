"""Source contracts: what a provider's export must look like, declared once as data.

Each source declares its contract in `ingestion/sources/<source>.py`; the loader enforces it
and `python -m ingestion.sources` prints every contract for the data providers.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta
from enum import Enum, StrEnum


class Kind(StrEnum):
    TEXT = "text"  # trimmed; empty means missing
    INTEGER = "integer"  # Chilean thousands separator allowed: 1.234
    DECIMAL = "decimal"  # decimal comma: -1,35 (thousands 1.234,5)
    MONEY = "money"  # whole pesos: $ 1.234.567, 1.234.567 or 1234567; may be negative
    DATE = "date"  # dd/mm/aaaa
    BOOLEAN = "boolean"  # Sí/No, S/N, 1/0
    RUT = "rut"  # validated (módulo 11) and pseudonymised; the raw value never loads
    PERSONAL = "personal"  # names, addresses: checked for presence of the column, never loaded


KIND_LABELS = {
    Kind.TEXT: "texto",
    Kind.INTEGER: "entero (admite separador de miles: 1.234)",
    Kind.DECIMAL: "decimal con coma (-1,35)",
    Kind.MONEY: "monto en pesos ($ 1.234.567)",
    Kind.DATE: "fecha dd/mm/aaaa",
    Kind.BOOLEAN: "Sí / No",
    Kind.RUT: "RUT con dígito verificador (12.345.678-5)",
    Kind.PERSONAL: "dato personal: no se carga",
}


class Cadence(Enum):
    """How often a provider sends a new version of its extract, and how old it may get.

    The maximum age is the period plus the days an office usually takes to send it: past
    it, the source is stale (a warning in Dagster, in `dbt source freshness`, on the
    auditors' page and as an alert).
    """

    SEMANAL = ("semanal", 10)
    MENSUAL = ("mensual", 40)
    TRIMESTRAL = ("trimestral", 100)
    SEMESTRAL = ("semestral", 200)
    ANUAL = ("anual", 400)

    def __init__(self, label: str, max_age_days: int) -> None:
        self.label = label
        self.max_age_days = max_age_days

    @property
    def max_age(self) -> timedelta:
        return timedelta(days=self.max_age_days)


@dataclass(frozen=True)
class Column:
    header: str
    name: str
    kind: Kind
    description: str
    example: str
    required: bool = True
    # Accepted values, when restricted: numbers for INTEGER, labels for TEXT (compared
    # without case or accents).
    allowed: tuple[int | str, ...] = ()
    # A MONEY or DECIMAL column whose negative values are not records but typing errors
    # (MONEY admits a minus sign, for reversals): such a row goes to quarantine.
    non_negative: bool = False
    aliases: tuple[str, ...] = ()  # other headers the same column has had (schema drift)
    # A quoted value of this column may go on over several lines (up to the contract's
    # max_lines_per_record); anywhere else a quote left open is an error of its line.
    may_hold_line_breaks: bool = False

    @property
    def header_keys(self) -> tuple[str, ...]:
        return tuple(header_key(h) for h in (self.header, *self.aliases))

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
    columns: tuple[Column, ...]
    invalid_row_rules: tuple[str, ...]
    cadence: Cadence = field(kw_only=True)  # required: every source says how often it arrives
    noise: tuple[str, ...] = ()
    file_format: str = "csv"  # "csv" or "xlsx"
    delimiter: str = ";"
    encodings: tuple[str, ...] = ("utf-8-sig", "utf-8", "cp1252")
    sheet: str | None = None  # xlsx: the sheet to read (default: the first)
    # Rows that are not records (e.g. group subtotals interleaved in an export): a column and
    # the values that mark them. They are counted in the load log, not quarantined.
    skip_rows_where: tuple[str, tuple[str, ...]] | None = None
    # At most this many physical lines make one record, when a column may hold line breaks.
    max_lines_per_record: int = 5
    # The longest value a field may hold (Excel's limit for a cell). A longer value of an
    # optional text column is cut to it (and counted); in any other column the row goes to
    # quarantine. The file as a whole is never refused for it.
    max_field_chars: int = 32_767

    @property
    def breakable_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.may_hold_line_breaks)

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


def render_markdown(contract: Contract) -> str:
    """The contract as a page a data provider can read."""
    if contract.file_format == "xlsx":
        layout = [
            f"- Formato: planilla Excel `.xlsx`, hoja `{contract.sheet or '(la primera)'}`, "
            "encabezado en la primera fila"
        ]
    else:
        layout = [
            f"- Formato: texto delimitado por `{contract.delimiter}`, con una fila de encabezado",
            f"- Codificación aceptada: {', '.join(contract.encodings)} (y UTF-16 con BOM, el "
            "«texto Unicode» de Excel)",
            "- Cada registro ocupa una línea: una comilla que no se cierra en su misma línea es "
            "un error de esa línea (va a cuarentena con su número)",
        ]
        if contract.breakable_columns:
            names = ", ".join(c.header for c in contract.breakable_columns)
            layout.append(
                f"- Salvo en {names}: un valor entre comillas puede seguir en las líneas "
                f"siguientes, hasta {contract.max_lines_per_record} líneas por registro"
            )
    lines = [
        f"## {contract.title} (`{contract.source}`)",
        "",
        f"- Archivo: `{contract.file_pattern}`",
        *layout,
        f"- Tabla de destino: `raw.{contract.raw_table}`",
        f"- Frecuencia esperada: {contract.cadence.label}, una versión nueva al menos cada "
        f"{contract.cadence.max_age_days} días; si no llega, la fuente figura como atrasada "
        "(un aviso: no detiene el refresco)",
        "",
        "| columna | tipo | obligatoria | significado | ejemplo |",
        "|---|---|---|---|---|",
    ]
    for column in contract.columns:
        kind = KIND_LABELS[column.kind]
        if column.allowed:
            kind += f"; valores: {', '.join(str(v) for v in column.allowed)}"
        if column.non_negative:
            kind += "; no negativo"
        header = column.header
        if column.aliases:
            header += f" (o {', '.join(column.aliases)})"
        required = "sí" if column.required else "no"
        lines.append(
            f"| {header} | {kind} | {required} | {column.description} | `{column.example}` |"
        )
    lines += ["", "Una fila va a cuarentena (con su razón y su línea) cuando:", ""]
    lines += [f"- {rule}" for rule in contract.invalid_row_rules]
    limit = f"{contract.max_field_chars:,}".replace(",", ".")
    lines += [
        f"- Un valor de más de {limit} caracteres (en una columna de texto opcional, en "
        "cambio, se corta a ese largo y se cuenta en la bitácora de carga)",
        "",
        "Un archivo vacío, con solo el encabezado o cortado a mitad de una fila se rechaza "
        "entero, y también uno con muchas menos filas que la versión anterior de la misma "
        "ubicación (ver `HUASCO_MAX_ROW_DROP`).",
        "",
        "Un archivo cuyo encabezado no tiene exactamente estas columnas (sin importar mayúsculas,",
        "tildes ni espacios) se rechaza entero, con un error que nombra las columnas que faltan o",
        "sobran.",
    ]
    if contract.skip_rows_where:
        column, values = contract.skip_rows_where
        lines += [
            "",
            f"Las filas cuyo {column} es {', '.join(values)} no son registros (subtotales de la "
            "exportación): se cuentan en la bitácora de carga y no se cargan.",
        ]
    if contract.noise:
        lines += ["", "Ruido conocido del origen y cómo se trata:", ""]
        lines += [f"- {item}" for item in contract.noise]
    return "\n".join(lines) + "\n"
