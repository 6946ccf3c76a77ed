"""Restore in this process: a backup comes back whole into an emptied database, and a
damaged, truncated, altered or mismatched backup is refused with a message that names the
problem, before anything is written (no row, no file)."""

from __future__ import annotations

import hashlib
import json
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from alianza.accounts.tests.factories import InstitutionFactory
from alianza.audit.guard import bulk_writes_allowed
from alianza.initiatives.models import Initiative
from alianza.operations.services import BackupError, backup_create, backup_restore, media_names
from alianza.operations.tables import MIGRATE_CREATED, tables
from alianza.operations.tests import dataset, probe

pytestmark = pytest.mark.django_db
INITIATIVES = "db/initiatives_initiative.jsonl"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def original(cast, tmp_path):
    """The shared cast, an uploaded file and a timestamp with microseconds, backed up."""
    default_storage.save(dataset.BINARY_NAME, ContentFile(bytes(range(256))))
    with bulk_writes_allowed():
        Initiative.objects.filter(pk=cast.public_initiative.pk).update(
            updated_at=dataset.STAMPS["updated_at"]
        )
    rows, files = probe.database_rows(), probe.media_files()
    archive = tmp_path / "backup.zip"
    backup_create(target=archive)
    return archive, rows, files


def _empty_everything() -> None:
    """What a new server has: a migrated database without rows, no uploaded files."""
    with connection.cursor() as cursor, bulk_writes_allowed():
        for table in tables():
            if table.label not in MIGRATE_CREATED:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table.name)}")  # noqa: S608
    for name in list(media_names(default_storage)):
        default_storage.delete(name)


def _assert_nothing_written() -> None:
    filled = {
        name: len(rows)
        for name, rows in probe.database_rows().items()
        if rows and name not in ("django_content_type", "auth_permission")
    }
    assert filled == {}
    assert list(media_names(default_storage)) == []


def _rewrite(source: Path, target: Path, *, members=None, manifest=None, checksums=True):
    """Copy an archive, replacing members' bytes (None drops one) and editing its manifest;
    with `checksums` the manifest is made to agree with the new bytes."""
    members = members or {}
    with zipfile.ZipFile(source) as old:
        data = {name: old.read(name) for name in old.namelist()}
    for name, content in members.items():
        if content is None:
            data.pop(name)
        else:
            data[name] = content
    book = json.loads(data["manifest.json"])
    if checksums:
        for entry in book["tables"] + book["media"]:
            if entry["file"] in members and members[entry["file"]] is not None:
                entry["sha256"] = hashlib.sha256(data[entry["file"]]).hexdigest()
                entry["size"] = len(data[entry["file"]])
                if "rows" in entry:
                    entry["rows"] = data[entry["file"]].count(b"\n")
    if manifest:
        manifest(book)
    data["manifest.json"] = json.dumps(book).encode()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for name, content in data.items():
            new.writestr(name, content)
    return target


def _lines(archive: Path, member: str) -> list[bytes]:
    with zipfile.ZipFile(archive) as source:
        return source.read(member).splitlines(keepends=True)


def test_restore_brings_back_every_row_and_file(original, cast):
    archive, rows, files = original
    _empty_everything()
    summary = backup_restore(path=archive)
    assert probe.database_rows() == rows
    assert probe.media_files() == files
    assert summary.rows["initiatives.initiative"] == 2
    restored = Initiative.objects.get(pk=cast.public_initiative.pk)
    assert restored.updated_at == dataset.STAMPS["updated_at"]  # to the microsecond
    # New rows follow the restored ones.
    newest = max(row[0] for row in rows["accounts_institution"])
    assert InstitutionFactory(code="after_restore").pk > newest


def test_restore_command_prints_counts_per_table_and_logs_the_restore(original, caplog):
    archive, _rows, _files = original
    _empty_everything()
    out = StringIO()
    call_command("restore", str(archive), stdout=out)
    text = out.getvalue()
    assert "initiatives.initiative" in text and "Restored into database 'default'" in text
    assert "audit trail is the backup's" in text
    assert any("restored from" in r.getMessage() for r in caplog.records)


