"""The import page shows each file's job with its progress bar and its result, in Spanish
and English; while a job runs, htmx polls the list of jobs alone (no inline script or
style: the bar's width is a CSS class of whole percents, never localised)."""

import uuid

import pytest

from alianza.iati.models import ImportJob, JobStatus

pytestmark = pytest.mark.django_db

POLL = {"HX-Request": "true", "HX-Target": "import-jobs"}


@pytest.fixture
def batch(cast):
    """Three files sent together (one done, one running, one queued) and one apart."""
    sent = uuid.uuid4()
    done = ImportJob.objects.create(
        program=cast.program, source_name="done.xml", batch=sent, status=JobStatus.DONE,
        total=40, processed=40, summary_parts=[["%(created)s created, %(updated)s updated, "
        "%(unchanged)s unchanged, %(rejected)s rejected; %(warnings)s warnings.",
        {"created": 40, "updated": 0, "unchanged": 0, "rejected": 0, "warnings": 3}]],
    )  # fmt: skip
    running = ImportJob.objects.create(
        program=cast.program, source_name="running.xml", batch=sent, status=JobStatus.RUNNING,
        total=1500, processed=555,
    )  # fmt: skip
    queued = ImportJob.objects.create(program=cast.program, source_name="queued.xml", batch=sent)
    ImportJob.objects.create(program=cast.program, source_name="other.xml", status=JobStatus.DONE)
    return sent, done, running, queued


def _rows(html: str) -> list[str]:
    return html.split('data-testid="import-job"')[1:]


def test_the_batch_page_shows_each_files_progress_and_result(cast, batch):
    sent, done, running, _queued = batch
    response = cast.client("editor_a").get(
        f"/iati/imports/?batch={sent}", HTTP_ACCEPT_LANGUAGE="en"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Files sent together" in html and "other.xml" not in html
    rows = {row.split(".xml")[0].rsplit(">", 1)[-1]: row for row in _rows(html)}
    assert sorted(rows) == ["done", "queued", "running"]
    percent = 100 * running.processed // running.total  # 37
    assert f"span-{percent}" in rows["running"] and f'aria-valuenow="{percent}"' in rows["running"]
    assert "span-100" in rows["done"] and "40 created, 0 updated" in rows["done"]
    assert "span-0" in rows["queued"]
    assert 'hx-trigger="every 2s"' in html and f"?batch={sent}" in html
    assert all(" src=" in tag.split(">")[0] for tag in html.split("<script")[1:])  # none inline
    assert "style=" not in html


def test_the_page_is_in_spanish_with_numbers_unlocalised_in_the_bar(cast, batch):
    sent, _done, running, _queued = batch
    running.processed, running.total = 1234, 5000
    running.save()
    html = (
        cast.client("editor_a")
        .get(f"/iati/imports/?batch={sent}", HTTP_ACCEPT_LANGUAGE="es")
        .content.decode()
    )
    assert "Archivos enviados juntos" in html and "Avance de running.xml" in html
    assert "40 creadas" in html
    assert "span-24" in html and 'aria-valuenow="24"' in html


def test_polling_answers_the_list_of_jobs_alone_and_stops_when_all_are_finished(cast, batch):
    sent, _done, running, queued = batch
    client = cast.client("editor_a")
    poll = client.get(f"/iati/imports/?batch={sent}", headers=POLL, HTTP_ACCEPT_LANGUAGE="en")
    html = poll.content.decode()
    assert html.lstrip().startswith('<div id="import-jobs"') and "<h1" not in html
    assert 'data-running="true"' in html and "hx-get=" in html
    ImportJob.objects.filter(pk__in=[running.pk, queued.pk]).update(status=JobStatus.DONE)
    html = client.get(f"/iati/imports/?batch={sent}", headers=POLL).content.decode()
    assert 'data-running="false"' in html and "hx-get=" not in html


def test_jobs_of_another_program_and_a_malformed_batch(cast, batch):
    sent, *_rest = batch
    outsider = cast.client("outsider")
    html = outsider.get(f"/iati/imports/?batch={sent}").content.decode()
    assert not _rows(html)
    everything = cast.client("editor_a").get("/iati/imports/?batch=not-a-uuid").content.decode()
    assert len(_rows(everything)) == 4
