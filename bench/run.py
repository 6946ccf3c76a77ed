"""Benchmarks, run on demand (`make bench`); never part of the test suite.

Each case is timed against a baseline measured in the same run (the health check, one
query), so that the printed ratios compare across machines. Uses a throwaway test
database (SQLite by default; set DATABASE_URL for PostgreSQL).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
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
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    setup_databases,
    setup_test_environment,
    teardown_databases,
)

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "15"))
EXTRA_INITIATIVES = int(os.environ.get("BENCH_INITIATIVES", "500"))


def timed(client: Client, url: str) -> tuple[float, int]:
    samples = []
    counted = []

    def count(execute, sql, params, many, context):
        counted.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    for _ in range(ROUNDS):
        start = time.perf_counter()
        client.get(url)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), len(counted)


def add_initiatives(count: int) -> None:
    """Synthetic initiatives shaped like PROCAP's, written through the services."""
    import datetime
    from decimal import Decimal

    from alianza.accounts.services import system_user
    from alianza.audit.context import audit_context
    from alianza.initiatives.services import initiative_create
    from alianza.programs.models import Program

    program = Program.objects.get(code="PROCAP")
    actor = system_user()
    levels = ["systemic", "political", "organizational", "individual", "operative"]
    with audit_context(source="bench"):
        for n in range(count):
            initiative_create(
                program=program,
                actor=actor,
                data={
                    "number": 1000 + n,
                    "title_en": f"Synthetic initiative {n}",
                    "classifications": {
                        "incidence_level": levels[n % 5],
                        "support_dimension": "staff_training",
                        "dissemination_scope": "internal",
                        "status": "executed",
                    },
                    "periods": [
                        {
                            "start_date": datetime.date(2014 + n % 6, 1, 1),
                            "start_precision": "year",
                            "end_date": datetime.date(2015 + n % 6, 12, 31),
                            "end_precision": "year",
                        }
                    ],
                    "costs": [{"amount": Decimal(1000 + n), "currency": "USD"}],
                },
            )


def main() -> None:
    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        call_command("load_procap", verbosity=0)
        from alianza.accounts.models import Institution
        from alianza.accounts.tests.factories import member

        user = member("bench", Institution.objects.get(code="amexcid"), "editor")
        client = Client()
        client.force_login(user)
        cases = [
            ("baseline: /healthz/", "/healthz/"),
            ("program overview", "/programs/PROCAP/"),
            ("initiatives list (16)", "/programs/PROCAP/initiatives/"),
            ("initiatives API (16)", "/api/v1/initiatives/?program=PROCAP"),
            ("Table 6 (16)", "/programs/PROCAP/initiatives/by/support_dimension/"),
            ("monitoring dashboard (16)", "/programs/PROCAP/monitoring/?period=2019"),
        ]
        results = [(name, *timed(client, url)) for name, url in cases]
        add_initiatives(EXTRA_INITIATIVES)
        call_command("load_procap", verbosity=0)  # their costs become expenditures too
        n = 16 + EXTRA_INITIATIVES
        more = [
            (f"initiatives list ({n}, page of 50)", "/programs/PROCAP/initiatives/"),
            (
                f"initiatives list filtered ({n})",
                "/programs/PROCAP/initiatives/?incidence_level=political&ordering=-cost",
            ),
            (f"initiatives CSV export ({n})", "/programs/PROCAP/initiatives/?export=csv"),
            (f"initiatives API ({n}, page of 50)", "/api/v1/initiatives/?program=PROCAP"),
            (f"Table 6 ({n})", "/programs/PROCAP/initiatives/by/support_dimension/"),
            (f"monitoring dashboard ({n})", "/programs/PROCAP/monitoring/?period=2019"),
        ]
        results += [(name, *timed(client, url)) for name, url in more]
        baseline = results[0][1]
        print(f"{'case':45} {'median ms':>10} {'x baseline':>11} {'queries':>8}")
        for name, seconds, queries in results:
            print(f"{name:45} {seconds * 1000:10.2f} {seconds / baseline:11.1f} {queries:8d}")
        print(f"\n{connection.vendor}, {ROUNDS} rounds per case")
        figures = [
            {
                "case": name,
                "median_ms": round(seconds * 1000, 3),
                "x_baseline": round(seconds / baseline, 2),
                "queries": queries,
            }
            for name, seconds, queries in results
        ]
        print(f"written to {record.write('run', figures, rounds=ROUNDS)}")
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
