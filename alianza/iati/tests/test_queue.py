# ruff: noqa: E501  (inline IATI XML reads best on one line)
"""Many files across workers: `import_iati --queue` puts one job per file on the RQ queue;
two imports of the same activities at once end with one set of records (the unique IATI
identifier decides, the loser reads its file again); a worker killed in the middle of a file
leaves no half-written activity, and running the job again completes it."""

from __future__ import annotations

import datetime
import os
import threading
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone

from alianza.accounts.services import system_user
from alianza.audit.models import ChangeRecord
from alianza.core import jobs
from alianza.core.concurrency import concurrent_write
from alianza.iati import services
from alianza.iati.importer import pipeline
from alianza.iati.models import ImportJob, JobStatus
from alianza.registry import content
from alianza.registry.models import Activity, Organisation

#: Activities written per transaction in these tests: small, so that a file of a few dozen
#: activities spans several chunks.
CHUNK = 20


@pytest.fixture(autouse=True)
def _small_chunks(monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK", CHUNK)


def _activity(prefix: str, n: int) -> str:
    year = 2014 + n % 8
    return f"""
 <iati-activity default-currency="USD" xml:lang="es">
  <iati-identifier>{prefix}-{n:05d}</iati-identifier>
  <reporting-org ref="XM-DAC-7" type="10"><narrative>Agencia</narrative></reporting-org>
  <title><narrative>Cooperación {n}</narrative><narrative xml:lang="en">Cooperation {n}</narrative></title>
  <description type="1"><narrative>Intercambio {n}</narrative></description>
  <participating-org ref="XM-DAC-7" role="1" type="10"><narrative>Agencia</narrative></participating-org>
  <participating-org ref="GT-GOV-{n % 5}" role="4" type="10"><narrative>Socio {n % 5}</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="{year}-01-01"/>
  <recipient-country code="GT" percentage="100"/>
  <sector vocabulary="1" code="15110" percentage="60"/>
  <sector vocabulary="1" code="43010" percentage="40"/>
  <budget type="1" status="1"><period-start iso-date="{year}-01-01"/><period-end iso-date="{year}-12-31"/><value currency="USD" value-date="{year}-01-01">{1000 + n}</value></budget>
  <transaction><transaction-type code="3"/><transaction-date iso-date="{year}-03-15"/><value currency="USD" value-date="{year}-03-15">{500 + n}.25</value></transaction>
  <transaction><transaction-type code="4"/><transaction-date iso-date="{year}-06-15"/><value currency="USD" value-date="{year}-06-15">{200 + n}</value></transaction>
 </iati-activity>"""


def iati_file(path: Path, numbers, prefix: str = "XM-DAC-7-Q") -> Path:
    body = "".join(_activity(prefix, n) for n in numbers)
    path.write_text(
        f'<?xml version="1.0"?>\n<iati-activities version="2.03">{body}\n</iati-activities>\n',
        encoding="utf-8",
    )
    return path


def state(prefix: str) -> dict[int, tuple]:
    """The registry's activities of `prefix` by number: their whole content (children
    included, identifier aside), fingerprint, publication and the actions of their audit
    records; what a clean import and an interrupted one run again must both give."""
    kind = ContentType.objects.get_for_model(Activity)
    found = {}
    for activity in Activity.objects.filter(iati_identifier__startswith=f"{prefix}-"):
        data = content.activity_data(activity)
        number = int(data.pop("iati_identifier").rsplit("-", 1)[1])
        actions = sorted(
            ChangeRecord.objects.filter(content_type=kind, object_id=str(activity.pk)).values_list(
                "action", flat=True
            )
        )
        found[number] = (data, activity.content_hash, activity.is_public, actions)
    return found


def _without_identifier(snapshot: dict[int, tuple]) -> dict[int, tuple]:
    """The content hash covers the identifier: compare it as 'present' only."""
    return {
        n: (data, bool(fp), public, actions) for n, (data, fp, public, actions) in snapshot.items()
    }


# --- the command -------------------------------------------------------------------------


@pytest.fixture
def sync_queue(settings, monkeypatch):
    """RQ's synchronous mode on an in-memory Redis: `enqueue` runs the job at once, through
    RQ (the job is serialised, stored and performed by its dotted path)."""
    import django_rq
    import fakeredis
    from rq import Queue

    settings.JOB_MODE = "rq"
    redis = fakeredis.FakeStrictRedis()
    queue = Queue("default", connection=redis, is_async=False)
    monkeypatch.setattr(django_rq, "get_queue", lambda name="default", **kw: queue)
    return queue


@pytest.mark.django_db
def test_queue_puts_one_job_per_file_of_a_folder_and_workers_import_them(
    tmp_path, sync_queue, capsys, django_capture_on_commit_callbacks
):
    folder = tmp_path / "publisher"
    folder.mkdir()
    iati_file(folder / "a.xml", range(1, 31))
    iati_file(folder / "b.xml", range(31, 46))
    (folder / "notes.txt").write_text("not IATI")
    single = iati_file(tmp_path / "c.xml", range(46, 51))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_iati", str(folder), str(single), "--queue")
    queued = list(ImportJob.objects.order_by("source_name"))
    assert [j.source_name for j in queued] == ["a.xml", "b.xml", "c.xml"]
    assert {j.batch for j in queued} == {queued[0].batch} and queued[0].batch is not None
    assert [j.status for j in queued] == [JobStatus.DONE] * 3
    assert [j.counts["created"] for j in queued] == [30, 15, 5]
    assert Activity.objects.count() == 50
    assert len(sync_queue.connection.keys("rq:job:*")) == 3  # through RQ, one job per file
    out = capsys.readouterr().out
    assert f"/iati/imports/?batch={queued[0].batch}" in out
    assert all(j.get_absolute_url() in out for j in queued)


@pytest.mark.django_db
def test_queue_without_rq_is_refused_and_queues_nothing(tmp_path, settings):
    settings.JOB_MODE = "inline"
    path = iati_file(tmp_path / "a.xml", range(1, 3))
    with pytest.raises(CommandError, match="REDIS_URL"):
        call_command("import_iati", str(path), "--queue")
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_without_queue_the_files_of_a_folder_are_imported_here(tmp_path, capsys):
    iati_file(tmp_path / "a.xml", range(1, 4))
    iati_file(tmp_path / "b.xml", range(4, 6))
    call_command("import_iati", str(tmp_path), "--no-progress")
    assert Activity.objects.count() == 5
    assert sorted(ImportJob.objects.values_list("source_name", "batch")) == [
        ("a.xml", None),
        ("b.xml", None),
    ]
    assert capsys.readouterr().out.count("Report and data quality") == 2


def test_an_empty_folder_or_a_missing_file_is_an_error(tmp_path, db):
    with pytest.raises(CommandError, match="no .xml file"):
        call_command("import_iati", str(tmp_path), "--queue")
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_iati", str(tmp_path / "missing.xml"))


REDIS_TEST_URL = os.environ.get("ALIANZA_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")


def _redis_or_skip():
    import redis

    client = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=0.5)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.skip(
            f"Redis is not reachable at {REDIS_TEST_URL} ({exc}): this test needs a real Redis"
        )
    return client


