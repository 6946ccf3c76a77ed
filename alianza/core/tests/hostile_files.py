"""Hostile uploads, generated (no binary fixture is committed): spreadsheet and archive
bombs, archives whose headers lie, files that are not what their name says. Used by the
hostile-upload suites and by bench/upload_bombs.py.

A bomb's gigabytes are never produced: a deflate stream is cut with full flushes, so that
the compressed block of one megabyte of text can be repeated as often as wanted (each
block starts with an empty history, so its bytes are the same every time), and the ZIP
is written by hand around it, with honest or lying sizes."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from openpyxl import Workbook

MB = 1024 * 1024


@dataclass
class Member:
    name: str
    compressed: bytes
    crc: int
    size: int  # the real uncompressed size
    declared_size: int | None = None  # what the headers say (a lie when it differs)
    method: int = 8  # deflated (0: stored)


def deflated(data: bytes, name: str) -> Member:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    body = compressor.compress(data) + compressor.flush()
    return Member(name, body, zlib.crc32(data), len(data))


def repeated(name: str, head: bytes, block: bytes, times: int, tail: bytes) -> Member:
    """`head + block * times + tail`, compressed without ever being built."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    one = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert one == again, "a full flush makes each block's bytes the same"
    end = compressor.compress(tail) + compressor.flush()
    crc = zlib.crc32(head)
    for _ in range(times):  # honest checksums: about a second for 1.5 GB
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    body = start + one * times + end
    return Member(name, body, crc, len(head) + len(block) * times + len(tail))


def stored(data: bytes, name: str) -> Member:
    return Member(name, data, zlib.crc32(data), len(data), method=0)


def build_zip(members: Iterable[Member]) -> bytes:
    """A ZIP written by hand (so that its headers can lie)."""
    out = io.BytesIO()
    directory = []
    for member in members:
        declared = member.size if member.declared_size is None else member.declared_size
        name = member.name.encode()
        offset = out.tell()
        out.write(
            struct.pack(
                "<4s5H3L2H",
                b"PK\x03\x04",
                20,
                0,
                member.method,
                0,
                0x21,
                member.crc,
                len(member.compressed),
                declared,
                len(name),
                0,
            )
        )
        out.write(name)
        out.write(member.compressed)
        directory.append(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                member.method,
                0,
                0x21,
                member.crc,
                len(member.compressed),
                declared,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + name
        )
    start = out.tell()
    for entry in directory:
        out.write(entry)
    size = out.tell() - start
    count = len(directory)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, size, start, 0))
    return out.getvalue()


def workbook_parts(*rows: list) -> dict[str, bytes]:
    """The parts of a real workbook (written by openpyxl) holding `rows`."""
    import zipfile

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def workbook(*rows: list) -> bytes:
    """A normal workbook."""
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def workbook_with(replaced: dict[str, Member], *rows: list, extra: Iterable[Member] = ()) -> bytes:
    """A real workbook whose parts named in `replaced` are swapped for hostile ones."""
    parts = workbook_parts(*(rows or [["IATI identifier", "Title (Spanish)"]]))
    members = []
    for name, data in parts.items():
        members.append(replaced.pop(name) if name in replaced else deflated(data, name))
    members += list(replaced.values()) + list(extra)
    return build_zip(members)


SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData>"
)
SHEET_TAIL = b"</sheetData></worksheet>"
SST_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
SST_TAIL = b"</sst>"
SHARED_STRINGS = "xl/sharedStrings.xml"
SHEET = "xl/worksheets/sheet1.xml"
_SHEET_USING_STRING_0 = SHEET_HEAD + b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>' + SHEET_TAIL
_STRINGS_RELATIONSHIP = (
    b'<Relationship Id="rIdS" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    b'Target="sharedStrings.xml"/></Relationships>'
)


def _with_strings(strings: Member, *, lie_to: int | None = None) -> bytes:
    """A workbook whose sheet shows shared string 0, with `strings` as its shared strings
    (openpyxl writes none for a sheet of numbers, so the relationship is added)."""
    parts = workbook_parts(["x"])
    rels = parts["xl/_rels/workbook.xml.rels"]
    if b"sharedStrings" not in rels:
        rels = rels.replace(b"</Relationships>", _STRINGS_RELATIONSHIP)
    strings.declared_size = lie_to
    replaced = {
        "xl/_rels/workbook.xml.rels": deflated(rels, "xl/_rels/workbook.xml.rels"),
        SHEET: deflated(_SHEET_USING_STRING_0, SHEET),
        SHARED_STRINGS: strings,
    }
    return workbook_with(replaced, ["x"])


def shared_strings_bomb(expands_to: int = 1536 * MB, *, lie_to: int | None = None) -> bytes:
    """One shared string of `expands_to` bytes (1.5 GB by default: a 1.5 MB file)."""
    strings = repeated(
        SHARED_STRINGS,
        SST_HEAD + b"<si><t>",
        b"A" * MB,
        expands_to // MB,
        b"</t></si>" + SST_TAIL,
    )
    return _with_strings(strings, lie_to=lie_to)


