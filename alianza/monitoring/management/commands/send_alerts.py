"""python manage.py send_alerts: today's monitoring alerts, by email and in the app, once."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from alianza.audit.context import audit_context
from alianza.monitoring.alerts import send_alerts
from alianza.programs.models import Program


class Command(BaseCommand):
    help = (
        "Send the monitoring alerts (deliverables due in the next days or late, spending-pace "
        "flags, risk reviews due, overdue actions, disputes waiting for an answer) to the "
        "responsible people of every partner, by email and in the app. Run it daily; an "
        "alert already sent to someone is not sent again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--program", help="Program code (all programs by default)")
        parser.add_argument("--date", help="Pretend today is YYYY-MM-DD")

    def handle(self, *args, program=None, date=None, verbosity=1, **options):
        today = None
        if date:
            try:
                today = _parse(date)
            except ValueError:
                raise CommandError(f"--date must be YYYY-MM-DD, got {date!r}")
        programs = Program.objects.order_by("code")
        if program:
            programs = programs.filter(code=program)
            if not programs.exists():
                raise CommandError(f"No program {program!r}.")
        with audit_context(source="send_alerts"):
            run = send_alerts(programs, today=today)
        if verbosity:
            self.stdout.write(
                f"{run.alerts} alerts; {run.notifications} new notifications, "
                f"{run.emails} emails sent."
                + (
                    f" {run.failed} not delivered (see the log); the next run retries them."
                    if run.failed
                    else ""
                )
            )


def _parse(text: str) -> date:
    return date.fromisoformat(text)
