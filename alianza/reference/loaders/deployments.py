"""The deployments file (`deployments.toml`): missions known from a program's sources,
with their destinations and the total of people each sent (no person is named), through
the deployments services. A data set without the file loads no mission."""

from __future__ import annotations

from pathlib import Path

from alianza.accounts.models import User
from alianza.deployments import services
from alianza.initiatives.models import Initiative
from alianza.programs.models import Program
from alianza.reference.loaders.common import LoadReport, ReferenceDataError, marks, read_toml, texts

TEXTS = ("title", "purpose", "source_note")
DESTINATION_KEYS = ("country", "place", "site_en", "site_es", "vulnerable_populations")


def load(*, data_dir: Path, program: Program, actor: User, report: LoadReport) -> None:
    if not (data_dir / "deployments.toml").exists():
        return
    data = read_toml(data_dir, "deployments")
    for raw in data.get("deployments", []):
        values: dict = {**texts(raw, *TEXTS), **marks(raw)}
        values["reported_headcount"] = raw.get("reported_headcount")
        values["initiative"] = None
        if raw.get("initiative"):
            values["initiative"] = Initiative.objects.filter(
                program=program, number=raw["initiative"]
            ).first()
            if values["initiative"] is None:
                raise ReferenceDataError(
                    f"deployments.toml: deployment {raw['number']} names initiative "
                    f"{raw['initiative']}, which {program.code} does not have"
                )
        destinations = [
            {
                "country": d["country"],
                "place": d.get("place", ""),
                "site_en": d.get("site_en", ""),
                "site_es": d.get("site_es", ""),
                "vulnerable_populations": bool(d.get("vulnerable_populations", False)),
            }
            for d in raw.get("destinations", [])
        ]
        services.deployment_upsert(
            program=program,
            number=raw["number"],
            data=values,
            destinations=destinations,
            actor=actor,
        )
        report.add("deployments")
