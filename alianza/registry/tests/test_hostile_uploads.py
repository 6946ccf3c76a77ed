# ruff: noqa: E501
"""Hostile spreadsheets on the registry's upload page: every one is refused with a message
naming the file and the limit, and nothing is written (no activity, no audit record, no
file kept for the import step). Files are generated here (alianza/core/tests/hostile_files);
bench/upload_bombs.py measures time and memory."""

from __future__ import annotations

import codecs
import functools
import io

import pytest

from alianza.audit.models import ChangeRecord
from alianza.core.models import JobStatus
from alianza.core.tests import hostile_files as hostile
from alianza.registry import spreadsheets
from alianza.registry.models import Activity, SpreadsheetJob

pytestmark = pytest.mark.django_db

HEAD = "IATI identifier,Title (Spanish),Description (Spanish),Reporting organisation identifier,Status,Start date,Executing institution name"
ROW = "MX-{n},Formación {n},Cursos,MX-AMX,2,2019-01-01,Gobierno de Chiapas"


@functools.cache
def payload(case: str) -> bytes:
    """Each hostile file, built once per test run."""
    builders = {
        "shared-strings bomb": hostile.shared_strings_bomb,
        "shared-strings bomb, lying header": lambda: hostile.shared_strings_bomb(lie_to=900_000),
        "inline-string bomb": hostile.inline_string_bomb,
        "inline-string bomb, lying header": lambda: hostile.inline_string_bomb(lie_to=900_000),
        "compression ratio of a bomb": lambda: hostile.inline_string_bomb(50 * hostile.MB),
        "30 million shared strings": hostile.many_shared_strings,
        "too many distinct shared strings": lambda: hostile.distinct_shared_strings(200_001),
        "cell over the length limit": lambda: hostile.long_cell(40_000),
        "100,000 rows": lambda: hostile.sheet_rows(100_000, header=HEAD.split(",")),
        "zip with 20,000 members": lambda: hostile.many_members(20_000),
        "nested zip": hostile.nested_zip,
        "zip in place of the sheet": hostile.zip_in_place_of_the_sheet,
        "billion laughs in the sheet": hostile.doctype_in,
        "binary garbage named .xlsx": hostile.garbage,
        "text named .xlsx": lambda: b"IATI identifier\nMX-1\n",
    }
    return builders[case]()


XLSX_REFUSALS = {
    "shared-strings bomb": "its part xl/sharedStrings.xml expands to more than 100,000,000 bytes",
    "shared-strings bomb, lying header": "damaged archive",
    "inline-string bomb": "its part xl/worksheets/sheet1.xml expands to more than 100,000,000",
    "inline-string bomb, lying header": "damaged archive",
    "compression ratio of a bomb": "is compressed more than 200 times",
    "30 million shared strings": "its part xl/sharedStrings.xml expands to more than",
    "too many distinct shared strings": "holds more than 200,000 different texts",
    "cell over the length limit": "cell A1: the text is longer than 32,767 characters",
    "100,000 rows": "row 5,002: the sheet has more than 5,000 rows",
    "zip with 20,000 members": "holds more than 1,000 files inside its archive",
    "nested zip": "is not an XLSX workbook (its archive holds no worksheet)",
    "zip in place of the sheet": "its part xl/worksheets/sheet1.xml is not readable XML",
    "billion laughs in the sheet": "declares a DOCTYPE",
    "binary garbage named .xlsx": "is not an XLSX workbook (an XLSX file is a ZIP archive)",
    "text named .xlsx": "is not an XLSX workbook (an XLSX file is a ZIP archive)",
}


