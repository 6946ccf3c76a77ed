"""Reference-data loaders: a data set that ships with the product (a folder of TOML files,
PROCAP's in `alianza/reference/data/procap/`) into the records, through the same services as
the pages, so that every record it creates is audited and loading again changes nothing.

One module per file of the data set, named for what it loads. `load` runs them in
dependency order; `load_procap` wraps it in one transaction. The reference app sits above
every app, so it imports each app's services directly.
"""

from __future__ import annotations

from pathlib import Path

from alianza.accounts.models import User
from alianza.reference.loaders import (
    finance,
    initiatives,
    monitoring,
    programs,
    risks,
    systematization,
)
from alianza.reference.loaders.common import LoadReport, ReferenceDataError

__all__ = ["PROCAP_DIR", "LoadReport", "ReferenceDataError", "load"]

PROCAP_DIR = Path(__file__).resolve().parent.parent / "data" / "procap"

#: After the program and its initiatives, in this order (money before the monitoring
#: settings that read it; the systematization last, as it assesses the initiatives).
PROGRAM_STEPS = (initiatives, finance, risks, monitoring, systematization)


def load(*, actor: User, data_dir: Path = PROCAP_DIR) -> LoadReport:
    """Load every file of the data set in `data_dir`, in dependency order. The caller wraps
    it in one transaction: a file the loaders cannot place keeps nothing."""
    report = LoadReport()
    program = programs.load(data_dir=data_dir, actor=actor, report=report)
    for step in PROGRAM_STEPS:
        step.load(data_dir=data_dir, program=program, actor=actor, report=report)
    return report
