"""Backup and restore: the database and the uploaded files in one archive, exactly.

A backup is a ZIP archive:

    manifest.json              format and version, when, from which database engine, the
                               migrations applied (the schema), and for every member its
                               size, SHA-256 and (for tables) row count and columns
    db/<table>.jsonl           one JSON array per row, columns in the manifest's order
                               (alianza/operations/codec.py says how each type is written)
    media/<name>               every file of the default storage (MEDIA_ROOT)

Rows are read and written as a stream, table by table, so memory stays flat however large
the database. A restore verifies the whole archive first (manifest, every checksum, every
line parsed and every value read back as its column's type) and only then writes, in one
transaction, into an empty database migrated to the same schema; the uploaded files are
written inside that transaction and removed again if it fails.

A restore replaces the whole database, its audit trail included, so it cannot be recorded
in that trail: it is written to the log (logger `alianza.operations`) and the command
prints what it restored.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import os
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

import django
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.core.files.utils import validate_file_name
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from alianza.audit.guard import bulk_writes_allowed
from alianza.operations import codec
from alianza.operations.tables import MIGRATE_CREATED, Table, applied_migrations, tables

logger = logging.getLogger("alianza.operations")

FORMAT = "alianza-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1 << 20
ROWS_PER_READ = 2000
ROWS_PER_INSERT = 500


class BackupError(Exception):
    """A backup that cannot be made, or an archive that will not be restored; the message
    says why (and, for a restore, that nothing was written)."""


@dataclass
class BackupSummary:
    path: Path
    size: int
    rows: dict[str, int]
    media_files: int
    media_bytes: int
    seconds: float

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


@dataclass
class RestoreSummary:
    path: Path
    created_at: str
    engine: str
    rows: dict[str, int]
    media_files: int
    media_bytes: int
    seconds: float
    written: bool
    media_skipped: int = 0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


# Backup -------------------------------------------------------------------------------


def backup_create(
    *, target: Path, using: str = DEFAULT_DB_ALIAS, storage: Storage | None = None
) -> BackupSummary:
    """Write a backup of the database `using` and of the uploaded files to `target`.

    The file appears at `target` only once it is whole; it is readable by its owner only
    (it holds password hashes, sessions and tokens)."""
    storage = storage or default_storage
    connection = connections[using]
    started = time.monotonic()
    target = Path(target)
    location = getattr(storage, "location", None)
    if location and target.resolve().is_relative_to(Path(location).resolve()):
        raise BackupError(
            f"{target} is inside MEDIA_ROOT ({location}): the backup would contain itself. "
            "Write it to another folder."
        )
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    partial = Path(name)
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            created_at = _now()
            with _consistent_snapshot(using):
                migrations = applied_migrations(connection)
                entries = [_write_table(archive, table, using) for table in tables()]
            media = [_write_media(archive, storage, name) for name in media_names(storage)]
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": created_at,
                "database": {
                    "engine": connection.vendor,
                    "engine_version": _engine_version(connection),
                    "django": django.get_version(),
                },
                "migrations": migrations,
                "tables": entries,
                "media": media,
            }
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    summary = BackupSummary(
        path=target,
        size=target.stat().st_size,
        rows={entry["model"]: entry["rows"] for entry in entries},
        media_files=len(media),
        media_bytes=sum(item["size"] for item in media),
        seconds=time.monotonic() - started,
    )
    logger.info(
        "Backup of database %r written to %s: %d rows in %d tables, %d uploaded files, %d bytes.",
        using,
        target,
        summary.total_rows,
        len(entries),
        summary.media_files,
        summary.size,
    )
    return summary


def _now() -> str:
    return timezone.now().astimezone(datetime.UTC).isoformat(timespec="microseconds")


def _engine_version(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor == "postgresql":
        return str(getattr(connection, "pg_version", ""))
    if connection.vendor == "sqlite":
        import sqlite3

        return sqlite3.sqlite_version
    return ""


@contextmanager
def _consistent_snapshot(using: str) -> Iterator[None]:
    """Read every table from one view of the database: one transaction (on PostgreSQL
    repeatable read, so that writers carry on; on SQLite writers wait for the backup)."""
    connection = connections[using]
    if connection.in_atomic_block:
        # Already inside a transaction (a test, a caller's block): its view is the one.
        with transaction.atomic(using=using):
            yield
        return
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def _write_table(archive: zipfile.ZipFile, table: Table, using: str) -> dict:
    encoders = [codec.encoder(column.kind) for column in table.columns]
    attnames = [f.attname for f in table.fields]
    rows = (
        table.model._base_manager.using(using)
        .order_by(table.model._meta.pk.attname)
        .values_list(*attnames)
        .iterator(chunk_size=ROWS_PER_READ)
    )
    digest, size, count = hashlib.sha256(), 0, 0
    with archive.open(table.member, "w", force_zip64=True) as out:
        lines: list[bytes] = []
        for row in rows:
            values = [encode(value) for encode, value in zip(encoders, row, strict=True)]
            line = json.dumps(values, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
            lines.append(line.encode() + b"\n")
            count += 1
            if len(lines) >= ROWS_PER_READ:
                size += _flush(out, lines, digest)
        size += _flush(out, lines, digest)
    return {
        "model": table.label,
        "table": table.name,
        "file": table.member,
        "columns": table.describe(),
        "rows": count,
        "size": size,
        "sha256": digest.hexdigest(),
    }


def _flush(out: IO[bytes], lines: list[bytes], digest: Any) -> int:
    data = b"".join(lines)
    lines.clear()
    digest.update(data)
    out.write(data)
    return len(data)


def media_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file of the storage, folders first-level first, in name order."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}{name}"
    for name in sorted(folders):
        yield from media_names(storage, f"{folder}{name}/")


def _media_member(name: str) -> str:
    return f"media/{name}"


def _write_media(archive: zipfile.ZipFile, storage: Storage, name: str) -> dict:
    digest, size = hashlib.sha256(), 0
    with (
        storage.open(name, "rb") as source,
        archive.open(_media_member(name), "w", force_zip64=True) as out,
    ):
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
            size += len(chunk)
    return {"name": name, "file": _media_member(name), "size": size, "sha256": digest.hexdigest()}


# Restore ------------------------------------------------------------------------------


def backup_restore(
    *,
    path: Path,
    using: str = DEFAULT_DB_ALIAS,
    storage: Storage | None = None,
    check_only: bool = False,
) -> RestoreSummary:
    """Restore the backup at `path` into the database `using` (empty, migrated to the
    backup's schema) and the default storage.

    Everything is verified before anything is written; any problem raises BackupError and
    leaves the database and the storage as they were. With `check_only`, verify the
    archive against this database's schema and write nothing."""
    storage = storage or default_storage
    connection = connections[using]
    started = time.monotonic()
    path = Path(path)
    with _open_archive(path) as archive:
        manifest = _read_manifest(archive, path)
        by_name = {table.name: table for table in tables()}
        _check_schema(manifest, connection, by_name)
        _check_members(archive, manifest)
        skipped: set[str] = set()
        if not check_only:
            _check_empty(using, by_name.values())
            skipped = _check_media_free(manifest, storage)
        for entry in manifest["tables"]:
            _verify_table(archive, entry, by_name[entry["table"]], connection.vendor)
        for item in manifest["media"]:
            _verify_media(archive, item)
        if not check_only:
            _write(archive, manifest, by_name, using, storage, skipped)
    summary = RestoreSummary(
        path=path,
        created_at=manifest["created_at"],
        engine=manifest["database"]["engine"],
        rows={entry["model"]: entry["rows"] for entry in manifest["tables"]},
        media_files=len(manifest["media"]),
        media_bytes=sum(item["size"] for item in manifest["media"]),
        media_skipped=len(skipped),
        seconds=time.monotonic() - started,
        written=not check_only,
    )
    if not check_only:
        logger.warning(
            "Database %r (%s) restored from %s, a backup made at %s on %s: %d rows in %d "
            "tables and %d uploaded files replace whatever the database held, its audit "
            "trail included.",
            using,
            connection.vendor,
            path,
            summary.created_at,
            summary.engine,
            summary.total_rows,
            len(summary.rows),
            summary.media_files,
        )
    return summary


def _refused(message: str) -> BackupError:
    return BackupError(f"{message} Nothing was written.")


@contextmanager
def _open_archive(path: Path) -> Iterator[zipfile.ZipFile]:
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise _refused(f"{path}: no such file.")
    except IsADirectoryError:
        raise _refused(f"{path} is a directory, not a backup archive.")
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise _refused(
            f"{path} is not a complete backup archive: it is truncated or damaged ({exc})."
        )
    with archive:
        yield archive


def _read_manifest(archive: zipfile.ZipFile, path: Path) -> dict:
    try:
        raw = archive.read(MANIFEST)
    except KeyError:
        raise _refused(f"{path} has no {MANIFEST}: it is not an Alianza backup.")
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
        raise _refused(f"{MANIFEST} is damaged ({exc}).")
    try:
        manifest = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _refused(f"{MANIFEST} is not valid JSON ({exc}).")
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refused(f"{path} is not an Alianza backup ({MANIFEST} names no {FORMAT!r}).")
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise _refused(
            f"The backup's format version is {version!r}; this release of Alianza reads "
            f"version {FORMAT_VERSION} only. Restore it with the release that made it."
        )
    _check_manifest_shape(manifest)
    return manifest


def _check_manifest_shape(manifest: dict) -> None:
    def bad(what: str) -> BackupError:
        return _refused(f"{MANIFEST} is malformed: {what}.")

    if not isinstance(manifest.get("created_at"), str):
        raise bad("no created_at")
    if not isinstance(manifest.get("database"), dict) or not isinstance(
        manifest["database"].get("engine"), str
    ):
        raise bad("no database engine")
    migrations = manifest.get("migrations")
    if not isinstance(migrations, dict) or not all(
        isinstance(names, list) and all(isinstance(n, str) for n in names)
        for names in migrations.values()
    ):
        raise bad("no list of applied migrations")
    entries = manifest.get("tables")
    if not isinstance(entries, list):
        raise bad("no list of tables")
    for entry in entries:
        if not (
            isinstance(entry, dict)
            and all(isinstance(entry.get(k), str) for k in ("model", "table", "file", "sha256"))
            and all(_count(entry.get(k)) for k in ("rows", "size"))
            and isinstance(entry.get("columns"), list)
        ):
            raise bad(f"table entry {entry!r:.80}")
    media = manifest.get("media")
    if not isinstance(media, list):
        raise bad("no list of uploaded files")
    if len({item.get("name") for item in media if isinstance(item, dict)}) != len(media):
        raise bad("an uploaded file is listed twice")
    for item in media:
        if not (
            isinstance(item, dict)
            and all(isinstance(item.get(k), str) for k in ("name", "file", "sha256"))
            and _count(item.get("size"))
        ):
            raise bad(f"uploaded file entry {item!r:.80}")
        try:
            validate_file_name(item["name"], allow_relative_path=True)
        except Exception:
            raise bad(f"uploaded file name {item['name']!r} is not a safe relative path")
        if item["name"].startswith("/") or item["file"] != _media_member(item["name"]):
            raise bad(f"uploaded file name {item['name']!r} is not a safe relative path")


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _check_schema(
    manifest: dict, connection: BaseDatabaseWrapper, by_name: dict[str, Table]
) -> None:
    here = applied_migrations(connection)
    theirs = {app: sorted(names) for app, names in manifest["migrations"].items()}
    if not here:
        raise _refused(
            "This database has no tables yet: run `python manage.py migrate` on it first "
            "(same release as the backup), then restore."
        )
    if here != theirs:
        differences = []
        for app in sorted(set(here) | set(theirs)):
            missing = sorted(set(theirs.get(app, [])) - set(here.get(app, [])))
            extra = sorted(set(here.get(app, [])) - set(theirs.get(app, [])))
            if missing:
                differences.append(f"{app}: the backup has {', '.join(missing)} (not here)")
            if extra:
                differences.append(f"{app}: this database has {', '.join(extra)} (not in it)")
        shown = "; ".join(differences[:6])
        more = f" (and {len(differences) - 6} more)" if len(differences) > 6 else ""
        raise _refused(
            "The backup was made with a different database schema: "
            f"{shown}{more}. Restore it into a database migrated with the release that "
            "made it (then upgrade and migrate), or migrate this one to the same migrations."
        )
    listed = {entry["table"]: entry for entry in manifest["tables"]}
    if len(listed) != len(manifest["tables"]):
        raise _refused(f"{MANIFEST} lists a table twice: it has been altered.")
    if set(listed) != set(by_name):
        missing = sorted(set(by_name) - set(listed))
        extra = sorted(set(listed) - set(by_name))
        raise _refused(
            "The backup's tables are not this release's: "
            f"missing {', '.join(missing) or 'none'}; unknown {', '.join(extra) or 'none'}."
        )
    for name, entry in listed.items():
        table = by_name[name]
        if entry["columns"] != table.describe() or entry["file"] != table.member:
            raise _refused(
                f"The backup's table {name} has other columns than this release's "
                f"({entry['columns']!r:.200} instead of {table.describe()!r:.200})."
            )


def _check_members(archive: zipfile.ZipFile, manifest: dict) -> None:
    expected = {entry["file"] for entry in manifest["tables"]}
    expected |= {item["file"] for item in manifest["media"]}
    present = set(archive.namelist()) - {MANIFEST}
    missing = sorted(expected - present)
    if missing:
        raise _refused(
            f"The archive is incomplete: {', '.join(missing[:5])}"
            f"{' and more' if len(missing) > 5 else ''} listed in {MANIFEST} but missing."
        )
    extra = sorted(present - expected)
    if extra:
        raise _refused(
            f"The archive holds {', '.join(extra[:5])}, not listed in {MANIFEST}: it has been "
            "altered."
        )


def _check_empty(using: str, all_tables: Iterable[Table]) -> None:
    filled = [
        table.name
        for table in all_tables
        if table.label not in MIGRATE_CREATED and table.model._base_manager.using(using).exists()
    ]
    if filled:
        shown = ", ".join(filled[:5]) + (f" and {len(filled) - 5} more" if len(filled) > 5 else "")
        raise _refused(
            f"The database is not empty ({shown} hold rows). A restore only writes into a "
            "new, empty database, so that nothing in it is lost or mixed with the backup: "
            "create one, run `python manage.py migrate`, then restore."
        )


def _sha256_of(storage: Storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _check_media_free(manifest: dict, storage: Storage) -> set[str]:
    """Uploaded files already in the storage: identical ones are left alone (returned),
    different ones refuse the restore."""
    same, different = set(), []
    for item in manifest["media"]:
        if storage.exists(item["name"]):
            if _sha256_of(storage, item["name"]) == item["sha256"]:
                same.add(item["name"])
            else:
                different.append(item["name"])
    if different:
        raise _refused(
            "The uploaded files' folder already holds other files under the backup's names "
            f"({', '.join(different[:5])}{' and more' if len(different) > 5 else ''}): "
            "restore into an empty MEDIA_ROOT, or move those files away first."
        )
    return same


class _HashingReader:
    """Reads a member, counting and hashing what it reads; damage becomes BackupError."""

    def __init__(self, archive: zipfile.ZipFile, member: str) -> None:
        self.member = member
        self.handle = archive.open(member)
        self.digest = hashlib.sha256()
        self.size = 0

    def _guard(self, read):
        try:
            data = read()
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
            raise _refused(f"{self.member} is damaged ({exc}).")
        self.digest.update(data)
        self.size += len(data)
        return data

    def lines(self) -> Iterator[bytes]:
        while line := self._guard(self.handle.readline):
            yield line

    def read(self, size: int = -1) -> bytes:
        return self._guard(lambda: self.handle.read(size))

    def check(self, entry: dict) -> None:
        if self.size != entry["size"] or self.digest.hexdigest() != entry["sha256"]:
            raise _refused(
                f"{self.member} does not match its checksum in {MANIFEST} "
                f"({self.size} bytes read, {entry['size']} expected): the file is damaged."
            )

    def close(self) -> None:
        self.handle.close()


def _rows(reader: _HashingReader, table: Table, vendor: str) -> Iterator[list]:
    """The rows of a table file as Python values; BadValue names the line and column."""
    columns = table.columns
    enforce_length = vendor != "sqlite"
    for number, line in enumerate(reader.lines(), start=1):
        where = f"{reader.member}, line {number}"
        if not line.endswith(b"\n"):
            raise codec.BadValue(f"{where}: the line is cut short")
        try:
            values = json.loads(line)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise codec.BadValue(f"{where}: not valid JSON ({exc})")
        if not isinstance(values, list) or len(values) != len(columns):
            raise codec.BadValue(
                f"{where}: expected a list of {len(columns)} values, got {str(values)[:80]}"
            )
        row = []
        for column, value in zip(columns, values, strict=True):
            try:
                row.append(column.decode(value, enforce_length=enforce_length))
            except codec.BadValue as exc:
                raise codec.BadValue(f"{where}, column {column.name}: {exc}")
        if vendor == "postgresql" and b"\\u0000" in line:
            _refuse_nul(where, columns, row)
        yield row


def _refuse_nul(where: str, columns: Sequence[codec.Column], row: Sequence[Any]) -> None:
    for column, value in zip(columns, row, strict=True):
        text = json.dumps(value) if column.kind == "json" else value
        if isinstance(text, str) and ("\x00" in text or "\\u0000" in text):
            raise codec.BadValue(
                f"{where}, column {column.name}: a NUL character, which PostgreSQL cannot store"
            )


def _verify_table(archive: zipfile.ZipFile, entry: dict, table: Table, vendor: str) -> None:
    reader = _HashingReader(archive, entry["file"])
    problem, count = None, 0
    try:
        rows = _rows(reader, table, vendor)
        while True:
            try:
                next(rows)
            except StopIteration:
                break
            except codec.BadValue as exc:
                # Keep hashing to the end: a damaged file is reported as damaged.
                problem = problem or str(exc)
                for _line in reader.lines():
                    pass
                break
            count += 1
    finally:
        reader.close()
    reader.check(entry)
    if problem:
        raise _refused(f"A row cannot be read: {problem}.")
    if count != entry["rows"]:
        raise _refused(f"{entry['file']} holds {count} rows; {MANIFEST} says {entry['rows']}.")


def _verify_media(archive: zipfile.ZipFile, item: dict) -> None:
    reader = _HashingReader(archive, item["file"])
    try:
        while reader.read(CHUNK):
            pass
    finally:
        reader.close()
    reader.check(item)


def _write(
    archive: zipfile.ZipFile,
    manifest: dict,
    by_name: dict[str, Table],
    using: str,
    storage: Storage,
    skipped: set[str],
) -> None:
    connection = connections[using]
    ordered = [table for table in tables() if table.name in by_name]
    entries = {entry["table"]: entry for entry in manifest["tables"]}
    written: list[str] = []
    try:
        # A restore is the one maintenance operation that writes every table without the
        # services: rows go in as they were (no auto_now, no signals, no audit records).
        # durable: it commits on its own, never inside a caller's transaction (the files it
        # writes are removed on failure on the premise that the rows were not kept either).
        with bulk_writes_allowed(), transaction.atomic(using=using, durable=True):
            with connection.cursor() as cursor:
                for table in reversed(ordered):
                    if table.label in MIGRATE_CREATED:
                        # Table names come from the models, never from the archive.
                        delete = f"DELETE FROM {connection.ops.quote_name(table.name)}"  # noqa: S608
                        cursor.execute(delete)
                for table in ordered:
                    _insert_table(archive, entries[table.name], table, connection, cursor)
            connection.check_constraints(table_names=[table.name for table in ordered])
            with connection.cursor() as cursor:
                models = [table.model for table in ordered]
                for statement in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(statement)
            for item in manifest["media"]:
                if item["name"] in skipped:
                    continue
                reader = _HashingReader(archive, item["file"])
                try:
                    # File only reads the reader, which hashes what passes through.
                    stream = cast(IO[bytes], reader)
                    saved = storage.save(item["name"], File(stream, name=item["name"]))
                finally:
                    reader.close()
                written.append(saved)
                reader.check(item)
                if saved != item["name"]:
                    raise _refused(
                        f"The uploaded file {item['name']} was stored as {saved}: the folder "
                        "changed during the restore."
                    )
    except BackupError:
        _remove(storage, written)
        raise
    except codec.BadValue as exc:
        _remove(storage, written)
        raise _refused(f"A row cannot be read: {exc}.")
    except DatabaseError as exc:
        _remove(storage, written)
        raise _refused(f"The database refused the backup's rows ({exc}).")
    except BaseException:
        _remove(storage, written)
        raise
    _forget_cached_content_types()


def _insert_table(
    archive: zipfile.ZipFile,
    entry: dict,
    table: Table,
    connection: BaseDatabaseWrapper,
    cursor: Any,
) -> None:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column.name) for column in table.columns)
    marks = ", ".join(["%s"] * len(table.columns))
    sql = f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({marks})"  # noqa: S608
    prepare = [
        _preparer(field, column, connection)
        for field, column in zip(table.fields, table.columns, strict=True)
    ]
    converting = [(index, prep) for index, prep in enumerate(prepare) if prep is not None]
    reader = _HashingReader(archive, entry["file"])
    try:
        batch = []
        for row in _rows(reader, table, connection.vendor):
            for index, prep in converting:
                row[index] = prep(row[index])
            batch.append(row)
            if len(batch) >= ROWS_PER_INSERT:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
    finally:
        reader.close()
    # The archive was verified; this catches a file changed on disk since.
    reader.check(entry)


#: Kinds whose decoded value is already what the database driver takes.
_AS_IS = {"integer", "string", "boolean"}


def _preparer(
    model_field: Any, column: codec.Column, connection: BaseDatabaseWrapper
) -> Callable[[Any], Any] | None:
    if column.kind in _AS_IS:
        return None
    if column.kind == "json" and not column.null:
        # A JSON null in a column that may not be NULL is the JSON value null.
        def prepare_json(value: Any) -> Any:
            if value is None:
                return connection.ops.adapt_json_value(None, model_field.encoder)
            return model_field.get_db_prep_save(value, connection)

        return prepare_json
    return lambda value: model_field.get_db_prep_save(value, connection)


def _remove(storage: Storage, names: list[str]) -> None:
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.exception("Could not remove %s after a failed restore.", name)


def _forget_cached_content_types() -> None:
    from django.apps import apps

    if apps.is_installed("django.contrib.contenttypes"):
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()
