"""Demo of the governorate's planning sheet of a year (.xlsx), as the office keeps it.

One row per planned activity or target, in blocks by line of work. The plan of year Y is the
part III of the edition of Y - 1; its targets are read from that edition's published
figures, never typed here (the 2021 plan: the 2020 report's part III, with 12 plazas
with their expected audience, 21 diálogos by locality, the protection-network tables and
the agreements' and funds' targets). A plan no edition prints is invented from the nearest
edition's: its volumes moved by a seeded variation, its dates moved to the year. Noise on
top: subtotal rows between blocks, a cancelled plaza and a cancelled diálogo, draft rows of
next year's plan, comunas written several ways and a quantity typed as text.
"""

from __future__ import annotations

import random
from datetime import date, datetime
from pathlib import Path

import xlsxwriter

from ingestion.demo.common import (
    DEMO_YEARS,
    edition_of,
    nearest_edition_year,
    person_name,
    planted_rows,
    published_cells,
    published_figure,
    read_seed,
    rng,
    shift_year,
)
from ingestion.sources.programacion_anual import CONTRACT as PLAN_2021_PROGRAMACION
from ingestion.sources.programacion_anual import ESTADOS, TIPOS_ACTIVIDAD, TIPOS_META

YEAR = 2021  # the rows are built for this plan and moved to the plan asked for
SHEET = PLAN_2021_PROGRAMACION.sheet
PROVINCIAL = "Provincial"
SPELLINGS = {
    "Alto del Carmen": ("Alto del Carmen", "ALTO DEL CARMEN", "Alto Del Carmen"),
    "Freirina": ("Freirina", "FREIRINA"),
    "Huasco": ("Huasco", "HUASCO", "Huasco "),
    "Vallenar": ("Vallenar", "VALLENAR"),
}
# How the Bienes Nacionales users planned for the province are spread over its comunas (not
# published; invented). The report rounds their sum down to «más de N».
BIENES_NACIONALES_SHARES = {
    "Vallenar": 0.5,
    "Huasco": 0.2,
    "Freirina": 0.15,
    "Alto del Carmen": 0.15,
}
ABOVE_MARGIN = 0.1  # a «más de N» target is planned about this much above N
DRAFT_ROWS_PER_SCALE = 2  # rows of next year's draft plan, per unit of scale
FIGURES = {
    "bienes_nacionales": "programacion__texto__usuarios_bienes_nacionales",
    "conadi": "programacion__texto__atenciones_conadi",
    "buena_energia": "programacion__texto__familias_buena_energia",
    "extranjeria": "programacion__texto__acercamientos_extranjeria_semestre",
    "orasmi": "programacion__texto__porcentaje_orasmi_menor_ingreso",
    "fondes": "programacion__texto__agrupaciones_fondes",
    "capacitaciones_fondes": "programacion__texto__comunas_capacitaciones_fondes",
}
PROTECCION_SOCIAL_UNITS = {"committees": "mesas", "meetings": "reuniones"}
PROTECCION_SOCIAL_TIPOS = {"committees": "Mesa técnica", "meetings": "Reunión de coordinación"}


def demo_file(year: int) -> str:
    return f"programacion/programacion_gobernacion_huasco_{year}.xlsx"


DEMO_FILES = tuple(demo_file(year) for year in DEMO_YEARS)

# Row layout: the contract's columns, in order.
HEADER = [column.header for column in PLAN_2021_PROGRAMACION.columns]
COLUMN_INDEX = {column.name: index for index, column in enumerate(PLAN_2021_PROGRAMACION.columns)}


def programme_edition(plan_year: int) -> int:
    """The year of the edition the plan's targets come from: the one of the year before, or
    (none printing it) the nearest one."""
    return plan_year - 1 if edition_of(plan_year - 1) else nearest_edition_year(plan_year - 1)


def planned_figures(rows: list[dict[str, str]], plan_year: int) -> list[dict[str, str]]:
    if edition_of(plan_year - 1):
        return rows
    return planted_rows(rows, plan_year, "programacion_anual")


