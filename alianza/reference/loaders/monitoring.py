"""The monitoring file (`monitoring.toml`): the program's monitoring settings (for PROCAP the
default thresholds, with a note on why they flag what the report flags), through the
monitoring services."""

from __future__ import annotations

from pathlib import Path

from alianza.accounts.models import User
from alianza.monitoring.services import monitoring_settings_update
from alianza.programs.models import Program
from alianza.reference.loaders.common import LoadReport, read_toml


def load(*, data_dir: Path, program: Program, actor: User, report: LoadReport) -> None:
    data = read_toml(data_dir, "monitoring")
    monitoring_settings_update(program=program, data=dict(data["settings"]), actor=actor)
    report.add("monitoring settings")