@pytest.mark.django_db(transaction=True)
def test_queue_on_a_real_redis_is_run_by_a_worker(tmp_path, settings):
    """The jobs travel through a real Redis and an RQ worker takes them (a SimpleWorker: in
    this process, so that it sees the test database)."""
    import django_rq
    from rq import SimpleWorker

    client = _redis_or_skip()
    settings.JOB_MODE = "rq"
    settings.RQ_QUEUES = {"default": {"URL": REDIS_TEST_URL, "DEFAULT_TIMEOUT": 600}}
    client.flushdb()
    try:
        iati_file(tmp_path / "a.xml", range(1, 26))
        iati_file(tmp_path / "b.xml", range(26, 31))
        call_command("import_iati", str(tmp_path), "--queue")
        queue = django_rq.get_queue("default")
        assert queue.count == 2
        assert set(ImportJob.objects.values_list("status", flat=True)) == {JobStatus.QUEUED}
        SimpleWorker([queue], connection=queue.connection).work(burst=True)
        assert sorted(ImportJob.objects.values_list("status", "counts__created")) == [
            (JobStatus.DONE, 5),
            (JobStatus.DONE, 25),
        ]
        assert Activity.objects.count() == 30
    finally:
        client.flushdb()


# --- two imports at once ------------------------------------------------------------------


