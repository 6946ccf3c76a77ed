"""Large IATI exports as background jobs.

An export of more than EXPORT_JOB_MIN_ACTIVITIES activities (estimated by counting them)
is not made within the request, where it would come near the web worker's timeout: an
ExportJob writes the file to the storage (MEDIA_ROOT/exports/) in the job queue, and its
page offers it for download. The job exports exactly what the request would have: the
activities its asker may see (anonymous: public ones), with the same filters, so the file
is byte for byte the one the direct export would have answered (but for the generation
time).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files import File
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as _noop

from alianza.core import jobs
from alianza.core.models import JobStatus
from alianza.core.texts import keep, show_all
from alianza.iati import exporter
from alianza.iati.models import ExportJob, ExportKind
from alianza.iati.permissions import AnyUser
from alianza.iati.program_export import program_contents
from alianza.initiatives.models import Initiative
from alianza.programs.models import Program
from alianza.registry.models import Activity
from alianza.registry.querysets import ActivityQuerySet
from alianza.registry.selectors import activities_filtered

RUN = "alianza.iati.export_jobs.export_job_run"
FOLDER = "exports"


class ExportJobError(Exception):
    """The job cannot do what was asked (run again, download); the message says why."""


def over_threshold(count: int) -> bool:
    return count > settings.EXPORT_JOB_MIN_ACTIVITIES


# --- What an export holds (shared by the direct answer and the job) ------------------------


def activities_for(user: AnyUser, params: QueryDict) -> ActivityQuerySet:
    """The registry activities an activities export holds: those the user may see, with
    the registry's filters and ?identifier=..."""
    activities, _filterset = activities_filtered(user, params)
    identifiers = params.getlist("identifier")
    if identifiers:
        activities = activities.filter(iati_identifier__in=identifiers)
    return activities


def program_parts(user: AnyUser, program: Program) -> tuple[QuerySet[Initiative], ActivityQuerySet]:
    """The initiatives and registry activities a program export holds for this user."""
    initiatives = Initiative.objects.visible_to(user).filter(program=program)
    activities = Activity.objects.visible_to(user)
    return initiatives, activities


def program_estimate(user: AnyUser, program: Program) -> int:
    initiatives, activities = program_parts(user, program)
    return 1 + initiatives.count() + activities.filter(program=program).count()


ACTIVITIES_FILENAME = "iati-activities.xml"


def program_filename(program: Program) -> str:
    return f"{program.code.lower()}-iati.xml"


def activities_export_job(
    user: AnyUser, params: QueryDict
) -> tuple[ActivityQuerySet, ExportJob | None]:
    """What an activities export holds, and the job preparing it when it is too large to
    answer within the request (None: answer it directly). Pages and the API both ask here."""
    activities = activities_for(user, params)
    count = activities.count()
    if not over_threshold(count):
        return activities, None
    job = export_job_create(
        actor=user,
        kind=ExportKind.ACTIVITIES,
        filename=ACTIVITIES_FILENAME,
        total=count,
        params=params,
    )
    return activities, job


def program_export_job(user: AnyUser, program: Program) -> ExportJob | None:
    """The job preparing a program's export when it is too large to answer within the
    request (None: answer it directly)."""
    count = program_estimate(user, program)
    if not over_threshold(count):
        return None
    return export_job_create(
        actor=user,
        kind=ExportKind.PROGRAM,
        filename=program_filename(program),
        total=count,
        program=program,
    )


# --- Starting, running, running again -----------------------------------------------------


def export_job_create(
    *,
    actor: AnyUser,
    kind: str,
    filename: str,
    total: int,
    params: QueryDict | None = None,
    program: Program | None = None,
) -> ExportJob:
    """Record an export to be made in the job queue and start it; the same export already
    queued or running for the same person (or anonymously) is answered instead of a new
    one, so that a reload does not pile up work."""
    fields = {
        "created_by": actor if actor.is_authenticated else None,
        "kind": kind,
        "program_code": program.code if program is not None else "",
        "query": urlencode(sorted(params.lists()), doseq=True) if params else "",
    }
    pending = ExportJob.objects.filter(status__in=(JobStatus.QUEUED, JobStatus.RUNNING))
    jobs.reap(pending.filter(**fields))
    same = pending.filter(**fields).order_by("-created_at").first()
    if same is not None:
        return same
    job = ExportJob.objects.create(**fields, filename=filename, total=total)
    jobs.start(RUN, job.pk)
    job.refresh_from_db()  # inline mode: already done
    return job


def export_job_rerun(*, job: ExportJob, actor: AnyUser) -> ExportJob:
    jobs.refresh(job)
    if job.status != JobStatus.FAILED or not jobs.reset_for_rerun(job):
        raise ExportJobError(_("Only a failed export can be run again."))
    jobs.start(RUN, job.pk)
    job.refresh_from_db()
    return job


class _Counted:
    """Passes the contents through, beating with the number written."""

    def __init__(self, contents: Iterable[dict], job: ExportJob) -> None:
        self.contents, self.beater, self.count = contents, jobs.Beater(job), 0

    def __iter__(self) -> Iterator[dict]:
        for data in self.contents:
            yield data
            self.count += 1
            self.beater(self.count)


def _contents(job: ExportJob, user: AnyUser) -> Iterable[dict]:
    if job.kind == ExportKind.PROGRAM:
        program = Program.objects.visible_to(user).filter(code=job.program_code).first()
        if program is None:
            raise exporter.ExportError([("", f"program {job.program_code} is not visible")])
        initiatives, activities = program_parts(user, program)
        return program_contents(program, initiatives=initiatives, activities=activities)
    return exporter.registry_contents(activities_for(user, QueryDict(job.query)))


def export_job_run(job_id: int) -> None:
    """Write the export to the storage; the job page then offers it."""
    job = jobs.claim(ExportJob, job_id, select_related=("created_by",))
    if job is None:
        return
    user = job.created_by or AnonymousUser()
    stored = ""
    try:
        result = exporter.write_activities(_Counted(_contents(job, user), job))
        try:
            with result.path.open("rb") as handle:
                stored = default_storage.save(f"{FOLDER}/{job.token}.xml", File(handle))
        finally:
            result.path.unlink(missing_ok=True)
        parts = [keep(_noop("%(count)s activities exported."), count=result.count)]
        jobs.finish(
            job,
            JobStatus.DONE,
            file_path=stored,
            size=default_storage.size(stored),
            total=result.count,
            processed=result.count,
            summary=show_all(parts),
            summary_parts=parts,
        )
    except jobs.JobAbandoned:
        if stored:
            default_storage.delete(stored)
    except exporter.ExportError as exc:
        jobs.fail(job, str(exc))
    except Exception as exc:
        jobs.fail(job, _noop("The export stopped on an unexpected error: %(error)s"), error=exc)
        raise
