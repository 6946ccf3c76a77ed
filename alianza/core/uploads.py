"""Reading uploaded files within bounds: checked before they are read, and read as streams.

An upload is a few megabytes, but what it expands to is the attacker's choice: an XLSX
workbook is a ZIP of XML parts whose declared sizes may lie, whose shared strings may
expand to gigabytes or number in the tens of millions, and whose sheet may hold a million
rows; a CSV may be UTF-16, binary, or one endless line. Everything here refuses such a
file with a message naming the file and the limit, before it costs more than a bounded
amount of memory and time:

- `open_zip`: a ZIP checked from its end record and central directory before any member
  is decompressed (number of members, each member's declared size, total declared size,
  compression ratio, encryption); `BoundedReader` counts the bytes actually decompressed
  so that a member whose header lies is stopped too.
- `iterparse`: lxml's streaming parser with DTDs, entities, the network and huge text
  nodes forbidden; a DOCTYPE is refused.
- `XlsxReader`: finds the first worksheet and the shared strings of a workbook, streams
  through both checking counts and lengths, and only then lets openpyxl (read-only mode)
  read the rows it has checked.
- `csv_text`: detects UTF-8 (with or without BOM), UTF-16 and UTF-32 (with BOM) and
  Windows-1252, refuses binary files, and `csv_records` streams the records with bounded
  line, field and row counts.

The limits are settings (config/settings.py, SPREADSHEET_*), read when a file is read.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import posixpath
import re
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from lxml import etree

CHUNK = 64 * 1024


class UploadError(Exception):
    """The file is refused as a whole; the message (translated) says which file and why."""


def n(value: int) -> str:
    """A count for a message, grouped as the user's language groups thousands."""
    return number_format(value, force_grouping=True)


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    max_columns: int
    max_cell_chars: int
    max_line_chars: int
    max_uncompressed_bytes: int
    max_xml_part_bytes: int
    max_zip_members: int
    max_compression_ratio: int
    max_shared_strings: int
    max_shared_chars: int

    @classmethod
    def from_settings(cls, **overrides) -> Limits:
        values = {
            "max_bytes": settings.SPREADSHEET_MAX_BYTES,
            "max_rows": settings.SPREADSHEET_MAX_ROWS,
            "max_columns": settings.SPREADSHEET_MAX_COLUMNS,
            "max_cell_chars": settings.SPREADSHEET_MAX_CELL_CHARS,
            "max_line_chars": settings.SPREADSHEET_MAX_LINE_CHARS,
            "max_uncompressed_bytes": settings.SPREADSHEET_MAX_UNCOMPRESSED_BYTES,
            "max_xml_part_bytes": settings.SPREADSHEET_MAX_XML_PART_BYTES,
            "max_zip_members": settings.SPREADSHEET_MAX_ZIP_MEMBERS,
            "max_compression_ratio": settings.SPREADSHEET_MAX_COMPRESSION_RATIO,
            "max_shared_strings": settings.SPREADSHEET_MAX_SHARED_STRINGS,
            "max_shared_chars": settings.SPREADSHEET_MAX_SHARED_CHARS,
        }
        values.update(overrides)
        return cls(**values)


def file_size(handle: IO[bytes]) -> int:
    position = handle.tell()
    handle.seek(0, io.SEEK_END)
    size = handle.tell()
    handle.seek(position)
    return size


def check_size(name: str, size: int, limit: int) -> None:
    if size > limit:
        raise UploadError(
            _("%(name)s is %(size)s bytes; files over %(limit)s bytes are refused.")
            % {"name": name, "size": n(size), "limit": n(limit)}
        )


def check_not_empty(name: str, size: int) -> None:
    if size == 0:
        raise UploadError(_("%(name)s is empty.") % {"name": name})


# --- ZIP ---------------------------------------------------------------------------------------

_LOCAL_HEADER = b"PK\x03\x04"
_END = b"PK\x05\x06"
_END64_LOCATOR = b"PK\x06\x07"
_END64 = b"PK\x06\x06"
#: A generous average for one central-directory entry (46 bytes and the member's name).
_DIRECTORY_BYTES_PER_MEMBER = 1024
#: Members smaller than this are not held to the compression ratio (tiny XML parts
#: compress very well without being a threat).
_RATIO_FLOOR = 1024 * 1024


