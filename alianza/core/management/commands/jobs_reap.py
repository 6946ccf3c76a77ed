"""python manage.py jobs_reap: mark failed the background jobs whose worker died."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from alianza.core import jobs


class Command(BaseCommand):
    help = (
        "Mark as failed every running background job (IATI and spreadsheet imports, "
        "exports) that has given no sign of life for JOB_HEARTBEAT_TIMEOUT seconds: its "
        "worker was killed or restarted. A failed job can be run again from its page. "
        "Pages and the API do the same for the jobs they show; run this every few minutes "
        "so that the list of jobs is right even when nobody looks."
    )

    def handle(self, *args, verbosity=1, **options):
        reaped = jobs.reap_all()
        if verbosity:
            total = sum(reaped.values())
            for label, count in reaped.items():
                if count:
                    self.stdout.write(f"{label}: {count} marked failed")
            self.stdout.write(
                f"{total} job(s) marked failed (no sign of life for "
                f"{settings.JOB_HEARTBEAT_TIMEOUT} s)."
            )
