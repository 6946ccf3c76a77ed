"""Pages and the API under load: `python bench/load.py --users 20 --duration 60`.

Production shape, as `alianza/core/tests/test_production.py` starts it: DEBUG=0, a generated
SECRET_KEY, `collectstatic` into the manifest storage, WhiteNoise, gunicorn with 4 workers
(plain HTTP on the loopback: no TLS proxy in the loop, so SECURE_PROXY is off). A throwaway
database (an SQLite file in a temporary folder; with DATABASE_URL=postgres://.../NAME a
database NAME_load created and dropped on the same server) gets `migrate`, `load_procap`
and one signed-in reader (an editor of PROCAP's first institution).

Then, page by page, a headless Locust (`bench/locustfile.py`) with --users readers, each
signed in through the login form and asking for the page again without pause, for
--duration seconds; the first phase is the baseline, `/healthz/` (one query). Printed per
page: p50, p95, requests/s, error rate and the ratios to the baseline's p95 and requests/s.
Then one request per page is profiled in-process (cProfile, same database, after a warm-up
request) and its top functions by cumulative time kept. Everything goes to
bench/results/load.json.

With --growth 1000,100000 the same pages are measured once per size: before each round,
`generate_scale_data --program <the pages' program>` grows the registry to that many
synthetic activities (4 transactions each) visible to the reader, and the report ends with
each page's p95 at the last size divided by its p95 at the first (issue 16's target: at most
2). BENCH_LOAD_GROWTH is its default.

BENCH_LOAD_USERS, BENCH_LOAD_DURATION and BENCH_LOAD_WORKERS are the options' defaults;
BENCH_STATIC names a folder to keep collectstatic's output between runs.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import datetime
import io
import json
import os
import pstats
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "load.json"
USERNAME = "bench-reader"
TOP_FUNCTIONS = 25
#: Added to each phase's run time for the readers to sign in before the measured part.
SIGN_IN_SECONDS = 15


def pages(detail: str) -> list[tuple[str, str]]:
    """(name, path): the baseline first."""
    return [
        ("baseline: /healthz/", "/healthz/"),
        ("initiatives list", "/programs/PROCAP/initiatives/"),
        # Filters that PROCAP's activities and the synthetic ones of --growth both match.
        ("registry list, filtered", "/registry/?modality=bilateral&year=2015"),
        ("joint monitoring dashboard", "/programs/PROCAP/monitoring/?period=2019"),
        ("initiative detail", detail),
        ("initiatives API list", "/api/v1/initiatives/?program=PROCAP"),
    ]


# --- inside Django (a subprocess with the production environment) -----------------------


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def inside_setup(password: str) -> dict:
    """The bench reader and the URL of a detail page, printed as JSON."""
    django_setup()
    from alianza.accounts.models import Institution
    from alianza.accounts.services import system_user, user_create
    from alianza.initiatives.models import Initiative
    from alianza.registry.models import Activity

    # An editor of a partner of the program the pages show (as bench/run.py signs in).
    institution = Institution.objects.filter(code="amexcid").first()
    user = user_create(
        username=USERNAME,
        institution=institution,
        role="editor",
        password=password,
        actor=system_user(),
    )
    initiative = Initiative.objects.visible_to(user).order_by("program__code", "number").first()
    return {
        "institution": institution.code if institution else None,
        "program": initiative.program.code,
        "detail": initiative.get_absolute_url(),
        "initiatives": Initiative.objects.visible_to(user).count(),
        "activities": Activity.objects.count(),
    }


def inside_counts() -> dict:
    django_setup()
    from alianza.registry.models import Activity, Transaction

    return {"activities": Activity.objects.count(), "transactions": Transaction.objects.count()}


def inside_profile(paths: list[tuple[str, str]]) -> dict:
    """One request per page under cProfile (after one to warm the caches), signed in."""
    django_setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="es")
    client.force_login(get_user_model().objects.get(username=USERNAME))
    profiles = {}
    for name, path in paths:
        client.get(path)
        queries: list[str] = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        profiler = cProfile.Profile()
        with connection.execute_wrapper(count):
            started = time.perf_counter()
            profiler.enable()
            response = client.get(path)
            profiler.disable()
            elapsed = time.perf_counter() - started
        stats = pstats.Stats(profiler, stream=io.StringIO())
        stats.sort_stats("cumulative")
        top = []
        total = max(stats.total_tt, 1e-9)  # type: ignore[attr-defined]
        for func in stats.fcn_list:  # type: ignore[attr-defined]
            calls, primitive, own, cumulative, _ = stats.stats[func]  # type: ignore[attr-defined]
            wrapper = "site-packages" in func[0] or "middleware" in func[0]
            if wrapper and cumulative > 0.9 * total:
                continue  # the test client and middleware around the whole request
            if len(top) >= TOP_FUNCTIONS:
                break
            filename, line, function = func
            try:
                filename = str(Path(filename).resolve().relative_to(ROOT))
            except ValueError:
                filename = filename.split("site-packages/")[-1]
            top.append(
                {
                    "function": f"{filename}:{line}({function})",
                    "calls": calls,
                    "own_ms": round(own * 1000, 2),
                    "share": round(cumulative / total, 3),
                    "cumulative_ms": round(cumulative * 1000, 2),
                }
            )
        profiles[name] = {
            "path": path,
            "status": response.status_code,
            "ms": round(elapsed * 1000, 1),
            "queries": len(queries),
            "bytes": len(response.content),
            "top_by_cumulative": top,
        }
    return profiles


# --- outside: the orchestration ----------------------------------------------------------


def environment(tmp: Path, database_url: str, static_root: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key in ("PATH", "HOME", "LANG", "TMPDIR", "TZ") or key.startswith("LC_")
    }
    env.update(
        {
            "ALIANZA_TESTING": "0",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "STATIC_ROOT": str(static_root),
            "MEDIA_ROOT": str(tmp / "media"),
            "ALIANZA_VAR_DIR": str(tmp / "var"),
            "LOG_LEVEL": "WARNING",
            "JOB_MODE": "thread",
            "DATABASE_URL": database_url,
            # One reader asks for hundreds of pages a minute: the API's throttles would answer
            # 429 and measure themselves.
            "API_THROTTLE_USER": "off",
            "API_THROTTLE_ANON": "off",
        }
    )
    return env


def run(env: dict[str, str], *args: str, timeout: int = 900, accept: tuple = (0,)) -> str:
    result = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode not in accept:
        sys.exit(f"{' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout + result.stderr


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn exited:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=5) as r:
                if r.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.3)
    sys.exit(f"gunicorn did not answer /healthz/:\n{log.read_text()[-3000:]}")


def create_postgres(url: str) -> tuple[str, str]:
    import psycopg

    server, name = url.rsplit("/", 1)
    name = f"{name.split('?')[0]}_load"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}", name


def drop_postgres(url: str, name: str) -> None:
    import psycopg

    server = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def locust(
    env: dict[str, str], port: int, name: str, path: str, args, password: str, tmp: Path
) -> dict:
    prefix = tmp / f"locust-{abs(hash(name))}"
    phase_env = {
        **env,
        "BENCH_LOAD_PATH": path,
        "BENCH_LOAD_NAME": name,
        "BENCH_LOAD_USERNAME": USERNAME,
        "BENCH_LOAD_PASSWORD": password,
        "BENCH_LOAD_USERS": str(args.users),
    }
    output = run(
        phase_env,
        "-m",
        "locust",
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--host",
        f"http://127.0.0.1:{port}",
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.users),
        # The readers sign in first (bench/locustfile.py): the statistics start after that.
        "--run-time",
        f"{args.duration + SIGN_IN_SECONDS}s",
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--csv",
        str(prefix),
        timeout=args.duration + 300,
        accept=(0, 1),  # 1: some requests failed, counted in the error rate
    )
    with open(f"{prefix}_stats.csv", newline="") as file:
        rows = {row["Name"]: row for row in csv.DictReader(file)}
    if name not in rows:
        sys.exit(f"Locust measured nothing for {name}: {sorted(rows)}\n{output[-3000:]}")
    row = rows[name]
    count = int(row["Request Count"])
    failures = int(row["Failure Count"])
    return {
        "path": path,
        "requests": count,
        "failures": failures,
        "error_rate": round(failures / count, 4) if count else None,
        "p50_ms": float(row["50%"]),
        "p95_ms": float(row["95%"]),
        "requests_per_s": round(float(row["Requests/s"]), 2),
        "sign_in_failures": int(rows.get("sign-in", {}).get("Failure Count", 0) or 0),
    }


def measure(env: dict[str, str], cases: list[tuple[str, str]], args, password: str, tmp: Path):
    """gunicorn started afresh, then each page under Locust; the server's errors printed."""
    port = free_port()
    log = tmp / f"gunicorn-{port}.log"
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_up(port, server, log)
        load = {}
        for name, path in cases:
            print(f"load: {name} ({path}), {args.users} users, {args.duration} s")
            load[name] = locust(env, port, name, path, args, password, tmp)
    finally:
        server.terminate()
        server.wait(timeout=30)
    if b"Traceback" in log.read_bytes():
        print(f"\nserver errors (gunicorn log):\n{log.read_text()[-3000:]}")
    return load


