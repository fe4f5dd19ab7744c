"""Demo residence-visa applications of Atacama, one .xlsx per year, like the migration microdata.

One row per application (titular or dependiente). Huasco's applications submitted in 2020 are
the published ones, type by type, each from a different person and all granted, so that the
printed «N° de solicitudes ingresadas» and the «visa de residente a 607 personas» of the text
both come out of the records. Around them: the other provinces of Atacama and the years before
(rejections, withdrawals, applications still in process, people who apply twice), and the noise
of the real exports: applications exported twice, December applications repeated in the next
year's file with their final state, comuna names written several ways, the PAÍS column renamed
NACIONALIDAD from 2020, visa-type labels that change between years, drafts with no visa type
and RUTs with a wrong check digit.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from pathlib import Path

from ingestion.demo.common import (
    DEMO_YEARS,
    published_cells,
    read_seed,
    rng,
    rut_text,
    weekday_in_month,
    weighted,
    with_invalid_rut,
    write_xlsx,
)
from ingestion.sources.extranjeria_solicitudes import CONTRACT as EXTRANJERIA_SOLICITUDES

REPORT_YEAR = 2020
# The years drawn together from one random stream (their files do not change when other
# years are written); each later year is drawn from its own stream.
FIRST_YEARS = (2019, 2020)
PRINTED_TABLE = "extranjeria_solicitudes"
HUASCO_COMUNAS = {"Vallenar": 70, "Huasco": 12, "Freirina": 10, "Alto del Carmen": 8}
# Applications per year outside Huasco 2020 (not published; invented, multiplied by `scale`).
OTHER_PROVINCES_PER_YEAR = {
    "Copiapó": 2_600,
    "Caldera": 220,
    "Tierra Amarilla": 260,
    "Chañaral": 140,
    "Diego de Almagro": 180,
}
HUASCO_OTHER_YEARS = 540
# Visa types never printed for Huasco 2020 but present elsewhere (relative weights).
UNPRINTED_TYPES = {"Visa de estudiante": 15, "Visa temporaria jubilado o rentista": 4}
SPELLINGS = {
    "Copiapó": ("Copiapó", "COPIAPÓ", "COPIAPO", "Copiapo"),
    "Chañaral": ("Chañaral", "CHAÑARAL", "CHANARAL"),
    "Alto del Carmen": ("Alto del Carmen", "ALTO DEL CARMEN", "Alto Del Carmen"),
    "Vallenar": ("Vallenar", "VALLENAR"),
    "Huasco": ("Huasco", "HUASCO"),
    "Freirina": ("Freirina", "FREIRINA"),
    "Caldera": ("Caldera", "CALDERA"),
    "Tierra Amarilla": ("Tierra Amarilla", "TIERRA AMARILLA"),
    "Diego de Almagro": ("Diego de Almagro", "DIEGO DE ALMAGRO"),
}
NATIONALITIES = {
    "VENEZUELA": 35,
    "HAITÍ": 15,
    "COLOMBIA": 12,
    "BOLIVIA": 10,
    "PERÚ": 10,
    "CUBA": 6,
    "REPÚBLICA DOMINICANA": 5,
    "ARGENTINA": 3,
    "ECUADOR": 2,
    "CHINA": 1,
    "ESPAÑA": 1,
}
NATIONALITIES_BY_TYPE = {
    "Visa temporaria responsabilidad democrática": {"VENEZUELA": 1},
    "Visa temporaria Mercosur": {
        "BOLIVIA": 34,
        "PERÚ": 22,
        "COLOMBIA": 20,
        "ARGENTINA": 9,
        "PARAGUAY": 7,
        "ECUADOR": 6,
        "BRASIL": 1,
        "URUGUAY": 1,
    },
    "Visa sujeta a contrato": {
        "VENEZUELA": 32,
        "HAITÍ": 26,
        "REPÚBLICA DOMINICANA": 10,
        "CUBA": 10,
        "COLOMBIA": 8,
        "PERÚ": 6,
        "CHINA": 4,
        "BOLIVIA": 4,
    },
}
ACTIVITIES = ("EMPLEADO", "OBRERO", "TRABAJADOR INDEPENDIENTE", "DUEÑA DE CASA", "NO INFORMA")
PROFESSIONS = (
    "INGENIERO",
    "TÉCNICO EN MINERÍA",
    "PROFESOR",
    "ENFERMERA",
    "MÉDICO",
    "CONTADOR",
    "COMERCIANTE",
    "AGRICULTOR",
    "MECÁNICO",
    "CONSTRUCTOR",
)
STUDIES = ("BÁSICO", "MEDIO", "TÉCNICO", "UNIVERSITARIO", "NINGUNO", "NO INFORMA")
# Submissions per month: 2020 dips with the offices closed in the first COVID-19 months.
MONTH_WEIGHTS = {
    REPORT_YEAR: (11, 10, 9, 4, 4, 5, 7, 8, 9, 10, 11, 12),
    None: (8, 8, 9, 9, 9, 8, 8, 9, 8, 8, 8, 8),
}
FINAL_STATES = {"OTORGADA": 85, "RECHAZADA": 10, "DESISTIDA": 5}
REAPPLY_SHARE = 0.03  # applications outside Huasco 2020 by someone who applied before
HUASCO_RETURNING_SHARE = 0.08  # Huasco 2020 applicants who had applied in an earlier year
DUPLICATE_SHARE = 0.005
INVALID_RUT_ROWS = 4
EMPTY_TYPE_ROWS = 3


def export_date(year: int) -> date:
    """Each yearly file is exported in January; the report year's in March, for the report."""
    return date(2021, 3, 31) if year == REPORT_YEAR else date(year + 1, 1, 15)