def is_zip(handle: IO[bytes]) -> bool:
    handle.seek(0)
    magic = handle.read(4)
    handle.seek(0)
    return magic == _LOCAL_HEADER


def zip_directory(handle: IO[bytes]) -> tuple[int, int] | None:
    """(entries, central directory bytes) from the ZIP's end record, or None if there is
    none. Read before zipfile parses the directory, so that a file declaring a million
    members is refused without building a million ZipInfo objects."""
    size = file_size(handle)
    tail_length = min(size, 22 + 65535)
    handle.seek(size - tail_length)
    tail = handle.read(tail_length)
    handle.seek(0)
    position = tail.rfind(_END)
    if position < 0 or len(tail) - position < 22:
        return None
    _sig, _disk, _cd_disk, _here, entries, cd_size, _offset, _comment = struct.unpack(
        "<4s4H2LH", tail[position : position + 22]
    )
    locator = tail[position - 20 : position] if position >= 20 else b""
    if locator[:4] == _END64_LOCATOR:
        (end64_offset,) = struct.unpack("<Q", locator[8:16])
        if 0 <= end64_offset < size:
            handle.seek(end64_offset)
            record = handle.read(56)
            handle.seek(0)
            if record[:4] == _END64 and len(record) == 56:
                entries, cd_size = struct.unpack("<QQ", record[32:48])
    return entries, cd_size


def open_zip(handle: IO[bytes], *, name: str, limits: Limits) -> zipfile.ZipFile:
    """The archive, once its directory passes the checks; nothing is decompressed yet."""
    not_zip = _("%(name)s is not an XLSX workbook (an XLSX file is a ZIP archive).") % {
        "name": name
    }
    if not is_zip(handle):
        raise UploadError(not_zip)
    directory = zip_directory(handle)
    if directory is None:
        raise UploadError(not_zip)
    entries, cd_size = directory
    if entries > limits.max_zip_members or cd_size > (
        limits.max_zip_members * _DIRECTORY_BYTES_PER_MEMBER
    ):
        raise UploadError(
            _("%(name)s holds more than %(limit)s files inside its archive; refused.")
            % {"name": name, "limit": n(limits.max_zip_members)}
        )
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError) as exc:
        raise UploadError(
            _("%(name)s is a damaged archive: %(error)s") % {"name": name, "error": exc}
        )
    try:
        _check_members(archive, name=name, limits=limits)
    except UploadError:
        archive.close()
        raise
    return archive


def _check_members(archive: zipfile.ZipFile, *, name: str, limits: Limits) -> None:
    members = archive.infolist()
    if len(members) > limits.max_zip_members:
        raise UploadError(
            _("%(name)s holds more than %(limit)s files inside its archive; refused.")
            % {"name": name, "limit": n(limits.max_zip_members)}
        )
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise UploadError(_("%(name)s is encrypted; refused.") % {"name": name})
        if _is_xml(member.filename) and not _is_big_part(member.filename):
            limit = limits.max_xml_part_bytes
        else:
            limit = limits.max_uncompressed_bytes
        if member.file_size > limit:
            raise _expands(name, member.filename, limit)
        if member.file_size > _RATIO_FLOOR and member.file_size > (
            max(member.compress_size, 1) * limits.max_compression_ratio
        ):
            raise _ratio(name, member.filename, limits.max_compression_ratio)
        total += member.file_size
        if total > limits.max_uncompressed_bytes:
            raise UploadError(
                _("%(name)s would expand to more than %(limit)s bytes once uncompressed; refused.")
                % {"name": name, "limit": n(limits.max_uncompressed_bytes)}
            )


def _is_xml(member_name: str) -> bool:
    return member_name.lower().endswith((".xml", ".rels"))


def _is_big_part(member_name: str) -> bool:
    """Worksheets and shared strings may be large; they are streamed and checked."""
    lowered = member_name.lower()
    return lowered.startswith("xl/worksheets/") or lowered.endswith("sharedstrings.xml")


def _expands(name: str, member: str, limit: int) -> UploadError:
    return UploadError(
        _("%(name)s: its part %(member)s expands to more than %(limit)s bytes; refused.")
        % {"name": name, "member": member, "limit": n(limit)}
    )


