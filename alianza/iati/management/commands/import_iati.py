"""python manage.py import_iati FILE [--dry-run] [--program CODE] [--public]

Without --program the activities go to the installation's registry, under no program."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from alianza.accounts.services import system_user
from alianza.iati import services
from alianza.iati.importer import pipeline
from alianza.iati.importer.source import SourceError
from alianza.programs.models import Program


class Command(BaseCommand):
    help = (
        "Import an IATI 2.03 activity or organisation file (XML, gzip or ZIP) into the "
        "cooperation registry (a program's with --program). With --dry-run, show per "
        "activity and field what would be created, updated or skipped, and write nothing. "
        "Importing the same file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Compare only; write nothing")
        parser.add_argument(
            "--program",
            default=settings.REGISTRY_DEFAULT_PROGRAM,
            help=(
                "Program code whose registry receives the activities; without it (and without "
                "REGISTRY_DEFAULT_PROGRAM) they go to the installation's registry, under no "
                "program, for a program to link later"
            ),
        )
        parser.add_argument("--public", action="store_true", help="Publish the imported activities")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar")

    def handle(
        self,
        *args: Any,
        file: Path,
        dry_run: bool,
        program: str | None,
        public: bool,
        **options: Any,
    ) -> None:
        if not file.exists():
            raise CommandError(f"{file}: no such file")
        target = None
        if program:
            target = Program.objects.filter(code=program).first()
            if target is None:
                raise CommandError(
                    f"No program {program!r}: pass an existing program's code, or leave "
                    "--program out to import into the registry under no program"
                )
        bar = None
        if not options["no_progress"]:
            bar = tqdm(total=0, unit=" activities", desc=file.name, file=self.stderr._out)

        def progress(done: int, total: int) -> None:
            if bar is not None:
                bar.total = total
                bar.n = done
                bar.refresh()

        try:
            job, report = services.import_file(
                path=file,
                program=target,
                actor=system_user(),
                dry_run=dry_run,
                make_public=True if public else None,
                progress=progress,
            )
        except SourceError as exc:
            raise CommandError(str(exc))
        finally:
            if bar is not None:
                bar.close()
        verbosity = options["verbosity"]
        for issue in report.file_issues:
            self.stdout.write(f"{issue.severity.upper()}: {issue.message}")
        for item in report.items:
            if item.outcome in (pipeline.UNCHANGED,) and verbosity < 2:
                continue
            where = f" (line {item.line})" if item.line else ""
            reason = f": {item.reason}" if item.reason else ""
            self.stdout.write(f"{item.outcome.upper()} {item.identifier}{where}{reason}")
            for change in item.changes:
                detail = f" {change['detail']}" if change.get("detail") else ""
                self.stdout.write(f"    {change['change']} {change['field']}{detail}")
            for issue in item.issues:
                if issue.severity == "error" or verbosity >= 2:
                    self.stdout.write(f"    {issue.severity}: {issue.path} {issue.message}")
        self.stdout.write(report.summary())
        self.stdout.write(f"Report and data quality: /iati/imports/{job.pk}/")
        if report.refused:
            raise CommandError("The file was refused.")