def published_value(key: str, plan_year: int) -> tuple[int, str]:
    """A text figure of part III (value, comparator), by its key in FIGURES."""
    edition_year = programme_edition(plan_year)
    [row] = planned_figures([published_figure(FIGURES[key], edition_year)], plan_year)
    return int(float(row["value"])), row["comparator"]


def programme_cells(table_id: str, plan_year: int) -> list[dict[str, str]]:
    """The cells of one part III table, in printed order."""
    cells = planned_figures(published_cells(table_id, programme_edition(plan_year)), plan_year)
    return sorted(cells, key=lambda c: int(c["row_order"]))


def huasco_comunas() -> list[str]:
    return [r["comuna"] for r in read_seed("comunas") if r["provincia"] == "Huasco"]


def split(total: int, shares: dict[str, float]) -> dict[str, int]:
    """`total` spread by `shares`, largest remainders first, summing exactly to `total`."""
    exact = {key: total * share for key, share in shares.items()}
    parts = {key: int(value) for key, value in exact.items()}
    by_remainder = sorted(exact, key=lambda key: (parts[key] - exact[key], key))
    for key in by_remainder[: total - sum(parts.values())]:
        parts[key] += 1
    return parts


def planned_rows(random_: random.Random, scale: int, plan_year: int = YEAR) -> list[dict]:
    """The sheet's rows in order, as dicts keyed by contract column name (subtotals included)."""
    blocks = [
        _convenios(random_, plan_year),
        _plazas(random_, plan_year),
        _dialogos(random_, plan_year),
        _drafts(random_, scale),
        _comite_tecnico(),
        _extranjeria(random_, plan_year),
        _proteccion_social(random_, plan_year),
        _campanas(),
        _orasmi(plan_year),
        _fondos(random_, plan_year),
    ]
    rows = [row for block in blocks for row in block]
    correlativo = 0
    for row in rows:
        if row["tipo_actividad"] not in ("Subtotal", "Total"):
            correlativo += 1
            row["correlativo"] = correlativo
            row.setdefault("encargado", person_name(random_))
    return [_moved(row, plan_year) for row in rows]


def _moved(row: dict, plan_year: int) -> dict:
    """A row built for the YEAR plan as the plan of `plan_year` has it."""
    if plan_year == YEAR:
        return row
    moved = dict(row)
    if "anio" in moved:
        moved["anio"] += plan_year - YEAR
    if isinstance(moved.get("fecha_estimada"), date):
        day = moved["fecha_estimada"]
        moved["fecha_estimada"] = shift_year(day, day.year + plan_year - YEAR)
    if isinstance(moved.get("observaciones"), str):
        for year in (YEAR + 1, YEAR - 1):  # next year's draft plan, last year's beneficiaries
            moved["observaciones"] = moved["observaciones"].replace(
                str(year), str(year + plan_year - YEAR)
            )
    return moved


def _row(eje: str, programa: str, tipo: str, **values) -> dict:
    row = {"anio": YEAR, "eje": eje, "programa": programa, "tipo_actividad": tipo}
    row.setdefault("estado", "Programada")
    row.update(values)
    return row


def _subtotal(eje: str, programa: str, rows: list[dict], unidad: str) -> dict:
    counted = [r for r in rows if r["estado"] == "Programada" and r["anio"] == YEAR]
    return {
        "eje": eje,
        "programa": programa,
        "tipo_actividad": "Subtotal",
        "cantidad": sum(r["cantidad"] for r in counted),
        "unidad": unidad,
        "publico_estimado": sum(r.get("publico_estimado") or 0 for r in counted) or None,
    }


def _spelled(random_: random.Random, comuna: str) -> str:
    return random_.choice(SPELLINGS.get(comuna, (comuna,)))


def _date_in(random_: random.Random, month: int) -> date:
    return date(YEAR, month, random_.randint(4, 27))