def growth(rounds: list[dict]) -> dict:
    """Each page's p95 and requests/s per size, and p95 at the last size over the first."""
    first, last = rounds[0], rounds[-1]
    pages = {}
    for name in last["load"]:
        before, after = first["load"][name], last["load"][name]
        pages[name] = {
            "p95_ms": {str(r["synthetic"]): r["load"][name]["p95_ms"] for r in rounds},
            "requests_per_s": {
                str(r["synthetic"]): r["load"][name]["requests_per_s"] for r in rounds
            },
            "p95_ratio": round(after["p95_ms"] / max(before["p95_ms"], 1), 2),
            "target_met": after["p95_ms"] <= 2 * max(before["p95_ms"], 1),
        }
    return {
        "sizes": [{k: r[k] for k in ("synthetic", "activities", "transactions")} for r in rounds],
        "target": "p95 at the last size at most 2x the first",
        "pages": pages,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=int(os.environ.get("BENCH_LOAD_USERS", 20)))
    parser.add_argument(
        "--duration",
        type=int,
        default=int(os.environ.get("BENCH_LOAD_DURATION", 120)),
        help="seconds of load per page (default 120)",
    )
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_LOAD_WORKERS", 4)))
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile pass")
    parser.add_argument(
        "--growth",
        default=os.environ.get("BENCH_LOAD_GROWTH", ""),
        help="synthetic activity counts, e.g. 1000,100000: measure every page at each size",
    )
    parser.add_argument("--only", help="run only the pages whose name contains this")
    parser.add_argument("--inside", choices=["setup", "profile", "counts"], help=argparse.SUPPRESS)
    parser.add_argument("--payload", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside == "setup":
        print(json.dumps(inside_setup(args.payload)))
        return
    if args.inside == "profile":
        print(json.dumps(inside_profile(json.loads(args.payload))))
        return
    if args.inside == "counts":
        print(json.dumps(inside_counts()))
        return
    try:
        sizes = [int(size) for size in args.growth.replace("_", "").split(",") if size.strip()]
    except ValueError:
        sys.exit(f"--growth: sizes are whole numbers separated by commas, not {args.growth!r}")
    if sizes and (len(sizes) < 2 or sizes != sorted(set(sizes)) or sizes[0] < 1):
        sys.exit("--growth: at least two increasing sizes, e.g. 1000,100000")

    started = datetime.datetime.now(datetime.UTC)
    tmp = Path(tempfile.mkdtemp(prefix="alianza-load-"))
    given = os.environ.get("DATABASE_URL", "")
    postgres = given.startswith("postgres")
    if postgres:
        database_url, dbname = create_postgres(given)
    else:
        database_url, dbname = f"sqlite:///{tmp / 'load.sqlite3'}", ""
    static_root = Path(os.environ.get("BENCH_STATIC") or tmp / "static")
    env = environment(tmp, database_url, static_root)
    password = secrets.token_urlsafe(18)
    try:
        print(f"data: migrate + load_procap into {'PostgreSQL' if postgres else 'SQLite'}")
        run(env, "manage.py", "migrate", "--noinput", "-v0")
        run(env, "manage.py", "load_procap", "-v0")
        data = json.loads(
            run(env, __file__, "--inside", "setup", "--payload", password).splitlines()[-1]
        )
        if not (static_root / "staticfiles.json").exists():
            print("collectstatic (DEBUG=0, manifest storage)")
            run(env, "manage.py", "collectstatic", "--noinput", "-v0")
        cases = pages(data["detail"])
        if args.only:
            cases = [cases[0]] + [c for c in cases[1:] if args.only in c[0]]
        rounds = []
        for size in sizes or [None]:
            if size is not None:
                print(f"data: {size:,} synthetic activities under {data['program']}")
                run(
                    env,
                    "manage.py",
                    "generate_scale_data",
                    "--activities",
                    str(size),
                    "--program",
                    data["program"],
                    timeout=7200,
                )
            counts = json.loads(run(env, __file__, "--inside", "counts").strip().splitlines()[-1])
            load = measure(env, cases, args, password, tmp)
            profiles = {}
            if not args.no_profile:
                print("profile: one request per page, in-process")
                profiles = json.loads(
                    run(env, __file__, "--inside", "profile", "--payload", json.dumps(cases))
                    .strip()
                    .splitlines()[-1]
                )
            rounds.append({"synthetic": size, **counts, "load": load, "profiles": profiles})
        load, profiles = rounds[-1]["load"], rounds[-1]["profiles"]
        baseline = load[cases[0][0]]
        for figures in load.values():
            figures["p95_x_baseline"] = round(figures["p95_ms"] / max(baseline["p95_ms"], 1), 1)
            figures["requests_per_s_x_baseline"] = round(
                figures["requests_per_s"] / baseline["requests_per_s"], 3
            )
        report = {
            "started": started.isoformat(timespec="seconds"),
            "engine": "postgresql" if postgres else "sqlite",
            "users": args.users,
            "duration_s": args.duration,
            "gunicorn_workers": args.workers,
            "cpus": os.cpu_count(),
            "load_average": os.getloadavg(),
            "data": {**data, "activities": rounds[-1]["activities"]},
            "load": load,
            "profiles": profiles,
        }
        if sizes:
            report["growth"] = growth(rounds)
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(report, indent=2) + "\n")
        print_report(report)
    finally:
        if postgres:
            drop_postgres(given, dbname)
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(tmp, ignore_errors=True)