def demo_file(year: int) -> str:
    return f"extranjeria/residencia_temporales_solicitudes_{year}.xlsx"


DEMO_FILES = tuple(demo_file(year) for year in DEMO_YEARS)


@dataclass(frozen=True)
class Person:
    rut_body: int
    sexo: str
    nacionalidad: str
    anio_nacimiento: int
    comuna: str


@dataclass(frozen=True)
class Application:
    year: int
    submitted: date
    comuna: str
    tipo_visa: str  # the printed (or printed-style) label
    person: Person
    estado: str  # final state
    resolved: date | None
    titular_dependiente: str
    actividad: str
    profesion: str
    estudios: str
    numero: int = 0


def published_counts() -> dict[str, int]:
    """Printed visa type -> applications submitted in Huasco in 2020 (the report's table)."""
    return {
        cell["row_label"]: int(float(cell["value"]))
        for cell in published_cells(PRINTED_TABLE, REPORT_YEAR)
    }


@cache
def visa_labels() -> tuple[dict[str, str], ...]:
    """The seed mapping the system's visa-type labels to the printed ones."""
    return tuple(read_seed("extranjeria_tipos_visa"))


EARLIEST_LABEL_YEAR = 2015  # the seed's labels describe the system from this year on


@cache
def source_label(tipo_visa: str, year: int) -> str | None:
    """The label the system used for a visa type in a year (None: the type did not exist)."""
    labels = [
        (int(row["vigente_desde"]), row["tipo_visa_origen"])
        for row in visa_labels()
        if row["tipo_visa"] == tipo_visa
    ]
    # Years before the seed's history use the labels of its first year.
    year = max(year, EARLIEST_LABEL_YEAR)
    valid = sorted(label for label in labels if label[0] <= year)
    return valid[-1][1] if valid else None


