"""A product's files, checked before they are kept: type by content, size, no executable
content; and the text they hold, extracted for the search.

- The type is read from the file's first bytes (`filetype`), never from its name or the
  browser's word, and must agree with the name's extension: a file named `.pdf` that is not
  a PDF is refused. Only documents, spreadsheets, presentations, images, audio, video and
  plain text (CSV, TXT) are taken.
- Executables, old binary Office files (DOC, XLS, PPT: they carry macros unseen),
  macro-enabled Office files (a `vbaProject.bin` part, a macro-enabled content type) and PDFs
  with JavaScript, launch actions or embedded files are refused, as are encrypted PDFs and
  archives (their content cannot be checked).
- Office files are ZIP archives: their directory passes `core.uploads.open_zip` (member
  count, declared sizes, compression ratio, encryption) before any part is read.
- The size limit is `KNOWLEDGE_MAX_FILE_BYTES`; the text kept per file is bounded by
  `KNOWLEDGE_MAX_TEXT_CHARS`.

`check_file(upload)` answers a `CheckedFile` (name, media type, size, SHA-256, text) or
raises `UploadError` with a translated message naming the file.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass
from typing import IO

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

from alianza.core.uploads import (
    CHUNK,
    Limits,
    UploadError,
    XlsxReader,
    check_not_empty,
    check_size,
    file_size,
    open_zip,
)

#: Extension -> media type of the files a product may have (detected by content).
ALLOWED = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "png": "image/png",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "mp4": "video/mp4",
    "webm": "video/webm",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "ogg": "audio/ogg",
    "wav": "audio/x-wav",
    "csv": "text/csv",
    "txt": "text/plain",
}
#: Names that mean the same type as the detected one.
SYNONYMS = {"jpeg": "jpg", "mpeg": "mp3"}
TEXT_TYPES = {"csv", "txt"}
OFFICE_ZIPS = {"docx", "xlsx", "pptx", "odt", "ods", "odp"}
MACRO_PARTS = re.compile(r"(^|/)vbaproject\.bin$|(^|/)basic/|(^|/)scripts/", re.IGNORECASE)
PDF_ACTIVE = {"/JavaScript", "/JS", "/Launch", "/EmbeddedFiles", "/EmbeddedFile", "/RichMedia"}
#: Objects of a PDF looked at for active content (a bound against a file of millions).
PDF_MAX_OBJECTS = 200_000


@dataclass(frozen=True)
class CheckedFile:
    name: str
    extension: str
    media_type: str
    size: int
    sha256: str
    text: str


def _refuse(message: str, name: str) -> UploadError:
    return UploadError(message % {"name": name})


def _extension(name: str) -> str:
    ext = posixpath.splitext(name.lower())[1].lstrip(".")
    return SYNONYMS.get(ext, ext)


def _digest(handle: IO[bytes]) -> str:
    digest = hashlib.sha256()
    handle.seek(0)
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        digest.update(chunk)
    handle.seek(0)
    return digest.hexdigest()


def _detected(handle: IO[bytes]) -> str | None:
    handle.seek(0)
    head = handle.read(8192)
    handle.seek(0)
    kind = filetype.guess(head)
    return SYNONYMS.get(kind.extension, kind.extension) if kind else None


def _is_plain_text(handle: IO[bytes]) -> bool:
    handle.seek(0)
    head = handle.read(65536)
    handle.seek(0)
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        if exc.start < len(head) - 4:
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return False
    return True


def check_file(handle: IO[bytes], name: str) -> CheckedFile:
    """The file, checked, with its text; `UploadError` names the file and the reason."""
    name = posixpath.basename((name or "").replace("\\", "/"))[:255] or "file"
    size = file_size(handle)
    check_not_empty(name, size)
    check_size(name, size, settings.KNOWLEDGE_MAX_FILE_BYTES)
    claimed = _extension(name)
    detected = _detected(handle)
    if claimed in TEXT_TYPES and detected is None:
        if not _is_plain_text(handle):
            raise _refuse(_("%(name)s is not a text file, as its name says."), name)
        detected = claimed
    if detected in {"exe", "elf", "wasm", "crx", "deb", "rpm", "swf"}:
        raise _refuse(_("%(name)s is a program; executable files are refused."), name)
    if detected in {"doc", "xls", "ppt"}:
        raise _refuse(
            _(
                "%(name)s is an old binary Office file, which may hold macros unseen; "
                "save it as DOCX, XLSX or PPTX."
            ),
            name,
        )
    if claimed in {"docm", "xlsm", "pptm", "dotm", "xltm", "potm"}:
        raise _refuse(_("%(name)s is a macro-enabled Office file; refused."), name)
    if claimed in ALLOWED and claimed != detected and (detected is None or detected not in ALLOWED):
        raise UploadError(
            _("%(name)s claims to be %(claimed)s but its content is not; refused.")
            % {"name": name, "claimed": claimed.upper()}
        )
    if detected is None or detected not in ALLOWED:
        raise UploadError(
            _("%(name)s is not a kind of file a product may have (%(kinds)s).")
            % {"name": name, "kinds": ", ".join(sorted(ALLOWED))}
        )
    if claimed != detected:
        raise UploadError(
            _("%(name)s claims to be %(claimed)s but its content is %(detected)s; refused.")
            % {"name": name, "claimed": claimed.upper() or "?", "detected": detected.upper()}
        )
    text = ""
    if detected == "pdf":
        text = _pdf_text(handle, name)
    elif detected in OFFICE_ZIPS:
        text = _office_text(handle, name, detected)
    elif detected in TEXT_TYPES:
        text = _plain_text(handle)
    return CheckedFile(
        name=name,
        extension=detected,
        media_type=ALLOWED[detected],
        size=size,
        sha256=_digest(handle),
        text=text[: settings.KNOWLEDGE_MAX_TEXT_CHARS],
    )


# --- PDF ---------------------------------------------------------------------------------------


def _pdf_text(handle: IO[bytes], name: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    handle.seek(0)
    try:
        reader = PdfReader(handle, strict=False)
        if reader.is_encrypted:
            raise _refuse(_("%(name)s is an encrypted PDF; its content cannot be checked."), name)
        _check_pdf_objects(reader, name)
        budget = settings.KNOWLEDGE_MAX_TEXT_CHARS
        parts: list[str] = []
        for page in reader.pages:
            parts.append(page.extract_text() or "")
            budget -= len(parts[-1])
            if budget <= 0:
                break
    except UploadError:
        raise
    except (
        PdfReadError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        RecursionError,
        OSError,
    ) as exc:
        raise UploadError(
            _("%(name)s is not a readable PDF: %(error)s") % {"name": name, "error": exc}
        )
    finally:
        handle.seek(0)
    return "\n".join(parts)


def _check_pdf_objects(reader, name: str) -> None:
    """Refuse JavaScript, launch actions and embedded files anywhere in the document: the
    walk starts at the trailer and follows every reference once."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    active = _("%(name)s holds JavaScript, a launch action or an embedded file; refused.")
    seen: set[tuple[int, int]] = set()
    stack: list = [reader.trailer]
    count = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            count += 1
            if count > PDF_MAX_OBJECTS:
                raise _refuse(_("%(name)s has too many objects to be checked; refused."), name)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            for key, value in item.items():
                if key in PDF_ACTIVE:
                    raise _refuse(active, name)
                if key == "/S" and isinstance(value, NameObject) and value in PDF_ACTIVE:
                    raise _refuse(active, name)
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(item)


