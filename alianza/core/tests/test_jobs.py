"""Background jobs: a job whose worker died is seen (and stored) as failed, can be run again
and completes without duplicates; kept files are purged after their retention period."""

from __future__ import annotations

import datetime
import io
import os
import threading
import time

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from alianza.audit.models import ChangeRecord
from alianza.core import jobs
from alianza.core.models import JobStatus
from alianza.iati import services
from alianza.iati.importer import pipeline
from alianza.iati.models import ImportJob
from alianza.iati.tests.test_import import activity, iati
from alianza.registry import spreadsheets
from alianza.registry.models import Activity, SpreadsheetJob, SpreadsheetPhase
from alianza.registry.tests.test_spreadsheets import HEAD_ES

pytestmark = pytest.mark.django_db


class Killed(BaseException):
    """What a worker sees of SIGKILL: nothing; the job row is left as it was."""


def _client(cast, role: str):
    """A client reading the pages in English (they answer in Spanish by default)."""
    client = cast.client(role)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture(autouse=True)
def _media(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.JOB_HEARTBEAT_TIMEOUT = 60
    monkeypatch.setattr(pipeline, "CHUNK", 1)


def _age(job, seconds: int) -> None:
    """Make the job's last sign of life `seconds` old."""
    type(job).objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(seconds=seconds)
    )


def _killed_import(cast, tmp_path, count=5, die_at=3) -> ImportJob:
    """An import killed after `die_at` activities, each committed on its own (the importer
    commits in chunks of pipeline.CHUNK; a killed chunk is rolled back whole)."""
    path = tmp_path / "five.xml"
    path.write_text(iati(*[activity(f"MX-AMX-{i}") for i in range(1, count + 1)]))
    job = services.import_job_create(
        program=cast.program, actor=cast.users["editor_a"], source_name="five.xml", path=path
    )

    def die(done, total):
        if done == die_at:
            raise Killed

    with pytest.raises(Killed):
        services.import_job_run(job.pk, progress=die)
    job.refresh_from_db()
    return job


