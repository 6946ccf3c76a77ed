"""Accepting a file to import, safely.

- A file over IATI_MAX_FILE_BYTES (60,000,000 bytes, the IATI Registry's limit) is refused.
- A gzip or ZIP file is decompressed by streaming, and refused as soon as the
  decompressed text passes IATI_MAX_DECOMPRESSED_BYTES (a ZIP's declared sizes are not
  trusted). A ZIP must hold exactly one file.
- A DOCTYPE is refused before any XML parser sees the file: IATI files never need one,
  and a DTD is how XML reads local files, the network or expands entities without end.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_noop

from alianza.core import uploads
from alianza.core.texts import show

CHUNK = 1024 * 1024
_PROLOG_LIMIT = 1024 * 1024  # bytes of prolog (declaration, comments) we read at most
#: Entries (folders included) a ZIP may list; one IATI file is expected.
_MAX_ZIP_ENTRIES = 16


class SourceError(Exception):
    """The file is refused as a whole; the message says why. It is kept as its English
    message and values (alianza.core.texts), and str() gives it in the active language."""

    def __init__(self, message: str, **params: Any) -> None:
        self.message, self.params = message, params
        super().__init__(message)

    def __str__(self) -> str:
        return show(self.message, self.params)


_UNREADABLE_GZIP = gettext_noop("The gzip file cannot be read: %(error)s")
_UNREADABLE_ZIP = gettext_noop("The ZIP file cannot be read: %(error)s")
_ZIP_FILES = gettext_noop(
    "The ZIP file holds %(count)s files; upload one IATI XML file (alone, or alone in a ZIP)."
)


def max_file_bytes() -> int:
    return settings.IATI_MAX_FILE_BYTES


def max_decompressed_bytes() -> int:
    return settings.IATI_MAX_DECOMPRESSED_BYTES


def too_big(size: int, limit: int) -> SourceError:
    return SourceError(
        gettext_noop(
            "The file is %(size)s bytes; files over %(limit)s bytes are refused (the IATI "
            "Registry's limit). Split it into several files."
        ),
        size=size,
        limit=limit,
    )


class _Reader(Protocol):
    """What _copy_limited reads from: an open binary file, a gzip or a ZIP member."""

    def read(self, size: int = -1, /) -> bytes: ...


def _copy_limited(reader: _Reader, target: Path, limit: int) -> int:
    written = 0
    with target.open("wb") as out:
        while True:
            chunk = reader.read(CHUNK)
            if not chunk:
                break
            written += len(chunk)
            if written > limit:
                raise SourceError(
                    gettext_noop(
                        "The compressed file expands to more than %(limit)s bytes; refused "
                        "(limit on decompressed size)."
                    ),
                    limit=limit,
                )
            out.write(chunk)
    return written


def prepare(path: Path) -> tuple[Path, bool]:
    """The XML file to parse, and whether it is a temporary file the caller must remove.

    Raises SourceError when the file is too big, a bad archive, or expands too much."""
    path = Path(path)
    size = path.stat().st_size
    if size > max_file_bytes():
        raise too_big(size, max_file_bytes())
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic[:2] == b"\x1f\x8b":
        fd, name = tempfile.mkstemp(suffix=".xml", dir=path.parent)
        os.close(fd)
        target = Path(name)
        try:
            with gzip.open(path, "rb") as reader:
                _copy_limited(reader, target, max_decompressed_bytes())
        except (OSError, EOFError) as exc:
            target.unlink(missing_ok=True)
            raise SourceError(
                gettext_noop("The gzip file cannot be read: %(error)s"), error=str(exc)
            )
        except SourceError:
            target.unlink(missing_ok=True)
            raise
        return target, True
    if magic == b"PK\x03\x04":
        with path.open("rb") as handle:
            directory = uploads.zip_directory(handle)
        if directory is not None and (
            directory[0] > _MAX_ZIP_ENTRIES or directory[1] > _MAX_ZIP_ENTRIES * 1024
        ):
            # Refused from the end record, before zipfile builds an entry per member.
            raise SourceError(_ZIP_FILES, count=directory[0])
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile as exc:
            raise SourceError(
                gettext_noop("The ZIP file cannot be read: %(error)s"), error=str(exc)
            )
        with archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if len(members) != 1:
                raise SourceError(_ZIP_FILES, count=len(members))
            member = members[0]
            if member.flag_bits & 0x1:
                raise SourceError(gettext_noop("The ZIP file is encrypted."))
            if member.file_size > max_decompressed_bytes():
                raise SourceError(
                    gettext_noop(
                        "The ZIP file expands to %(size)s bytes; more than %(limit)s bytes is "
                        "refused."
                    ),
                    size=member.file_size,
                    limit=max_decompressed_bytes(),
                )
            fd, name = tempfile.mkstemp(suffix=".xml", dir=path.parent)
            os.close(fd)
            target = Path(name)
            try:
                with archive.open(member) as reader:
                    _copy_limited(reader, target, max_decompressed_bytes())
            except (zipfile.BadZipFile, OSError, NotImplementedError) as exc:
                target.unlink(missing_ok=True)
                raise SourceError(
                    gettext_noop("The ZIP file cannot be read: %(error)s"), error=str(exc)
                )
            except SourceError:
                target.unlink(missing_ok=True)
                raise
        return target, True
    return path, False


_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


def _decode_prolog(head: bytes) -> bytes:
    """UTF-16/32 files: decode the head so that the DOCTYPE check sees the markup."""
    for bom, codec in (
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if head.startswith(bom):
            return head[len(bom) :].decode(codec, errors="ignore").encode("utf-8")
    if head[:4] in (b"<\x00?\x00", b"<\x00\x00\x00"):
        return head.decode("utf-16-le", errors="ignore").encode("utf-8")
    if head[:4] in (b"\x00<\x00?", b"\x00\x00\x00<"):
        return head.decode("utf-16-be", errors="ignore").encode("utf-8")
    return head


def refuse_doctype(path: Path) -> None:
    """Raise SourceError if the file declares a DOCTYPE (checked before parsing)."""
    with Path(path).open("rb") as handle:
        head = handle.read(_PROLOG_LIMIT)
    text = _decode_prolog(head)
    # Skip the prolog: XML declaration, comments, processing instructions, whitespace.
    position = 0
    while True:
        while position < len(text) and text[position : position + 1].isspace():
            position += 1
        if text.startswith(b"\xef\xbb\xbf", position):
            position += 3
            continue
        if text.startswith(b"<?", position):
            end = text.find(b"?>", position)
            if end < 0:
                break
            position = end + 2
            continue
        if text.startswith(b"<!--", position):
            end = text.find(b"-->", position)
            if end < 0:
                break
            position = end + 3
            continue
        break
    if _DOCTYPE.match(text, position):
        raise SourceError(
            gettext_noop(
                "The file declares a DOCTYPE. IATI files never need one, and Alianza refuses "
                "them so that no file can make the server read local files or the network."
            )
        )
    if position >= len(text) and len(head) == _PROLOG_LIMIT:
        raise SourceError(
            gettext_noop("The file's prolog (comments before the root element) is too long.")
        )


def sha256(path: Path) -> str:
    with Path(path).open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def store_upload(uploaded: UploadedFile, folder: Path) -> Path:
    """Copy an uploaded file to `folder` in chunks, refusing it past the size limit."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(suffix=".upload", dir=folder)
    target = Path(name)
    written = 0
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in uploaded.chunks():
                written += len(chunk)
                if written > max_file_bytes():
                    raise too_big(getattr(uploaded, "size", written), max_file_bytes())
                out.write(chunk)
    except SourceError:
        target.unlink(missing_ok=True)
        raise
    return target


def copy_to(path: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(suffix=".upload", dir=folder)
    os.close(fd)
    shutil.copyfile(path, name)
    return Path(name)