# --- Office files ------------------------------------------------------------------------------


def _limits() -> Limits:
    return Limits.from_settings(max_bytes=settings.KNOWLEDGE_MAX_FILE_BYTES, max_rows=1_000_000)


def _office_text(handle: IO[bytes], name: str, extension: str) -> str:
    handle.seek(0)
    archive = open_zip(handle, name=name, limits=_limits())
    try:
        names = archive.namelist()
        if any(MACRO_PARTS.search(member) for member in names):
            raise _refuse(_("%(name)s is a macro-enabled Office file; refused."), name)
        if "[Content_Types].xml" in names:
            types = archive.read("[Content_Types].xml")
            if b"macroEnabled" in types or b"vbaProject" in types:
                raise _refuse(_("%(name)s is a macro-enabled Office file; refused."), name)
    finally:
        archive.close()
    handle.seek(0)
    try:
        if extension == "docx":
            return _docx_text(handle)
        if extension == "xlsx":
            return _xlsx_text(handle, name)
    finally:
        handle.seek(0)
    return ""


def _docx_text(handle: IO[bytes]) -> str:
    import docx

    try:
        document = docx.Document(handle)
    except Exception:  # a damaged document still gets stored; it has no text to search
        return ""
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(p for p in parts if p)


def _xlsx_text(handle: IO[bytes], name: str) -> str:
    reader = XlsxReader(handle, name=name, limits=_limits())
    try:
        parts: list[str] = []
        budget = settings.KNOWLEDGE_MAX_TEXT_CHARS
        for row in reader.rows():
            line = " ".join(str(v) for v in row if v not in (None, ""))
            if line:
                parts.append(line)
                budget -= len(line)
                if budget <= 0:
                    break
        return "\n".join(parts)
    finally:
        reader.close()


def _plain_text(handle: IO[bytes]) -> str:
    handle.seek(0)
    raw = handle.read(settings.KNOWLEDGE_MAX_TEXT_CHARS * 4)
    handle.seek(0)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")