def applications_per_year(scale: int, years: tuple[int, ...]) -> dict[tuple[str, int], int]:
    """(comuna, year) -> applications outside Huasco 2020 (Huasco's split by comuna later),
    times `scale`."""
    targets = {}
    for year in years:
        for comuna, count in OTHER_PROVINCES_PER_YEAR.items():
            targets[(comuna, year)] = count * scale
        if year != REPORT_YEAR:
            targets[("Huasco (provincia)", year)] = HUASCO_OTHER_YEARS * scale
    return targets


def generate(out_dir: Path, scale: int = 1, *, year: int) -> list[Path]:
    """Write the workbook of `year` under `out_dir` (its path relative to it: demo_file(year)).

    A file holds last year's applications resolved since its export too, so the years from
    the first on are drawn: 2019 and 2020 from one stream, each later year from its own.
    """
    if year < FIRST_YEARS[0]:
        raise ValueError(f"extranjeria_solicitudes: the demo microdata start in {FIRST_YEARS[0]}")
    drawn_applications, state = _first_years(scale)
    random_ = random.Random()
    random_.setstate(state)
    comunas = {row["comuna"]: row for row in read_seed("comunas")}
    applications = list(drawn_applications)
    if year in FIRST_YEARS:
        for drawn in FIRST_YEARS[: FIRST_YEARS.index(year) + 1]:
            rows = _file_rows(random_, applications, drawn, comunas)
    else:
        for later in range(FIRST_YEARS[-1] + 1, year + 1):
            applications += _later_applications(rng("extranjeria_solicitudes", later), scale, later)
        rows = _file_rows(rng("extranjeria_solicitudes:archivo", year), applications, year, comunas)
    path = out_dir / demo_file(year)
    write_xlsx(
        path,
        EXTRANJERIA_SOLICITUDES.sheet or "Sheet1",
        _header(year),
        rows,
        created=datetime(2021, 3, 31, 9, 0) if year in FIRST_YEARS else datetime(year + 1, 1, 15),
        author=None,
        bold_header=False,
    )
    return [path]


@lru_cache(maxsize=1)
def _first_years(scale: int) -> tuple[tuple[Application, ...], tuple]:
    """The applications of the first years and the state their stream is left in.

    Every year's file needs them all (its numbers, last year's late resolutions), so they are
    drawn once per scale and process: drawing them again for each file tripled the work of
    writing the default years. The applications are immutable; the state restarts the stream.
    """
    random_ = rng("extranjeria_solicitudes")
    applications = _applications(random_, scale)
    return tuple(applications), random_.getstate()


def _later_applications(random_: random.Random, scale: int, year: int) -> list[Application]:
    """The applications of a year after the first ones: invented, in the same mix."""
    type_weights = {**published_counts(), **UNPRINTED_TYPES}
    targets = applications_per_year(scale, (year,))
    bodies = iter(random_.sample(range(14_000_000, 27_000_000), sum(targets.values())))
    people: list[Person] = []
    applications: list[Application] = []
    for (place, _), count in sorted(targets.items()):
        types = {t: w for t, w in type_weights.items() if source_label(t, year) is not None}
        for _ in range(count):
            comuna = _huasco_comuna(random_) if place == "Huasco (provincia)" else place
            tipo_visa = weighted(random_, types)
            person = _person(random_, bodies, people, tipo_visa, comuna, REAPPLY_SHARE)
            applications.append(_application(random_, year, comuna, tipo_visa, person, False))
    return _numbered(random_, applications)


