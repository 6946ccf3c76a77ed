"""Every benchmark that needs no service besides the database, one after the other
(`make bench`); each prints its figures with ratios against a baseline of its own run.

    python bench/all.py                         # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alianza python bench/all.py
    BENCH_ONLY=run,export python bench/all.py   # some of them

Left out: bench/iati_folder.py (needs Redis and RQ workers; run it on its own). The load
run (bench/load.py: gunicorn and Locust, requirements-bench.txt) measures every page at
1,000 and at 100,000 synthetic activities unless BENCH_LOAD_GROWTH says otherwise ("" for
PROCAP alone); it is the longest (about 40 minutes at the defaults). Benches
that do not write their own bench/results/<name>.json get one here, with their printed
figures, exit code and wall time. The sizes are each bench's own settings (see
bench/README.md); a failing bench does not stop the others, but the run exits 1.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import record

HERE = Path(__file__).resolve().parent
#: name: (script, writes its own JSON, the variable naming its PostgreSQL server)
BENCHES = {
    "run": ("run.py", True, "DATABASE_URL"),
    "export": ("export.py", True, "DATABASE_URL"),
    "iati_import": ("iati_import.py", False, "DATABASE_URL"),
    "upload_bombs": ("upload_bombs.py", False, "DATABASE_URL"),
    "backup": ("backup.py", False, "BENCH_POSTGRES"),
    "search": ("search.py", False, "BENCH_POSTGRES"),
    "load": ("load.py", True, "DATABASE_URL"),
}
#: Environment defaults of a bench when run from here (the caller's environment wins).
DEFAULTS = {"load": {"BENCH_LOAD_GROWTH": "1000,100000"}}


def run(name: str, script: str) -> tuple[int, float, list[str]]:
    print(f"\n=== {name} (bench/{script}) ===", flush=True)
    lines = []
    start = time.perf_counter()
    with subprocess.Popen(
        [sys.executable, str(HERE / script)],
        cwd=HERE.parent,
        env={**DEFAULTS.get(name, {}), **os.environ},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            print(line, end="", flush=True)
            lines.append(line.rstrip("\n"))
    return process.returncode, time.perf_counter() - start, lines


def main() -> int:
    only = [n for n in os.environ.get("BENCH_ONLY", "").split(",") if n]
    unknown = set(only) - set(BENCHES)
    if unknown:
        sys.exit(f"Unknown benches {sorted(unknown)}; known: {', '.join(BENCHES)}")
    failed = []
    for name, (script, own_json, variable) in BENCHES.items():
        if only and name not in only:
            continue
        code, seconds, lines = run(name, script)
        if code:
            failed.append(name)
        if not own_json or code:
            figures = {"exit_code": code, "seconds": round(seconds, 1), "output": lines}
            print(f"written to {record.write(name, figures, engine_variable=variable)}")
    if failed:
        print(f"\nFailed or missed their targets: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
