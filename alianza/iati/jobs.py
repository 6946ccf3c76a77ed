"""Running an import in the background.

With REDIS_URL set the job goes to RQ (django-rq, queue "default"; start workers with
`python manage.py rqworker default`). Without Redis (the SQLite `make run` default) it
runs in a thread of the web process, so that nothing else is needed. Tests run it inline
(IATI_JOB_MODE=inline). The job records its progress in its ImportJob row, which the page
polls.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection

logger = logging.getLogger(__name__)


def mode() -> str:
    return settings.IATI_JOB_MODE


def dispatch(job_id: int) -> None:
    """Start the import job, in the way the settings say."""
    if mode() == "rq":
        import django_rq

        django_rq.get_queue("default").enqueue(
            "alianza.iati.services.import_job_run", job_id, job_timeout=3600
        )
    elif mode() == "thread":
        thread = threading.Thread(target=_run_in_thread, args=(job_id,), daemon=True)
        thread.start()
    else:
        from alianza.iati.services import import_job_run

        import_job_run(job_id)


def _run_in_thread(job_id: int) -> None:
    from alianza.iati.services import import_job_run

    close_old_connections()
    try:
        import_job_run(job_id)
    except Exception:  # the job row records the failure; keep the thread's death quiet
        logger.exception("IATI import job %s failed", job_id)
    finally:
        connection.close()
