"""Bounded reading of uploads (alianza/core/uploads.py), the cases the upload pages do not
reach easily: each is refused with the file and the limit named, or read correctly."""

from __future__ import annotations

import io

import pytest
from django.utils import translation

from alianza.core import uploads
from alianza.core.tests import hostile_files as hostile


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def limits(**overrides) -> uploads.Limits:
    return uploads.Limits.from_settings(**overrides)


def csv_rows(content: bytes, **overrides) -> list[list[str]]:
    return list(uploads.csv_records(io.BytesIO(content), name="f.csv", limits=limits(**overrides)))


def xlsx_rows(content: bytes, **overrides) -> list[tuple]:
    return list(uploads.xlsx_rows(io.BytesIO(content), name="f.xlsx", limits=limits(**overrides)))


def sheet_of(body: bytes) -> bytes:
    sheet = hostile.SHEET_HEAD + body + hostile.SHEET_TAIL
    return hostile.workbook_with({hostile.SHEET: hostile.deflated(sheet, hostile.SHEET)})


def test_blank_lines_before_the_header_are_skipped():
    assert csv_rows(b"\r\n\r\na,b\r\n1,2\r\n") == [["a", "b"], ["1", "2"]]


def test_a_utf8_file_that_goes_wrong_after_its_first_megabyte_is_refused_clearly():
    content = b"a,b\n" + b"x,y\n" * 300_000 + b"caf\xe9,1\n"
    with pytest.raises(uploads.UploadError, match="f.csv cannot be read as UTF-8 text"):
        csv_rows(content, max_rows=1_000_000)


def test_a_windows_1252_file_is_read_with_its_accents():
    assert csv_rows("Título;Año\nFormación;2019\n".encode("cp1252"))[1] == ["Formación", "2019"]


def test_a_row_with_more_columns_than_allowed_is_refused():
    with pytest.raises(uploads.UploadError, match="line 2: the row has more than 3 columns"):
        csv_rows(b"a,b\n1,2,3,4\n", max_columns=3)


def test_a_cell_past_the_column_limit_is_refused_naming_the_cell():
    body = b'<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="E1"><v>1</v></c></row>'
    with pytest.raises(uploads.UploadError, match="f.xlsx, cell E1: the sheet has more than 4"):
        xlsx_rows(sheet_of(body), max_columns=4)


def test_a_cell_referring_to_a_missing_shared_string_is_refused():
    body = b'<row r="1"><c r="A1" t="s"><v>7</v></c></row>'
    with pytest.raises(uploads.UploadError, match="cell A1: the cell refers to a text that"):
        xlsx_rows(sheet_of(body))


@pytest.mark.parametrize("row", [b"0", b"x", b"2000000"])
def test_a_row_number_that_cannot_exist_is_refused(row):
    body = b'<row r="' + row + b'"><c><v>1</v></c></row>'
    with pytest.raises(uploads.UploadError, match="names a row .* that cannot exist"):
        xlsx_rows(sheet_of(body))


def test_cells_without_references_are_placed_in_order():
    body = b"<row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row>"
    assert xlsx_rows(sheet_of(body)) == [(1, 2), (3, None)]


def test_an_encrypted_member_is_refused():
    member = hostile.deflated(b"<a/>", "xl/secret.xml")
    content = hostile.build_zip([member])
    flagged = content.replace(
        b"PK\x01\x02\x14\x00\x14\x00\x00\x00", b"PK\x01\x02\x14\x00\x14\x00\x01\x00"
    )
    with pytest.raises(uploads.UploadError, match="f.xlsx is encrypted"):
        xlsx_rows(flagged)


def test_the_declared_sizes_of_all_members_share_one_limit():
    import zipfile

    content = hostile.sheet_rows(2000, header=["IATI identifier"])
    sheet = zipfile.ZipFile(io.BytesIO(content)).getinfo(hostile.SHEET).file_size
    # The sheet alone is under the limit; with the other parts, the workbook is over it.
    with pytest.raises(uploads.UploadError, match="f.xlsx would expand to more than"):
        xlsx_rows(content, max_uncompressed_bytes=sheet + 1)


def test_a_zip_end_record_declaring_too_many_members_is_refused_before_listing_them():
    content = hostile.many_members(50)
    with pytest.raises(uploads.UploadError, match="more than 20 files inside its archive"):
        xlsx_rows(content, max_zip_members=20)
    assert uploads.zip_directory(io.BytesIO(content))[0] == 59


def test_a_member_is_stopped_at_its_limit_while_it_is_decompressed():
    """The second line of defence: the bytes actually decompressed are counted, whatever
    the directory said (zipfile itself stops at the declared size and fails the CRC)."""
    import zipfile

    content = hostile.zip_bomb(64 * hostile.MB)
    archive = zipfile.ZipFile(io.BytesIO(content))
    member = archive.infolist()[0]
    budget = uploads.Budget("f.xlsx", 10**12)
    reader = uploads.BoundedReader(
        archive, member, name="f.xlsx", limit=5 * hostile.MB, ratio=10**6, budget=budget
    )
    with pytest.raises(uploads.UploadError, match="activities.xml expands to more than 5,242,880"):
        while reader.read(65536):
            pass
    assert budget.used <= 5 * hostile.MB + 65536

    ratio = uploads.BoundedReader(
        archive, member, name="f.xlsx", limit=10**12, ratio=200, budget=budget
    )
    with pytest.raises(uploads.UploadError, match="compressed more than 200 times"):
        while ratio.read(65536):
            pass


def test_rows_out_of_order_are_refused():
    body = b'<row r="3"><c><v>1</v></c></row><row r="3"><c><v>2</v></c></row>'
    with pytest.raises(uploads.UploadError, match="row 3 comes after row 3"):
        xlsx_rows(sheet_of(body))


def test_empty_cells_count_towards_a_bound_on_the_cells_scanned():
    body = b'<row r="1">' + b'<c s="1"/>' * 50 + b"</row>"
    with pytest.raises(uploads.UploadError, match="the sheet has more than 12 cells"):
        xlsx_rows(sheet_of(body), max_rows=3, max_columns=3)
