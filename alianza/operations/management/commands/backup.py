"""python manage.py backup -o PATH: the database and the uploaded files in one archive."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from alianza.operations.services import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files (MEDIA_ROOT) into one ZIP archive with "
        "a manifest and SHA-256 checksums; `restore` reads it into an empty database of "
        "either engine."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            type=Path,
            required=True,
            help="The archive to write, or an existing folder to write "
            "alianza-backup-YYYYMMDD-HHMMSS.zip into",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias")

    def handle(self, *args, output: Path, database: str, **options):
        if output.is_dir():
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            output = output / f"alianza-backup-{stamp}.zip"
        if not output.parent.is_dir():
            raise CommandError(f"{output.parent}: no such folder.")
        try:
            summary = backup_create(target=output, using=database)
        except BackupError as exc:
            raise CommandError(str(exc))
        tables = sum(1 for rows in summary.rows.values() if rows)
        self.stdout.write(
            f"Backup written to {summary.path}: {summary.size:,} bytes, "
            f"{summary.total_rows:,} rows in {tables} tables (of {len(summary.rows)}), "
            f"{summary.media_files:,} uploaded files ({summary.media_bytes:,} bytes), "
            f"in {summary.seconds:.1f} s."
        )
