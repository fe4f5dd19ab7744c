"""The inbox: a dropped extract is delivered to its configured location, anything else is set
aside with a note, and nothing is ever deleted."""

from __future__ import annotations

import dataclasses
import os
import stat
import time
from pathlib import Path

import pytest

from ingestion import inbox
from ingestion.contracts import Contract
from ingestion.settings import Settings, load_source_configs
from ingestion.sources import CONTRACTS

FOOD = CONTRACTS["alimentos_entregas"]
FOOD_NAME = "entregas_alimentos_para_chile_2022.csv"


def extract_bytes(contract: Contract, header: list[str] | None = None) -> bytes:
    """A one-row export as an office writes it: the contract's header and its examples."""
    header = header if header is not None else [column.header for column in contract.columns]
    row = [column.example for column in contract.columns]
    return "".join(f"{';'.join(line)}\r\n" for line in (header, row)).encode("cp1252")


@dataclasses.dataclass
class Office:
    settings: Settings
    deliveries_dir: Path  # where config/sources.toml says the food logs are

    def drop(self, name: str, data: bytes, age_s: float = 600) -> Path:
        """A file in the inbox, last written `age_s` seconds ago."""
        path = self.settings.inbox_dir / name
        path.write_bytes(data)
        written = time.time() - age_s
        os.utime(path, (written, written))
        return path

    def sweep(self, now: float | None = None) -> inbox.Sweep:
        configs = load_source_configs(self.settings)
        return inbox.sweep(self.settings, configs, CONTRACTS, now=now)

    def rejected(self) -> list[Path]:
        folder = self.settings.inbox_dir / inbox.REJECTED_DIR_NAME
        return sorted(folder.iterdir()) if folder.exists() else []


@pytest.fixture
def office(tmp_path: Path) -> Office:
    deliveries = tmp_path / "datos" / "alimentos"
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'local_roots = ["{tmp_path / "datos"}"]\n'
        "[sources.alimentos_entregas]\n"
        f'locations = ["{deliveries / "entregas_alimentos_para_chile_2021.csv"}", '
        f'"{deliveries / FOOD_NAME}"]\n'
        "[sources.stop_casos]\n"
        'locations = ["{demo_dir}/stop/stop_casos_atacama_2022.csv"]\n',
        encoding="utf-8",
    )
    settings = dataclasses.replace(
        Settings.from_env(),
        sources_file=sources,
        demo_dir=tmp_path / "demo",
        inbox_dir=tmp_path / "buzon",
        extra_local_roots=(),
    )
    settings.inbox_dir.mkdir()
    return Office(settings, deliveries)


def test_a_dropped_extract_is_delivered_to_its_configured_location(office: Office) -> None:
    data = extract_bytes(FOOD)
    office.drop(FOOD_NAME, data)

    swept = office.sweep()

    target = office.deliveries_dir / FOOD_NAME
    [delivery] = swept.deliveries
    assert delivery.source == "alimentos_entregas"
    assert delivery.location == str(target)
    assert target.read_bytes() == data
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert list(office.settings.inbox_dir.iterdir()) == []
    assert swept.sources == ("alimentos_entregas",)
    assert not swept.rejections


def test_the_name_is_matched_without_case_and_delivered_under_the_configured_name(
    office: Office,
) -> None:
    office.drop(FOOD_NAME.upper(), extract_bytes(FOOD))

    [delivery] = office.sweep().deliveries

    assert Path(delivery.location).name == FOOD_NAME
    assert (office.deliveries_dir / FOOD_NAME).exists()


def test_a_new_version_replaces_the_file_at_the_location(office: Office) -> None:
    target = office.deliveries_dir / FOOD_NAME
    target.parent.mkdir(parents=True)
    target.write_bytes(b"version anterior\r\n")
    data = extract_bytes(FOOD)
    office.drop(FOOD_NAME, data)

    office.sweep()

    assert target.read_bytes() == data
    assert [p.name for p in target.parent.iterdir()] == [FOOD_NAME]  # no temporary left


def test_a_file_no_contract_recognises_is_set_aside_with_a_spanish_note(office: Office) -> None:
    data = b"cualquier cosa\r\n"
    office.drop("planilla final (2).csv", data)

    swept = office.sweep()

    assert not swept.deliveries
    [rejection] = swept.rejections
    assert rejection.moved_to.read_bytes() == data  # kept, never deleted
    assert rejection.moved_to.name.endswith("_planilla final (2).csv")
    note = rejection.note.read_text(encoding="utf-8")
    assert "planilla final (2).csv" in note
    assert "no corresponde a ninguna fuente" in note
    assert "entregas_alimentos_para_chile_<año>.csv" in note
    assert "no se borró" in note
    assert office.rejected() == sorted([rejection.moved_to, rejection.note])
    assert not (office.settings.inbox_dir / "planilla final (2).csv").exists()


