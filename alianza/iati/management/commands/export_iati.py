"""python manage.py export_iati (--program CODE | --reporting-org REF | --all |
--organisations) -o FILE"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from alianza.iati import exporter
from alianza.iati.program_export import organisations_for_file
from alianza.programs.models import Program
from alianza.registry.models import Activity


class Command(BaseCommand):
    help = (
        "Export to an IATI 2.03 file that validates against the official schema: a program "
        "with its initiatives and registry activities, one publisher's activities, the whole "
        "registry, or the organisation file of every organisation."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--program", help="Program code")
        which.add_argument("--reporting-org", help="IATI identifier of the publisher")
        which.add_argument("--all", action="store_true", help="Every registry activity")
        which.add_argument(
            "--organisations",
            nargs="*",
            metavar="REF",
            help="Organisation file (of the given identifiers, or every known organisation)",
        )
        parser.add_argument("-o", "--output", type=Path, required=True)

    def handle(self, *args: Any, output: Path, **options: Any) -> None:
        try:
            if options["program"]:
                program = Program.objects.filter(code=options["program"]).first()
                if program is None:
                    raise CommandError(f"No program {options['program']!r}")
                result = exporter.export_program(program, output)
            elif options["reporting_org"]:
                activities = Activity.objects.filter(reporting_org_ref=options["reporting_org"])
                result = exporter.export_registry(activities, output)
            elif options["all"]:
                result = exporter.export_registry(Activity.objects.all(), output)
            else:
                organisations = organisations_for_file(options["organisations"] or None)
                result = exporter.export_organisations(organisations, output)
        except exporter.ExportError as exc:
            raise CommandError(str(exc))
        self.stdout.write(f"{result.count} written to {output} (valid IATI 2.03).")