def _ratio(name: str, member: str, ratio: int) -> UploadError:
    return UploadError(
        _(
            "%(name)s: its part %(member)s is compressed more than %(ratio)s times, as archive "
            "bombs are; refused."
        )
        % {"name": name, "member": member, "ratio": n(ratio)}
    )


class Budget:
    """The bytes all the members read from one archive may still decompress to."""

    def __init__(self, name: str, limit: int) -> None:
        self.name, self.limit, self.used = name, limit, 0

    def spend(self, count: int) -> None:
        self.used += count
        if self.used > self.limit:
            raise UploadError(
                _("%(name)s would expand to more than %(limit)s bytes once uncompressed; refused.")
                % {"name": self.name, "limit": n(self.limit)}
            )


class BoundedReader(io.RawIOBase):
    """A member of an archive, read as a stream: the bytes actually decompressed are
    counted, so that a member whose header declares less than it holds, or whose
    compression ratio is a bomb's, is stopped as soon as it passes the limit."""

    def __init__(
        self,
        archive: zipfile.ZipFile,
        member: zipfile.ZipInfo,
        *,
        name: str,
        limit: int,
        ratio: int,
        budget: Budget,
    ) -> None:
        super().__init__()
        self.raw = archive.open(member)
        self.member, self.name, self.limit, self.ratio, self.budget = (
            member,
            name,
            min(limit, member.file_size),
            ratio,
            budget,
        )
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        try:
            data = self.raw.read(min(len(buffer), CHUNK))
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise UploadError(
                _("%(name)s is a damaged archive: %(error)s") % {"name": self.name, "error": exc}
            )
        size = len(data)
        self.count += size
        if self.count > self.limit:
            raise _expands(self.name, self.member.filename, self.limit)
        if self.count > _RATIO_FLOOR and self.count > (
            max(self.member.compress_size, 1) * self.ratio
        ):
            raise _ratio(self.name, self.member.filename, self.ratio)
        self.budget.spend(size)
        buffer[:size] = data
        return size

    def read(self, size: int = -1) -> bytes:  # lxml reads with read(n)
        if size is None or size < 0:
            size = CHUNK
        buffer = bytearray(min(size, CHUNK))
        count = self.readinto(buffer)
        return bytes(buffer[:count])

    def close(self) -> None:
        self.raw.close()
        super().close()


# --- XML ---------------------------------------------------------------------------------------


def iterparse(source, *, events=("end",), tag=None):
    """lxml's streaming parser, safely: no DTD loaded, no entity resolved, no network, text
    nodes bounded (huge_tree off); the caller checks `refuse_doctype` on the first event."""
    return etree.iterparse(
        source,
        events=events,
        tag=tag,
        load_dtd=False,
        dtd_validation=False,
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        remove_blank_text=False,
        remove_pis=True,
        remove_comments=True,
    )


def refuse_doctype(element, *, name: str, part: str) -> None:
    if element.getroottree().docinfo.doctype:
        raise UploadError(
            _(
                "%(name)s: its part %(member)s declares a DOCTYPE, which spreadsheets never "
                "need; refused."
            )
            % {"name": name, "member": part}
        )


def _xml_error(name: str, part: str, exc: Exception) -> UploadError:
    return UploadError(
        _("%(name)s: its part %(member)s is not readable XML: %(error)s")
        % {"name": name, "member": part, "error": exc}
    )


