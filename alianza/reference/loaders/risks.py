"""The risks file (`risks.toml`): the risks the report names, into the joint register
through the risks services (unassessed: the partners assess them together)."""

from __future__ import annotations

from pathlib import Path

from alianza.accounts.models import User
from alianza.initiatives.models import Initiative
from alianza.programs.models import Program
from alianza.reference.loaders.common import LoadReport, read_toml, texts
from alianza.risks import services

TEXTS = ("title", "cause", "effect", "source_note")


def load(*, data_dir: Path, program: Program, actor: User, report: LoadReport) -> None:
    data = read_toml(data_dir, "risks")
    for raw in data.get("risks", []):
        values: dict = texts(raw, *TEXTS)
        values["category"] = raw["category"]
        values["initiative"] = (
            Initiative.objects.get(program=program, number=raw["initiative"])
            if raw.get("initiative")
            else None
        )
        services.risk_upsert(program=program, number=raw["number"], data=values, actor=actor)
        report.add("risks")
