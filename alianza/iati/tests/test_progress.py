"""The import page polls its progress with htmx; when the job ends, htmx reloads the page
(an HX-Refresh header, not an inline script the Content-Security-Policy would block)."""

import pytest
from django.test import Client

from alianza.iati.models import ImportJob, JobStatus

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "import-progress"}


@pytest.fixture
def client_and_job(cast):
    job = ImportJob.objects.create(
        program=cast.program, source_name="file.xml", status=JobStatus.RUNNING, total=10
    )
    client = Client()
    client.force_login(cast.users["editor_a"])
    return client, job


def test_a_running_import_answers_its_progress_without_reloading(client_and_job):
    client, job = client_and_job
    response = client.get(f"/iati/imports/{job.pk}/", headers=HTMX)
    assert response.status_code == 200
    assert "HX-Refresh" not in response.headers
    html = response.content.decode()
    assert 'hx-trigger="every 1s"' in html and "<script" not in html and "style=" not in html


def test_a_finished_import_has_htmx_reload_the_page(client_and_job):
    client, job = client_and_job
    job.status = JobStatus.DONE
    job.processed = 10
    job.save()
    response = client.get(f"/iati/imports/{job.pk}/", headers=HTMX)
    assert response.headers["HX-Refresh"] == "true"
    assert "<script" not in response.content.decode()
    full = client.get(f"/iati/imports/{job.pk}/")
    assert "HX-Refresh" not in full.headers