def test_check_verifies_and_writes_nothing(original):
    archive, _rows, _files = original
    _empty_everything()
    out = StringIO()
    call_command("restore", str(archive), "--check", stdout=out)
    assert "Checked only: nothing was written." in out.getvalue()
    _assert_nothing_written()


def _flip_a_byte_inside(archive: Path, target: Path, member: str) -> Path:
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as source:
        info = source.getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    target.write_bytes(bytes(data))
    return target


def _damage(kind: str, archive: Path, target: Path) -> Path:
    lines = _lines(archive, INITIATIVES)
    if kind == "truncated":
        target.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
        return target
    if kind == "flipped byte":
        return _flip_a_byte_inside(archive, target, INITIATIVES)
    if kind == "changed row, old checksum":
        changed = b"".join([lines[0].replace(b"Public work", b"Public wOrk"), *lines[1:]])
        return _rewrite(archive, target, members={INITIATIVES: changed}, checksums=False)
    if kind == "missing table file":
        return _rewrite(archive, target, members={INITIATIVES: None})
    if kind == "missing uploaded file":
        return _rewrite(archive, target, members={f"media/{dataset.BINARY_NAME}": None})
    if kind == "changed uploaded file":
        member = f"media/{dataset.BINARY_NAME}"
        return _rewrite(archive, target, members={member: b"other"}, checksums=False)
    if kind == "unlisted member":
        return _rewrite(archive, target, members={"db/extra.jsonl": b"[1]\n"})
    if kind == "no manifest":
        _rewrite(archive, target)
        with zipfile.ZipFile(target) as source:
            data = {n: source.read(n) for n in source.namelist() if n != "manifest.json"}
        with zipfile.ZipFile(target, "w") as new:
            for name, content in data.items():
                new.writestr(name, content)
        return target
    if kind == "wrong format version":
        return _rewrite(archive, target, manifest=lambda m: m.update(format_version=2))
    if kind == "row that is not JSON":
        return _rewrite(archive, target, members={INITIATIVES: b"[1, 2,\n" + b"".join(lines)})
    if kind == "row with a missing value":
        short = json.dumps(json.loads(lines[0])[:-1]).encode() + b"\n"
        return _rewrite(archive, target, members={INITIATIVES: short + b"".join(lines[1:])})
    if kind == "datetime that is not one":
        row = json.loads(lines[0])
        index = [c[0] for c in _columns(archive, INITIATIVES)].index("created_at")
        row[index] = "yesterday"
        bad = json.dumps(row).encode() + b"\n"
        return _rewrite(archive, target, members={INITIATIVES: bad + b"".join(lines[1:])})
    if kind == "row count that disagrees":

        def more_rows(book):
            for entry in book["tables"]:
                if entry["file"] == INITIATIVES:
                    entry["rows"] += 1

        return _rewrite(archive, target, manifest=more_rows)
    if kind == "unsafe uploaded file name":

        def escape(book):
            book["media"][0]["name"] = "../../outside.bin"
            book["media"][0]["file"] = "media/../../outside.bin"

        return _rewrite(archive, target, manifest=escape)
    if kind == "table listed twice":
        return _rewrite(
            archive, target, manifest=lambda m: m["tables"].append(dict(m["tables"][0]))
        )
    if kind == "duplicate row the database refuses":
        doubled = b"".join(lines) + lines[0]
        return _rewrite(archive, target, members={INITIATIVES: doubled})
    raise AssertionError(kind)


def _columns(archive: Path, member: str) -> list:
    with zipfile.ZipFile(archive) as source:
        book = json.loads(source.read("manifest.json"))
    return next(entry["columns"] for entry in book["tables"] if entry["file"] == member)