def _concurrent_imports(paths: list[Path]) -> list[BaseException]:
    """Import the files at the same moment, one thread (one database connection) each."""
    barrier = threading.Barrier(len(paths))
    errors: list[BaseException] = []

    def one(path: Path) -> None:
        try:
            barrier.wait()
            services.import_file(path=path, program=None, actor=system_user())
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=one, args=(p,)) for p in paths]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    return errors


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_overlapping_files_at_once_end_with_one_set_of_records(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: concurrent imports are a PostgreSQL test")
    system_user()  # created before the threads race for it
    a = iati_file(tmp_path / "a.xml", range(1, 121))
    b = iati_file(tmp_path / "b.xml", range(61, 181))
    same = iati_file(tmp_path / "same-as-b.xml", range(61, 181))
    assert _concurrent_imports([a, b, same]) == []
    jobs_done = list(ImportJob.objects.all())
    assert [j.status for j in jobs_done] == [JobStatus.DONE] * 3
    assert all(j.counts["rejected"] == 0 for j in jobs_done)
    # One record per identifier, each created once (one audit record), its rows once.
    snapshot = state("XM-DAC-7-Q")
    assert sorted(snapshot) == list(range(1, 181))
    assert {tuple(actions) for *_rest, actions in snapshot.values()} == {
        ("registry.activity.create",)
    }
    # Each job accounts for every activity of its file; none is created twice (a job that
    # read its file again counts what it had stored as unchanged).
    assert sum(j.counts["created"] + j.counts["unchanged"] for j in jobs_done) == 360
    assert sum(j.counts["created"] for j in jobs_done) <= 180
    for number, (data, *_rest) in snapshot.items():
        assert len(data["transactions"]) == 2 and len(data["sectors"]) == 2, number
    assert Organisation.objects.filter(ref__startswith="GT-GOV-").count() == 5


def _failing_once(error: BaseException, after: int):
    """A progress callback that raises `error` once, after `after` activities."""
    raised = []

    def progress(done: int, total: int) -> None:
        if done == after and not raised:
            raised.append(done)
            raise error

    return progress


@pytest.mark.django_db
def test_a_write_refused_by_a_concurrent_import_reads_the_file_again(tmp_path, actor):
    path = iati_file(tmp_path / "a.xml", range(1, 71))
    job = services.import_job_create(program=None, actor=actor, source_name="a.xml", path=path)
    duplicate = IntegrityError('duplicate key value violates unique constraint "iati_identifier"')
    report = services.import_job_run(job.pk, progress=_failing_once(duplicate, after=50))
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.retries == 1
    assert job.counts["created"] + job.counts["unchanged"] == 70
    assert job.counts["unchanged"] > 0  # stored by the first reading, found by the second
    assert any("read again (1 times)" in i.text for i in report.file_issues)
    assert job.issues.filter(kind="file", severity="warning").count() == 1
    assert Activity.objects.count() == 70


@pytest.mark.django_db
def test_another_database_error_is_not_retried(tmp_path, actor):
    path = iati_file(tmp_path / "a.xml", range(1, 31))
    job = services.import_job_create(program=None, actor=actor, source_name="a.xml", path=path)
    with pytest.raises(OperationalError):
        services.import_job_run(job.pk, progress=_failing_once(OperationalError("disk full"), 25))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.retries == 0
    assert "disk full" in job.summary_text


def test_only_refusals_between_concurrent_writers_count_as_concurrent():
    class Cause(Exception):
        sqlstate = "40P01"

    deadlock = OperationalError("deadlock detected")
    deadlock.__cause__ = Cause()
    assert concurrent_write(IntegrityError("duplicate key"))
    assert concurrent_write(deadlock)
    assert not concurrent_write(OperationalError("disk full"))


# --- a worker killed in the middle of a file ----------------------------------------------


class WorkerKilled(BaseException):
    """What a SIGKILL looks like from inside: the worker stops where it is, its job row
    stays 'running' and no except clause of ours runs."""


@pytest.mark.django_db
def test_a_worker_killed_mid_file_leaves_no_half_written_activity_and_a_rerun_completes_it(
    tmp_path, actor
):
    numbers = range(1, 71)
    crashed = iati_file(tmp_path / "crashed.xml", numbers, prefix="XM-DAC-7-K")
    job = services.import_job_create(
        program=None, actor=actor, source_name="crashed.xml", path=crashed
    )
    with pytest.raises(WorkerKilled):
        services.import_job_run(job.pk, progress=_failing_once(WorkerKilled(), after=2 * CHUNK + 5))
    iati_file(tmp_path / "clean.xml", numbers, prefix="XM-DAC-7-C")
    call_command("import_iati", str(tmp_path / "clean.xml"), "--no-progress")
    clean = _without_identifier(state("XM-DAC-7-C"))
    # Killed: some chunks stored, the one being read lost, and each stored activity whole.
    partial = _without_identifier(state("XM-DAC-7-K"))
    assert 0 < len(partial) < 2 * CHUNK + 5
    assert all(partial[n] == clean[n] for n in partial)
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING
    # Its heartbeat grows old: a reader sees it failed; it is run again and completes.
    stale = timezone.now() - datetime.timedelta(hours=1)
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=stale)
    assert jobs.refresh(job).status == JobStatus.FAILED
    services.import_job_rerun(job=job, actor=actor)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2
    assert job.counts["unchanged"] == len(partial)
    assert job.counts["created"] == len(numbers) - len(partial)
    assert _without_identifier(state("XM-DAC-7-K")) == clean