def print_report(report: dict) -> None:
    print(
        f"\n{report['engine']}, {report['users']} users, {report['duration_s']} s per page, "
        f"{report['gunicorn_workers']} gunicorn workers, {report['cpus']} CPUs, "
        f"load {report['load_average'][0]:.1f}"
    )
    head = f"{'page':30} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} {'errors':>7}"
    print(f"{head} {'p95 x base':>10} {'req/s x base':>12} {'queries':>8}")
    for name, f in report["load"].items():
        queries = report["profiles"].get(name, {}).get("queries", "")
        print(
            f"{name:30} {f['p50_ms']:8.0f} {f['p95_ms']:8.0f} {f['requests_per_s']:8.1f} "
            f"{(f['error_rate'] or 0):7.1%} {f['p95_x_baseline']:10.1f} "
            f"{f['requests_per_s_x_baseline']:12.3f} {queries!s:>8}"
        )
    for name, profile in report["profiles"].items():
        print(f"\n{name}: {profile['ms']} ms in-process, {profile['queries']} queries; top:")
        for entry in profile["top_by_cumulative"][:12]:
            print(f"  {entry['cumulative_ms']:9.1f} ms  {entry['function']}")
    if "growth" in report:
        sizes = report["growth"]["sizes"]
        print(
            "\ngrowth: "
            + " -> ".join(f"{s['activities']:,} activities" for s in (sizes[0], sizes[-1]))
        )
        print(f"{'page':30} {'p95 first':>10} {'p95 last':>10} {'ratio':>6}  target <= 2")
        for name, g in report["growth"]["pages"].items():
            values = list(g["p95_ms"].values())
            met = "met" if g["target_met"] else "NOT met"
            print(f"{name:30} {values[0]:10.0f} {values[-1]:10.0f} {g['p95_ratio']:6.2f}  {met}")
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
