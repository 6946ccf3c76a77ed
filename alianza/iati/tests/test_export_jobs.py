"""Large IATI exports: over EXPORT_JOB_MIN_ACTIVITIES they are written by a background job
to the storage and downloaded from the job's page (or the API), byte for byte what the
direct export answers; small ones still answer at once."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from alianza.core import jobs
from alianza.core.models import JobStatus
from alianza.iati import export_jobs, exporter
from alianza.iati.models import ExportJob, ExportKind
from alianza.registry.tests.factories import make_activity

pytestmark = pytest.mark.django_db


def _client(cast, role: str):
    """A client reading the pages in English (they answer in Spanish by default)."""
    client = cast.client(role)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def three(cast, settings, monkeypatch):
    """Three public activities and one internal; exports of more than two run as jobs."""
    settings.EXPORT_JOB_MIN_ACTIVITIES = 2
    monkeypatch.setattr(exporter, "generated_datetime", lambda: "2026-01-01T00:00:00Z")
    for n in (1, 2, 3):
        make_activity(cast.program, f"XM-TEST-{n}")
    make_activity(cast.program, "XM-TEST-9", is_public=False)
    return cast


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _direct(client, url, settings) -> bytes:
    limit = settings.EXPORT_JOB_MIN_ACTIVITIES
    settings.EXPORT_JOB_MIN_ACTIVITIES = 10_000
    try:
        response = client.get(url)
        assert response.status_code == 200
        return _body(response)
    finally:
        settings.EXPORT_JOB_MIN_ACTIVITIES = limit


def test_a_large_export_runs_as_a_job_and_downloads_the_same_bytes(three, settings):
    client = _client(three, "editor_a")
    response = client.get("/iati/export/activities.xml")
    assert response.status_code == 302 and "/iati/exports/" in response["Location"]
    job = ExportJob.objects.get()
    assert job.status == JobStatus.DONE and job.processed == 4  # partners see the internal one
    page = client.get(response["Location"])
    assert "Download" in page.content.decode() and job.file_path.startswith("exports/")
    download = client.get(f"/iati/exports/{job.token}/download/")
    assert download["Content-Disposition"].endswith('filename="iati-activities.xml"')
    assert _body(download) == _direct(client, "/iati/export/activities.xml", settings)


def test_a_small_export_answers_at_once(three):
    response = _client(three, "anonymous").get("/iati/export/activities.xml?identifier=XM-TEST-1")
    assert response.status_code == 200 and b"XM-TEST-1" in _body(response)
    assert not ExportJob.objects.exists()


def test_a_program_export_over_the_limit_runs_as_a_job(three, settings):
    three.partner_a.iati_identifier = "XM-TEST-A"
    three.partner_a.save()
    three.program.summary_en, three.program.summary_es = "Joint work", "Trabajo conjunto"
    three.program.save()
    client = _client(three, "coordinator_a")
    response = client.get("/iati/export/programs/TEST.xml")
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert job.kind == ExportKind.PROGRAM and job.status == JobStatus.DONE, job.summary
    download = _body(client.get(f"/iati/exports/{job.token}/download/"))
    assert download == _direct(client, "/iati/export/programs/TEST.xml", settings)


def test_a_signed_in_export_is_its_askers_and_an_anonymous_one_is_public_data(three):
    _client(three, "editor_a").get("/iati/export/activities.xml")
    private = ExportJob.objects.get()
    for role in ("editor_b", "viewer_a", "anonymous"):
        assert _client(three, role).get(f"/iati/exports/{private.token}/").status_code == 404
        assert (
            _client(three, role).get(f"/iati/exports/{private.token}/download/").status_code == 404
        )
    _client(three, "anonymous").get("/iati/export/activities.xml")
    public = ExportJob.objects.exclude(pk=private.pk).get()
    assert public.created_by is None and public.processed == 3  # not the internal activity
    body = _body(_client(three, "outsider").get(f"/iati/exports/{public.token}/download/"))
    assert b"XM-TEST-9" not in body and b"XM-TEST-3" in body


def test_the_api_answers_202_with_the_job_to_follow(three, settings):
    client = _client(three, "editor_a")
    response = client.get("/api/v1/iati-exports/activities/")
    assert response.status_code == 202
    data = response.json()
    assert response["Location"] == data["url"] and data["status"] == "done"
    status = client.get(data["url"]).json()
    assert status["download"] and status["processed"] == 4
    body = _body(client.get(status["download"]))
    assert body == _direct(client, "/api/v1/iati-exports/activities/", settings)
    assert _client(three, "editor_b").get(data["url"]).status_code == 404
    assert client.get("/api/v1/iati-export-jobs/not-a-token/").status_code == 404


def test_asking_again_while_an_export_is_under_way_answers_the_same_job(three, monkeypatch):
    monkeypatch.setattr(jobs, "start", lambda target, job_id: None)
    client = _client(three, "editor_a")
    first = client.get("/iati/export/activities.xml?status=2")
    second = client.get("/iati/export/activities.xml?status=2")
    assert first["Location"] == second["Location"] and ExportJob.objects.count() == 1
    other = client.get("/iati/export/activities.xml")
    assert other["Location"] != first["Location"]


def test_a_failed_export_can_be_run_again(three, settings):
    client = _client(three, "editor_a")
    job = export_jobs.export_job_create(
        actor=three.users["editor_a"],
        kind=ExportKind.ACTIVITIES,
        filename="iati-activities.xml",
        total=4,
    )
    ExportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        file_path="",
        heartbeat_at=timezone.now() - datetime.timedelta(hours=1),
    )
    page = client.get(job.get_absolute_url())
    assert page.context["job"].status == JobStatus.FAILED and page.context["can_rerun"]
    assert client.post(f"/iati/exports/{job.token}/rerun/").status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.is_ready and job.attempts == 2


def test_export_files_are_purged_after_the_retention_period(three):
    client = _client(three, "editor_a")
    client.get("/iati/export/activities.xml")
    job = ExportJob.objects.get()
    ExportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    call_command("purge_uploads", stdout=io.StringIO())
    job.refresh_from_db()
    assert job.file_removed_at and not default_storage.exists(job.file_path)
    assert client.get(f"/iati/exports/{job.token}/download/").status_code == 404
    assert "The file was removed on" in client.get(job.get_absolute_url()).content.decode()