@pytest.fixture
def upload(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    def post(content: bytes, name: str, *, kind: str = "activities", lang: str = "en"):
        handle = io.BytesIO(content)
        handle.name = name
        client = cast.client("editor_a")
        client.cookies["django_language"] = lang
        return client.post(
            "/registry/spreadsheets/",
            {"program": cast.program.pk, "kind": kind, "mode": "add", "file": handle},
        )

    return post


def refusal(response) -> str:
    """The message a refused upload gets: on the form when the request itself refuses it
    (size, name), otherwise on the page of the job that checked it."""
    if response.status_code == 400:
        return " ".join(str(e) for e in response.context["form"].errors.get("file", []))
    assert response.status_code == 302, response.status_code
    job = SpreadsheetJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.status == JobStatus.FAILED
    return job.summary


def assert_refused(response, *fragments: str) -> None:
    message = refusal(response)
    for fragment in fragments:
        assert fragment in message, message
    assert not Activity.objects.exists()
    assert not ChangeRecord.objects.exists()


def nothing_kept(tmp_path) -> bool:
    folder = tmp_path / "spreadsheets"
    return not folder.exists() or not any(folder.iterdir())


@pytest.mark.parametrize("case", list(XLSX_REFUSALS))
def test_a_hostile_workbook_is_refused_naming_the_file_and_the_limit(upload, case, tmp_path):
    response = upload(payload(case), "actividades.xlsx")
    assert_refused(response, "actividades.xlsx", XLSX_REFUSALS[case])
    assert nothing_kept(tmp_path)


def test_a_million_row_csv_is_refused_at_the_row_limit(upload):
    content = (HEAD + "\n" + "x,\n" * 1_000_000).encode()
    assert_refused(
        upload(content, "filas.csv"), "filas.csv, row 5,002: the file has more than 5,000 rows"
    )


def test_a_csv_is_read_as_a_stream_and_refused_without_reading_past_the_limit(settings):
    settings.SPREADSHEET_MAX_BYTES = 100 * hostile.MB  # 65 MB, produced only as read
    lazy = hostile.LazyCsv(HEAD, ROW.format(n=1), rows=1_000_000)
    with pytest.raises(spreadsheets.SheetError, match="more than 5,000 rows"):
        spreadsheets.read_sheet("activities", "lazy.csv", lazy)
    assert lazy.produced < 10_000  # the rows read ahead by a buffer, not the million


def test_a_file_refused_at_its_last_row_imports_nothing_even_when_confirmed(cast, settings):
    settings.SPREADSHEET_MAX_ROWS = 3
    rows = [ROW.format(n=n) for n in range(1, 5)]
    with pytest.raises(spreadsheets.SheetError, match="row 5: the file has more than 3 rows"):
        spreadsheets.process(
            "activities",
            "add",
            "f.csv",
            "\n".join([HEAD, *rows]).encode(),
            program=cast.program,
            actor=cast.users["editor_a"],
            commit=True,
        )
    assert not Activity.objects.exists()


def test_the_whole_file_is_read_before_the_first_row_is_written(cast, monkeypatch):
    from alianza.core import uploads
    from alianza.registry import services

    events = []
    read, create = uploads.csv_records, services.activity_create

    def reading(*args, **kwargs):
        for record in read(*args, **kwargs):
            events.append("read")
            yield record

    def writing(**kwargs):
        events.append("write")
        return create(**kwargs)

    monkeypatch.setattr(uploads, "csv_records", reading)
    monkeypatch.setattr(services, "activity_create", writing)
    content = "\n".join([HEAD, *(ROW.format(n=n) for n in range(1, 4))]).encode()
    rows = spreadsheets.process(
        "activities",
        "add",
        "f.csv",
        content,
        program=cast.program,
        actor=cast.users["editor_a"],
        commit=True,
    )
    assert [r.ok for r in rows] == [True, True, True]
    assert events == ["read"] * 4 + ["write"] * 3


def test_rows_with_values_count_towards_the_limit_but_formatted_empty_rows_do_not(cast):
    sheet = (
        hostile.SHEET_HEAD
        + b'<row r="1">'
        + b"".join(
            b'<c r="%s1" t="inlineStr"><is><t>%s</t></is></c>' % (chr(65 + i).encode(), h.encode())
            for i, h in enumerate(HEAD.split(","))
        )
        + b"</row>"
        + b'<row r="2">'
        + b"".join(
            b'<c r="%s2" t="inlineStr"><is><t>%s</t></is></c>' % (chr(65 + i).encode(), v.encode())
            for i, v in enumerate(ROW.format(n=1).split(","))
        )
        + b"</row>"
        + b'<row r="900000" s="1"><c r="A900000" s="1"/></row>'
        + hostile.SHEET_TAIL
    )
    content = hostile.workbook_with({hostile.SHEET: hostile.deflated(sheet, hostile.SHEET)})
    rows = spreadsheets.read_sheet("activities", "f.xlsx", content)
    assert [(r.number, r.values["identifier"]) for r in rows] == [(2, "MX-1")]


def test_a_declared_dimension_is_not_trusted(cast):
    parts = hostile.workbook_parts(HEAD.split(","), ROW.format(n=1).split(","))
    sheet = parts[hostile.SHEET].replace(
        b'<dimension ref="A1:G2"/>', b'<dimension ref="A1:XFD1048576"/>'
    )
    assert sheet != parts[hostile.SHEET]
    content = hostile.workbook_with({hostile.SHEET: hostile.deflated(sheet, hostile.SHEET)})
    rows = spreadsheets.read_sheet("activities", "f.xlsx", content)
    assert [r.values["identifier"] for r in rows] == ["MX-1"]


@pytest.mark.parametrize(
    "encoding, bom",
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
        ("cp1252", b""),
    ],
)
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_in_the_encodings_spreadsheet_programs_write_is_read(upload, encoding, bom, delimiter):
    text = "\r\n".join([HEAD, ROW.format(n=1), ""]).replace(",", delimiter)
    response = upload(bom + text.encode(encoding), "actividades.csv")
    assert response.status_code == 302
    job = SpreadsheetJob.objects.get()
    assert job.status == JobStatus.DONE, job.summary
    row = job.rows.get()
    assert row.ok, row.errors
    client_rows = spreadsheets.read_sheet("activities", "a.csv", bom + text.encode(encoding))
    assert client_rows[0].values["title_es"] == "Formación 1"