def _free(element) -> None:
    """Drop an element the stream is done with, and its already-read siblings."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


# --- XLSX --------------------------------------------------------------------------------------

_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOCUMENT = "/officeDocument"
_WORKSHEET = "/worksheet"
_SHARED_STRINGS = "/sharedStrings"
_MAIN = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
_R_ID = (
    "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id",
    "{http://purl.oclc.org/ooxml/officeDocument/relationships}id",
)
#: The most rows and columns any spreadsheet program writes.
_EXCEL_ROWS, _EXCEL_COLUMNS = 1_048_576, 16_384


def _tags(local: str) -> tuple[str, ...]:
    return tuple(f"{{{ns}}}{local}" for ns in _MAIN)


_SI, _T = _tags("si"), _tags("t")
_ROW, _C, _V, _IS = _tags("row"), _tags("c"), _tags("v"), _tags("is")


def _column_number(letters: str) -> int:
    """1 for A, 27 for AA; a reference that is not letters counts as past every limit."""
    if not letters.isalpha() or not letters.isascii() or len(letters) > 3:
        return _EXCEL_COLUMNS + 1
    number = 0
    for letter in letters.upper():
        number = number * 26 + (ord(letter) - 64)
    return number


@dataclass
class SheetShape:
    """What the checks learnt of the first worksheet: the last row and column holding a
    value (openpyxl reads no further)."""

    last_row: int = 0
    last_column: int = 0


class XlsxReader:
    """The first worksheet of a workbook, checked part by part before openpyxl reads it."""

    def __init__(self, handle: IO[bytes], *, name: str, limits: Limits) -> None:
        self.handle, self.name, self.limits = handle, name, limits
        self.archive = open_zip(handle, name=name, limits=limits)
        self.budget = Budget(name, limits.max_uncompressed_bytes)
        self.members = {m.filename: m for m in self.archive.infolist()}

    def close(self) -> None:
        self.archive.close()

    def _not_a_workbook(self) -> UploadError:
        return UploadError(
            _("%(name)s is not an XLSX workbook (its archive holds no worksheet).")
            % {"name": self.name}
        )

    def _open(self, part: str) -> BoundedReader:
        member = self.members.get(part)
        if member is None:
            raise self._not_a_workbook()
        limit = (
            self.limits.max_uncompressed_bytes
            if _is_big_part(part)
            else self.limits.max_xml_part_bytes
        )
        return BoundedReader(
            self.archive,
            member,
            name=self.name,
            limit=limit,
            ratio=self.limits.max_compression_ratio,
            budget=self.budget,
        )

    def _small_xml(self, part: str):
        """A small part (relationships, workbook: at most max_xml_part_bytes) parsed whole,
        safely; refused if it declares a DOCTYPE."""
        parser = etree.XMLParser(
            load_dtd=False,
            dtd_validation=False,
            resolve_entities=False,
            no_network=True,
            huge_tree=False,
        )
        with self._open(part) as reader:
            try:
                root = etree.parse(reader, parser).getroot()
            except etree.XMLSyntaxError as exc:
                raise _xml_error(self.name, part, exc)
        refuse_doctype(root, name=self.name, part=part)
        return root

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """{id: (type, target path)} of a part's relationships."""
        folder, base = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        if rels not in self.members:
            return {}
        found = {}
        for element in self._small_xml(rels).iter(f"{{{_RELATIONSHIPS}}}Relationship"):
            target = element.get("Target", "")
            if target.startswith("/"):
                path = target.lstrip("/")
            else:
                path = posixpath.normpath(posixpath.join(folder, target))
            found[element.get("Id", "")] = (element.get("Type", ""), path)
        return found

    def parts(self) -> tuple[str, str | None]:
        """(first worksheet, shared strings or None)."""
        if "[Content_Types].xml" not in self.members:
            raise self._not_a_workbook()
        workbook = next(
            (p for t, p in self._relationships("").values() if t.endswith(_OFFICE_DOCUMENT)),
            None,
        )
        if workbook is None or workbook not in self.members:
            raise self._not_a_workbook()
        relationships = self._relationships(workbook)
        root = self._small_xml(workbook)
        sheet = None
        for element in root.iter(*_tags("sheet")):
            rid = next((element.get(key) for key in _R_ID if element.get(key)), None)
            kind, path = relationships.get(rid or "", ("", ""))
            if kind.endswith(_WORKSHEET):
                sheet = path
                break
        if sheet is None or sheet not in self.members:
            raise self._not_a_workbook()
        strings = next((p for t, p in relationships.values() if t.endswith(_SHARED_STRINGS)), None)
        return sheet, strings if strings in self.members else None

    def check_xml_prologs(self) -> None:
        """No XML part of the workbook may declare a DOCTYPE (checked on the part's first
        element, streaming, before openpyxl parses any of them)."""
        for part, member in self.members.items():
            if not _is_xml(part) or member.is_dir():
                continue
            with self._open(part) as reader:
                try:
                    for _event, element in iterparse(reader, events=("start",)):
                        refuse_doctype(element, name=self.name, part=part)
                        break
                except etree.XMLSyntaxError as exc:
                    raise _xml_error(self.name, part, exc)

    def check_shared_strings(self, part: str) -> int:
        """Stream through the shared strings, counting them and their length; the number
        of strings."""
        limits, count, total = self.limits, 0, 0
        with self._open(part) as reader:
            try:
                for _event, element in iterparse(reader, tag=_SI):
                    if count == 0:
                        refuse_doctype(element, name=self.name, part=part)
                        declared = element.getparent().get("uniqueCount") or "0"
                        if declared.isdigit() and int(declared) > limits.max_shared_strings:
                            raise self._too_many_strings()
                    count += 1
                    if count > limits.max_shared_strings:
                        raise self._too_many_strings()
                    length = sum(len(t.text or "") for t in element.iter(*_T))
                    if length > limits.max_cell_chars:
                        raise UploadError(
                            _(
                                "%(name)s: text number %(number)s is longer than %(limit)s "
                                "characters; refused."
                            )
                            % {
                                "name": self.name,
                                "number": n(count),
                                "limit": n(limits.max_cell_chars),
                            }
                        )
                    total += length
                    if total > limits.max_shared_chars:
                        raise UploadError(
                            _(
                                "%(name)s: its texts add up to more than %(limit)s characters; "
                                "refused."
                            )
                            % {"name": self.name, "limit": n(limits.max_shared_chars)}
                        )
                    _free(element)
            except etree.XMLSyntaxError as exc:
                raise self._syntax(part, exc)
        return count

    def _too_many_strings(self) -> UploadError:
        return UploadError(
            _("%(name)s holds more than %(limit)s different texts; refused.")
            % {"name": self.name, "limit": n(self.limits.max_shared_strings)}
        )

    def _syntax(self, part: str, exc: etree.XMLSyntaxError) -> UploadError:
        if "huge" in str(exc).lower():  # libxml2 stops at 10 MB in one text node
            return UploadError(
                _("%(name)s holds a text longer than %(limit)s characters; refused.")
                % {"name": self.name, "limit": n(self.limits.max_cell_chars)}
            )
        return _xml_error(self.name, part, exc)

    def check_sheet(self, part: str, strings: int) -> SheetShape:
        """Stream through the worksheet, cell by cell: each cell's text length and column,
        and the rows, refusing at the first cell with a value past the row limit."""
        shape = SheetShape()
        row, row_number, column, first = None, 0, 0, True
        columns: dict[str, int] = {}
        # Empty cells (formatting only) count too, so that the time spent is bounded.
        cells, most_cells = 0, (self.limits.max_rows + 1) * self.limits.max_columns
        with self._open(part) as reader:
            try:
                for _event, element in iterparse(reader, tag=(*_ROW, *_C)):
                    if first:
                        refuse_doctype(element, name=self.name, part=part)
                        first = False
                    if element.tag in _ROW:
                        if element is not row:  # a row without cells
                            row_number = self._row_number(element, row_number)
                        row = None
                        _free(element)
                        continue
                    cells += 1
                    if cells > most_cells:
                        raise UploadError(
                            _("%(name)s: the sheet has more than %(limit)s cells; refused.")
                            % {"name": self.name, "limit": n(most_cells)}
                        )
                    parent = element.getparent()
                    if parent is not row:  # the first cell of a row
                        row, column = parent, 0
                        row_number = self._row_number(parent, row_number)
                    reference = element.get("r")
                    if reference:
                        letters = reference.rstrip("0123456789$").lstrip("$")
                        column = columns.get(letters) or columns.setdefault(
                            letters, _column_number(letters)
                        )
                    else:
                        column += 1
                    self._check_cell(element, row_number, column, strings, shape)
                    _free(element)
            except etree.XMLSyntaxError as exc:
                raise self._syntax(part, exc)
        return shape

    def _row_number(self, row, previous: int) -> int:
        declared = row.get("r")
        if declared is None:
            number = previous + 1
        elif declared.isdigit():
            number = int(declared)
        else:
            raise self._bad_row(declared)
        if not 0 < number <= _EXCEL_ROWS:
            raise self._bad_row(str(number))
        if number <= previous:
            raise UploadError(
                _("%(name)s: row %(row)s comes after row %(previous)s in the sheet; refused.")
                % {"name": self.name, "row": n(number), "previous": n(previous)}
            )
        return number

    def _bad_row(self, value: str) -> UploadError:
        return UploadError(
            _("%(name)s: the sheet names a row %(row)s that cannot exist; refused.")
            % {"name": self.name, "row": value}
        )

    def _check_cell(self, cell, row_number: int, column: int, strings: int, shape: SheetShape):
        limits, longest, first_value = self.limits, 0, None
        for child in cell:
            tag = child.tag
            if tag in _V:
                text = child.text or ""
            elif tag in _IS:
                text = "".join(child.itertext())
            else:
                continue
            if first_value is None:
                first_value = text
            longest = max(longest, len(text))
        if not longest:
            return
        if row_number > limits.max_rows + 1:  # the header is row 1
            raise UploadError(
                _("%(name)s, row %(row)s: the sheet has more than %(limit)s rows; split the file.")
                % {"name": self.name, "row": n(row_number), "limit": n(limits.max_rows)}
            )
        if column > limits.max_columns or column > _EXCEL_COLUMNS:
            raise UploadError(
                _("%(name)s, cell %(cell)s: the sheet has more than %(limit)s columns.")
                % {
                    "name": self.name,
                    "cell": f"{_column_letters(column)}{row_number}",
                    "limit": n(limits.max_columns),
                }
            )
        if longest > limits.max_cell_chars:
            raise UploadError(
                _("%(name)s, cell %(cell)s: the text is longer than %(limit)s characters.")
                % {
                    "name": self.name,
                    "cell": f"{_column_letters(column)}{row_number}",
                    "limit": n(limits.max_cell_chars),
                }
            )
        if cell.get("t") == "s":
            index = (first_value or "").strip()
            if not index.isdigit() or int(index) >= strings:
                raise UploadError(
                    _("%(name)s, cell %(cell)s: the cell refers to a text that does not exist.")
                    % {"name": self.name, "cell": f"{_column_letters(column)}{row_number}"}
                )
        if row_number > shape.last_row:
            shape.last_row = row_number
        if column > shape.last_column:
            shape.last_column = column

    def rows(self) -> Iterator[tuple]:
        """Every row of the first worksheet, as values, once all the checks have passed."""
        sheet, strings_part = self.parts()
        self.check_xml_prologs()
        strings = self.check_shared_strings(strings_part) if strings_part else 0
        shape = self.check_sheet(sheet, strings)
        if shape.last_row == 0:
            return iter(())
        return self._openpyxl_rows(shape)

    def _openpyxl_rows(self, shape: SheetShape) -> Iterator[tuple]:
        from openpyxl import load_workbook

        self.handle.seek(0)
        try:
            workbook = load_workbook(self.handle, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds on a bad file
            raise UploadError(
                _("%(name)s is not a readable XLSX workbook: %(error)s")
                % {"name": self.name, "error": exc}
            )
        try:
            worksheet = workbook.worksheets[0]
            worksheet.reset_dimensions()  # the declared dimension is not trusted
            yield from worksheet.iter_rows(
                max_row=shape.last_row, max_col=max(shape.last_column, 1), values_only=True
            )
        except UploadError:
            raise
        except Exception as exc:
            raise UploadError(
                _("%(name)s is not a readable XLSX workbook: %(error)s")
                % {"name": self.name, "error": exc}
            )
        finally:
            workbook.close()


def _column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def xlsx_rows(handle: IO[bytes], *, name: str, limits: Limits) -> Iterator[tuple]:
    """The values of each row of a workbook's first sheet (checked before it is read)."""
    reader = XlsxReader(handle, name=name, limits=limits)
    try:
        yield from reader.rows()
    finally:
        reader.close()


# --- CSV / text --------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Control characters that never occur in a text file (tab, newlines, form feed aside).
_BINARY = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
_DETECT_BYTES = 1024 * 1024
_ENCODING_NAMES = {
    "utf-32": "UTF-32",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "utf-8": "UTF-8",
    "cp1252": "Windows-1252",
}


def _not_text(name: str) -> UploadError:
    return UploadError(
        _(
            "%(name)s is not a text (CSV) file: it holds binary data. Save the sheet as CSV "
            "(UTF-8) or upload the XLSX workbook."
        )
        % {"name": name}
    )


def _undecodable(name: str, encoding: str) -> UploadError:
    return UploadError(
        _(
            "%(name)s cannot be read as %(encoding)s text. Save it as CSV (UTF-8) and upload it "
            "again."
        )
        % {"name": name, "encoding": _ENCODING_NAMES.get(encoding, encoding)}
    )


def detect_encoding(handle: IO[bytes], *, name: str) -> str:
    """The encoding of a text file: from its BOM (UTF-8, UTF-16, UTF-32), else UTF-8 if its
    first megabyte decodes as UTF-8, else Windows-1252 (what Excel writes as "CSV" on
    Windows). A file with NUL bytes and no BOM is binary. Only the head is read, so that
    the rows are streamed once; a UTF-8 file that goes wrong later is refused then."""
    handle.seek(0)
    head = handle.read(_DETECT_BYTES)
    handle.seek(0)
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    if b"\x00" in head:
        raise _not_text(name)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < _DETECT_BYTES)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


