"""What every reference-data loader shares: the error, the report of what was loaded, the
reading of a data file and the small conversions from TOML values."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from alianza.core.dates import parse_partial_date


class ReferenceDataError(ValueError):
    """The reference files say something the loader cannot place."""


@dataclass
class LoadReport:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, n: int = 1) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + n


def read_toml(data_dir: Path, name: str) -> dict[str, Any]:
    """`<data_dir>/<name>.toml`, read whole (FileNotFoundError when it is missing)."""
    with (data_dir / f"{name}.toml").open("rb") as handle:
        return tomllib.load(handle)


def pick(raw: dict, *names: str) -> dict:
    return {name: raw[name] for name in names if name in raw}


def texts(raw: dict, *bases: str) -> dict[str, str]:
    """`<base>_en` and `<base>_es` of each base, empty when the file leaves one out."""
    return {f"{b}_{lang}": raw.get(f"{b}_{lang}", "") for b in bases for lang in ("en", "es")}


def marks(raw: dict, key: str = "translated") -> dict[str, list[str]]:
    """`translated_fields` from the record's `translated` list: the texts (`description_es`)
    that are the team's translation because the source gives them in the other language only.
    Always given, so that loading again also clears a mark the file no longer sets."""
    return {"translated_fields": sorted(set(raw.get(key, [])))}


def date_pair(raw: dict, start_key: str, end_key: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if raw.get(start_key):
        start = parse_partial_date(raw[start_key])
        values.update(start_date=start.value, start_precision=start.precision)
    if raw.get(end_key):
        end = parse_partial_date(raw[end_key], end=True)
        values.update(end_date=end.value, end_precision=end.precision)
    return values


def decimal(value: object) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))