def _convenios(random_: random.Random, plan_year: int) -> list[dict]:
    eje = "Convenios"
    value, comparator = published_value("bienes_nacionales", plan_year)
    total = value + max(1, round(value * ABOVE_MARGIN)) if comparator == ">" else value
    bienes = [
        _row(
            eje,
            "Bienes Nacionales",
            "Meta de convenio",
            comuna=_spelled(random_, comuna),
            cantidad=count,
            unidad="usuarios",
            tipo_meta="Estimada",
            observaciones="Regularización de terrenos fiscales y privados",
        )
        for comuna, count in split(total, BIENES_NACIONALES_SHARES).items()
    ]
    conadi, _ = published_value("conadi", plan_year)
    energia, _ = published_value("buena_energia", plan_year)
    return [
        *bienes,
        _subtotal(eje, "Bienes Nacionales", bienes, "usuarios"),
        _row(
            eje,
            "CONADI",
            "Meta de convenio",
            comuna=PROVINCIAL,
            cantidad=conadi,
            unidad="atenciones",
            tipo_meta="Estimada",
            observaciones="Atenciones en oficina y en terreno",
        ),
        _row(
            eje,
            "Con Buena Energía",
            "Meta de convenio",
            comuna=PROVINCIAL,
            cantidad=energia,
            unidad="familias",
            tipo_meta="Estimada",
            observaciones="Capacitación en eficiencia energética (Ministerio de Energía)",
        ),
        _row(
            eje,
            "SENADIS",
            "Atención",
            comuna=PROVINCIAL,
            observaciones="Asistente social atiende solicitudes de ayudas técnicas en la oficina",
        ),
    ]


