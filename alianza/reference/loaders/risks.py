"""The risks file (`risks.toml`): the risks the report names, into the joint register
through the risks services (unassessed: the partners assess them together)."""

from __future__ import annotations

from pathlib import Path

from alianza.accounts.models import User
from alianza.initiatives.models import Initiative
from alianza.programs.models import Program
from alianza.reference.loaders.common import LoadReport, ReferenceDataError, read_toml, texts
from alianza.risks import services

TEXTS = ("title", "cause", "effect", "source_note")


def load(*, data_dir: Path, program: Program, actor: User, report: LoadReport) -> None:
    data = read_toml(data_dir, "risks")
    for raw in data.get("risks", []):
        values: dict = texts(raw, *TEXTS)
        values["category"] = raw["category"]
        values["initiative"] = None
        if raw.get("initiative"):
            values["initiative"] = Initiative.objects.filter(
                program=program, number=raw["initiative"]
            ).first()
            if values["initiative"] is None:
                raise ReferenceDataError(
                    f"risks.toml: risk {raw['number']} names initiative {raw['initiative']}, "
                    f"which {program.code} does not have"
                )
        services.risk_upsert(program=program, number=raw["number"], data=values, actor=actor)
        report.add("risks")
