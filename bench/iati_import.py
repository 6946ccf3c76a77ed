# ruff: noqa: E501  (the generated IATI XML reads best on long lines)
"""IATI import benchmark (run on demand, never in CI).

    pip install -r requirements-bench.txt
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alianza python bench/iati_import.py

1. Generates an IATI 2.03 file of BENCH_IATI_ACTIVITIES activities (default 25,000, about
   60 MB: participating organisations, sectors, a location in a Mexican state, a budget and
   three transactions each).
2. Baseline, in a child process: `iatikit` reads the same file and walks every activity
   and its transactions (identifier, title, and each transaction's type, date and value).
3. Alianza, in a child process: the whole import into a throwaway database (PostgreSQL when
   DATABASE_URL says so): size and DOCTYPE checks, the streaming scan, schema validation of
   every activity, codelist and rule checks, writing through the audited services.
4. Prints both times and peak memories (ru_maxrss of each process) and their ratios
   (targets: import time at most 5x iatikit's, peak memory at most a third of iatikit's).
5. Where the time goes: the import (first, then again) of the first
   BENCH_PROFILE_ACTIVITIES activities (default 2,000), with a timer on each stage (the
   scan pass that parses, checks the schema and takes the checksum, in C; map to content;
   codelists and rules; hash; typed checks; organisations; write; audit records) and the
   scan pass timed alone with and without the schema, to split parse from schema.
   BENCH_SINGLE=0 leaves out step 6.
6. A single activity of about 100 MB: imported with the same code, it must either use less
   than 300 MB or be refused with a clear message.
"""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
N = int(os.environ.get("BENCH_IATI_ACTIVITIES", "25000"))
PROFILE_N = int(os.environ.get("BENCH_PROFILE_ACTIVITIES", "2000"))
STATES = ["MX-CHP", "MX-OAX", "MX-TAB", "MX-YUC", "MX-CMX", "MX-JAL", "MX-NLE", "MX-VER"]
COUNTRIES = ["GT", "HN", "SV", "BZ", "CU", "CO", "PE", "BO", "HT", "DO"]
SECTORS = ["15110", "15112", "43010", "31120", "12220", "11110", "41010", "23210"]


def _activity(i: int, rng: random.Random) -> str:
    ident = f"MX-RFC-AMX000000-{i:06d}"
    country = rng.choice(COUNTRIES)
    s1, s2 = rng.sample(SECTORS, 2)
    year = 2014 + i % 8
    transactions = "".join(
        f"""
  <transaction>
   <transaction-type code="{t + 2}"/>
   <transaction-date iso-date="{year}-{3 + t * 3:02d}-15"/>
   <value currency="USD" value-date="{year}-{3 + t * 3:02d}-15">{rng.randint(1000, 900000)}.{rng.randint(0, 99):02d}</value>
   <provider-org ref="MX-RFC-AMX000000" type="10"><narrative>AMEXCID</narrative></provider-org>
   <receiver-org ref="{country}-GOV-{i % 50:03d}" type="10"><narrative>Socio {i % 50}</narrative></receiver-org>
  </transaction>"""
        for t in range(1, 4)
    )
    return f"""
 <iati-activity default-currency="USD" xml:lang="es">
  <iati-identifier>{ident}</iati-identifier>
  <reporting-org ref="MX-RFC-AMX000000" type="10"><narrative>AMEXCID</narrative></reporting-org>
  <title><narrative>Cooperación técnica {i} con {country}</narrative><narrative xml:lang="en">Technical cooperation project {i} with {country}</narrative></title>
  <description type="1"><narrative>Intercambio de experiencias para fortalecer capacidades en políticas públicas ({i}).</narrative></description>
  <participating-org ref="MX-RFC-AMX000000" role="1" type="10"><narrative>AMEXCID</narrative></participating-org>
  <participating-org ref="{country}-GOV-{i % 50:03d}" role="4" type="10"><narrative>Ministerio socio {i % 50}</narrative></participating-org>
  <activity-status code="{1 + i % 4}"/>
  <activity-date type="1" iso-date="{year}-01-01"/>
  <activity-date type="3" iso-date="{year + 1}-12-31"/>
  <recipient-country code="{country}" percentage="100"/>
  <location ref="{rng.choice(STATES)}"/>
  <sector vocabulary="1" code="{s1}" percentage="60"/>
  <sector vocabulary="1" code="{s2}" percentage="40"/>
  <collaboration-type code="1"/>
  <budget type="1" status="1"><period-start iso-date="{year}-01-01"/><period-end iso-date="{year}-12-31"/><value currency="USD" value-date="{year}-01-01">{rng.randint(10000, 2000000)}</value></budget>{transactions}
 </iati-activity>"""


