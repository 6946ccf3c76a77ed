"""Reference-data loaders: a data set that ships with the product (a folder of TOML files,
PROCAP's in `alianza/reference/data/procap/`) into the records, through the same services as
the pages, so that every record it creates is audited and loading again changes nothing.

One module per file of the data set, named for what it loads. `load` runs them in
dependency order; `load_procap` wraps it in one transaction. The reference app sits above
every app, so it imports each app's services directly.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from alianza.accounts.models import User
from alianza.programs.models import Program
from alianza.reference.loaders import (
    deployments,
    finance,
    initiatives,
    monitoring,
    programs,
    risks,
    specialists,
    systematization,
)
from alianza.reference.loaders.common import LoadReport, ReferenceDataError
from alianza.reference.loaders.programs import PROGRAM_CODE as PROCAP_CODE

__all__ = ["PROCAP_DIR", "LoadReport", "ReferenceDataError", "load"]

PROCAP_DIR = Path(__file__).resolve().parent.parent / "data" / "procap"

#: After the program and its initiatives, in this order (money before the monitoring
#: settings that read it; the systematization after them, as it assesses the initiatives;
#: the deployments, which serve initiatives, at the end).
PROGRAM_STEPS = (initiatives, finance, risks, specialists, monitoring, systematization, deployments)

#: Steps that read what PROCAP's report alone gives (its Figure 7 money, the risks it
#: names, its specialists' yearly figures, the thresholds that flag what it flags), by the
#: file each reads. Another program's data set may not hold these files: its money, risks,
#: specialists and thresholds are entered from its pages or the API.
PROCAP_ONLY = {
    finance: "finance",
    risks: "risks",
    specialists: "specialists",
    monitoring: "monitoring",
}


def skipped(data_dir: Path, program: Program, step: ModuleType) -> bool:
    """Whether `step` runs for `program`: always for PROCAP; for another program it is
    skipped when the data set has no file for it, and refused when it has one."""
    name = PROCAP_ONLY.get(step)
    if name is None or program.code == PROCAP_CODE:
        return False
    if (data_dir / f"{name}.toml").exists():
        raise ReferenceDataError(
            f"{name}.toml: this loader reads PROCAP's report only and refuses program "
            f"{program.code!r}. Remove the file from the data set and record "
            f"{program.code}'s {name} from its pages or the API."
        )
    return True


def load(*, actor: User, data_dir: Path = PROCAP_DIR) -> LoadReport:
    """Load every file of the data set in `data_dir`, in dependency order. The caller wraps
    it in one transaction: a file the loaders cannot place keeps nothing."""
    report = LoadReport()
    program = programs.load(data_dir=data_dir, actor=actor, report=report)
    for step in PROGRAM_STEPS:
        if skipped(data_dir, program, step):
            continue
        step.load(data_dir=data_dir, program=program, actor=actor, report=report)
    return report
