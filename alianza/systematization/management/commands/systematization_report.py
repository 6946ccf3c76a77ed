"""python manage.py systematization_report --program PROCAP --format pdf -o report.pdf"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from alianza.accounts.models import User
from alianza.accounts.services import system_user
from alianza.programs.models import Program
from alianza.systematization import report
from alianza.systematization.models import SystematizationPeriod


class Command(BaseCommand):
    help = (
        "Write the systematization report of a program for a period as HTML, PDF or XLSX: "
        "inventory, figures, analysis matrix, flagships, lessons, recommendations with "
        "their follow-up. It only reads."
    )

    def add_arguments(self, parser):
        parser.add_argument("--program", required=True, help="Program code, e.g. PROCAP")
        parser.add_argument("--format", required=True, choices=report.FORMATS, dest="fmt")
        parser.add_argument("-o", "--output", required=True, type=Path, help="File to write")
        parser.add_argument("--period", help="Systematization period code (default: latest)")
        parser.add_argument(
            "--from", dest="start", help="Initiatives active from (YYYY, YYYY-MM, YYYY-MM-DD)"
        )
        parser.add_argument("--to", dest="end", help="Initiatives active until")
        parser.add_argument("--language", choices=["es", "en"], default="es")
        parser.add_argument(
            "--as-user",
            help="Read as this user (what they may see); default: the system account, "
            "which sees everything",
        )

    def handle(self, *args, program, fmt, output, period, start, end, language, as_user, **opts):
        found = Program.objects.filter(code=program).first()
        if found is None:
            raise CommandError(f"No program with code {program!r}.")
        chosen = None
        if period:
            chosen = SystematizationPeriod.objects.filter(program=found, code=period).first()
            if chosen is None:
                codes = ", ".join(
                    SystematizationPeriod.objects.filter(program=found).values_list(
                        "code", flat=True
                    )
                )
                raise CommandError(
                    f"{program} has no systematization period {period!r} "
                    f"(it has: {codes or 'none'})."
                )
        else:
            chosen = SystematizationPeriod.objects.for_program(found).first()
        try:
            window = report.parse_window(start, end)
        except ValueError as exc:
            raise CommandError(str(exc))
        user = system_user() if not as_user else User.objects.filter(username=as_user).first()
        if user is None:
            raise CommandError(f"No user {as_user!r}.")
        with translation.override(language):
            content = report.build(program=found, period=chosen, user=user, fmt=fmt, window=window)
        output.write_bytes(content)
        if opts.get("verbosity", 1):
            self.stdout.write(f"Wrote {output} ({len(content):,} bytes).")
