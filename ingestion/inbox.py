"""The inbox: extracts an office sends by hand, recognised and delivered to where they belong.

An extract's identity is its configured location (`config/sources.toml`), so the inbox never
invents one: a dropped file is recognised by its contract (its name fits the contract's
`file_pattern`, and the whole file reads as the contract says, header first) and is then moved
to the configured local location of that source with the same file name. The next refresh of
that source lands it from there like any other extract; a new file at the same location
replaces the rows of the previous one. A file that cannot be delivered (no contract fits its
name, it does not read as its contract, or its source has no configured local location with
that name) is moved aside to `rechazados/` with a note in Spanish saying why: nothing
is ever deleted.

Files still being written are left alone: only files unchanged for `HUASCO_INBOX_SETTLE_S`
seconds (default 60) are taken. At most one file per configured location is delivered per
sweep, so a delivery is landed before another one replaces it (the sensor sweeps only when no
refresh is pending).
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ingestion.contracts import Contract
from ingestion.landing import _allowed_local_path, _checksum
from ingestion.reading import ContractError, open_extract
from ingestion.settings import Settings, SourceConfig

REJECTED_DIR_NAME = "rechazados"
NOTE_SUFFIX = ".motivo.txt"
YEAR_PLACEHOLDER = "<año>"
DELIVERED_FILE_MODE = 0o600  # record-level extracts hold personal data
CONTRACTS_PAGE = "docs/contratos.md"


@dataclass(frozen=True)
class Delivery:
    """A dropped file now at its source's configured location."""

    source: str
    dropped_name: str
    location: str
    sha256: str


@dataclass(frozen=True)
class Rejection:
    """A dropped file moved aside, with the note that says why."""

    dropped_name: str
    moved_to: Path
    note: Path
    reason: str


