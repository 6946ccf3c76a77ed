"""The specialists file (`specialists.toml`): a program's yearly figures on the specialists
it hires (headcount, authorized places, share of the host's staff and of the program's
budget), through the specialists services. PROCAP's report gives totals only: no person
or contract is loaded."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from alianza.accounts.models import User
from alianza.programs.models import Program
from alianza.reference.loaders.common import LoadReport, ReferenceDataError, read_toml, texts
from alianza.specialists import services

FIGURES = ("headcount", "authorized_places")
SHARES = ("staff_share", "budget_share")


def load(*, data_dir: Path, program: Program, actor: User, report: LoadReport) -> None:
    data = read_toml(data_dir, "specialists")
    for raw in data.get("headcount", []):
        if "year" not in raw:
            raise ReferenceDataError("specialists.toml: a [[headcount]] entry has no year")
        values: dict = texts(raw, "note", "source_note")
        for name in FIGURES:
            values[name] = raw.get(name)
        for name in SHARES:
            values[name] = Decimal(str(raw[name])) if name in raw else None
        values["translated_fields"] = sorted(set(raw.get("translated", [])))
        services.headcount_upsert(program=program, year=raw["year"], data=values, actor=actor)
        report.add("headcount records")