@pytest.mark.parametrize(
    "content, name, message",
    [
        (
            hostile.garbage(),
            "datos.csv",
            "datos.csv is not a text (CSV) file: it holds binary data",
        ),
        (
            codecs.BOM_UTF16_LE
            + "IATI identifier\nMX-".encode("utf-16-le")
            + b"\x00\xd8"  # a lone surrogate
            + "1\n".encode("utf-16-le"),
            "datos.csv",
            "datos.csv cannot be read as UTF-16 text",
        ),
        (
            b"IATI identifier\nMX-\x81\x8d\x8f\x90\x9d\n",
            "datos.csv",
            "datos.csv cannot be read as Windows-1252 text",
        ),
        (
            (HEAD + "\n" + "x" * 1_000_001 + "\n").encode(),
            "datos.csv",
            "datos.csv, line 2: the line is longer than 1,000,000 characters",
        ),
        (
            (HEAD + '\n"' + "x\n" * 20_000 + '"\n').encode(),
            "datos.csv",
            "a value is longer than 32,767 characters",
        ),
        (b"IATI identifier\nMX-1\n", "datos.txt", "Upload an .xlsx or .csv file."),
    ],
    ids=["binary", "bad-utf16", "bad-cp1252", "long-line", "long-field", "other-extension"],
)
def test_unreadable_csv_gets_a_clear_message_not_unknown_columns(upload, content, name, message):
    assert_refused(upload(content, name), message)


def test_an_empty_file_is_refused(upload):
    response = upload(b"", "vacio.csv")
    assert "empty" in refusal(response)
    assert not Activity.objects.exists()


def test_a_file_over_the_upload_limit_is_refused_naming_the_limit(upload, settings):
    settings.SPREADSHEET_MAX_BYTES = 1000
    content = (HEAD + "\n" + ROW.format(n=1) + "\n" * 1000).encode()
    assert_refused(upload(content, "grande.csv"), "grande.csv is 1,", "over 1,000 bytes")


def test_refusals_are_in_spanish_for_spanish_users(upload):
    response = upload(payload("100,000 rows"), "actividades.xlsx", lang="es")
    errors = refusal(response)
    assert errors.startswith("actividades.xlsx, fila 5")
    assert "la hoja tiene más de 5" in errors and "filas; divida el archivo" in errors


@pytest.mark.parametrize(
    "content, name",
    [
        (b"\r\n\r\n", "blank.csv"),
        (codecs.BOM_UTF8, "bom.csv"),
        (hostile.workbook(), "blank.xlsx"),
    ],
)
def test_a_file_without_rows_is_refused_naming_it(upload, content, name):
    assert_refused(upload(content, name), f"{name} is empty.")