class _CheckedText(io.TextIOBase):
    """A text stream over a binary file: decoding errors and binary data become refusals,
    and no line is longer than the limit."""

    def __init__(self, handle: IO[bytes], *, name: str, encoding: str, limits: Limits) -> None:
        super().__init__()
        self.name, self.encoding_, self.limits = name, encoding, limits
        self.text = io.TextIOWrapper(handle, encoding=encoding, newline="")
        self.line_number = 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        limit = self.limits.max_line_chars
        try:
            line = self.text.readline(limit + 2)
        except UnicodeDecodeError:
            raise _undecodable(self.name, self.encoding_)
        if not line:
            raise StopIteration
        self.line_number += 1
        if len(line.rstrip("\r\n")) > limit:
            raise UploadError(
                _("%(name)s, line %(line)s: the line is longer than %(limit)s characters.")
                % {"name": self.name, "line": n(self.line_number), "limit": n(limit)}
            )
        if _BINARY.search(line):
            raise _not_text(self.name)
        return line

    def detach_handle(self) -> None:
        """Leave the caller's binary handle to the caller (an attached wrapper would close it
        when collected); nothing to do when the caller closed it first (a generator that
        was not run to its end is finalised later)."""
        with contextlib.suppress(ValueError):
            self.text.detach()


