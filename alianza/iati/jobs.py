"""Kept for older imports: the job machinery now lives in alianza/core/jobs.py."""

from __future__ import annotations

from alianza.core.jobs import mode

__all__ = ["dispatch", "mode"]


def dispatch(job_id: int) -> None:
    """Start an IATI import job (see alianza.core.jobs.dispatch)."""
    from alianza.core.jobs import dispatch as run

    run("alianza.iati.services.import_job_run", job_id)
