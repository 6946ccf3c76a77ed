"""Spreadsheet bombs: how fast and in how much memory they are refused (run on demand, never
in CI).

    python bench/upload_bombs.py

Builds, in a temporary folder, a normal spreadsheet of about 1.5 MB (5,000 rows of varied
text, the baseline) and the hostile files of the upload suite (alianza/core/tests/
hostile_files.py): the 1.5 MB shared-strings and inline-string bombs that expand to 1.5 GB
(with honest and lying ZIP headers), 30 million shared strings, 200,001 distinct strings, a
100,000-row workbook and a million-row CSV. Each file is read by
`alianza.registry.spreadsheets.read_sheet` (what the upload page and the import job call) in
its own process, and the script prints the outcome, the time, the peak RSS of that process
(ru_maxrss, Django included) and what reading added to it, with ratios against the
baseline measured in the same run. Targets (issue 15): every bomb refused in under 5 s and
under 300 MB peak RSS.
"""

from __future__ import annotations

import json
import os
import random
import resource
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS, TARGET_RSS_MB = 5.0, 300.0


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()


def _rss_mb() -> float:
    """Peak resident memory of this process so far, in MB: VmHWM (reset by exec, unlike
    ru_maxrss, which a child inherits from the parent that forked it), else ru_maxrss."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(path: str, name: str) -> None:
    """Read one file as the upload page does; print the measurements as JSON."""
    _setup()
    from django.utils import translation

    from alianza.registry import spreadsheets

    translation.activate("en")
    before = _rss_mb()
    start = time.perf_counter()
    with open(path, "rb") as handle:
        try:
            rows = spreadsheets.read_sheet("activities", name, handle)
            outcome = f"read {len(rows):,} rows"
        except spreadsheets.SheetError as exc:
            outcome = f"refused: {exc}"
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "rss": _rss_mb(), "added": _rss_mb() - before,
                      "outcome": outcome}))  # fmt: skip


def _normal_workbook(path: Path) -> None:
    """The baseline: 5,000 activities with varied text, about 1.5 MB."""
    from openpyxl import Workbook

    from alianza.registry.spreadsheets import headers

    rng = random.Random(15)
    workbook = Workbook()
    sheet = workbook.active
    columns = headers("activities", "en")
    sheet.append(columns)

    def words(count: int) -> str:
        return " ".join(
            "".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 9))) for _ in range(count)
        )

    for i in range(5000):
        sheet.append(
            [f"MX-RFC-AMX000000-{i:06d}", words(6), words(4), words(14), words(10)]
            + ["MX-RFC-AMX000000", words(3), "10", "2", "2019-01-01", "2020-12-31", "8"]
            + ["project", "bilateral", "provider", "", "", "", words(3), "state"]
            + ["GT:100", "07", "15110:100", "USD", str(rng.randint(1000, 900000))]
        )
    workbook.save(path)


def _files(folder: Path) -> list[tuple[str, str, Path]]:
    """(label, upload name, path) of every file measured, the baseline first."""
    from alianza.core.tests import hostile_files as hostile
    from alianza.registry.spreadsheets import headers

    built = []

    def keep(label: str, name: str, content: bytes) -> None:
        path = folder / f"{len(built):02d}-{name}"
        path.write_bytes(content)
        built.append((label, name, path))

    baseline = folder / "00-baseline.xlsx"
    _normal_workbook(baseline)
    built.append(("baseline: normal workbook, 5,000 rows", "activities.xlsx", baseline))
    keep("shared-strings bomb (1.5 GB)", "bomb.xlsx", hostile.shared_strings_bomb())
    keep(
        "shared-strings bomb, header lies (900 kB)",
        "bomb.xlsx",
        hostile.shared_strings_bomb(lie_to=900_000),
    )
    keep("inline-string bomb (1.5 GB)", "bomb.xlsx", hostile.inline_string_bomb())
    keep(
        "inline-string bomb, header lies (99 MB)",
        "bomb.xlsx",
        hostile.inline_string_bomb(lie_to=99_000_000),
    )
    keep("30 million shared strings", "strings.xlsx", hostile.many_shared_strings())
    keep(
        "200,001 distinct shared strings", "strings.xlsx", hostile.distinct_shared_strings(200_001)
    )
    columns = headers("activities", "en")
    keep("100,000-row workbook", "rows.xlsx", hostile.sheet_rows(100_000, header=columns))
    keep(
        "1,000,000-row CSV",
        "rows.csv",
        (",".join(columns) + "\n" + "MX-1,x\n" * 1_000_000).encode(),
    )
    return built


def main() -> int:
    _setup()
    with tempfile.TemporaryDirectory() as tmp:
        files = _files(Path(tmp))
        results = []
        for label, name, path in files:
            completed = subprocess.run(
                [sys.executable, __file__, "--child", str(path), name],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            )
            measured = json.loads(completed.stdout.strip().splitlines()[-1])
            results.append((label, path.stat().st_size, measured))
    base = results[0][2]
    print(f"{'file':44} {'size':>10} {'time s':>8} {'x base':>7} {'peak MB':>8} {'x base':>7} "
          f"{'added MB':>8}  outcome")  # fmt: skip
    failed = False
    for label, size, m in results:
        print(
            f"{label:44} {size:>10,} {m['seconds']:>8.2f} {m['seconds'] / base['seconds']:>7.2f} "
            f"{m['rss']:>8.0f} {m['rss'] / base['rss']:>7.2f} {m['added']:>8.0f}  "
            f"{m['outcome'][:110]}"
        )
        if label.startswith("baseline"):
            continue
        if not m["outcome"].startswith("refused") or m["seconds"] > TARGET_SECONDS:
            failed = True
        if m["rss"] > TARGET_RSS_MB:
            failed = True
    print(
        f"\ntargets: every hostile file refused in under {TARGET_SECONDS:.0f} s and "
        f"{TARGET_RSS_MB:.0f} MB peak RSS: {'MISSED' if failed else 'met'}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
    else:
        sys.exit(main())
