"""Write a benchmark's figures to bench/results/<name>.json, with when, where and on what."""

from __future__ import annotations

import datetime
import json
import os
import platform
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def engine(variable: str = "DATABASE_URL") -> str:
    """The database engine a bench reads from `variable` (SQLite when it names none)."""
    return "postgresql" if os.environ.get(variable, "").startswith("postgres") else "sqlite"


def write(name: str, figures: Any, *, engine_variable: str = "DATABASE_URL", **extra: Any) -> Path:
    """bench/results/<name>.json: the figures with the date, engine and machine's cores."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    document = {
        "bench": name,
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "engine": engine(engine_variable),
        "cores": os.cpu_count(),
        "load_average_1min": load,
        "python": platform.python_version(),
        **extra,
        "figures": figures,
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return path