@dataclass(frozen=True)
class Sweep:
    deliveries: tuple[Delivery, ...]
    rejections: tuple[Rejection, ...]
    # Left in the inbox for a later sweep: still being written, or a second file for a
    # location that already got one in this sweep.
    waiting: tuple[str, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(sorted({delivery.source for delivery in self.deliveries}))


class Refusal(Exception):
    """Why a dropped file cannot be delivered (a message for the office, in Spanish)."""


def name_pattern(contract: Contract) -> re.Pattern[str]:
    """The contract's file name as a regular expression (`<año>` is four digits)."""
    parts = [re.escape(part) for part in contract.file_pattern.split(YEAR_PLACEHOLDER)]
    return re.compile(r"\d{4}".join(parts), re.IGNORECASE)


def recognise(path: Path, contracts: dict[str, Contract]) -> Contract:
    """The contract a dropped file fulfils, by its name and then by reading it whole."""
    matching = [c for c in contracts.values() if name_pattern(c).fullmatch(path.name)]
    if not matching:
        expected = ", ".join(sorted(c.file_pattern for c in contracts.values()))
        raise Refusal(
            f"el nombre «{path.name}» no corresponde a ninguna fuente del almacén. Los nombres "
            f"que se reciben son (<año> con cuatro dígitos): {expected}. Cada contrato está "
            f"descrito en {CONTRACTS_PAGE}."
        )
    [contract] = matching  # contract patterns are distinct (tested)
    try:
        for _chunk in open_extract(path, contract):  # read to its end, a chunk at a time
            pass
    except ContractError as error:
        raise Refusal(
            f"el nombre corresponde a la fuente {contract.title} ({contract.source}), pero el "
            f"archivo no cumple su contrato: {error}. El contrato (columnas, formato, "
            f"codificación) está en {CONTRACTS_PAGE}."
        ) from error
    return contract


def destination(path: Path, contract: Contract, config: SourceConfig, settings: Settings) -> Path:
    """The configured local location of the source that has the dropped file's name."""
    same_name = [
        location
        for location in config.locations
        if "://" not in location and Path(location).name.lower() == path.name.lower()
    ]
    if not same_name:
        raise Refusal(
            f"el archivo corresponde a la fuente {contract.title} ({contract.source}), pero "
            f"ninguna de sus ubicaciones configuradas se llama «{path.name}». Para recibirlo, "
            f"agregue su ruta (por ejemplo /datos/{contract.source}/{path.name}) a "
            f"[sources.{contract.source}] locations en config/sources.toml (o a "
            f"HUASCO_SOURCE_{contract.source.upper()}) y vuelva a dejarlo en el buzón."
        )
    target = Path(same_name[0]).resolve()
    if target.is_relative_to(settings.demo_dir.resolve()):
        raise Refusal(
            f"la fuente {contract.title} ({contract.source}) todavía lee los extractos de "
            f"demostración ({target}); un archivo real no se mezcla con ellos. Configure la "
            "ubicación real de la fuente en config/sources.toml y vuelva a dejarlo en el buzón."
        )
    if _allowed_local_path(str(target), config.local_roots) is None:
        raise Refusal(
            f"la ubicación configurada {target} no está dentro de una carpeta permitida "
            "(local_roots en config/sources.toml o HUASCO_LOCAL_ROOTS), así que el refresco no "
            "podría leerla."
        )
    return target


def sweep(
    settings: Settings,
    configs: dict[str, SourceConfig],
    contracts: dict[str, Contract],
    now: float | None = None,
) -> Sweep:
    """Deliver or set aside every settled file of the inbox (oldest first)."""
    inbox_dir = settings.inbox_dir
    now = time.time() if now is None else now
    deliveries: list[Delivery] = []
    rejections: list[Rejection] = []
    waiting: list[str] = []
    taken: set[Path] = set()
    for modified, path in _candidates(inbox_dir):
        if now - modified < settings.inbox_settle_s:
            waiting.append(path.name)
            continue
        try:
            if path.is_symlink() or not path.is_file():
                raise Refusal("no es un archivo común (es un enlace u otro tipo de entrada).")
            contract = recognise(path, contracts)
            if contract.source not in configs:
                raise Refusal(
                    f"la fuente {contract.source} no está en config/sources.toml: agréguela "
                    "con sus ubicaciones."
                )
            target = destination(path, contract, configs[contract.source], settings)
        except Refusal as refusal:
            rejections.append(set_aside(inbox_dir, path, str(refusal), now))
            continue
        except FileNotFoundError:  # taken back by whoever dropped it: nothing to do
            continue
        if target in taken:
            waiting.append(path.name)
            continue
        taken.add(target)
        deliveries.append(_deliver(path, target, contract))
    return Sweep(tuple(deliveries), tuple(rejections), tuple(waiting))


def _candidates(inbox_dir: Path) -> list[tuple[float, Path]]:
    """(last written, path) of what an office dropped, oldest first: not folders, not hidden
    or Office lock files (`~$x.xlsx`); an entry removed while listing is left out."""
    found = []
    for entry in inbox_dir.iterdir():
        if entry.name.startswith((".", "~")):
            continue
        try:
            status = entry.lstat()
        except FileNotFoundError:
            continue
        if not stat.S_ISDIR(status.st_mode):
            found.append((status.st_mtime, entry))
    return sorted(found, key=lambda item: (item[0], item[1].name))


def _deliver(path: Path, target: Path, contract: Contract) -> Delivery:
    """Copy beside the target under a hidden name, rename over it, then remove the drop: a
    refresh reading the location sees the old file or the new one, never half of one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.parent / f".entrega-{uuid.uuid4().hex}-{target.name}"
    try:
        shutil.copyfile(path, temporary)
        temporary.chmod(DELIVERED_FILE_MODE)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    path.unlink()
    sha256, _size = _checksum(target)
    return Delivery(contract.source, path.name, str(target), sha256)


def set_aside(inbox_dir: Path, path: Path, reason: str, now: float) -> Rejection:
    """Move a dropped file to `rechazados/` under a time-stamped name, with a note beside it."""
    rejected_dir = inbox_dir / REJECTED_DIR_NAME
    rejected_dir.mkdir(exist_ok=True)
    moment = datetime.fromtimestamp(now, UTC)
    stem = f"{moment:%Y%m%dT%H%M%SZ}_{path.name}"
    moved_to = rejected_dir / stem
    counter = 1
    while moved_to.exists() or moved_to.is_symlink():  # never overwrite an earlier rejection
        counter += 1
        moved_to = rejected_dir / f"{moment:%Y%m%dT%H%M%SZ}-{counter}_{path.name}"
    os.replace(path, moved_to)
    note = moved_to.with_name(moved_to.name + NOTE_SUFFIX)
    note.write_text(
        "\n".join(
            [
                f"Archivo: {path.name}",
                f"Recibido en el buzón: {inbox_dir}",
                f"Apartado el: {moment:%d/%m/%Y %H:%M} (UTC)",
                f"Guardado como: {moved_to.name}",
                "",
                f"No se cargó porque {reason}",
                "",
                "El archivo no se borró: está junto a esta nota. Una vez corregido lo que dice "
                "el motivo (el archivo o la configuración), déjelo de nuevo en el buzón.",
                "",
            ]
        ),
        encoding="utf-8",
    )
    return Rejection(path.name, moved_to, note, reason)