def _applications(random_: random.Random, scale: int) -> list[Application]:
    counts = published_counts()
    type_weights = {**counts, **UNPRINTED_TYPES}
    bodies = iter(random_.sample(range(14_000_000, 27_000_000), 40_000 * scale))
    people: list[Person] = []
    applications: list[Application] = []
    for (place, year), count in sorted(applications_per_year(scale, FIRST_YEARS).items()):
        types = {t: w for t, w in type_weights.items() if source_label(t, year) is not None}
        for _ in range(count):
            comuna = _huasco_comuna(random_) if place == "Huasco (provincia)" else place
            tipo_visa = weighted(random_, types)
            person = _person(random_, bodies, people, tipo_visa, comuna, REAPPLY_SHARE)
            applications.append(_application(random_, year, comuna, tipo_visa, person, False))
    earlier = [p for p in people if p.comuna in HUASCO_COMUNAS]
    seen: set[int] = set()
    for tipo_visa, count in counts.items():
        for _ in range(count):
            comuna = _huasco_comuna(random_)
            person = _returning_person(random_, earlier, seen, tipo_visa, comuna)
            if person is None:
                person = _person(random_, bodies, people, tipo_visa, comuna, 0.0)
            seen.add(person.rut_body)
            applications.append(_application(random_, REPORT_YEAR, comuna, tipo_visa, person, True))
    return _numbered(random_, applications)


def _huasco_comuna(random_: random.Random) -> str:
    return weighted(random_, HUASCO_COMUNAS)


def _person(
    random_: random.Random,
    bodies,
    people: list[Person],
    tipo_visa: str,
    comuna: str,
    reuse_share: float,
) -> Person:
    nationalities = NATIONALITIES_BY_TYPE.get(tipo_visa, NATIONALITIES)
    if reuse_share and people and random_.random() < reuse_share:
        candidate = random_.choice(people)
        if candidate.nacionalidad in nationalities and candidate.comuna == comuna:
            return candidate
    if tipo_visa == "Visa temporaria menores":
        born = random_.randint(2004, 2019)
    else:
        born = int(random_.triangular(1955, 2001, 1988))
    person = Person(
        rut_body=next(bodies),
        sexo="MUJER"
        if tipo_visa == "Visa temporaria embarazo"
        else random_.choice(("HOMBRE", "MUJER")),
        nacionalidad=weighted(random_, nationalities),
        anio_nacimiento=born,
        comuna=comuna,
    )
    people.append(person)
    return person


def _returning_person(
    random_: random.Random, earlier: list[Person], seen: set[int], tipo_visa: str, comuna: str
) -> Person | None:
    """Now and then a Huasco 2020 applicant who applied before (never twice in 2020)."""
    if random_.random() >= HUASCO_RETURNING_SHARE:
        return None
    nationalities = NATIONALITIES_BY_TYPE.get(tipo_visa, NATIONALITIES)
    candidates = [
        p
        for p in earlier
        if p.rut_body not in seen and p.nacionalidad in nationalities and p.comuna == comuna
    ]
    return random_.choice(candidates) if candidates else None


def _application(
    random_: random.Random,
    year: int,
    comuna: str,
    tipo_visa: str,
    person: Person,
    is_report_figure: bool,
) -> Application:
    weights = MONTH_WEIGHTS.get(year, MONTH_WEIGHTS[None])
    month = random_.choices(range(1, 13), weights=weights)[0]
    submitted = weekday_in_month(random_, year, month)
    if is_report_figure:
        # Every application Huasco received in 2020 was granted before the report's export.
        estado, resolved = "OTORGADA", submitted + timedelta(days=random_.randint(15, 75))
    else:
        estado = weighted(random_, FINAL_STATES)
        resolved = submitted + timedelta(days=random_.randint(20, 150))
    return Application(
        year=year,
        submitted=submitted,
        comuna=comuna,
        tipo_visa=tipo_visa,
        person=person,
        estado=estado,
        resolved=resolved,
        titular_dependiente=_titular_dependiente(random_, tipo_visa),
        actividad=_activity(random_, tipo_visa, person),
        profesion=random_.choice(PROFESSIONS)
        if tipo_visa == "Visa temporaria profesional/técnico" or random_.random() < 0.4
        else "NO INFORMA",
        estudios=random_.choice(STUDIES),
    )


def _titular_dependiente(random_: random.Random, tipo_visa: str) -> str:
    if tipo_visa == "Visa temporaria menores":
        return "D"
    return "D" if random_.random() < 0.12 else "T"


