"""Demo log of the sessions of the provincial security committees, 2019 to early 2021.

A spreadsheet kept by the provincial public-security officer: one row per session called,
with its state. The Subcomité de Seguridad Pública held, in 2020, the number of sessions
the report states; around them: the monthly Comité Policial and the regional council in
the same log, a session suspended and one moved (pandemic), one session typed twice under
another spelling of the committee's name, and sessions of 2019 and 2021.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from ingestion.demo.common import (
    DEMO_YEARS,
    log_year,
    moved_rows,
    person_name,
    rng,
    text_figure,
    write_xlsx,
)
from ingestion.sources.seguridad_sesiones import CONTRACT as SEGURIDAD_SESIONES

SESSIONS_FIGURE = "seguridad_publica__texto__sesiones_subcomite"
SUBCOMITE = "Subcomité de Seguridad Pública"
SUBCOMITE_SPELLINGS = (
    "Subcomité de Seguridad Pública",
    "Subcomité Seguridad Pública",
    "SUBCOMITE DE SEGURIDAD PUBLICA",
    "Sub Comité de Seguridad Pública",
)
COMITE_POLICIAL = ("Comité Policial", "Comité Policial Provincial")
CONSEJO_REGIONAL = "Consejo Regional de Seguridad Pública"
INSTITUCIONES = (
    "Carabineros, PDI, Armada, Ejército, Fiscalía, SENDA, SernamEG, municipios",
    "Carabineros, PDI, Armada, Fiscalía, Seremi de Salud, municipios",
    "Carabineros, PDI, Ejército, Fiscalía, SENDA, juntas de vecinos",
)
ACUERDOS = (
    "Coordinar con los servicios públicos controles en terreno focalizados.",
    "Fiscalizar el cumplimiento de la normativa sanitaria Covid-19.",
    "Difundir campañas de seguridad en localidades apartadas de la provincia.",
    "Acercar las policías a la ciudadanía en diálogos ciudadanos.",
    "Dar seguimiento a las acciones comprometidas en el Plan Regional.",
    "Recuperar espacios públicos junto a Carabineros y municipios.",
)
VENUES = ("Salón Gobernación Provincial, Vallenar", "Tercera Comisaría de Vallenar")
SUBCOMITE_2019 = (date(2019, 4, 11), date(2019, 7, 4), date(2019, 9, 26), date(2019, 12, 12))
SUBCOMITE_2021 = (date(2021, 1, 21),)
SUSPENDED = date(2020, 3, 19)  # the first lockdowns

REPORT_YEAR = 2020  # the edition the log's figures come from
LOG_YEARS = (2019, 2020, 2021)


def demo_file(year: int) -> str:
    return f"seguridad/registro_sesiones_seguridad_publica_{year}.xlsx"


DEMO_FILES = tuple(demo_file(year) for year in DEMO_YEARS)


@dataclass(frozen=True)
class Session:
    fecha: date
    instancia: str
    estado: str
    modalidad: str


def subcomite_sessions_2020() -> int:
    return text_figure(SESSIONS_FIGURE, REPORT_YEAR)


def _weekday_after(day: date, weekday: int) -> date:
    """The first `weekday` (0 = Monday) on or after `day`."""
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def plan() -> list[Session]:
    sessions: list[Session] = []
    held = subcomite_sessions_2020()
    start = date(REPORT_YEAR, 1, 1)
    for index in range(held):
        day = _weekday_after(start + timedelta(days=(index + 1) * 366 // (held + 1)), 3)
        sessions.append(Session(day, SUBCOMITE, "Realizada", "Remota"))
        if index == 1:  # called two weeks earlier and moved
            sessions.append(Session(day - timedelta(days=14), SUBCOMITE, "Reprogramada", "Remota"))
    sessions.append(Session(SUSPENDED, SUBCOMITE, "Suspendida", "Presencial"))
    for day in (*SUBCOMITE_2019, *SUBCOMITE_2021):
        sessions.append(Session(day, SUBCOMITE, "Realizada", "Presencial"))
    for year, months in ((2019, range(1, 13)), (2020, range(1, 13)), (2021, range(1, 4))):
        for month in months:
            day = _weekday_after(date(year, month, 8), 1)  # the second Tuesday
            remote = date(2020, 4, 1) <= day < date(2021, 1, 1)
            sessions.append(
                Session(day, "Comité Policial", "Realizada", "Remota" if remote else "Presencial")
            )
    for day in (date(2020, 2, 20), date(2020, 8, 27)):
        sessions.append(Session(day, CONSEJO_REGIONAL, "Realizada", "Mixta"))
    return sorted(sessions, key=lambda s: (s.fecha, s.instancia))


def generate(out_dir: Path, scale: int = 1, *, year: int) -> list[Path]:
    """Write the log's rows of `year` under `out_dir` (its path relative to it:
    demo_file(year)). The log of LOG_YEARS is drawn from one random stream, so each of those
    files is the same whichever years are written; a year the log does not reach holds the
    edition year's rows moved to it, drawn from a stream of its own."""
    # The rows of `file_year`; for a year the log does not reach, the edition year's, moved.
    file_year = log_year(year, LOG_YEARS, REPORT_YEAR)  # loops below name their own `year`
    moved_by = year - file_year
    path = out_dir / demo_file(year)
    stream = "seguridad_sesiones"  # the whole log's; a moved year has its own
    random_ = rng(stream, year) if moved_by else rng(stream)
    rows: list[list[object]] = []
    typed_twice = False
    for session in plan():
        rows.append(_row(random_, session))
        is_held_subcomite = session.instancia == SUBCOMITE and session.estado == "Realizada"
        if is_held_subcomite and session.fecha.year == REPORT_YEAR and not typed_twice:
            rows.append(_row(random_, session, spelling=SUBCOMITE_SPELLINGS[2]))
            typed_twice = True
    rows = [row for row in rows if row[0].year == file_year]
    if moved_by:
        rows = moved_rows(rows, moved_by)
    header = [column.header for column in SEGURIDAD_SESIONES.columns]
    write_xlsx(
        path,
        SEGURIDAD_SESIONES.sheet or "Sesiones",
        header,
        rows,
        created=datetime(2021, 3, 1, 9, 0, 0),
        column_width=20,
    )
    return [path]


def _row(random_: random.Random, session: Session, spelling: str | None = None) -> list[object]:
    if spelling is None:
        if session.instancia == SUBCOMITE:
            spelling = random_.choice(SUBCOMITE_SPELLINGS)
        elif session.instancia == "Comité Policial":
            spelling = random_.choice(COMITE_POLICIAL)
        else:
            spelling = session.instancia
    held = session.estado == "Realizada"
    if session.instancia == CONSEJO_REGIONAL:
        venue = "Intendencia Regional, Copiapó"
    elif session.modalidad == "Remota":
        venue = "Videoconferencia"
    else:
        venue = random_.choice(VENUES)
    agreements = random_.sample(ACUERDOS, random_.randint(2, 4)) if held else []
    return [
        session.fecha,
        spelling,
        "Ordinaria" if random_.random() < 0.85 else "Extraordinaria",
        session.modalidad,
        session.estado,
        venue,
        random_.randint(7, 22) if held else None,
        random_.choice(INSTITUCIONES) if held else None,
        len(agreements) if held else None,
        " ".join(agreements) if held else "Sesión no realizada por la contingencia sanitaria.",
        person_name(random_),
    ]
