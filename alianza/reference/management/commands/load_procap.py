"""python manage.py load_procap: PROCAP's 2013-2019 reference data, idempotently."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from alianza.accounts.services import system_user
from alianza.audit.context import audit_context
from alianza.audit.models import ChangeRecord
from alianza.reference import loaders


class Command(BaseCommand):
    help = (
        "Load the PROCAP program (AMEXCID-UNDP, 2013-2019) from its systematization "
        "report: structure, revisions, classifications, the 16 initiatives, their money, "
        "risks, monitoring settings and systematization. Running it "
        "again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=loaders.PROCAP_DIR,
            help="Folder of the data set: program.toml, initiatives.toml, finance.toml, ...",
        )

    def handle(self, *args, data_dir: Path, verbosity: int, **options):
        with audit_context(source="load_procap"):
            try:
                with transaction.atomic():
                    actor = system_user()
                    before = ChangeRecord.objects.count()
                    report = loaders.load(actor=actor, data_dir=data_dir)
                    written = ChangeRecord.objects.count() - before
            except (loaders.ReferenceDataError, FileNotFoundError) as exc:
                raise CommandError(f"Reference data not loaded, nothing was kept: {exc}")
        if verbosity:
            summary = ", ".join(f"{kind}: {n}" for kind, n in report.counts.items())
            self.stdout.write(f"Reference data checked: {summary}.")
            if written:
                self.stdout.write(
                    self.style.SUCCESS(f"{written} records created or updated (see /changes/).")
                )
            else:
                self.stdout.write("Already up to date: nothing changed.")
