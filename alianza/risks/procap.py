"""The risks the PROCAP report names, into the register through the services (unassessed)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from alianza.initiatives.models import Initiative
from alianza.risks import services

DATA_FILE = Path(__file__).resolve().parent / "data" / "procap.toml"
TEXTS = ("title", "cause", "effect", "source_note")


def load_procap_risks(*, program, actor, report) -> None:
    with DATA_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    for raw in data.get("risks", []):
        values = {
            f"{base}_{lang}": raw.get(f"{base}_{lang}", "")
            for base in TEXTS
            for lang in ("en", "es")
        }
        values["category"] = raw["category"]
        values["initiative"] = (
            Initiative.objects.get(program=program, number=raw["initiative"])
            if raw.get("initiative")
            else None
        )
        services.risk_upsert(program=program, number=raw["number"], data=values, actor=actor)
        report.add("risks")