DAMAGE = {
    "truncated": "truncated or damaged",
    "flipped byte": "initiatives_initiative.jsonl",
    "changed row, old checksum": "does not match its checksum",
    "missing table file": "incomplete: db/initiatives_initiative.jsonl",
    "missing uploaded file": f"incomplete: media/{dataset.BINARY_NAME}",
    "changed uploaded file": "does not match its checksum",
    "unlisted member": "db/extra.jsonl, not listed",
    "no manifest": "has no manifest.json",
    "wrong format version": "format version is 2",
    "row that is not JSON": "initiatives_initiative.jsonl, line 1: not valid JSON",
    "row with a missing value": "line 1: expected a list of",
    "datetime that is not one": "line 1, column created_at: 'yesterday' is not an ISO 8601",
    "row count that disagrees": "holds 2 rows; manifest.json says 3",
    "unsafe uploaded file name": "not a safe relative path",
    "table listed twice": "lists a table twice",
    "duplicate row the database refuses": "The database refused the backup's rows",
}


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_a_damaged_backup_is_refused_before_anything_is_written(original, kind, tmp_path):
    archive, _rows, _files = original
    damaged = _damage(kind, archive, tmp_path / "damaged.zip")
    _empty_everything()
    with pytest.raises(BackupError) as refused:
        backup_restore(path=damaged)
    message = str(refused.value)
    assert DAMAGE[kind] in message
    assert message.endswith("Nothing was written.")
    _assert_nothing_written()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite stores NUL characters; PostgreSQL cannot"
)
def test_a_string_postgresql_cannot_store_is_refused_before_anything_is_written(original, tmp_path):
    archive, _rows, _files = original
    lines = _lines(archive, INITIATIVES)
    with_nul = lines[0].replace(b"Public work", b"Public\\u0000work")
    assert with_nul != lines[0]
    damaged = _rewrite(
        archive, tmp_path / "nul.zip", members={INITIATIVES: b"".join([with_nul, *lines[1:]])}
    )
    _empty_everything()
    with pytest.raises(BackupError, match="a NUL character, which PostgreSQL cannot store"):
        backup_restore(path=damaged)
    _assert_nothing_written()


def test_the_command_refuses_a_damaged_backup_with_the_reason(original, tmp_path):
    archive, _rows, _files = original
    damaged = _damage("truncated", archive, tmp_path / "damaged.zip")
    _empty_everything()
    with pytest.raises(CommandError, match="truncated or damaged"):
        call_command("restore", str(damaged))
    _assert_nothing_written()


def test_restore_refuses_a_database_that_is_not_empty(original):
    archive, rows, _files = original
    with pytest.raises(BackupError, match="The database is not empty") as refused:
        backup_restore(path=archive)
    assert "accounts_institution" in str(refused.value)
    assert probe.database_rows() == rows


def test_restore_refuses_a_backup_of_another_schema(original, tmp_path):
    archive, _rows, _files = original

    def newer(book):
        book["migrations"]["initiatives"].append("9999_from_the_future")

    other = _rewrite(archive, tmp_path / "newer.zip", manifest=newer)
    _empty_everything()
    with pytest.raises(BackupError, match="different database schema") as refused:
        backup_restore(path=other)
    assert "initiatives: the backup has 9999_from_the_future" in str(refused.value)
    _assert_nothing_written()


def test_restore_refuses_to_overwrite_a_different_uploaded_file(original):
    archive, _rows, _files = original
    _empty_everything()
    default_storage.save(dataset.BINARY_NAME, ContentFile(b"someone else's file"))
    with pytest.raises(BackupError, match="already holds other files") as refused:
        backup_restore(path=archive)
    assert dataset.BINARY_NAME in str(refused.value)
    with default_storage.open(dataset.BINARY_NAME) as kept:
        assert kept.read() == b"someone else's file"


def test_backup_into_a_folder_names_the_file_by_its_time(cast, tmp_path):
    out = StringIO()
    call_command("backup", "-o", str(tmp_path), stdout=out)
    written = list(tmp_path.glob("alianza-backup-*.zip"))
    assert len(written) == 1
    assert f"Backup written to {written[0]}" in out.getvalue()
    assert written[0].stat().st_mode & 0o077 == 0  # passwords and sessions: owner only


def test_backup_refuses_to_write_inside_the_uploaded_files(cast, media):
    media.mkdir(parents=True, exist_ok=True)
    with pytest.raises(CommandError, match="inside MEDIA_ROOT"):
        call_command("backup", "-o", str(media / "backup.zip"))
    assert list(media.iterdir()) == []
