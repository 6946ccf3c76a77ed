"""Uploads are judged by their content: a fake PDF, a program, a macro-enabled workbook, a
PDF with JavaScript and a file over the limit are refused; text comes out of PDF, DOCX and
XLSX files."""

import io

import pytest

from alianza.core.uploads import UploadError
from alianza.knowledge.tests import files
from alianza.knowledge.uploads import check_file


def check(data: bytes, name: str):
    return check_file(io.BytesIO(data), name)


def test_pdf_text_is_extracted():
    checked = check(files.pdf_bytes("Informe de evaluaciones 2019"), "informe.pdf")
    assert checked.media_type == "application/pdf"
    assert "evaluaciones" in checked.text
    assert len(checked.sha256) == 64


def test_docx_and_xlsx_text_is_extracted():
    assert "capacitación" in check(files.docx_bytes("Guía de capacitación"), "g.docx").text
    sheet = check(files.xlsx_bytes([["Indicador", "cooperación sur-sur"]]), "datos.xlsx")
    assert "cooperación sur-sur" in sheet.text


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"just some text, not a PDF", "informe.pdf", "claims to be PDF"),
        (files.xlsx_bytes([["a"]]), "informe.pdf", "claims to be PDF"),
        (files.exe_bytes(), "informe.pdf", "executable"),
        (files.exe_bytes(), "setup.exe", "executable"),
        (files.macro_xlsx_bytes(), "datos.xlsx", "macro-enabled"),
        (files.xlsx_bytes([["a"]]), "datos.xlsm", "macro-enabled"),
        (files.pdf_bytes("hola", javascript=True), "informe.pdf", "JavaScript"),
        (b"\x00\x01\x02binary", "notes.txt", "not a text file"),
    ],
)
def test_hostile_files_are_refused(data, name, words):
    with pytest.raises(UploadError, match=words):
        check(data, name)


def test_file_over_the_limit_is_refused(settings):
    data = files.pdf_bytes("evaluación " * 50)
    settings.KNOWLEDGE_MAX_FILE_BYTES = len(data) - 1
    with pytest.raises(UploadError, match="refused"):
        check(data, "big.pdf")
    settings.KNOWLEDGE_MAX_FILE_BYTES = len(data)
    assert check(data, "big.pdf").size == len(data)


def test_a_path_in_the_name_is_dropped():
    assert check(files.pdf_bytes("x"), "../../etc/informe.pdf").name == "informe.pdf"