def generate(path: Path, n: int) -> int:
    rng = random.Random(20131)
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03" generated-datetime="2020-01-01T00:00:00Z">'
        )
        for i in range(1, n + 1):
            out.write(_activity(i, rng))
        out.write("\n</iati-activities>\n")
    return path.stat().st_size


def generate_single_huge(path: Path, target_bytes: int) -> int:
    """One activity of about `target_bytes`: a very long list of transactions."""
    rng = random.Random(7)
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">')
        head = _activity(0, rng)
        out.write(head[: head.rindex("</iati-activity>")])
        t = 0
        while out.tell() < target_bytes:
            t += 1
            out.write(
                f'<transaction><transaction-type code="3"/><transaction-date iso-date="2015-01-01"/>'
                f'<value currency="USD" value-date="2015-01-01">{t}</value>'
                f"<description><narrative>Desembolso {t}</narrative></description></transaction>\n"
            )
        out.write("</iati-activity>\n</iati-activities>\n")
    return path.stat().st_size


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- child processes ------------------------------------------------------------------------


def child_iatikit(path: str) -> dict:
    import iatikit

    start = time.perf_counter()
    dataset = iatikit.Dataset(path)
    activities = transactions = 0
    checksum = 0.0
    for activity in dataset.activities:
        activities += 1
        _ = activity.iati_identifier, activity.title
        for transaction in activity.etree.findall("transaction"):
            transactions += 1
            _ = transaction.find("transaction-type").get("code")
            _ = transaction.find("transaction-date").get("iso-date")
            checksum += float(transaction.findtext("value"))
    return {
        "seconds": time.perf_counter() - start,
        "peak_mb": peak_mb(),
        "activities": activities,
        "transactions": transactions,
    }