def _plazas(random_: random.Random, plan_year: int) -> list[dict]:
    eje, programa = "Gobierno en terreno", "Plazas Ciudadanas"
    cells = programme_cells("programacion_plazas", plan_year)
    rows = []
    for index, cell in enumerate(cells):
        rows.append(
            _row(
                eje,
                programa,
                "Plaza ciudadana",
                comuna=_spelled(random_, cell["row_group"]),
                localidad=cell["row_label"],
                fecha_estimada=_date_in(random_, 3 + index * 9 // len(cells)),
                cantidad=1,
                unidad="plazas",
                tipo_meta="Exacta",
                publico_estimado=int(float(cell["value"])),
            )
        )
    # A plaza planned first in Maitencillo and replaced: cancelled, it stays in the sheet.
    cancelled = _row(
        eje,
        programa,
        "Plaza ciudadana",
        comuna=_spelled(random_, "Freirina"),
        localidad="Maitencillo",
        fecha_estimada=_date_in(random_, 6),
        cantidad=1,
        unidad="plazas",
        tipo_meta="Exacta",
        publico_estimado=40,
        estado="Anulada",
        observaciones="Se reemplaza por la plaza de Los Bronces",
    )
    rows.insert(len(rows) // 2, cancelled)
    return [*rows, _subtotal(eje, programa, rows, "plazas")]


def _dialogos(random_: random.Random, plan_year: int) -> list[dict]:
    eje, programa = "Gobierno en terreno", "Diálogos Ciudadanos"
    cells = programme_cells("programacion_dialogos", plan_year)
    rows = []
    for cell in cells:
        count = int(float(cell["value"]))
        # Three or more diálogos in one place are planned half in each semester.
        halves = [(count // 2, 5), (count - count // 2, 9)] if count >= 3 else [(count, 0)]
        for quantity, month in halves:
            rows.append(
                _row(
                    eje,
                    programa,
                    "Diálogo ciudadano",
                    comuna=_spelled(random_, cell["row_group"]),
                    localidad=cell["row_label"],
                    fecha_estimada=_date_in(random_, month or random_.randint(3, 11)),
                    cantidad=quantity,
                    unidad="diálogos",
                    tipo_meta="Exacta",
                )
            )
    cancelled = _row(
        eje,
        programa,
        "Diálogo ciudadano",
        comuna=_spelled(random_, "Vallenar"),
        localidad="Vallenar",
        fecha_estimada=_date_in(random_, 7),
        cantidad=1,
        unidad="diálogos",
        tipo_meta="Exacta",
        estado="Anulada",
        observaciones="Se fusiona con el diálogo de septiembre",
    )
    rows.insert(len(rows) - 3, cancelled)
    return [*rows, _subtotal(eje, programa, rows, "diálogos")]


def _drafts(random_: random.Random, scale: int) -> list[dict]:
    """Rows of next year's plan typed in the same sheet, still as a draft."""
    rows = []
    for index in range(DRAFT_ROWS_PER_SCALE * scale):
        is_plaza = index % 2 == 0
        comuna = random_.choice(huasco_comunas())
        rows.append(
            _row(
                "Gobierno en terreno",
                "Plazas Ciudadanas" if is_plaza else "Diálogos Ciudadanos",
                "Plaza ciudadana" if is_plaza else "Diálogo ciudadano",
                anio=YEAR + 1,
                comuna=_spelled(random_, comuna),
                localidad=comuna,
                fecha_estimada=date(YEAR + 1, random_.randint(3, 11), random_.randint(4, 27)),
                cantidad=1,
                unidad="plazas" if is_plaza else "diálogos",
                tipo_meta="Exacta",
                publico_estimado=random_.choice((50, 60, 70, 80)) if is_plaza else None,
                estado="Borrador",
                observaciones="Propuesta para la programación 2022",
            )
        )
    return rows


def _comite_tecnico() -> list[dict]:
    eje = "Comité Técnico Asesor"
    subcomites = (
        ("Subcomité Fomento", "Oferta pública de fomento, emprendimiento y empleabilidad"),
        ("Subcomité de Protección civil y Seguridad Pública", "Plan invierno y COE"),
        ("Subcomité de Salud", "Afectación de la pandemia en la provincia"),
        ("Subcomité de Protección Social", "Difusión de la oferta programática"),
    )
    return [
        _row(eje, programa, "Sesión de subcomité", comuna=PROVINCIAL, observaciones=topic)
        for programa, topic in subcomites
    ]


def _extranjeria(random_: random.Random, plan_year: int) -> list[dict]:
    per_semester, _ = published_value("extranjeria", plan_year)
    places = (("Alto del Carmen", "El Tránsito", 5), ("Vallenar", "Domeyko", 10))
    return [
        _row(
            "Extranjería",
            "Extranjería",
            "Acercamiento en terreno",
            comuna=_spelled(random_, comuna),
            localidad=localidad,
            fecha_estimada=_date_in(random_, month),
            cantidad=per_semester,
            unidad="acercamientos",
            tipo_meta="Al menos",
            observaciones="Información a extranjeros residentes en sectores alejados",
        )
        for comuna, localidad, month in places
    ]


def _proteccion_social(random_: random.Random, plan_year: int) -> list[dict]:
    rows = []
    cells = programme_cells("programacion_proteccion_social", plan_year)
    for cell in cells:
        count = int(float(cell["value"]))
        for index in range(count):  # one row per meeting, spread over the year
            rows.append(
                _row(
                    "Protección Social",
                    cell["row_label"],
                    PROTECCION_SOCIAL_TIPOS[cell["unit"]],
                    comuna=PROVINCIAL,
                    fecha_estimada=_date_in(random_, 4 + index * 6),
                    cantidad=1,
                    unidad=PROTECCION_SOCIAL_UNITS[cell["unit"]],
                    tipo_meta="Exacta",
                )
            )
    return rows


def _campanas() -> list[dict]:
    eje = "Campañas preventivas"
    return [
        _row(
            eje,
            "Campaña mantenciones eléctricas domiciliarias",
            "Campaña preventiva",
            comuna=PROVINCIAL,
            cantidad=1,
            unidad="campañas",
            tipo_meta="Exacta",
        ),
        _row(
            eje,
            "Talleres de planes familiares de emergencia",
            "Campaña preventiva",
            comuna=PROVINCIAL,
            cantidad="por definir",
            unidad="talleres",
            observaciones="Según disponibilidad de ONEMI",
        ),
    ]


def _orasmi(plan_year: int) -> list[dict]:
    value, _ = published_value("orasmi", plan_year)
    return [
        _row(
            "ORASMI",
            "ORASMI",
            "Criterio de focalización",
            comuna=PROVINCIAL,
            cantidad=value,
            unidad="por ciento",
            tipo_meta="Hasta",
            observaciones="Tramo del Registro Social de Hogares de menor ingreso y mayor "
            "vulnerabilidad",
        )
    ]


def _fondos(random_: random.Random, plan_year: int) -> list[dict]:
    eje = "Fondos"
    agrupaciones, _ = published_value("fondes", plan_year)
    comunas_count, _ = published_value("capacitaciones_fondes", plan_year)
    rows = [
        _row(
            eje,
            "FONDES",
            "Meta de adjudicación",
            comuna=PROVINCIAL,
            cantidad=agrupaciones,
            unidad="agrupaciones",
            tipo_meta="Al menos",
            observaciones="Entre FONDES y Fondo Nacional (beneficiarios 2020)",
        )
    ]
    for index, comuna in enumerate(huasco_comunas()[:comunas_count]):
        rows.append(
            _row(
                eje,
                "FONDES",
                "Capacitación",
                comuna=_spelled(random_, comuna),
                localidad=comuna,
                fecha_estimada=_date_in(random_, 3 + index // 2),
                cantidad=1,
                unidad="capacitaciones",
                tipo_meta="Exacta",
            )
        )
    return rows


def generate(out_dir: Path, scale: int = 1, *, year: int) -> list[Path]:
    """Write the demo planning workbook of `year` under `out_dir` (relative path:
    demo_file(year))."""
    path = out_dir / demo_file(year)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Seeded by the year the plan is written in (the year before it), as it always was.
    rows = planned_rows(rng("programacion_anual", year - 1), scale, year)
    temporary = path.with_name(path.name + ".partial")
    workbook = xlsxwriter.Workbook(str(temporary))
    # Fixed metadata, so the same rows always give the same bytes.
    workbook.set_properties(
        {"author": "Gobernación Provincial de Huasco", "created": datetime(year - 1, 12, 15)}
    )
    bold = workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
    subtotal = workbook.add_format({"bold": True, "italic": True})
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    sheet = workbook.add_worksheet(SHEET)
    lists = workbook.add_worksheet("Listas")
    sheet.write_row(0, 0, HEADER, bold)
    for line, row in enumerate(rows, start=1):
        is_subtotal = row["tipo_actividad"] in ("Subtotal", "Total")
        for name, value in row.items():
            column = COLUMN_INDEX[name]
            if value is None:
                continue
            if isinstance(value, date):
                moment = datetime(value.year, value.month, value.day)
                sheet.write_datetime(line, column, moment, day)
            elif is_subtotal:
                sheet.write(line, column, value, subtotal)
            else:
                sheet.write(line, column, value)
    _write_lists(sheet, lists, len(rows))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(rows), len(HEADER) - 1)
    for name, width in (("programa", 34), ("observaciones", 48), ("tipo_actividad", 24)):
        sheet.set_column(COLUMN_INDEX[name], COLUMN_INDEX[name], width)
    workbook.close()
    temporary.replace(path)
    return [path]


def _write_lists(sheet, lists, last_row: int) -> None:
    """The validation lists an office sheet carries in a second sheet."""
    for column, (name, values) in enumerate(
        (("tipo_actividad", TIPOS_ACTIVIDAD), ("tipo_meta", TIPOS_META), ("estado", ESTADOS))
    ):
        lists.write(0, column, name.upper().replace("_", " "))
        lists.write_column(1, column, values)
        letter = "ABC"[column]
        sheet.data_validation(
            1,
            COLUMN_INDEX[name],
            last_row,
            COLUMN_INDEX[name],
            {
                "validate": "list",
                "source": f"=Listas!${letter}$2:${letter}${len(values) + 1}",
                "error_type": "warning",
            },
        )