@pytest.mark.django_db
def test_an_activity_stored_by_another_import_meanwhile_is_found_on_the_second_try(
    tmp_path, actor, monkeypatch
):
    """The race inside one activity: its lookup ran before another import stored it, so it
    inserts it and meets the unique identifier (a real IntegrityError from the database):
    its savepoint is rolled back and the second try finds the record, unchanged."""
    from lxml import etree

    from alianza.iati.elements import activity as activity_element
    from alianza.registry import services as registry

    path = iati_file(tmp_path / "a.xml", [7])
    data, _ctx = activity_element.parse(etree.parse(str(path)).getroot()[0])
    registry.activity_upsert(program=None, data=data, actor=actor)  # the other import
    original = registry._activity_upsert
    tries = []

    def blind_first_try(**kwargs):
        tries.append(kwargs["organisations"].copy())
        if len(tries) > 1:
            return original(**kwargs)
        with transaction.atomic():  # what a try whose lookup found nothing does
            full = content.normalize(dict(kwargs["data"]))
            kwargs["organisations"]["stale"] = Organisation(ref="stale")
            return registry._create(
                program=None, full=full, actor=actor, is_public=False,
                organisations=kwargs["organisations"],
            )  # fmt: skip

    monkeypatch.setattr(registry, "_activity_upsert", blind_first_try)
    cache: dict = {}
    outcome = registry.activity_upsert(program=None, data=data, actor=actor, organisations=cache)
    assert len(tries) == 2 and outcome.outcome == registry.UNCHANGED
    assert "stale" not in tries[1]  # what the rolled-back try cached is forgotten
    assert Activity.objects.filter(iati_identifier=data["iati_identifier"]).count() == 1
    assert list(state("XM-DAC-7-Q")[7][3]) == ["registry.activity.create"]