def _activity(random_: random.Random, tipo_visa: str, person: Person) -> str:
    if tipo_visa in ("Visa temporaria menores", "Visa de estudiante"):
        return "ESTUDIANTE"
    if tipo_visa == "Visa temporaria inversionista":
        return "EMPRESARIO"
    if tipo_visa == "Visa temporaria jubilado o rentista":
        return "JUBILADO"
    if tipo_visa in ("Visa sujeta a contrato", "Visa temporaria motivos laborales"):
        return random_.choice(("EMPLEADO", "OBRERO"))
    if person.sexo == "HOMBRE":
        return random_.choice([a for a in ACTIVITIES if a != "DUEÑA DE CASA"])
    return random_.choice(ACTIVITIES)


def _numbered(random_: random.Random, applications: list[Application]) -> list[Application]:
    """Numbers follow the order of submission within each year: 2020000001, 2020000002..."""
    random_.shuffle(applications)
    applications.sort(key=lambda a: a.submitted)
    sequence: dict[int, int] = {}
    numbered = []
    for application in applications:
        sequence[application.year] = sequence.get(application.year, 0) + 1
        numero = application.year * 1_000_000 + sequence[application.year]
        numbered.append(replace(application, numero=numero))
    return numbered


def _file_rows(
    random_: random.Random, applications: list[Application], year: int, comunas: dict
) -> list[list]:
    """The applications of `year` as known at its export, then last year's late resolutions."""
    exported_on = export_date(year)
    first_year = min(a.year for a in applications)
    rows = []
    for application in applications:
        if application.year == year:
            resolved = application.resolved is not None and application.resolved <= exported_on
            rows.append(_row(random_, application, resolved, comunas))
        elif (
            application.year == year - 1
            and year - 1 >= first_year
            and application.resolved > export_date(year - 1)
        ):
            rows.append(_row(random_, application, True, comunas))  # resolved since
    rows += [list(row) for row in random_.sample(rows, int(len(rows) * DUPLICATE_SHARE))]
    rows += [with_invalid_rut(random_, random_.choice(rows), 1) for _ in range(INVALID_RUT_ROWS)]
    rows += [_draft(random_.choice(rows)) for _ in range(EMPTY_TYPE_ROWS)]
    rows.sort(key=lambda row: (row[16], row[0]))
    return rows


def _row(random_: random.Random, application: Application, resolved: bool, comunas: dict) -> list:
    person = application.person
    official = comunas[application.comuna]
    provincia = official["provincia"].upper()
    label = source_label(application.tipo_visa, application.year)
    beneficio = next(
        row["beneficio_agrupado"] for row in visa_labels() if row["tipo_visa_origen"] == label
    )
    return [
        application.numero,
        rut_text(random_, person.rut_body),
        person.sexo,
        person.nacionalidad,
        person.anio_nacimiento,
        application.actividad,
        application.profesion,
        application.estudios,
        random_.choice(SPELLINGS.get(application.comuna, (application.comuna,))),
        provincia,
        official["region"].upper(),
        application.titular_dependiente,
        f"GOBERNACIÓN PROVINCIAL DE {provincia}",
        beneficio,
        label,
        application.estado if resolved else "EN TRÁMITE",
        application.submitted,
        application.resolved if resolved else None,
        application.submitted.year,
        application.submitted.month,
    ]


def _draft(row: list) -> list:
    """An application saved before its visa type was chosen, exported as it was."""
    copy = list(row)
    copy[13], copy[14], copy[15], copy[17] = "", "", "EN TRÁMITE", None
    return copy


def _header(year: int) -> list[str]:
    header = [column.header for column in EXTRANJERIA_SOLICITUDES.columns]
    if year >= REPORT_YEAR:  # the 2020 export renamed PAÍS
        header[header.index("PAÍS")] = "NACIONALIDAD"
    return header