def test_a_file_with_the_right_name_and_a_wrong_header_is_set_aside(office: Office) -> None:
    header = [column.header for column in FOOD.columns]
    header[header.index("COMUNA")] = "LOCALIDAD"
    office.drop(FOOD_NAME, extract_bytes(FOOD, header))

    swept = office.sweep()

    assert not swept.deliveries
    assert not (office.deliveries_dir / FOOD_NAME).exists()
    note = swept.rejections[0].note.read_text(encoding="utf-8")
    assert "no cumple su contrato" in note
    assert "COMUNA" in note and "LOCALIDAD" in note
    assert "line 1" in note


def test_a_year_without_a_configured_location_is_set_aside_naming_the_setting(
    office: Office,
) -> None:
    office.drop("entregas_alimentos_para_chile_2030.csv", extract_bytes(FOOD))

    swept = office.sweep()

    assert not swept.deliveries
    note = swept.rejections[0].note.read_text(encoding="utf-8")
    assert "ninguna de sus ubicaciones configuradas" in note
    assert "[sources.alimentos_entregas]" in note


def test_a_real_file_never_lands_among_the_demo_extracts(office: Office) -> None:
    office.drop("stop_casos_atacama_2022.csv", extract_bytes(CONTRACTS["stop_casos"]))

    swept = office.sweep()

    assert not swept.deliveries
    assert "demostración" in swept.rejections[0].reason
    assert not (office.settings.demo_dir / "stop").exists()


def test_a_source_missing_from_the_configuration_is_set_aside(office: Office) -> None:
    contract = CONTRACTS["emergencias_eventos"]
    name = contract.file_pattern.replace("<año>", "2022")
    office.drop(name, extract_bytes(contract))

    swept = office.sweep()

    assert "no está en config/sources.toml" in swept.rejections[0].reason


def test_files_still_being_written_hidden_files_and_folders_are_left_alone(
    office: Office,
) -> None:
    fresh = office.drop(FOOD_NAME, extract_bytes(FOOD), age_s=1)
    lock = office.drop("~$planilla.xlsx", b"lock", age_s=600)
    hidden = office.drop(".copia-en-curso.csv", b"x", age_s=600)
    (office.settings.inbox_dir / "otra carpeta").mkdir()

    swept = office.sweep()

    assert swept.waiting == (FOOD_NAME,)
    assert not swept.deliveries and not swept.rejections
    assert fresh.exists() and lock.exists() and hidden.exists()


def test_two_files_for_one_location_are_delivered_one_sweep_at_a_time(office: Office) -> None:
    first = extract_bytes(FOOD)
    office.drop(FOOD_NAME, first, age_s=900)
    office.drop(FOOD_NAME.upper(), extract_bytes(FOOD) + b"\r\n", age_s=600)

    swept = office.sweep()

    assert len(swept.deliveries) == 1
    assert swept.waiting == (FOOD_NAME.upper(),)
    assert (office.deliveries_dir / FOOD_NAME).read_bytes() == first


def test_a_second_rejection_of_the_same_name_in_the_same_second_keeps_the_first(
    office: Office,
) -> None:
    now = time.time()
    office.drop("otro.csv", b"primero\r\n")
    first = office.sweep(now).rejections[0]
    office.drop("otro.csv", b"segundo\r\n")
    second = office.sweep(now).rejections[0]

    assert first.moved_to != second.moved_to
    assert first.moved_to.read_bytes() == b"primero\r\n"
    assert second.moved_to.read_bytes() == b"segundo\r\n"
    assert first.note.exists() and second.note.exists()


def test_a_symlink_is_set_aside_without_reading_its_target(office: Office, tmp_path) -> None:
    secret = tmp_path / "secreto.csv"
    secret.write_bytes(extract_bytes(FOOD))
    link = office.settings.inbox_dir / FOOD_NAME
    link.symlink_to(secret)
    os.utime(link, (time.time() - 600,) * 2, follow_symlinks=False)

    swept = office.sweep()

    assert not swept.deliveries
    assert swept.rejections[0].moved_to.is_symlink()
    assert secret.exists()


def test_each_contract_name_pattern_fits_its_own_files_only() -> None:
    for contract in CONTRACTS.values():
        name = contract.file_pattern.replace("<año>", "2024")
        fitting = [c.source for c in CONTRACTS.values() if inbox.name_pattern(c).fullmatch(name)]
        assert fitting == [contract.source]
