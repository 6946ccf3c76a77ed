"""python manage.py purge_uploads: remove uploaded and exported files past their retention."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from alianza.core import jobs


class Command(BaseCommand):
    help = (
        "Remove the files kept by finished jobs (uploaded IATI files and spreadsheets, "
        "export files) once they are older than UPLOAD_RETENTION_DAYS days, and files of "
        "the job folders that no job refers to. The jobs stay, with their reports; their "
        "pages say when the file was removed. Running jobs are never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            help="Retention in days (default: the UPLOAD_RETENTION_DAYS setting)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be removed; remove nothing"
        )

    def handle(self, *args, days=None, dry_run=False, verbosity=1, **options):
        if days is not None and days < 0:
            raise CommandError("--days must be 0 or more.")
        removed = jobs.purge_files(days=days, dry_run=dry_run)
        verb = "Would remove" if dry_run else "Removed"
        for item in removed:
            if verbosity:
                self.stdout.write(f"{verb} {item.name} ({item.what}, {filesizeformat(item.size)})")
        total = sum(item.size for item in removed)
        self.stdout.write(f"{verb} {len(removed)} file(s), {filesizeformat(total)}.")