def _warm_up() -> None:
    """Load the URLconf, as `manage.py import_iati` and `rqworker` do before any import
    (Django's system checks read it): an import writes each activity's address into the
    search index, and the first `reverse()` would otherwise import every view (1 to 2 s,
    openpyxl among them) inside the timed import."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - the property imports the URLconf


def child_alianza(path: str) -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ALIANZA_TESTING", "1")
    import django

    django.setup()
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    _warm_up()
    setup_test_environment()
    config = setup_databases(verbosity=0, interactive=False)
    try:
        from alianza.accounts.services import system_user
        from alianza.audit.context import audit_context
        from alianza.audit.models import ChangeRecord
        from alianza.iati.importer import pipeline
        from alianza.programs.models import Program
        from alianza.registry.models import Activity, Transaction

        program = Program.objects.create(code="BENCH", name_en="Benchmark", is_public=True)
        actor = system_user()
        baseline_mb = peak_mb()
        start = time.perf_counter()
        with audit_context(source="bench"):
            report = pipeline.run(Path(path), program=program, actor=actor)
        seconds = time.perf_counter() - start
        result = {
            "seconds": seconds,
            "peak_mb": peak_mb(),
            "django_baseline_mb": baseline_mb,
            "summary": report.summary(),
            "activities": Activity.objects.count(),
            "transactions": Transaction.objects.count(),
            "audit_records": ChangeRecord.objects.count(),
            "database": django.db.connection.vendor,
        }
        if os.environ.get("BENCH_REIMPORT", "1") == "1" and not report.refused:
            start = time.perf_counter()
            again = pipeline.run(Path(path), program=program, actor=actor)
            result["reimport_seconds"] = time.perf_counter() - start
            result["reimport_summary"] = again.summary()
            result["audit_records_after_reimport"] = ChangeRecord.objects.count()
        return result
    finally:
        teardown_databases(config, verbosity=0)


#: Stages of the import, by the functions that do them: (module, attribute, stage). Each
#: function is wrapped with a timer for the profile run; a stage's time excludes the stages
#: it calls (typed checks inside the write, audit records inside it...). The read of the
#: file is split further by timing the scan pass with and without the schema.
STAGES = [
    ("alianza.iati.importer.pipeline", "_checked_scan", "parse + schema + checksum (scan pass)"),
    ("alianza.iati.elements.activity", "_mapped", "map to content"),
    ("alianza.iati.quality", "activity_issues", "codelists and rules"),
    ("alianza.iati.elements.activity", "normalize_hash_texts", "hash (normalise + fingerprint)"),
    ("alianza.registry.content", "content_hash", "hash (normalise + fingerprint)"),
    ("alianza.iati.importer.pipeline", "source_fingerprint", "hash (source fingerprint)"),
    ("alianza.iati.importer.pipeline", "_Batch._unchanged", "fingerprint batch query"),
    ("alianza.registry.services", "activities_import", "write (activities, rows, queries)"),
    ("alianza.registry.services", "_set_activity_fields", "typed checks"),
    ("alianza.registry.typed", "child_rows", "typed checks"),
    ("alianza.registry.services", "_ensure_organisations", "organisations"),
    ("alianza.audit.services", "build_record", "audit records"),
    ("alianza.audit.services", "Cover.write_rows", "write (child rows: COPY / executemany)"),
    ("alianza.search.index", "index_many", "search index"),
]


class _Stopwatch:
    """Exclusive time per stage: a stage called inside another is taken out of it."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.stack: list[list] = []  # [stage, started, time of nested stages]

    def wrap(self, function, stage: str):
        import functools

        @functools.wraps(function)
        def timed(*args, **kwargs):
            self.stack.append([stage, time.perf_counter(), 0.0])
            try:
                return function(*args, **kwargs)
            finally:
                name, started, nested = self.stack.pop()
                spent = time.perf_counter() - started
                self.seconds[name] = self.seconds.get(name, 0.0) + spent - nested
                if self.stack:
                    self.stack[-1][2] += spent

        return timed

    def install(self) -> None:
        import importlib

        from django.db.models import QuerySet

        for module_name, attribute, stage in STAGES:
            owner = importlib.import_module(module_name)
            *path, name = attribute.split(".")
            for part in path:
                owner = getattr(owner, part)
            setattr(owner, name, self.wrap(getattr(owner, name), stage))
        from alianza.audit import bulk

        copy = bulk.copy_insert
        audit_copy = self.wrap(copy, "audit records")
        write_copy = self.wrap(copy, "write (activities, rows, queries)")

        def copy_insert(model, *args, **kwargs):
            chosen = audit_copy if model._meta.label == "audit.ChangeRecord" else write_copy
            return chosen(model, *args, **kwargs)

        bulk.copy_insert = copy_insert
        original = QuerySet.bulk_create
        audit_stage = self.wrap(original, "audit records")
        write_stage = self.wrap(original, "write (activities, rows, queries)")

        def bulk_create(queryset, *args, **kwargs):
            chosen = (
                audit_stage if queryset.model._meta.label == "audit.ChangeRecord" else write_stage
            )
            return chosen(queryset, *args, **kwargs)

        QuerySet.bulk_create = bulk_create  # type: ignore[method-assign]


def _timed_run(path: Path, program, actor) -> tuple[float, dict[str, float]]:
    from alianza.audit.context import audit_context
    from alianza.iati.importer import pipeline

    watch = _STOPWATCH
    watch.seconds = {}
    start = time.perf_counter()
    with audit_context(source="bench"):
        pipeline.run(path, program=program, actor=actor)
    total = time.perf_counter() - start
    stages = dict(watch.seconds)
    stages["the rest (second pass over the file, chunks, commits)"] = total - sum(stages.values())
    return total, stages


_STOPWATCH = _Stopwatch()