def test_a_killed_import_is_failed_once_its_heartbeat_is_old_and_a_rerun_completes_it(
    cast, tmp_path
):
    job = _killed_import(cast, tmp_path)
    assert job.status == JobStatus.RUNNING and Activity.objects.count() == 3
    client = _client(cast, "editor_a")

    # A recent heartbeat: the worker may be alive, the job is still running.
    assert client.get(f"/iati/imports/{job.pk}/").context["job"].status == JobStatus.RUNNING

    _age(job, 61)
    page = client.get(f"/iati/imports/{job.pk}/")
    assert page.context["job"].status == JobStatus.FAILED
    assert "worker stopped" in page.content.decode() and page.context["can_rerun"]
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.finished_at is not None
    api = client.get(f"/api/v1/iati-imports/{job.pk}/").json()
    assert api["status"] == "failed" and "worker stopped" in api["summary"]

    records = ChangeRecord.objects.count()
    response = client.post(f"/iati/imports/{job.pk}/rerun/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2
    identifiers = list(Activity.objects.values_list("iati_identifier", flat=True))
    assert sorted(identifiers) == [f"MX-AMX-{i}" for i in range(1, 6)]
    # The three activities the killed run stored are found unchanged: only two new records.
    assert ChangeRecord.objects.count() == records + 2
    assert [item["outcome"] for item in job.items] == ["unchanged"] * 3 + ["created"] * 2


def test_the_api_reruns_a_failed_import_and_refuses_a_finished_one(cast, tmp_path):
    job = _killed_import(cast, tmp_path)
    _age(job, 61)
    client = _client(cast, "editor_a")
    response = client.post(f"/api/v1/iati-imports/{job.pk}/rerun/")
    assert response.status_code == 202 and response.json()["status"] == "done"
    assert Activity.objects.count() == 5
    again = client.post(f"/api/v1/iati-imports/{job.pk}/rerun/")
    assert again.status_code == 409 and "failed" in again.json()["detail"]


@pytest.mark.parametrize(
    ("role", "expected"), [("viewer_a", 403), ("outsider", 404), ("anonymous", 302)]
)
def test_only_registry_editors_rerun_an_import(cast, tmp_path, role, expected):
    job = _killed_import(cast, tmp_path)
    _age(job, 61)
    response = _client(cast, role).post(f"/iati/imports/{job.pk}/rerun/")
    assert response.status_code == expected
    job.refresh_from_db()
    assert job.attempts == 1 and Activity.objects.count() == 3


def test_a_worker_whose_job_was_reaped_stops_at_its_next_beat(cast, tmp_path):
    path = tmp_path / "one.xml"
    path.write_text(iati(activity("MX-AMX-1")))
    job = services.import_job_create(
        program=cast.program, actor=cast.users["editor_a"], source_name="one.xml", path=path
    )
    claimed = jobs.claim(ImportJob, job.pk)
    assert jobs.claim(ImportJob, job.pk) is None  # a second worker does not take it
    _age(job, 61)
    assert jobs.reap(ImportJob.objects.all()) == 1
    with pytest.raises(jobs.JobAbandoned):
        jobs.beat(claimed, processed=1)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.processed == 0


def test_jobs_reap_marks_every_kind_of_stale_job_and_leaves_live_ones(cast, tmp_path):
    stale = _killed_import(cast, tmp_path)
    _age(stale, 61)
    live = _killed_import(cast, tmp_path)
    output = io.StringIO()
    call_command("jobs_reap", stdout=output)
    stale.refresh_from_db()
    live.refresh_from_db()
    assert (stale.status, live.status) == (JobStatus.FAILED, JobStatus.RUNNING)
    assert "iati.ImportJob: 1 marked failed" in output.getvalue()


# --- Spreadsheets -------------------------------------------------------------------------

ROWS = [
    f"MX-{n},Formación,Cursos,MX-AMX,2,2019-01-01,2019-12-31,bilateral,provider,SEP,federal,GT,,,USD,"
    for n in range(1, 6)
]


def _upload(client, cast, *rows: str):
    upload = io.BytesIO(("\n".join([HEAD_ES, *rows]) + "\n").encode())
    upload.name = "actividades.csv"
    response = client.post(
        "/registry/spreadsheets/",
        {"program": cast.program.pk, "kind": "activities", "mode": "add", "file": upload},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return SpreadsheetJob.objects.get(), response["Location"]


def test_a_spreadsheet_is_checked_in_the_job_queue_and_nothing_is_saved_before_confirming(
    cast, django_assert_max_num_queries
):
    client = _client(cast, "editor_a")
    job, url = _upload(client, cast, *ROWS)
    assert job.status == JobStatus.DONE and job.phase == SpreadsheetPhase.CHECK
    assert not Activity.objects.exists()
    page = client.get(url)
    assert page.context["valid"] == 5 and page.context["can_confirm"]
    # Another editor sees the preview but may not import someone else's file.
    other = _client(cast, "editor_b").get(url)
    assert other.status_code == 200 and not other.context["can_confirm"]
    assert _client(cast, "editor_b").post(url + "confirm/").status_code == 403
    assert _client(cast, "outsider").get(url).status_code == 404
    assert not Activity.objects.exists()


def test_a_refused_spreadsheet_says_why_on_its_job_page(cast):
    client = _client(cast, "editor_a")
    upload = io.BytesIO(b"IATI identifier,Colour\nMX-1,red\n")
    upload.name = "f.csv"
    response = client.post(
        "/registry/spreadsheets/",
        {"program": cast.program.pk, "kind": "activities", "mode": "add", "file": upload},
        follow=True,
    )
    job = SpreadsheetJob.objects.get()
    assert job.status == JobStatus.FAILED and "Unknown columns: Colour" in job.summary
    assert "Unknown columns: Colour" in response.content.decode()


def test_a_killed_spreadsheet_import_reruns_from_the_first_row_not_imported(cast, monkeypatch):
    client = _client(cast, "editor_a")
    job, url = _upload(client, cast, *ROWS)
    save_row, calls = spreadsheets._save_row, []

    def dies_on_the_third_row(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise Killed
        return save_row(*args, **kwargs)

    monkeypatch.setattr(spreadsheets, "_save_row", dies_on_the_third_row)
    with pytest.raises(Killed):
        client.post(url + "confirm/")
    monkeypatch.setattr(spreadsheets, "_save_row", save_row)
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and Activity.objects.count() == 2
    assert job.rows.filter(phase=SpreadsheetPhase.IMPORT).count() == 2

    _age(job, 61)
    page = client.get(url)
    assert page.context["job"].status == JobStatus.FAILED and page.context["can_rerun"]
    assert client.post(url + "rerun/").status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2
    assert sorted(Activity.objects.values_list("iati_identifier", flat=True)) == [
        f"MX-{n}" for n in range(1, 6)
    ]
    outcomes = list(job.rows.filter(phase=SpreadsheetPhase.IMPORT).values_list("number", "outcome"))
    assert outcomes == [(n, "created") for n in range(2, 7)]


# --- Retention of kept files --------------------------------------------------------------


def _backdate(job, days: int) -> None:
    type(job).objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )


def test_purge_uploads_removes_old_files_and_keeps_the_jobs(cast, tmp_path, settings):
    settings.UPLOAD_RETENTION_DAYS = 30
    client = _client(cast, "editor_a")
    old, _url = _upload(client, cast, *ROWS[:1])
    _backdate(old, 31)
    path = tmp_path / "one.xml"
    path.write_text(iati(activity("MX-AMX-1")))
    imported = services.import_job_create(
        program=cast.program, actor=cast.users["editor_a"], source_name="one.xml", path=path
    )
    services.import_job_run(imported.pk)
    _backdate(imported, 40)
    kept = services.import_job_create(
        program=cast.program, actor=cast.users["editor_a"], source_name="one.xml", path=path
    )
    services.import_job_run(kept.pk)
    running = _killed_import(cast, tmp_path, count=3, die_at=1)
    _backdate(running, 40)
    orphan = default_storage.save("spreadsheets/left-over.csv", io.BytesIO(b"x"))
    stale_time = time.time() - 40 * 86400
    os.utime(default_storage.path(orphan), (stale_time, stale_time))

    dry = io.StringIO()
    call_command("purge_uploads", "--dry-run", stdout=dry)
    assert "Would remove 3 file(s)" in dry.getvalue()
    assert default_storage.exists(old.stored_path) and default_storage.exists(orphan)

    output = io.StringIO()
    call_command("purge_uploads", stdout=output)
    assert "Removed 3 file(s)" in output.getvalue()
    assert old.stored_path in output.getvalue() and orphan in output.getvalue()
    for job in (old, imported, kept, running):
        job.refresh_from_db()
    assert not default_storage.exists(old.stored_path)
    assert not default_storage.exists(imported.stored_path) and not default_storage.exists(orphan)
    assert default_storage.exists(kept.stored_path) and default_storage.exists(running.stored_path)
    assert old.file_removed_at and imported.file_removed_at
    assert not kept.file_removed_at and not running.file_removed_at
    assert imported.status == JobStatus.DONE and imported.items  # the report stays

    page = client.get(f"/iati/imports/{imported.pk}/")
    assert "The file was removed on" in page.content.decode()
    assert "The file was removed on" in client.get(old.get_absolute_url()).content.decode()
    assert "kept for 30 days" in client.get(f"/iati/imports/{kept.pk}/").content.decode()


def test_a_failed_job_whose_file_was_purged_cannot_be_rerun(cast, tmp_path, settings):
    job = _killed_import(cast, tmp_path)
    _age(job, 61)
    jobs.reap(ImportJob.objects.all())
    _backdate(job, 31)
    call_command("purge_uploads", stdout=io.StringIO())
    client = _client(cast, "editor_a")
    page = client.get(f"/iati/imports/{job.pk}/")
    assert not page.context["can_rerun"]
    response = client.post(f"/iati/imports/{job.pk}/rerun/")
    assert response.status_code == 409 and "upload it again" in response.content.decode()


@pytest.mark.parametrize(("job_mode", "expected"), [("thread", "failed"), ("rq", "queued")])
def test_a_job_left_queued_by_a_dead_thread_is_failed_but_rq_may_keep_it_waiting(
    cast, tmp_path, settings, job_mode, expected
):
    path = tmp_path / "one.xml"
    path.write_text(iati(activity("MX-AMX-1")))
    job = services.import_job_create(
        program=cast.program, actor=cast.users["editor_a"], source_name="one.xml", path=path
    )
    settings.JOB_MODE = job_mode
    assert jobs.reap(ImportJob.objects.all()) == 0  # just queued
    ImportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(seconds=61)
    )
    jobs.reap(ImportJob.objects.all())
    job.refresh_from_db()
    assert job.status == expected


def _wait_for_job_threads(timeout: float = 60) -> None:
    """Join the job threads the request started. The test reads the database only once they
    are done: the in-memory SQLite test database refuses a reader and a writer at once
    ("database table is locked"), which the product's SQLite file does not."""
    deadline = time.monotonic() + timeout
    for thread in threading.enumerate():
        if thread.name.startswith(jobs.THREAD_PREFIX):
            thread.join(max(0.0, deadline - time.monotonic()))
            assert not thread.is_alive(), f"{thread.name} still running"


@pytest.mark.django_db(transaction=True)
def test_in_thread_mode_a_spreadsheet_job_runs_after_the_request_and_the_page_follows_it(
    cast, settings
):
    settings.JOB_MODE = "thread"
    client = _client(cast, "editor_a")
    upload = io.BytesIO(("\n".join([HEAD_ES, *ROWS]) + "\n").encode())
    upload.name = "actividades.csv"
    response = client.post(
        "/registry/spreadsheets/",
        {"program": cast.program.pk, "kind": "activities", "mode": "add", "file": upload},
    )
    assert response.status_code == 302
    url = response["Location"]
    _wait_for_job_threads()
    job = SpreadsheetJob.objects.get()
    assert job.status == JobStatus.DONE and job.attempts == 1, job.summary
    page = client.get(url)
    assert page.context["valid"] == 5 and 'hx-trigger="every 1s"' not in page.content.decode()
    assert client.post(url + "confirm/").status_code == 302
    _wait_for_job_threads()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and Activity.objects.count() == 5


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("language", "message"), [("en", "blank.csv is empty."), ("es", "blank.csv está vacío.")]
)
def test_a_job_run_by_a_worker_writes_its_messages_in_the_language_of_who_started_it(
    cast, settings, language, message
):
    settings.JOB_MODE = "thread"  # run by a worker thread, not in the request
    client = cast.client("editor_a")
    client.cookies["django_language"] = language
    upload = io.BytesIO(b"\r\n\r\n")
    upload.name = "blank.csv"
    response = client.post(
        "/registry/spreadsheets/",
        {"program": cast.program.pk, "kind": "activities", "mode": "add", "file": upload},
    )
    assert response.status_code == 302
    _wait_for_job_threads()
    job = SpreadsheetJob.objects.get()
    assert (job.language, job.status, job.summary) == (language, JobStatus.FAILED, message)
