"""Backup and restore on a large database: time, archive size and peak memory.

    python bench/backup.py                       # SQLite files under a temporary folder
    BENCH_POSTGRES=postgres://postgres@127.0.0.1:5432/alianza python bench/backup.py

Builds a throwaway database with PROCAP's reference data, backs it up and restores it into
an empty database (each command in its own process), then adds BENCH_BACKUP_ROWS audit
records (default 200,000, each with a before/after snapshot of about 1 KB) and does it
again. Rows are streamed, so the peak memory of `backup` and `restore` should stay about
the same while the rows grow a hundredfold; time and archive size grow with the rows.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import dj_database_url

ROOT = Path(__file__).resolve().parent.parent
ROWS = int(os.environ.get("BENCH_BACKUP_ROWS", "200000"))
POSTGRES = os.environ.get("BENCH_POSTGRES", "")

GROW = f"""
import datetime, random
from alianza.audit.guard import bulk_writes_allowed
from alianza.audit.models import ChangeRecord
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
kind = ContentType.objects.get(app_label="initiatives", model="initiative")
now = timezone.now()
snapshot = {{"title_en": "x" * 400, "title_es": "y" * 400, "cost": "1234.56", "n": 1}}
with transaction.atomic(), bulk_writes_allowed():
    for start in range(0, {ROWS}, 5000):
        ChangeRecord.objects.bulk_create([
            ChangeRecord(action="bench.update", operation="update", content_type=kind,
                         object_id=str(i), object_repr=f"bench {{i}}", before=snapshot,
                         after=dict(snapshot, n=i), changed_fields=["n"], source="bench",
                         created_at=now - datetime.timedelta(microseconds=i))
            for i in range(start, min(start + 5000, {ROWS}))
        ])
"""


def manage(*args: str, url: str, media: Path) -> str:
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(media), "ALIANZA_TESTING": "1"}
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"manage.py {args[0]} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout.strip()


def peak_of(*args: str, url: str, media: Path) -> tuple[float, int, str]:
    """Run manage.py in a fresh interpreter that reports its child's peak memory (KB)
    (getrusage keeps the largest child so far, so each command gets its own parent)."""
    command = [
        sys.executable,
        "-c",
        "import resource, subprocess, sys, time; t = time.monotonic(); "
        "r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "print(time.monotonic() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
        "print(r.stdout.strip()); sys.exit(r.returncode)",
        sys.executable,
        "manage.py",
        *args,
    ]
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(media), "ALIANZA_TESTING": "1"}
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"manage.py {args[0]} failed:\n{result.stdout}\n{result.stderr}")
    first, _, rest = result.stdout.partition("\n")
    seconds, peak = first.split()
    return float(seconds), int(peak), rest.strip()


class Databases:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.created: list[str] = []

    def new(self, name: str) -> str:
        if not POSTGRES:
            return f"sqlite:///{self.folder / (name + '.sqlite3')}"
        import psycopg

        base = dj_database_url.parse(POSTGRES)
        full = f"{base['NAME']}_bench_{name}"
        with psycopg.connect(POSTGRES.rsplit("/", 1)[0] + "/postgres", autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{full}"')
            c.execute(f'CREATE DATABASE "{full}"')
        self.created.append(full)
        return POSTGRES.rsplit("/", 1)[0] + f"/{full}"

    def drop(self) -> None:
        if not POSTGRES:
            return
        import psycopg

        with psycopg.connect(POSTGRES.rsplit("/", 1)[0] + "/postgres", autocommit=True) as c:
            for name in self.created:
                c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def round_trip(
    label: str, source: str, media: Path, databases: Databases, folder: Path
) -> tuple[float, int, float, int]:
    archive = folder / f"{label}.zip"
    b_seconds, b_peak, b_out = peak_of("backup", "-o", str(archive), url=source, media=media)
    target = databases.new(f"{label}_restored")
    manage("migrate", "--noinput", "-v0", url=target, media=folder / f"{label}-media")
    r_seconds, r_peak, r_out = peak_of(
        "restore", str(archive), url=target, media=folder / f"{label}-media"
    )
    print(f"\n{label}: {b_out.splitlines()[-1]}")
    print(f"  backup   {b_seconds:6.1f} s wall (with start-up), peak {b_peak / 1024:6.0f} MB")
    print(f"  restore  {r_seconds:6.1f} s wall (with start-up), peak {r_peak / 1024:6.0f} MB")
    print(f"  archive  {archive.stat().st_size:,} bytes")
    print(f"  {r_out.splitlines()[-1]}")
    return b_seconds, b_peak, r_seconds, r_peak


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        databases = Databases(folder)
        try:
            source, media = databases.new("source"), folder / "media"
            manage("migrate", "--noinput", "-v0", url=source, media=media)
            manage("load_procap", url=source, media=media)
            base = round_trip("procap", source, media, databases, folder)
            manage("shell", "-c", GROW, url=source, media=media)
            grown = round_trip(f"procap_plus_{ROWS}", source, media, databases, folder)
            ratios = [g / b for g, b in zip(grown, base, strict=True)]
            print(
                f"\nx baseline (PROCAP alone, same run): backup time x{ratios[0]:.1f}, "
                f"peak x{ratios[1]:.2f}; restore time x{ratios[2]:.1f}, peak x{ratios[3]:.2f}"
            )
        finally:
            databases.drop()


if __name__ == "__main__":
    main()