def child_profile(path: str) -> dict:
    """The import (first and again) with a timer on each stage (see STAGES)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ALIANZA_TESTING", "1")
    import django

    django.setup()
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    _warm_up()
    setup_test_environment()
    config = setup_databases(verbosity=0, interactive=False)
    try:
        from alianza.accounts.services import system_user
        from alianza.iati import schema
        from alianza.iati.importer import pipeline
        from alianza.programs.models import Program

        program = Program.objects.create(code="BENCH", name_en="Benchmark", is_public=True)
        actor = system_user()
        validator = schema.activity_schema()
        start = time.perf_counter()
        pipeline._scan(Path(path))
        plain = time.perf_counter() - start
        start = time.perf_counter()
        pipeline._scan(Path(path), validator)
        checked = time.perf_counter() - start
        _STOPWATCH.install()
        first = _timed_run(Path(path), program, actor)
        again = _timed_run(Path(path), program, actor)
        return {
            "first": first,
            "again": again,
            "scan_without_schema": plain,
            "scan_with_schema": checked,
            "database": django.db.connection.vendor,
        }
    finally:
        teardown_databases(config, verbosity=0)


def _child(role: str, path: Path, env: dict | None = None) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--child", role, str(path)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="alianza-bench-") as folder:
        data = Path(folder) / "activities.xml"
        size = generate(data, N)
        print(f"Generated {N:,} activities, {size:,} bytes ({size / 1e6:.1f} MB): {data}")
        base = _child("iatikit", data)
        print(
            f"iatikit read + walk:  {base['seconds']:8.2f} s   peak {base['peak_mb']:7.1f} MB   "
            f"({base['activities']:,} activities, {base['transactions']:,} transactions)"
        )
        ours = _child("alianza", data)
        # The machine is shared: iatikit is timed again after Alianza, and the faster of its
        # two runs is the baseline (the ratios can only come out higher for it).
        later = _child("iatikit", data)
        if later["seconds"] < base["seconds"]:
            base = later
        print(f"iatikit again:        {later['seconds']:8.2f} s   (baseline: the faster run)")
        print(
            f"Alianza import:       {ours['seconds']:8.2f} s   peak {ours['peak_mb']:7.1f} MB   "
            f"({ours['database']}; {ours['summary']} {ours['activities']:,} activities, "
            f"{ours['transactions']:,} transactions, {ours['audit_records']:,} audit records)"
        )
        if "reimport_seconds" in ours:
            print(
                f"Alianza re-import:    {ours['reimport_seconds']:8.2f} s   ({ours['reimport_summary']} "
                f"audit records after: {ours['audit_records_after_reimport']:,})"
            )
        if ours["activities"] == 0:
            print("The import refused the file: no ratio to report.")
            return
        time_ratio = ours["seconds"] / base["seconds"]
        memory_ratio = ours["peak_mb"] / base["peak_mb"]
        print(
            f"Time ratio   (Alianza / iatikit): {time_ratio:5.2f}x  (target <= 5x: "
            f"{'met' if time_ratio <= 5 else 'NOT met'})"
        )
        print(
            f"Memory ratio (Alianza / iatikit): {memory_ratio:5.2f}   (target <= 0.33: "
            f"{'met' if memory_ratio <= 1 / 3 else 'NOT met'}; Alianza's process includes "
            f"Django, {ours['django_baseline_mb']:.0f} MB before the import)"
        )
        if "reimport_seconds" in ours:
            again_ratio = ours["reimport_seconds"] / base["seconds"]
            print(
                f"Re-import ratio (Alianza / iatikit): {again_ratio:5.2f}x  (target <= 2x: "
                f"{'met' if again_ratio <= 2 else 'NOT met'})"
            )
        print(
            f"Memory the import added to its process: "
            f"{ours['peak_mb'] - ours['django_baseline_mb']:.1f} MB "
            f"({(ours['peak_mb'] - ours['django_baseline_mb']) / base['peak_mb']:.2f} of iatikit's peak)"
        )
        profiled = Path(folder) / "profiled.xml"
        generate(profiled, min(N, PROFILE_N))
        shares = _child("profile", profiled)
        schema_part = shares["scan_with_schema"] - shares["scan_without_schema"]
        print(
            f"Where the time goes ({min(N, PROFILE_N):,} activities, {shares['database']}, a timer "
            f"on each stage; the scan pass alone: {shares['scan_without_schema']:.2f} s without "
            f"the schema, {shares['scan_with_schema']:.2f} s with it, so the schema costs "
            f"{schema_part:.2f} s of it):"
        )
        for label, (total, stages) in (
            ("first import", shares["first"]),
            ("re-import", shares["again"]),
        ):
            print(f"  {label}: {total:.2f} s")
            for stage, seconds in sorted(stages.items(), key=lambda kv: -kv[1]):
                print(f"    {stage:<52} {seconds:7.3f} s  {100 * seconds / total:5.1f} %")
        profiled.unlink()
        data.unlink()
        if os.environ.get("BENCH_SINGLE", "1") != "1":
            return
        huge = Path(folder) / "one-activity.xml"
        size = generate_single_huge(huge, 100_000_000)
        single = _child("alianza", huge, {"BENCH_REIMPORT": "0"})
        print(
            f"Single activity of {size / 1e6:.0f} MB: {single['summary']} "
            f"peak {single['peak_mb']:.0f} MB (target: under 300 MB or refused clearly)"
        )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        role, path = sys.argv[2], sys.argv[3]
        children = {"iatikit": child_iatikit, "alianza": child_alianza, "profile": child_profile}
        result = children[role](path)
        print(json.dumps(result))
    else:
        main()
