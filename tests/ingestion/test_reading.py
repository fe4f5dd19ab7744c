"""Reading a `;`-delimited extract against its contract, keeping physical line numbers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ingestion.reading import UNCLOSED_QUOTE, ContractError, ReadResult, read_extract
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
    return read_extract(path, ALIMENTOS_ENTREGAS)


def records(result: ReadResult) -> list[list[str]]:
    """Each record as [line number, *fields], in file order."""
    return [[str(number), *fields] for number, fields in result.records()]


def line_numbers(result: ReadResult) -> list[int]:
    return [int(row[0]) for row in records(result)]


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
    assert records(result) == [["2", *ROW_A.split(";")], ["3", *ROW_B.split(";")]]


def test_utf8_sig_file_decodes_without_the_bom(write_extract: WriteExtract, tmp_path: Path) -> None:
    path = write_extract("e.csv", [HEADER, ROW_A], encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")

    result = read(path, tmp_path)

    assert result.encoding == "utf-8-sig"
    assert headers(result) == CONTRACT_HEADERS
    assert records(result) == [["2", *ROW_A.split(";")]]


def test_plain_utf8_file_decodes(write_extract: WriteExtract, tmp_path: Path) -> None:
    path = write_extract("e.csv", [HEADER, ROW_A], encoding="utf-8", newline="\n")

    result = read(path, tmp_path)

    assert result.encoding == "utf-8"
    assert records(result) == [["2", *ROW_A.split(";")]]


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
    ("content", "last_line"),
    [
        (HEADER.encode("cp1252"), 1),  # no line end
        (HEADER.encode("cp1252") + b"\r\n", 1),
        (HEADER.encode("utf-8-sig") + b"\r\n\r\n  ;\r\n", 3),
    ],
)
def test_header_only_file_is_an_error(tmp_path: Path, content: bytes, last_line: int) -> None:
    path = tmp_path / "solo_encabezado.csv"
    path.write_bytes(content)

    with pytest.raises(ContractError) as error:
        read(path, tmp_path)

    assert str(error.value).startswith(
        f"solo_encabezado.csv: line {last_line}: el archivo no tiene filas de datos"
    )


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


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_file_with_a_bom_is_read(tmp_path: Path, encoding: str) -> None:
    # Excel's "Unicode text": UTF-16 with a byte order mark.
    path = tmp_path / "utf16.csv"
    text = f"{HEADER}\r\n{ROW_A}\r\n{ROW_B}\r\n"
    bom = "\ufeff" if encoding == "utf-16-be" else ""
    path.write_bytes((bom + text).encode(encoding))

    result = read(path, tmp_path)

    assert result.encoding == "utf-16"
    assert records(result) == [["2", *ROW_A.split(";")], ["3", *ROW_B.split(";")]]


def test_utf16_without_a_bom_is_named(tmp_path: Path) -> None:
    path = tmp_path / "utf16.csv"
    path.write_bytes(f"{HEADER}\r\n{ROW_A}\r\n".encode("utf-16-le"))

    with pytest.raises(ContractError, match=r"utf16\.csv: line 1: .*UTF-16 sin BOM"):
        read(path, tmp_path)


def test_a_file_mixing_utf8_and_cp1252_is_reported_as_mixed_where_it_breaks(
    tmp_path: Path,
) -> None:
    # Lines 2 and 3 are UTF-8 (one of them with Á = c3 81, where cp1252 has no 0x81);
    # line 4 is cp1252: it is the first line that is not UTF-8.
    content = (
        HEADER.encode("utf-8")
        + b"\r\n"
        + ROW_A.encode("utf-8")
        + b"\r\n"
        + ROW_B.replace("Ana Pérez", "ÁNGELA").encode("utf-8")
        + b"\r\n"
        + ROW_C.encode("cp1252")
        + b"\r\n"
    )
    path = tmp_path / "mezcla.csv"
    path.write_bytes(content)
    column = ROW_C.encode("cp1252").index(b"\xe1") + 1  # the á of Iván

    with pytest.raises(ContractError) as error:
        read(path, tmp_path)

    message = str(error.value)
    assert message.startswith(f"mezcla.csv: line 4, column {column}: byte 0xe1 is not UTF-8")
    assert "but line 1 is UTF-8" in message  # the header: N° and REGIÓN
    assert "mezcla codificaciones" in message


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
    assert [(r.line_number, len(r.fields or [])) for r in result.rejects] == [(3, 9), (5, 3)]
    assert result.rejects[0].fields == [*ROW_B.split(";"), "sobra"]
    assert "9 campos" in result.rejects[0].reason
    assert "8" in result.rejects[0].reason


def test_a_quote_left_open_is_an_error_of_its_line_alone(
    write_extract: WriteExtract, tmp_path: Path
) -> None:
    multiline = '100002;24/05/2020;2;Atacama;Vallenar;7654321-6;Ana Pérez;"Prat 3\r\nDepto 4"'
    stray = '100004;26/05/2020;1;"Atacama;Vallenar;7654321-6;Ana Pérez;Prat 3'
    path = write_extract(
        "e.csv",
        [HEADER, ROW_A, multiline, ROW_C, stray, ROW_C, f"{ROW_B};sobra", ROW_B],
    )

    result = read(path, tmp_path)

    assert line_numbers(result) == [2, 5, 7, 9]
    assert [(r.line_number, r.reason) for r in result.rejects] == [
        (3, UNCLOSED_QUOTE),
        (4, "la fila tiene 1 campos y el encabezado 8"),
        (6, UNCLOSED_QUOTE),
        (8, "la fila tiene 9 campos y el encabezado 8"),
    ]


def test_quoted_fields_on_one_line_are_read(write_extract: WriteExtract, tmp_path: Path) -> None:
    quoted = '"100002";"24/05/2020";2;Atacama;"Valle ""Norte""";7654321-6;"Pérez; Ana";Prat 3'
    path = write_extract("e.csv", [HEADER, quoted, 'x;"a"b;;;;;;'])

    result = read(path, tmp_path)

    assert records(result) == [
        ["2", "100002", "24/05/2020", "2", "Atacama", 'Valle "Norte"', "7654321-6",
         "Pérez; Ana", "Prat 3"],
    ]  # fmt: skip
    assert [r.line_number for r in result.rejects] == [3]
    assert "comillas mal formadas" in result.rejects[0].reason


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
    assert records(result)[0][:3] == ["2", "Vallenar", "100001"]