def many_shared_strings(count: int = 30_000_000) -> bytes:
    """`count` empty shared strings (30 million by default, in about a megabyte)."""
    per_block = 80_000
    strings = repeated(
        SHARED_STRINGS,
        SST_HEAD,
        b"<si><t></t></si>" * per_block,
        max(count // per_block, 1),
        SST_TAIL,
    )
    return _with_strings(strings)


def distinct_shared_strings(count: int) -> bytes:
    """`count` different shared strings, honestly compressed (over the count limit, under
    the size and ratio limits)."""
    body = b"".join(b"<si><t>%d</t></si>" % i for i in range(count))
    return _with_strings(deflated(SST_HEAD + body + SST_TAIL, SHARED_STRINGS))


def inline_string_bomb(expands_to: int = 1536 * MB, *, lie_to: int | None = None) -> bytes:
    """One inline-string cell of `expands_to` bytes in the sheet itself."""
    sheet = repeated(
        SHEET,
        SHEET_HEAD + b'<row r="1"><c r="A1" t="inlineStr"><is><t>',
        b"A" * MB,
        expands_to // MB,
        b"</t></is></c></row>" + SHEET_TAIL,
    )
    sheet.declared_size = lie_to
    return workbook_with({SHEET: sheet})


def long_cell(chars: int) -> bytes:
    """A workbook with one inline cell of `chars` characters, honestly compressed."""
    sheet = SHEET_HEAD + b'<row r="1"><c r="A1" t="inlineStr"><is><t>'
    sheet += b"A" * chars + b"</t></is></c></row>" + SHEET_TAIL
    return workbook_with({SHEET: deflated(sheet, SHEET)})


def sheet_rows(count: int, *, header: list[str]) -> bytes:
    """A workbook with a header and `count` data rows (numbered, so they compress like
    real data), written as XML directly: openpyxl would take minutes for a million."""

    def rows() -> Iterator[bytes]:
        cells = b"".join(
            b'<c r="%s1" t="inlineStr"><is><t>%s</t></is></c>' % (chr(65 + i).encode(), h.encode())
            for i, h in enumerate(header)
        )
        yield b'<row r="1">' + cells + b"</row>"
        for number in range(2, count + 2):
            yield (
                b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>MX-%d</t></is></c></row>'
                % (number, number, number)
            )

    sheet = SHEET_HEAD + b"".join(rows()) + SHEET_TAIL
    return workbook_with({SHEET: deflated(sheet, SHEET)})


def many_members(count: int) -> bytes:
    """A workbook with `count` extra (empty) files in its archive."""
    extra = (stored(b"", f"xl/media/{i}.bin") for i in range(count))
    return workbook_with({}, extra=extra)


def nested_zip() -> bytes:
    """A ZIP holding a ZIP bomb (and no workbook)."""
    inner = build_zip([repeated("inner.xml", b"<a>", b"A" * MB, 1024, b"</a>")])
    return build_zip([stored(inner, "bomb.zip")])


def zip_in_place_of_the_sheet() -> bytes:
    """A workbook whose sheet is itself a ZIP archive."""
    inner = build_zip([repeated("sheet1.xml", b"<a>", b"A" * MB, 64, b"</a>")])
    return workbook_with({SHEET: deflated(inner, SHEET)})


def doctype_in(part: str = SHEET) -> bytes:
    """A workbook whose sheet declares a DOCTYPE with a billion-laughs entity."""
    laughs = (
        b'<?xml version="1.0"?>\n<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&c;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    return workbook_with({part: deflated(laughs, part)})


def garbage(size: int = 64 * 1024, seed: int = 15) -> bytes:
    import random

    return random.Random(seed).randbytes(size)


class LazyCsv(io.RawIOBase):
    """A CSV of a header and `rows` rows, produced only as it is read; `produced` says how
    many rows the reader asked for."""

    def __init__(self, header: str, row: str, rows: int) -> None:
        super().__init__()
        self.header, self.row, self.rows = header, row, rows
        self.produced = 0
        self.position = 0
        self.pending = (header + "\n").encode()
        self.row_bytes = (row + "\n").encode()
        self.size = len(self.pending) + len(self.row_bytes) * rows

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_END and offset == 0:
            self.position = self.size  # the size, without producing anything
            return self.position
        if whence == io.SEEK_SET and offset == self.position:
            return self.position
        if whence == io.SEEK_SET and offset == 0:
            self.position, self.produced = 0, 0
            self.pending = (self.header + "\n").encode()
            return 0
        raise io.UnsupportedOperation("LazyCsv seeks only to its start or its end")

    def tell(self) -> int:
        return self.position

    def readinto(self, buffer) -> int:
        missing = len(buffer) - len(self.pending)
        if missing > 0 and self.produced < self.rows:
            more = min(-(-missing // len(self.row_bytes)), self.rows - self.produced)
            self.pending += self.row_bytes * more
            self.produced += more
        count = min(len(buffer), len(self.pending))
        buffer[:count] = self.pending[:count]
        self.pending = self.pending[count:]
        self.position += count
        return count


def gzip_bomb(expands_to: int = 1024 * MB, *, head: bytes = b"<iati-activities>") -> bytes:
    """A gzip file of about a megabyte expanding to `expands_to` bytes."""
    member = repeated("", head, b" " * MB, expands_to // MB, b"</iati-activities>")
    return (
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
        + member.compressed
        + struct.pack("<2L", member.crc, member.size & 0xFFFFFFFF)
    )


def zip_bomb(expands_to: int = 1024 * MB, *, lie_to: int | None = None) -> bytes:
    """A ZIP with one XML member expanding to `expands_to` bytes (its header may lie)."""
    member = repeated(
        "activities.xml", b"<iati-activities>", b" " * MB, expands_to // MB, b"</iati-activities>"
    )
    member.declared_size = lie_to
    return build_zip([member])


def zip_of(count: int) -> bytes:
    """A ZIP listing `count` small members."""
    return build_zip(stored(b"<a/>", f"{i}.xml") for i in range(count))
