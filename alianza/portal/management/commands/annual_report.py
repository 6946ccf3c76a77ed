"""python manage.py annual_report --program PROCAP --year 2019 --format pdf -o report.pdf"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alianza.portal import annual
from alianza.portal.selectors import LANGUAGES
from alianza.programs.models import Program


class Command(BaseCommand):
    help = (
        "Write a program's annual activity report for a year as PDF or HTML: what was done "
        "per result and initiative, money spent by component, products published, "
        "flagships, lessons and the status of recommendations. It only reads."
    )

    def add_arguments(self, parser):
        parser.add_argument("--program", required=True, help="Program code, e.g. PROCAP")
        parser.add_argument("--year", required=True, type=int, help="Calendar year, e.g. 2019")
        parser.add_argument("--format", required=True, choices=annual.FORMATS, dest="fmt")
        parser.add_argument("-o", "--output", required=True, type=Path, help="File to write")
        parser.add_argument("--language", choices=LANGUAGES, default="es")

    def handle(self, *args, program, year, fmt, output, language, **opts):
        found = Program.objects.filter(code=program).first()
        if found is None:
            raise CommandError(f"No program with code {program!r}.")
        years = annual.report_years(found)
        if year not in years:
            span = f"{years[0]}-{years[-1]}" if years else "none"
            raise CommandError(f"{program} did not run in {year} (its years: {span}).")
        content = annual.build(program=found, year=year, fmt=fmt, language=language)
        output.write_bytes(content)
        if opts.get("verbosity", 1):
            self.stdout.write(f"Wrote {output} ({len(content):,} bytes).")
