"""A backup of PROCAP restores into an empty database of either engine exactly: every
table's rows (timestamps to the microsecond), the uploaded files, the program's IATI export
byte for byte and every API list answer.

The backup is made here, from the test database; each restore runs `manage.py migrate`,
`restore` and the probe in a subprocess against a new database (an SQLite file, or a
PostgreSQL database created for the test), so that nothing of this process carries over.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import override_settings

from alianza.conftest import load_procap
from alianza.operations.services import FORMAT, FORMAT_VERSION, backup_create
from alianza.operations.tables import applied_migrations, tables
from alianza.operations.tests import dataset, probe

pytestmark = pytest.mark.django_db
PROJECT = Path(settings.BASE_DIR)
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/alianza"


@dataclass
class Original:
    archive: Path
    probe: dict
    media_root: Path


@pytest.fixture(scope="module")
def original(django_db_setup, django_db_blocker, tmp_path_factory):
    """PROCAP and the extras, backed up once for the module, and probed."""
    media_root = tmp_path_factory.mktemp("media")
    archive = tmp_path_factory.mktemp("backup") / "procap.zip"
    with (
        override_settings(MEDIA_ROOT=str(media_root)),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        dataset.add_to(load_procap())
        backup_create(target=archive)
        seen = probe.collect(username=dataset.COORDINATOR, program="PROCAP")
        yield Original(archive, json.loads(json.dumps(seen)), media_root)
        transaction.set_rollback(True)


def _manage(*args: str, database_url: str, media_root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media_root)}
    env["ALIANZA_TESTING"] = "1"
    result = subprocess.run(  # noqa: S603 - our own manage.py, arguments from this test
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, f"manage.py {args[0]} failed:\n{result.stdout}\n{result.stderr}"
    return result


def _postgres_base() -> dict:
    """Where the test may create a database: this run's PostgreSQL, or the default one."""
    url = os.environ.get("ALIANZA_TEST_POSTGRES_URL") or os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        url = DEFAULT_POSTGRES
    return dj_database_url.parse(url)


@contextmanager
def _empty_database(engine: str, folder: Path):
    """The URL of a new, empty database of `engine`, dropped afterwards."""
    if engine == "sqlite":
        yield f"sqlite:///{folder / 'restored.sqlite3'}"
        return
    import psycopg

    base = _postgres_base()
    name = f"{base['NAME']}_restore_{secrets.token_hex(4)}"
    where = {
        "host": base["HOST"] or "127.0.0.1",
        "port": base["PORT"] or 5432,
        "user": base["USER"] or "postgres",
        "password": base["PASSWORD"] or None,
    }
    try:
        admin = psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=5, **where)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL is not reachable at {where['host']}:{where['port']}: {exc}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            password = f":{where['password']}" if where["password"] else ""
            yield f"postgres://{where['user']}{password}@{where['host']}:{where['port']}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_lists_every_table_the_schema_and_a_checksum_for_each_member(original):
    with zipfile.ZipFile(original.archive) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = set(archive.namelist())
    assert (manifest["format"], manifest["format_version"]) == (FORMAT, FORMAT_VERSION)
    assert manifest["database"]["engine"] == connection.vendor
    assert manifest["migrations"] == applied_migrations(connection)
    assert [entry["table"] for entry in manifest["tables"]] == [t.name for t in tables()]
    counts = {entry["table"]: entry["rows"] for entry in manifest["tables"]}
    assert counts == {name: len(rows) for name, rows in original.probe["rows"].items()}
    assert counts["initiatives_initiative"] == 16
    assert {item["name"] for item in manifest["media"]} == set(original.probe["media"])
    assert {item["name"]: item["sha256"] for item in manifest["media"]} == original.probe["media"]
    assert dataset.BINARY_NAME in original.probe["media"]
    assert any(name.startswith("iati-imports/") for name in original.probe["media"])
    members = {e["file"] for e in manifest["tables"]} | {m["file"] for m in manifest["media"]}
    assert names == members | {"manifest.json"}
    assert all(len(entry["sha256"]) == 64 for entry in manifest["tables"])


def test_original_holds_the_timestamps_that_dumpdata_would_change(original):
    values = {value for rows in original.probe["rows"].values() for row in rows for value in row}
    for stamp in dataset.STAMPS.values():
        assert dataset.canonical_stamp(stamp) in values


def other_engine() -> str:
    """The engine the suite is not running on: `make test` runs the suite on both, so the
    SQLite run restores into PostgreSQL and the PostgreSQL run into SQLite, and each
    engine is restored into once, from a backup of the other."""
    return "sqlite" if connection.vendor == "postgresql" else "postgresql"


@pytest.mark.slow
def test_a_backup_restores_identically_into_an_empty_database_of_either_engine(original, tmp_path):
    engine = other_engine()
    media_root = tmp_path / "media"
    output = tmp_path / "probe.json"
    with _empty_database(engine, tmp_path) as url:
        where = {"database_url": url, "media_root": media_root}
        _manage("migrate", "--noinput", "-v0", **where)
        restored = _manage("restore", str(original.archive), **where)
        assert "Restored into database 'default'" in restored.stdout
        _manage(
            "shell",
            "-c",
            "from alianza.operations.tests.probe import main; "
            f"main({str(output)!r}, {dataset.COORDINATOR!r}, 'PROCAP')",
            **where,
        )
    after = json.loads(output.read_text(encoding="utf-8"))
    new_ids = after.pop("new_ids")
    before = original.probe
    assert probe.first_difference(before["rows"], after["rows"]) is None
    assert after["media"] == before["media"]
    assert after["iati_export"] == before["iati_export"]
    assert "XM-DAC-MX-AMEXCID-BACKUP-1" in after["iati_export"]
    assert probe.first_difference(before["api"], after["api"]) is None
    assert after == before
    # New rows get fresh ids: the sequences were reset past the restored rows.
    for table, new_id in new_ids.items():
        assert new_id > max(row[0] for row in before["rows"][table])
