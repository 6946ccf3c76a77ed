"""Export at two sizes (memory must stay flat) and the reports' generation time.

    python bench/export.py                      # throwaway SQLite test database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alianza python bench/export.py

1. Baseline, no database: building the canonical content of 1,000 synthetic activities in
   memory (pure Python; it calibrates the machine and its load in this run).
2. `generate_scale_data` to BENCH_EXPORT_SIZES (default 2,000 then 8,000 activities, 4
   transactions each; the second run finds the first 2,000 unchanged and adds the rest).
3. At each size, the IATI export of every activity (`iati.exporter.export_registry`, what
   `export_iati --all` and the export jobs run: read in chunks, each activity built,
   validated against the schema and streamed to the file): time, then again under
   tracemalloc for the peak of Python memory it allocated. Prints the ratios large/small
   of time (grows with the rows) and of peak memory (target: about 1, flat).
4. PROCAP's reference data, then the annual report (BENCH_REPORT_YEAR, 2019) and the
   systematization report (latest period), HTML and PDF (BENCH_REPORT_FORMATS).

Writes bench/results/export.json.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import tracemalloc
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ALIANZA_TESTING", "1")

import django  # noqa: E402

django.setup()

import record  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import (  # noqa: E402
    setup_databases,
    setup_test_environment,
    teardown_databases,
)

SIZES = [int(n) for n in os.environ.get("BENCH_EXPORT_SIZES", "2000,8000").split(",")]
REPORT_FORMATS = os.environ.get("BENCH_REPORT_FORMATS", "html,pdf").split(",")


def baseline() -> float:
    from alianza.registry import scale_data

    start = time.perf_counter()
    for number in range(1000):
        scale_data.activity(0, number, 4)
    return time.perf_counter() - start


def export(folder: Path) -> dict:
    from alianza.iati import exporter
    from alianza.registry.models import Activity

    target = folder / "export.xml"
    start = time.perf_counter()
    result = exporter.export_registry(Activity.objects.all(), target)
    seconds = time.perf_counter() - start
    tracemalloc.start()
    exporter.export_registry(Activity.objects.all(), target)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "activities": result.count,
        "seconds": round(seconds, 3),
        "ms_per_activity": round(seconds * 1000 / result.count, 3),
        "peak_mb": round(peak / 2**20, 2),
        "file_mb": round(target.stat().st_size / 2**20, 2),
    }


def reports(folder: Path) -> list[dict]:
    from alianza.portal import annual
    from alianza.programs.models import Program

    call_command("load_procap", verbosity=0)
    program = Program.objects.get(code="PROCAP")
    years = annual.report_years(program)
    year = int(os.environ.get("BENCH_REPORT_YEAR", "2019"))
    year = year if year in years else years[-1]
    timed = []
    for fmt in REPORT_FORMATS:
        for name, command, args in (
            (f"annual report {year}", "annual_report", ["--year", str(year)]),
            ("systematization report", "systematization_report", []),
        ):
            output = folder / f"report.{fmt}"
            start = time.perf_counter()
            call_command(
                command, "--program", program.code, "--format", fmt, "-o", str(output),
                *args, stdout=StringIO(),
            )  # fmt: skip
            seconds = time.perf_counter() - start
            timed.append({"case": f"{name} ({fmt})", "seconds": round(seconds, 3)})
    return timed


def main() -> None:
    base = baseline()
    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    figures: dict = {"baseline": {"case": "content of 1,000 activities", "seconds": base}}
    try:
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            generated, exports = [], []
            for size in SIZES:
                out = StringIO()
                start = time.perf_counter()
                call_command("generate_scale_data", activities=size, stdout=out)
                seconds = time.perf_counter() - start
                generated.append({"activities": size, "seconds": round(seconds, 2)})
                print(f"generate_scale_data to {size:,}: {seconds:.1f} s")
                print(out.getvalue().strip().splitlines()[-1])
                exports.append(export(folder))
            figures |= {"generate": generated, "export": exports}
            figures["reports"] = reports(folder)
    finally:
        teardown_databases(old_config, verbosity=0)
    small, large = figures["export"][0], figures["export"][-1]
    figures["ratios"] = {
        "rows": large["activities"] / small["activities"],
        "time": large["seconds"] / small["seconds"],
        "peak_memory": large["peak_mb"] / small["peak_mb"],
    }
    print(f"\n{'case':45} {'seconds':>9} {'x baseline':>11} {'peak MB':>8}")
    print(f"{'baseline: content of 1,000 activities':45} {base:9.2f} {1:11.1f} {'':>8}")
    for row in figures["export"]:
        name = f"IATI export of {row['activities']:,} activities"
        seconds, peak = row["seconds"], row["peak_mb"]
        print(f"{name:45} {seconds:9.2f} {seconds / base:11.1f} {peak:8.1f}")
    for row in figures["reports"]:
        print(f"{row['case']:45} {row['seconds']:9.2f} {row['seconds'] / base:11.1f}")
    ratios = figures["ratios"]
    print(
        f"\n{large['activities']:,} / {small['activities']:,} activities "
        f"(x{ratios['rows']:.1f}): time x{ratios['time']:.2f}, "
        f"peak memory x{ratios['peak_memory']:.2f} (target: about 1, flat)"
    )
    path = record.write("export", figures)
    print(f"{connection.vendor}; written to {path}")


if __name__ == "__main__":
    main()
