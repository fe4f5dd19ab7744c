"""Reading a `;`-delimited extract against its contract, keeping physical line numbers."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from ingestion.reading import LINE_COLUMN, ContractError, ReadResult, read_extract
from ingestion.sources.alimentos_entregas import CONTRACT as ALIMENTOS_ENTREGAS

HEADER = "FOLIO;FECHA ENTREGA;N° ENTREGA;REGIÓN;COMUNA;RUT JEFE HOGAR;NOMBRE;DIRECCIÓN"
CONTRACT_HEADERS = [column.header for column in ALIMENTOS_ENTREGAS.columns]
CONTRACT_NAMES = [column.name for column in ALIMENTOS_ENTREGAS.columns]


def headers(result: ReadResult) -> list[str]:
    """The contract headers of the columns found, in file order."""
    return [column.header for column in result.columns]


ROW_A = "100001;23/05/2020;1;Atacama;Chañaral;12.345.678-5;José Muñoz;Copiapó 12"
ROW_B = "100002;24/05/2020;2;Atacama;Vallenar;7654321-6;Ana Pérez;Prat 3"
ROW_C = "100003;25/05/2020;3;Atacama;Huasco;14.000.000-0;Iván Núñez;Brasil 45"

WriteExtract = Callable[..., Path]


def read(path: Path, tmp_path: Path) -> ReadResult:
    work_dir = tmp_path / "work"
    work_dir.mkdir(exist_ok=True)
    return read_extract(path, ALIMENTOS_ENTREGAS, work_dir)


def normalized_rows(result: ReadResult) -> list[list[str]]:
    with result.normalized_path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


def line_numbers(result: ReadResult) -> list[int]:
    return [int(row[0]) for row in normalized_rows(result)[1:]]


def test_cp1252_file_with_accents_decodes(write_extract: WriteExtract, tmp_path: Path) -> None:
    path = write_extract("e.csv", [HEADER, ROW_A, ROW_B], encoding="cp1252")
    raw = path.read_bytes()
    assert b"N\xb0 ENTREGA" in raw and b"REGI\xd3N" in raw  # really cp1252, not UTF-8
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")

    result = read(path, tmp_path)

    assert result.encoding == "cp1252"
    assert headers(result) == CONTRACT_HEADERS
    assert result.data_rows == 2
    assert result.rejects == []
    rows = normalized_rows(result)
    assert rows[0] == [LINE_COLUMN, *CONTRACT_NAMES]
    assert rows[1] == ["2", *ROW_A.split(";")]
    assert rows[2] == ["3", *ROW_B.split(";")]
    assert "Chañaral" in result.normalized_path.read_text(encoding="utf-8")


def test_utf8_sig_file_decodes_without_the_bom(write_extract: WriteExtract, tmp_path: Path) -> None:
    path = write_extract("e.csv", [HEADER, ROW_A], encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")

    result = read(path, tmp_path)

    assert result.encoding == "utf-8-sig"
    assert headers(result) == CONTRACT_HEADERS
    assert normalized_rows(result)[0][1] == "folio"
    assert normalized_rows(result)[1] == ["2", *ROW_A.split(";")]
    assert not result.normalized_path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_plain_utf8_file_decodes(write_extract: WriteExtract, tmp_path: Path) -> None:
    path = write_extract("e.csv", [HEADER, ROW_A], encoding="utf-8", newline="\n")

    result = read(path, tmp_path)

    assert result.encoding == "utf-8"
    assert normalized_rows(result)[1] == ["2", *ROW_A.split(";")]


@pytest.mark.parametrize(
    "header",
    [
        "folio;fecha entrega;n° entrega;region;comuna;rut jefe hogar;nombre;direccion",
        "Folio;Fecha_Entrega;N° Entrega;Región;Comuna;Rut Jefe Hogar;Nombre;Dirección",
        " FOLIO ; FECHA  ENTREGA;N° ENTREGA;REGION;COMUNA;RUT JEFE HOGAR;NOMBRE;DIRECCION ",
    ],
)
def test_header_case_accents_and_spacing_do_not_matter(
    write_extract: WriteExtract, tmp_path: Path, header: str
) -> None:
    path = write_extract("e.csv", [header, ROW_A])

    result = read(path, tmp_path)

    assert headers(result) == CONTRACT_HEADERS
    assert result.data_rows == 1


def test_missing_column_names_the_column_and_the_file(
    write_extract: WriteExtract, tmp_path: Path
) -> None:
    header = HEADER.replace(";COMUNA", "")
    path = write_extract("entregas_2020.csv", [header, ROW_A])

    with pytest.raises(ContractError) as error:
        read(path, tmp_path)

    message = str(error.value)
    assert "entregas_2020.csv" in message
    assert "line 1" in message
    assert "missing columns: COMUNA" in message


def test_unexpected_column_is_named(write_extract: WriteExtract, tmp_path: Path) -> None:
    path = write_extract("entregas_2020.csv", [f"{HEADER};OBSERVACIONES", f"{ROW_A};x"])

    with pytest.raises(ContractError) as error:
        read(path, tmp_path)

    message = str(error.value)
    assert "entregas_2020.csv" in message
    assert "unexpected columns: OBSERVACIONES" in message
    assert "missing" not in message


def test_duplicated_column_is_refused(write_extract: WriteExtract, tmp_path: Path) -> None:
    path = write_extract("e.csv", [f"{HEADER};Comuna"])

    with pytest.raises(ContractError, match="columns that appear twice: COMUNA"):
        read(path, tmp_path)


def test_zero_byte_file_is_a_contract_error(tmp_path: Path) -> None:
    path = tmp_path / "vacio.csv"
    path.write_bytes(b"")

    with pytest.raises(ContractError) as error:
        read(path, tmp_path)

    assert "vacio.csv" in str(error.value)
    assert "empty" in str(error.value)


@pytest.mark.parametrize(
    "content",
    [
        HEADER.encode("cp1252"),  # no line end
        HEADER.encode("cp1252") + b"\r\n",
        HEADER.encode("utf-8-sig") + b"\r\n\r\n",
    ],
)
def test_header_only_file_is_valid_with_no_rows(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "solo_encabezado.csv"
    path.write_bytes(content)

    result = read(path, tmp_path)

    assert headers(result) == CONTRACT_HEADERS
    assert result.data_rows == 0
    assert result.rejects == []
    assert normalized_rows(result) == [[LINE_COLUMN, *CONTRACT_NAMES]]


def test_undecodable_byte_names_line_and_column(tmp_path: Path) -> None:
    # 0x81 is invalid in UTF-8 and undefined in cp1252.
    prefix = b"100002;24/05/2020;2;Atacama;Vall"
    content = (
        HEADER.encode("cp1252")
        + b"\r\n"
        + ROW_A.encode("cp1252")
        + b"\r\n"
        + prefix
        + b"\x81enar;7654321-6;Ana;Prat 3\r\n"
    )
    path = tmp_path / "roto.csv"
    path.write_bytes(content)

    with pytest.raises(ContractError) as error:
        read(path, tmp_path)

    message = str(error.value)
    assert "roto.csv" in message
    assert f"line 3, column {len(prefix) + 1}" in message
    assert "0x81" in message


def test_undecodable_byte_after_a_bom(tmp_path: Path) -> None:
    # With a BOM only utf-8-sig is tried, so a cp1252 byte is an error, not a fallback.
    content = HEADER.encode("utf-8-sig") + b"\r\n" + b"100001;23/05/2020;1;Atacama;Cha\xf1aral\r\n"
    path = tmp_path / "bom.csv"
    path.write_bytes(content)

    with pytest.raises(ContractError) as error:
        read(path, tmp_path)

    assert "bom.csv: line 2, column 32" in str(error.value)
    assert "0xf1" in str(error.value)


def test_utf16_file_is_refused(tmp_path: Path) -> None:
    # Every byte of this UTF-16 text is defined in cp1252, so it decodes, and the
    # header check is what refuses it.
    path = tmp_path / "utf16.csv"
    path.write_bytes(f"{HEADER}\r\n{ROW_A}\r\n".encode("utf-16"))

    with pytest.raises(ContractError) as error:
        read(path, tmp_path)

    assert "utf16.csv" in str(error.value)
    assert "line 1" in str(error.value)


def test_rows_with_the_wrong_field_count_are_rejected_with_their_line(
    write_extract: WriteExtract, tmp_path: Path
) -> None:
    path = write_extract(
        "e.csv",
        [HEADER, ROW_A, f"{ROW_B};sobra", ROW_C, "100004;26/05/2020;1"],
    )

    result = read(path, tmp_path)

    assert result.data_rows == 2
    assert line_numbers(result) == [2, 4]
    assert [(r.line_number, len(r.fields)) for r in result.rejects] == [(3, 9), (5, 3)]
    assert result.rejects[0].fields == [*ROW_B.split(";"), "sobra"]
    assert "9 campos" in result.rejects[0].reason
    assert "8" in result.rejects[0].reason


def test_line_numbers_stay_physical_after_a_quoted_newline(
    write_extract: WriteExtract, tmp_path: Path
) -> None:
    multiline = '100002;24/05/2020;2;Atacama;Vallenar;7654321-6;Ana Pérez;"Prat 3\r\nDepto 4"'
    path = write_extract(
        "e.csv",
        [HEADER, ROW_A, multiline, ROW_C, f"{ROW_B};sobra", ROW_B],
    )

    result = read(path, tmp_path)

    rows = normalized_rows(result)
    assert line_numbers(result) == [2, 3, 5, 7]
    assert rows[2][-1] == "Prat 3\r\nDepto 4"
    assert [r.line_number for r in result.rejects] == [6]


def test_blank_lines_are_skipped_without_shifting_line_numbers(
    write_extract: WriteExtract, tmp_path: Path
) -> None:
    path = write_extract("e.csv", [HEADER, "", ROW_A, "   ", ROW_B, "", "", ROW_C, ""])

    result = read(path, tmp_path)

    assert result.data_rows == 3
    assert result.rejects == []
    assert line_numbers(result) == [3, 5, 8]


def test_columns_in_another_order_keep_the_file_order(
    write_extract: WriteExtract, tmp_path: Path
) -> None:
    header = "COMUNA;FOLIO;FECHA ENTREGA;N° ENTREGA;REGIÓN;RUT JEFE HOGAR;NOMBRE;DIRECCIÓN"
    path = write_extract("e.csv", [header, "Vallenar;100001;23/05/2020;1;Atacama;6-K;A;B"])

    result = read(path, tmp_path)

    assert headers(result) == header.split(";")
    assert normalized_rows(result)[1][:3] == ["2", "Vallenar", "100001"]