def csv_records(handle: IO[bytes], *, name: str, limits: Limits) -> Iterator[list[str]]:
    """The records of a CSV file (header first), streamed: blank lines before the header
    are skipped, blank records after it do not count towards the row limit, and the file
    is refused at the first record past the row limit, the first field over the cell limit
    or the first line over the line limit. The delimiter is the one among
    comma, semicolon and tab that splits the header into most fields (Excel in Spanish
    writes semicolons)."""
    encoding = detect_encoding(handle, name=name)
    text = _CheckedText(handle, name=name, encoding=encoding, limits=limits)
    try:
        header_line = next(text, "")
        while header_line and not header_line.strip():  # blank lines before the header
            header_line = next(text, "")
        if not header_line:
            return
        delimiter = max(",;\t", key=lambda d: (header_line.count(d), d == ","))
        lines = _chain(header_line, text)
        reader = csv.reader(lines, delimiter=delimiter)
        records = rows = 0
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                if "field larger" in str(exc):
                    raise _long_field(name, text.line_number, limits)
                raise UploadError(
                    _("%(name)s, line %(line)s: not readable as CSV: %(error)s")
                    % {"name": name, "line": n(text.line_number), "error": exc}
                )
            records += 1
            if not any(field.strip() for field in record):
                yield record
                continue
            if any(len(field) > limits.max_cell_chars for field in record):
                raise _long_field(name, text.line_number, limits)
            if len(record) > limits.max_columns:
                raise UploadError(
                    _("%(name)s, line %(line)s: the row has more than %(limit)s columns.")
                    % {"name": name, "line": n(text.line_number), "limit": n(limits.max_columns)}
                )
            rows += 1
            if rows > limits.max_rows + 1:  # the header is the first record
                raise UploadError(
                    _(
                        "%(name)s, row %(row)s: the file has more than %(limit)s rows; split "
                        "the file."
                    )
                    % {"name": name, "row": n(records), "limit": n(limits.max_rows)}
                )
            yield record
    finally:
        text.detach_handle()


def _chain(first: str, rest) -> Iterator[str]:
    yield first
    yield from rest


def _long_field(name: str, line: int, limits: Limits) -> UploadError:
    return UploadError(
        _("%(name)s, line %(line)s: a value is longer than %(limit)s characters.")
        % {"name": name, "line": n(line), "limit": n(limits.max_cell_chars)}
    )
