"""A folder of IATI files imported through the job queue, with one RQ worker and with two.

`python bench/iati_folder.py` (PostgreSQL and Redis on 127.0.0.1 by default; see the
variables below). For each number of workers it makes an empty PostgreSQL database
(`<name>_bench_folder_<n>`, dropped at the end), migrates it, starts that many real
`manage.py rqworker default` processes against Redis, queues the folder with
`manage.py import_iati FOLDER --queue` (one job per file) and waits until every job has
finished; then it prints each run's throughput (activities per second, from the first job's
start to the last job's end, as the jobs record them) and the ratio two workers / one, and
writes the figures to bench/results/iati_folder.json.

BENCH_FOLDER_FILES (8) files of BENCH_FOLDER_ACTIVITIES (1,500) activities each, shaped like
bench/iati_import.py's; BENCH_POSTGRES (postgres://postgres@127.0.0.1:5432/alianza) names the
server and the databases' prefix; BENCH_REDIS_URL (redis://127.0.0.1:6379/12) a Redis
database of its own, emptied before each run, so that no other worker takes the jobs.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from iati_import import _activity  # noqa: E402  (the same synthetic activities)

FILES = int(os.environ.get("BENCH_FOLDER_FILES", "8"))
PER_FILE = int(os.environ.get("BENCH_FOLDER_ACTIVITIES", "1500"))
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/alianza")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
WORKERS = (1, 2)
TIMEOUT = int(os.environ.get("BENCH_FOLDER_TIMEOUT", "3600"))
RESULTS = ROOT / "bench" / "results" / "iati_folder.json"


def generate(folder: Path) -> int:
    """FILES files of PER_FILE activities each, no identifier shared between files."""
    rng = random.Random(20131)
    for f in range(FILES):
        with (folder / f"publisher-{f + 1:02d}.xml").open("w", encoding="utf-8") as out:
            out.write('<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">')
            for i in range(f * PER_FILE + 1, (f + 1) * PER_FILE + 1):
                out.write(_activity(i, rng))
            out.write("\n</iati-activities>\n")
    return sum(p.stat().st_size for p in folder.glob("*.xml"))


def _server(database: str = "postgres") -> str:
    return POSTGRES.rsplit("/", 1)[0] + f"/{database}"


def new_database(workers: int) -> str:
    import psycopg

    name = f"{POSTGRES.rsplit('/', 1)[1]}_bench_folder_{workers}"
    with psycopg.connect(_server(), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{name}"')
    return name


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(_server(), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environment(database: str, media: Path) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": _server(database),
        "REDIS_URL": REDIS_URL,
        "JOB_MODE": "rq",
        "MEDIA_ROOT": str(media),
        "ALIANZA_TESTING": "1",  # the built-in key and settings of the test runs
        "PYTHONUNBUFFERED": "1",
    }


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.exit(f"manage.py {args[0]} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def _jobs(database: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(_server(database)) as c:
        return c.execute(
            "SELECT status, started_at, finished_at, counts, retries FROM iati_importjob"
        ).fetchall()


def _stored(database: str) -> int:
    import psycopg

    with psycopg.connect(_server(database)) as c:
        row = c.execute("SELECT count(*) FROM registry_activity").fetchone()
        return row[0] if row else 0


def run(workers: int, folder: Path, expected: int) -> dict:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    database = new_database(workers)
    processes: list[subprocess.Popen] = []
    try:
        with tempfile.TemporaryDirectory(prefix="alianza-bench-media-") as media:
            env = environment(database, Path(media))
            manage(env, "migrate", "--noinput", "-v0")
            logs = Path(media) / "workers.log"
            with logs.open("w") as log:
                for _ in range(workers):
                    processes.append(
                        subprocess.Popen(
                            [sys.executable, str(ROOT / "manage.py"), "rqworker", "default"],
                            cwd=ROOT,
                            env=env,
                            stdout=log,
                            stderr=subprocess.STDOUT,
                        )
                    )
                _wait_for_workers(workers)
                start = time.perf_counter()
                manage(env, "import_iati", str(folder), "--queue")
                rows = _wait_for_jobs(database, FILES)
                wall = time.perf_counter() - start
                stored = _stored(database)
            if any(status != "done" for status, *_ in rows):
                sys.exit(f"Some jobs did not finish: {rows}\n{logs.read_text()[-4000:]}")
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        drop_database(database)
    first = min(started for _s, started, *_ in rows)
    last = max(finished for _s, _st, finished, *_ in rows)
    seconds = (last - first).total_seconds()
    # Once the first files are done, the organisations the files share are stored: the jobs
    # after them no longer race to create them.
    later = sorted(rows, key=lambda row: row[1])[workers:]
    later_seconds = (max(row[2] for row in later) - min(row[1] for row in later)).total_seconds()
    # Counted in the database: a file read again after a concurrent write (two workers
    # creating the same organisation) reports what it had stored as unchanged.
    outcomes = {
        key: sum(counts.get(key, 0) for *_x, counts, _r in rows)
        for key in ("created", "unchanged", "rejected")
    }
    if stored != expected:
        sys.exit(f"{workers} worker(s): {stored:,} activities stored, {expected:,} expected")
    return {
        "workers": workers,
        "activities": stored,
        "seconds": round(seconds, 2),
        "wall_seconds_with_queueing": round(wall, 2),
        "activities_per_second": round(stored / seconds, 1),
        "retries": sum(r for *_x, r in rows),
        "outcomes": outcomes,
        "after_first_files_activities_per_second": round(len(later) * PER_FILE / later_seconds, 1),
    }


def _wait_for_workers(count: int) -> None:
    import redis
    from rq import Worker

    connection = redis.Redis.from_url(REDIS_URL)
    deadline = time.monotonic() + 120
    while len(Worker.all(connection=connection)) < count:
        if time.monotonic() > deadline:
            sys.exit("The RQ workers did not start")
        time.sleep(0.2)


def _wait_for_jobs(database: str, count: int) -> list[tuple]:
    deadline = time.monotonic() + TIMEOUT
    while True:
        rows = _jobs(database)
        if len(rows) == count and all(status in ("done", "failed") for status, *_ in rows):
            return rows
        if time.monotonic() > deadline:
            sys.exit(f"Timed out after {TIMEOUT} s: {rows}")
        time.sleep(0.2)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="alianza-bench-folder-") as tmp:
        folder = Path(tmp) / "files"
        folder.mkdir()
        size = generate(folder)
        expected = FILES * PER_FILE
        print(
            f"Generated {FILES} files of {PER_FILE:,} activities ({expected:,} in all, "
            f"{size / 1e6:.1f} MB); PostgreSQL, Redis {REDIS_URL}"
        )
        runs = []
        for workers in WORKERS:
            result = run(workers, folder, expected)
            runs.append(result)
            print(
                f"{workers} worker(s): {result['activities']:,} activities in "
                f"{result['seconds']:7.1f} s = {result['activities_per_second']:7.1f} "
                f"activities/s (wall with queueing {result['wall_seconds_with_queueing']:.1f} s, "
                f"{result['retries']} retries; {result['outcomes']}); "
                f"{result['after_first_files_activities_per_second']:.1f} activities/s once "
                f"the first {workers} file(s) are done"
            )
    ratio = runs[1]["activities_per_second"] / runs[0]["activities_per_second"]
    print(f"Throughput ratio (two workers / one): {ratio:.2f}x")
    later_ratio = (
        runs[1]["after_first_files_activities_per_second"]
        / runs[0]["after_first_files_activities_per_second"]
    )
    print(f"Once the first files are done: {later_ratio:.2f}x")
    try:
        load = os.getloadavg()
    except OSError:
        load = None
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "bench": "iati_folder",
                "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "machine": {
                    "cpus": os.cpu_count(),
                    "load": load,
                    "python": platform.python_version(),
                },
                "files": FILES,
                "activities_per_file": PER_FILE,
                "database": "postgresql",
                "runs": runs,
                "throughput_ratio": round(ratio, 2),
                "after_first_files_ratio": round(later_ratio, 2),
            },
            indent=2,
        )
        + "\n"
    )
    print(f"Written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
