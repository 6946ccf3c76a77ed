"""python manage.py import_iati FILE_OR_DIR... [--queue] [--dry-run] [--program CODE] [--public]

Without --program the activities go to the installation's registry, under no program. A
folder stands for the .xml files in it. Without --queue the files are imported here, one
after the other; with --queue each file becomes a job on the RQ queue, run by any number of
`manage.py rqworker default` processes (on any machine sharing the database, Redis and
MEDIA_ROOT), and followed on the import page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
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
        "Importing the same file again changes nothing. With --queue, one background job per "
        "file (a folder: its .xml files), run by the RQ workers."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE_OR_DIR")
        parser.add_argument(
            "--queue",
            action="store_true",
            help=(
                "Put one job per file on the RQ queue (needs REDIS_URL) instead of importing "
                "here; `manage.py rqworker default` processes run them"
            ),
        )
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
        files: list[Path],
        queue: bool,
        dry_run: bool,
        program: str | None,
        public: bool,
        **options: Any,
    ) -> None:
        paths = expand(files)
        target = None
        if program:
            target = Program.objects.filter(code=program).first()
            if target is None:
                raise CommandError(
                    f"No program {program!r}: pass an existing program's code, or leave "
                    "--program out to import into the registry under no program"
                )
        if queue:
            self.enqueue(paths, target, dry_run=dry_run, public=public)
            return
        refused = [
            path.name
            for path in paths
            if self.import_one(path, target, dry_run=dry_run, public=public, **options)
        ]
        if refused:
            raise CommandError(
                "The file was refused."
                if len(paths) == 1
                else f"Refused: {', '.join(refused)} ({len(refused)} of {len(paths)} files)."
            )

    def enqueue(
        self, paths: list[Path], target: Program | None, *, dry_run: bool, public: bool
    ) -> None:
        try:
            queued = services.import_jobs_enqueue(
                paths=paths,
                program=target,
                actor=system_user(),
                dry_run=dry_run,
                make_public=True if public else None,
            )
        except (services.QueueError, SourceError) as exc:
            raise CommandError(str(exc))
        for job in queued:
            self.stdout.write(f"QUEUED {job.source_name}: {job.get_absolute_url()}")
        batch = queued[0].batch
        self.stdout.write(
            f"{len(queued)} file(s) queued; follow them at "
            f"{reverse('iati:import_list')}?batch={batch}"
        )

    def import_one(
        self, file: Path, target: Program | None, *, dry_run: bool, public: bool, **options: Any
    ) -> bool:
        """Import one file here and print its report; True if the file was refused."""
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
        self.stdout.write(f"Report and data quality: {job.get_absolute_url()}")
        return report.refused


def expand(files: list[Path]) -> list[Path]:
    """The files named, a folder standing for the .xml files directly in it (sorted)."""
    paths: list[Path] = []
    for item in files:
        if item.is_dir():
            found = sorted(p for p in item.iterdir() if p.is_file() and p.suffix.lower() == ".xml")
            if not found:
                raise CommandError(f"{item}: no .xml file in this folder")
            paths += found
        elif item.exists():
            paths.append(item)
        else:
            raise CommandError(f"{item}: no such file")
    return paths
