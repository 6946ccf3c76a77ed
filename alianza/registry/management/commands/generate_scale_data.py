"""python manage.py generate_scale_data [--activities N] [--transactions-per-activity K] [--seed S]
[--program CODE]

A synthetic registry for benchmarks (see `alianza.registry.scale_data`): activities under
no program (or under --program, so that its partners' pages list them), identifiers
`XX-SYNTH-<seed>-<n>`, written through the IATI import's bulk path. Running it again with
the same arguments writes nothing; a larger --activities adds only the new ones."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from alianza.accounts.services import system_user
from alianza.audit.context import audit_context
from alianza.audit.models import ChangeRecord
from alianza.programs.models import Program
from alianza.registry import scale_data, services
from alianza.registry.models import (
    Activity,
    ActivityLocation,
    ActivitySector,
    Budget,
    Organisation,
    ParticipatingOrg,
    RecipientCountry,
    Transaction,
)

TABLES = {
    "activities": Activity,
    "transactions": Transaction,
    "budgets": Budget,
    "participating organisations": ParticipatingOrg,
    "sectors": ActivitySector,
    "recipient countries": RecipientCountry,
    "locations": ActivityLocation,
    "organisations": Organisation,
    "change records": ChangeRecord,
}


def _counts() -> dict[str, int]:
    return {name: model._default_manager.count() for name, model in TABLES.items()}


class Command(BaseCommand):
    help = (
        "Generate a clearly synthetic registry (identifiers XX-SYNTH-<seed>-<n>, reported by "
        "'Synthetic data', under no program, not public) with organisations, sectors, "
        "locations, budgets, transactions and results, through the IATI import's bulk path. "
        "Running it again with the same seed writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--activities", type=int, default=100_000)
        parser.add_argument("--transactions-per-activity", type=int, default=4)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--chunk", type=int, default=500, help="Activities written per transaction"
        )
        parser.add_argument(
            "--program",
            help="Register the activities under this program (its code), so that its "
            "partners' pages and API list them (default: under no program, seen by "
            "administrators only)",
        )

    def _analyze(self) -> None:
        """After a bulk load, PostgreSQL's statistics and visibility map are stale until
        autovacuum comes by: plans guessed from them read every row of a list. Bring them up
        to date for the tables written, as a bulk loader should (SQLite has no such step).
        VACUUM cannot run inside a transaction: called within one (a test), it is left out."""
        if connection.vendor != "postgresql" or connection.in_atomic_block:
            return
        with connection.cursor() as cursor:
            for model in TABLES.values():
                cursor.execute(
                    f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}"
                )

    def handle(self, *args: Any, **options: Any) -> None:
        count, per = options["activities"], options["transactions_per_activity"]
        if count < 1 or per < 0 or options["chunk"] < 1 or options["seed"] < 0:
            raise CommandError(
                "--activities and --chunk must be at least 1, --transactions-per-activity "
                "and --seed at least 0"
            )
        program = None
        if options["program"]:
            program = Program.objects.filter(code=options["program"]).first()
            if program is None:
                raise CommandError(f"--program: no program has the code {options['program']!r}")
        actor = system_user()
        before = _counts()
        tally = scale_data.Tally()
        start = time.perf_counter()
        with audit_context(source="generate_scale_data"):
            organisations: dict = {}
            for batch in scale_data.chunks(options["seed"], count, per, options["chunk"]):
                answers = services.activities_import(
                    program=program,
                    items=batch,
                    actor=actor,
                    organisations=organisations,
                    normalized=True,
                )
                for item, answer in zip(batch, answers, strict=True):
                    if isinstance(answer, services.Outcome):
                        setattr(tally, answer.outcome, getattr(tally, answer.outcome) + 1)
                    else:
                        tally.refused.append(item["iati_identifier"])
                if options["verbosity"] > 1:
                    self.stdout.write(f"{tally.created + tally.unchanged + tally.updated} done")
        self._analyze()
        seconds = time.perf_counter() - start
        after = _counts()
        written = {name: after[name] - before[name] for name in TABLES}
        for name, rows in written.items():
            self.stdout.write(f"{name:30} {rows:>10,}")
        self.stdout.write(
            f"{sum(written.values()):,} rows written in {seconds:.1f} s: "
            f"{tally.created:,} activities created, {tally.updated:,} updated, "
            f"{tally.unchanged:,} unchanged"
        )
        if tally.refused:
            raise CommandError(
                f"{len(tally.refused)} activities refused (registered under another program?), "
                f"e.g. {', '.join(tally.refused[:3])}"
            )
