"""python manage.py restore PATH: a backup into an empty, migrated database."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from alianza.operations.services import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into an empty database migrated to the same "
        "schema (SQLite or PostgreSQL, whichever made it) and into MEDIA_ROOT. The whole "
        "archive is verified first; nothing is written if any part of it is damaged. The "
        "restore replaces the audit trail with the backup's: it is recorded in the log."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The backup archive")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Verify the archive (checksums, every row) against this database's schema "
            "and write nothing",
        )

    def handle(self, *args, path: Path, database: str, check: bool, **options):
        try:
            summary = backup_restore(path=path, using=database, check_only=check)
        except BackupError as exc:
            raise CommandError(str(exc))
        self.stdout.write(
            f"{summary.path}: backup made at {summary.created_at} on {summary.engine}; "
            f"{summary.total_rows:,} rows in {len(summary.rows)} tables and "
            f"{summary.media_files:,} uploaded files ({summary.media_bytes:,} bytes), all "
            "checksums verified."
        )
        if not summary.written:
            self.stdout.write("Checked only: nothing was written.")
            return
        vendor = connections[database].vendor
        width = max((len(label) for label in summary.rows), default=0)
        for label, rows in summary.rows.items():
            if rows:
                self.stdout.write(f"  {label:<{width}}  {rows:>9,}")
        skipped = ""
        if summary.media_skipped:
            skipped = f" ({summary.media_skipped:,} already there, identical)"
        self.stdout.write(
            f"Restored into database {database!r} ({vendor}) in {summary.seconds:.1f} s: "
            f"{summary.total_rows:,} rows, {summary.media_files:,} uploaded files{skipped}. "
            "The audit trail is the backup's; this restore is recorded in the server log."
        )
